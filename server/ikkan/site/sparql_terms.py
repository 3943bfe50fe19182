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

from .. import namespaces
from ..namespaces import PREFIXES, RDF_TYPE, shorten

# The namespaces the services spell their queries with, as strings (spelled in namespaces.py).
RDFS = str(namespaces.RDFS)
SKOS = str(namespaces.SKOS)
XSD = str(namespaces.XSD)
IKKAN = str(namespaces.IKKAN)
VOID = str(namespaces.VOID)
QB = str(namespaces.QB)
DCTERMS = str(namespaces.DCTERMS)
OWL = str(namespaces.OWL)
SCHEMA = str(namespaces.SCHEMA)
DCAT = str(namespaces.DCAT)
PROV = str(namespaces.PROV)
FOAF = str(namespaces.FOAF)
TIME = str(namespaces.TIME)

__all__ = [
    "DCAT",
    "DCTERMS",
    "FOAF",
    "IKKAN",
    "OWL",
    "PROV",
    "QB",
    "RDFS",
    "RDF_TYPE",
    "SCHEMA",
    "SKOS",
    "TIME",
    "VOID",
    "XSD",
    "compact",
    "expand",
    "iri",
    "is_iri",
    "literal",
    "values",
]


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
    return shorten(text) or text


def expand(curie: str) -> str | None:
    """The IRI of ``prefix:local`` (or of a bare ``Local`` in the ikkan namespace)."""
    prefix, colon, local = curie.partition(":")
    if not colon:
        prefix, local = "ikkan", curie
    namespace = PREFIXES.get(prefix)
    if namespace is None or not local or not is_iri(namespace + local):
        return None
    return namespace + local
