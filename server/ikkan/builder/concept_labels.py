"""Giving every SKOS concept and concept scheme an rdfs:label, so generic label queries find them.

Curators name concepts with ``skos:prefLabel``, as SKOS asks. A researcher's first query,
``?x rdfs:label ?l``, would then miss every grade, subject, status and kind of event. SKOS
itself declares ``skos:prefLabel`` a subproperty of ``rdfs:label``; the build materialises that
one axiom, but only for a language in which the node has no rdfs:label of its own: a node may
carry both a short preferred label and a longer rdfs:label (the grade-band scheme does), and
the label shape allows one rdfs:label per language.
"""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SKOS


def label_concepts(graph: Graph) -> Graph:
    """The rdfs:labels ``graph`` lacks for its SKOS concepts and schemes (``graph`` unchanged)."""
    out = Graph()
    nodes = set(graph.subjects(RDF.type, SKOS.Concept)) | set(
        graph.subjects(RDF.type, SKOS.ConceptScheme)
    )
    for node in nodes:
        labelled = {
            value.language
            for value in graph.objects(node, RDFS.label)
            if isinstance(value, Literal)
        }
        for value in graph.objects(node, SKOS.prefLabel):
            if isinstance(value, Literal) and value.language not in labelled:
                out.add((node, RDFS.label, value))
    return out
