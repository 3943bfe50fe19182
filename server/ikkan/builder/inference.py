"""Materialising what the ontology's alignments imply, so generic queries find our data.

The ontology declares our classes subclasses of schema.org, ORG, PROV and other classes, our
properties subproperties of theirs, and some properties inverse of one another. A researcher's
query for ``?s a schema:School`` or ``?s prov:wasDerivedFrom ?src`` should work without a
reasoner, so the build adds those types and triples: only what our own ontology states (the
transitive closure of its rdfs:subClassOf, rdfs:subPropertyOf and owl:inverseOf), never a
general RDFS or OWL closure, which would flood the graph with trivia.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node


def _closure(pairs: list[tuple[Node, Node]]) -> dict[Node, set[Node]]:
    direct: dict[Node, set[Node]] = defaultdict(set)
    for child, parent in pairs:
        if child != parent:
            direct[child].add(parent)
    closed: dict[Node, set[Node]] = {}

    def supers(node: Node, trail: frozenset[Node]) -> set[Node]:
        if node in closed:
            return closed[node]
        found: set[Node] = set()
        for parent in direct.get(node, ()):
            if parent in trail:
                continue
            found.add(parent)
            found |= supers(parent, trail | {parent})
        closed[node] = found
        return found

    for node in list(direct):
        supers(node, frozenset({node}))
    return closed


class Alignments:
    """The superclasses, superproperties and inverses the ontology declares."""

    def __init__(self, ontology: Graph) -> None:
        self.superclasses = _closure(list(ontology.subject_objects(RDFS.subClassOf)))
        self.superproperties = _closure(list(ontology.subject_objects(RDFS.subPropertyOf)))
        self.inverses: dict[Node, set[Node]] = defaultdict(set)
        for a, b in ontology.subject_objects(OWL.inverseOf):
            self.inverses[a].add(b)
            self.inverses[b].add(a)

    def classes_below(self, cls: URIRef) -> set[Node]:
        """``cls`` and every class the ontology declares beneath it."""
        return {cls} | {c for c, supers in self.superclasses.items() if cls in supers}

    def entail(self, graph: Graph) -> Graph:
        """The triples ``graph`` implies under the alignments, not already in it."""
        out = Graph()
        for s, p, o in graph:
            if p == RDF.type:
                for cls in self.superclasses.get(o, ()):
                    out.add((s, RDF.type, cls))
                continue
            for prop in self.superproperties.get(p, ()):
                out.add((s, prop, o))
            for inverse in self.inverses.get(p, ()):
                if isinstance(o, URIRef):
                    out.add((o, inverse, s))
                    for prop in self.superproperties.get(inverse, ()):
                        out.add((o, prop, s))
        return out - graph
