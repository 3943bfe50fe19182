"""Safe pieces of SPARQL text: IRIs and literals written only after pyoxigraph has checked them.

Every service builds its queries from named templates and binds values through these helpers,
never by splicing request text: :func:`iri` accepts only what ``ox.NamedNode`` accepts (so no
``>`` or space can close the term), :func:`literal` writes a string as an escaped literal, and
:func:`values` writes a ``VALUES`` block of checked IRIs. Also the prefixes pages use to show a
term compactly (``schema:School``) when the graph has no label for it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..namespaces import PREFIXES

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
IKKAN = "https://w3id.org/ikkan/ontology#"
VOID = "http://rdfs.org/ns/void#"
QB = "http://purl.org/linked-data/cube#"
DCTERMS = "http://purl.org/dc/terms/"
OWL = "http://www.w3.org/2002/07/owl#"


def iri(text: str) -> str:
    """``<text>`` for SPARQL; raises ValueError when ``text`` is not an IRI."""
    return str(ox.NamedNode(text))


def literal(text: str) -> str:
    """``"text"`` for SPARQL, with quotes, backslashes and newlines escaped."""
    return str(ox.Literal(text))


def values(name: str, iris: Iterable[str]) -> str:
    """``VALUES ?name { <a> <b> }`` over the distinct valid IRIs of ``iris``."""
    checked = sorted({iri(i) for i in iris})
    return f"VALUES ?{name} {{ {' '.join(checked)} }}"


def is_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return bool(text)


def compact(text: str) -> str:
    """``prefix:local`` for an IRI in a known namespace, else the IRI itself."""
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace) and len(text) > len(namespace) and prefix != "id":
            return f"{prefix}:{text[len(namespace) :]}"
    return text


def expand(curie: str) -> str | None:
    """The IRI of ``prefix:local`` (or of a bare ``Local`` in the ikkan namespace)."""
    prefix, colon, local = curie.partition(":")
    if not colon:
        prefix, local = "ikkan", curie
    namespace = PREFIXES.get(prefix)
    if namespace is None or not local or not is_iri(namespace + local):
        return None
    return namespace + local
