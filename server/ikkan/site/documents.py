"""RDF documents of the site written in each format: Turtle, N-Triples, RDF/XML and JSON-LD.

Triples are sorted by subject (Turtle then groups each subject's triples) and written with the
project's prefixes. JSON-LD is compacted against a context of those prefixes by pyld, offline
(the context is inline), so a harvester reads ``"rdfs:label"`` rather than full IRIs; the same
object is embedded in each HTML page as ``<script type="application/ld+json">``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
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
    compacted: dict[str, Any] = jsonld.compact(expanded, {"@context": _CONTEXT}, {"graph": True})
    return compacted


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
