"""RDF documents of the site written in each format: Turtle, N-Triples, RDF/XML and JSON-LD.

Triples are sorted by subject (Turtle then groups each subject's triples) and written with the
project's prefixes. JSON-LD is compacted against a context of those prefixes, so a harvester
reads ``"rdfs:label"`` rather than full IRIs; the same object is embedded in each HTML page as
``<script type="application/ld+json">``. pyld defines the compacted form, but takes about 12 ms
for the seventy triples of a school's page (half of the page's time), so the plain shapes
Oxigraph writes — one node per subject, each value an IRI or a literal with a language or a
datatype — are compacted here by pyld's rules for a context of prefixes alone (a test checks
the two give the same object for every entity of the build), and anything else goes to pyld.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from pyld import jsonld

from ..namespaces import PREFIXES
from ..sparql.conneg import Format

_CONTEXT = {prefix: namespace for prefix, namespace in PREFIXES.items() if prefix != "id"}


def _ordered(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def jsonld_object(triples: Iterable[ox.Triple]) -> dict[str, Any]:
    """The triples as compacted JSON-LD (a dict with ``@context`` and ``@graph``)."""
    data = ox.serialize(_ordered(triples), format=ox.RdfFormat.JSON_LD)
    expanded = json.loads(data or b"[]")
    plain = compact_plain(expanded)
    if plain is not None:
        return plain
    return pyld_compact(expanded)


def pyld_compact(expanded: Any) -> dict[str, Any]:
    """Expanded JSON-LD compacted by pyld against the context of the project's prefixes."""
    compacted: dict[str, Any] = jsonld.compact(expanded, {"@context": _CONTEXT}, {"graph": True})
    return compacted


# pyld's rules for a context whose every term is a prefix (JSON-LD 1.1, IRI compaction): a term
# is a prefix when its IRI ends with one of these; the shortest compact IRI wins, then the
# lexicographically least. A property or datatype that equals a term's IRI, and any IRI that
# begins with "term:", are left to pyld (it picks the term itself, or refuses the IRI).
_GEN_DELIMS = ":/?#[]@"
_PREFIXES = tuple(
    (term, namespace) for term, namespace in _CONTEXT.items() if namespace[-1:] in _GEN_DELIMS
)
_NAMESPACES = frozenset(_CONTEXT.values())


@lru_cache(maxsize=65536)
def _compact_iri(iri: str, vocab: bool = False) -> str | None:
    """The compact form of ``iri``: a property or datatype (``vocab``), or a node; None when
    pyld's other rules would apply."""
    if vocab and iri in _NAMESPACES:
        return None
    best = None
    for term, namespace in _PREFIXES:
        if iri.startswith(namespace) and iri != namespace:
            curie = f"{term}:{iri[len(namespace) :]}"
            if best is None or (len(curie), curie) < (len(best), best):
                best = curie
    if best is not None:
        return best
    if any(iri.startswith(term + ":") for term, _ in _PREFIXES):
        return None
    return iri


def _compact_value(value: Any) -> Any:
    """One object of a property, compacted; None when it is not of the plain shapes."""
    if not isinstance(value, dict):
        return None
    keys = value.keys()
    if keys == {"@id"}:
        node = value["@id"]
        compacted = _compact_iri(node) if isinstance(node, str) else None
        return None if compacted is None else {"@id": compacted}
    text = value.get("@value")
    if not isinstance(text, str):
        return None
    if keys == {"@value"}:
        return text
    if keys == {"@value", "@language"} and isinstance(value["@language"], str):
        return {"@language": value["@language"], "@value": text}
    if keys == {"@value", "@type"} and isinstance(value["@type"], str):
        datatype = _compact_iri(value["@type"], vocab=True)
        return None if datatype is None else {"@type": datatype, "@value": text}
    return None


def compact_plain(expanded: Any) -> dict[str, Any] | None:
    """Expanded JSON-LD of the plain shapes, compacted as pyld compacts it against the
    project's prefixes; None when anything in it is of another shape."""
    if not isinstance(expanded, list):
        return None
    graph = []
    for node in expanded:
        if not isinstance(node, dict) or not isinstance(node.get("@id"), str):
            return None
        out: dict[str, Any] = {}
        for key, values in sorted(node.items()):
            if key == "@id":
                compacted_key = _compact_iri(values)
            else:
                compacted_key = None if key[:1] == "@" else _compact_iri(key, vocab=True)
            if compacted_key is None:
                return None
            if key == "@id":
                out["@id"] = compacted_key
                continue
            if not isinstance(values, list) or not values:
                return None
            items = [_compact_value(value) for value in values]
            if any(item is None for item in items):
                return None
            out[compacted_key] = items[0] if len(items) == 1 else items
        graph.append(out)
    return {"@context": dict(_CONTEXT), "@graph": graph}


def serialize(triples: Iterable[ox.Triple], fmt: Format) -> bytes:
    """The triples in ``fmt`` (an RDF format of :mod:`ikkan.sparql.conneg`)."""
    if fmt.media_type == "application/ld+json":
        text = json.dumps(jsonld_object(triples), ensure_ascii=False, indent=1)
        return text.encode("utf-8")
    rdf_format = ox.RdfFormat.from_media_type(fmt.media_type)
    if rdf_format is None:
        raise ValueError(f"not an RDF format: {fmt.media_type}")
    with_prefixes = rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML)
    data = ox.serialize(
        _ordered(triples), format=rdf_format, prefixes=_CONTEXT if with_prefixes else None
    )
    return data or b""


def content_type(fmt: Format) -> str:
    """The Content-Type of a document in ``fmt``: JSON-LD has no charset parameter (it is
    always UTF-8), the text formats say ``charset=utf-8``."""
    return fmt.media_type if fmt.media_type == "application/ld+json" else fmt.content_type
