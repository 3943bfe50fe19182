"""Writing the dumps of the graph, byte-identical from run to run.

Quads and triples are converted to pyoxigraph terms, sorted by their N-Quads form and written by
pyoxigraph's serialisers (Turtle with prefixes, N-Triples, TriG with the named graphs) and by
pyld (JSON-LD, compacted with the same prefixes). Sorting makes the output a function of the
graph alone; gzip is written with a zero timestamp and no file name for the same reason. Files
are written into a fresh folder which replaces the old one only when every file is complete.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from pyld import jsonld
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..namespaces import PREFIXES
from ..store.manifest import Dump


def to_oxigraph(term: Node) -> ox.NamedNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        raise ValueError("blank nodes are not published")
    raise TypeError(f"unexpected term {term!r}")


def sorted_quads(graphs: dict[URIRef, Graph]) -> list[ox.Quad]:
    quads = [
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.NamedNode(str(name)))  # type: ignore[arg-type]
        for name, graph in graphs.items()
        for s, p, o in graph
    ]
    quads.sort(key=str)
    return quads


def sorted_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    unique = {str(q.triple): q.triple for q in quads}
    return [unique[k] for k in sorted(unique)]


def dump_prefixes(id_base: str, triples: Iterable[ox.Triple]) -> dict[str, str]:
    """The shared prefixes, plus one per kind of entity (``school:`` for ``…/id/school/``)."""
    prefixes = dict(PREFIXES)
    prefixes["id"] = id_base
    kinds = set()
    for triple in triples:
        for term in (triple.subject, triple.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(id_base):
                kind = term.value[len(id_base) :].split("/", 1)[0]
                if re.fullmatch(r"[a-z][a-z-]*[a-z]", kind) and kind not in prefixes:
                    kinds.add(kind)
    for kind in sorted(kinds):
        prefixes[kind] = f"{id_base}{kind}/"
    return prefixes


def serialize(
    items: list[ox.Triple] | list[ox.Quad],
    fmt: ox.RdfFormat,
    prefixes: dict[str, str] | None = None,
) -> bytes:
    content = ox.serialize(items, format=fmt, prefixes=prefixes)
    assert content is not None  # pyoxigraph returns bytes when given no output
    return content


def _jsonld(triples: list[ox.Triple], prefixes: dict[str, str]) -> bytes:
    expanded: Any = json.loads(serialize(triples, ox.RdfFormat.JSON_LD))
    context = {k: v for k, v in prefixes.items() if k not in {"id"}}
    compacted: Any = jsonld.compact(expanded, {"@context": context})
    graph = compacted.get("@graph", [])
    if isinstance(graph, list):
        graph.sort(key=lambda node: str(node.get("@id", "")))
    return (json.dumps(compacted, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()


def _gzip(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as f:
        f.write(data)
    return buffer.getvalue()


def render_dumps(quads: list[ox.Quad], id_base: str) -> dict[str, tuple[bytes, str, str, bool]]:
    """file name -> (content, media type, format name, compressed)."""
    triples = sorted_triples(quads)
    prefixes = dump_prefixes(id_base, triples)
    ntriples = serialize(triples, ox.RdfFormat.N_TRIPLES)
    return {
        "ikkan.ttl": (
            serialize(triples, ox.RdfFormat.TURTLE, prefixes),
            "text/turtle",
            "Turtle",
            False,
        ),
        "ikkan.nt": (ntriples, "application/n-triples", "N-Triples", False),
        "ikkan.nt.gz": (_gzip(ntriples), "application/n-triples", "N-Triples (gzip)", True),
        "ikkan.jsonld": (_jsonld(triples, prefixes), "application/ld+json", "JSON-LD", False),
        "ikkan.trig": (
            serialize(quads, ox.RdfFormat.TRIG, prefixes),
            "application/trig",
            "TriG (with named graphs)",
            False,
        ),
    }


def write_dumps(
    rendered: dict[str, tuple[bytes, str, str, bool]],
    folder: Path,
    triples: int,
    tables: dict[str, tuple[bytes, str, str, bool]] | None = None,
) -> list[Dump]:
    """Write the dumps (each of ``triples`` triples), the tables beside them (not RDF: no
    triple count) and SHA256SUMS of them all."""
    folder.mkdir(parents=True, exist_ok=True)
    dumps = []
    files = [(name, item, True) for name, item in rendered.items()]
    files += [(name, item, False) for name, item in (tables or {}).items()]
    for name, (content, media_type, fmt, compressed), is_rdf in sorted(files):
        (folder / name).write_bytes(content)
        dumps.append(
            Dump(
                name,
                media_type,
                fmt,
                len(content),
                hashlib.sha256(content).hexdigest(),
                triples if is_rdf else None,
                compressed,
            )
        )
    sums = "".join(f"{d.sha256}  {d.file}\n" for d in dumps)
    (folder / "SHA256SUMS").write_text(sums, encoding="utf-8")
    return dumps
