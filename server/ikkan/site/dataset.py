"""The data set as a whole: its VoID/DCAT description, its dumps, its counts and entry points.

The build describes the data set in the named graph ``…/graph/dataset`` (VoID: triples,
entities, class and property partitions, linksets, example resources, vocabularies) and lists
its dumps with sizes, checksums and triple counts in ``build/manifest.json`` (read by
:mod:`ikkan.store.manifest`). This module reads both: the served description is that graph
plus one DCAT distribution per dump (byte size, SHA-256, media type, licence) and the SPARQL
endpoint as a DCAT data service. In the served
copy, ``void:sparqlEndpoint`` and ``void:dataDump`` point at the running server (``/sparql``,
``/downloads/…``) so that a harvester of any deployment reaches working addresses; the data
set's own IRI and every entity IRI stay canonical.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..store.base import Store
from ..store.manifest import Manifest
from ..store.tasks import task
from .entity import Value
from .labels import LABEL_PROPERTIES, choose, fetch_labels
from .links import page_href
from .page_context import PageContext
from .sparql_terms import DCAT, DCTERMS, IKKAN, PROV, RDF_TYPE, VOID, XSD, compact, iri, values

SPDX = "http://spdx.org/rdf/terms#"
IANA = "http://www.iana.org/assignments/media-types/"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
MAX_DESCRIPTION_TRIPLES = 100_000
MAX_ENTRY_POINTS = 100


def dataset_iri(base: str) -> str:
    return base + "id/dataset/ikkan"


def description_triples(store: Store, base: str, host: str, manifest: Manifest) -> list[ox.Triple]:
    """The served VoID/DCAT description; ``host`` is this server's root URL (``http://…/``)."""
    graph = iri(base + "graph/dataset")
    triples = store.construct(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }} "
        f"LIMIT {MAX_DESCRIPTION_TRIPLES}"
    )
    dataset = ox.NamedNode(dataset_iri(base))
    mapped = [_on_this_host(t, base, host) for t in triples]
    mapped += _distributions(dataset, base, host, manifest)
    return mapped


_ON_THIS_HOST = (VOID + "sparqlEndpoint", VOID + "dataDump")


def _on_this_host(triple: ox.Triple, base: str, host: str) -> ox.Triple:
    """The endpoint and dump addresses under ``base`` moved onto ``host``."""
    o = triple.object
    if (
        triple.predicate.value in _ON_THIS_HOST
        and isinstance(o, ox.NamedNode)
        and o.value.startswith(base)
        and not o.value.startswith(base + "id/")
    ):
        moved = ox.NamedNode(host + o.value[len(base) :])
        return ox.Triple(triple.subject, triple.predicate, moved)
    return triple


def _distributions(
    dataset: ox.NamedNode, base: str, host: str, manifest: Manifest
) -> list[ox.Triple]:
    def n(text: str) -> ox.NamedNode:
        return ox.NamedNode(text)

    def integer(value: int) -> ox.Literal:
        return ox.Literal(str(value), datatype=n(XSD + "nonNegativeInteger"))

    a = n(RDF_TYPE)
    out = []
    service = n(host + "sparql")
    out += [
        ox.Triple(service, a, n(DCAT + "DataService")),
        ox.Triple(service, n(DCAT + "endpointURL"), service),
        ox.Triple(service, n(DCAT + "servesDataset"), dataset),
        ox.Triple(
            service, n(DCTERMS + "conformsTo"), n("https://www.w3.org/TR/sparql11-protocol/")
        ),
    ]
    for dump in manifest.dumps:
        dist = n(f"{base}downloads/{dump.file}")
        checksum = n(f"{base}downloads/{dump.file}#sha256")
        url = n(f"{host}downloads/{dump.file}")
        out += [
            ox.Triple(dataset, n(DCAT + "distribution"), dist),
            ox.Triple(dist, a, n(DCAT + "Distribution")),
            ox.Triple(dist, n(DCTERMS + "title"), ox.Literal(dump.format, language="en")),
            ox.Triple(dist, n(DCAT + "downloadURL"), url),
            ox.Triple(dist, n(DCAT + "accessURL"), n(host + "downloads")),
            ox.Triple(dist, n(DCAT + "mediaType"), n(IANA + dump.media_type)),
            ox.Triple(dist, n(DCAT + "byteSize"), integer(dump.bytes)),
            ox.Triple(dist, n(DCTERMS + "license"), n(LICENCE)),
            ox.Triple(dist, n(SPDX + "checksum"), checksum),
            ox.Triple(checksum, a, n(SPDX + "Checksum")),
            ox.Triple(checksum, n(SPDX + "algorithm"), n(SPDX + "checksumAlgorithm_sha256")),
            ox.Triple(
                checksum,
                n(SPDX + "checksumValue"),
                ox.Literal(dump.sha256, datatype=n(XSD + "hexBinary")),
            ),
        ]
        if dump.triples is not None:
            out.append(ox.Triple(dist, n(VOID + "triples"), integer(dump.triples)))
        if dump.compressed:
            out.append(ox.Triple(dist, n(DCAT + "compressFormat"), n(IANA + "application/gzip")))
    return out


@dataclass
class ClassCount:
    value: Value
    count: int
    href: str | None


def class_counts(ctx: PageContext, ours_only: bool = True) -> list[ClassCount]:
    """Entities per class, from the VoID class partitions (cheap at any scale)."""
    store, lang, base = ctx.store, ctx.lang, ctx.base
    rows = store.select(
        f"SELECT ?class ?n WHERE {{ GRAPH {iri(base + 'graph/dataset')} {{ "
        f"{iri(dataset_iri(base))} <{VOID}classPartition> ?part . "
        f"?part <{VOID}class> ?class ; <{VOID}entities> ?n }} }} ORDER BY DESC(?n) LIMIT 1000"
    )
    pairs = []
    for row in rows:
        cls = row["class"].value
        if ours_only and not cls.startswith(base + "ontology#"):
            continue
        try:
            pairs.append((cls, int(row["n"].value)))
        except ValueError:
            continue
    labels = fetch_labels(store, [c for c, _ in pairs], lang)
    return [
        ClassCount(
            Value(
                labels.get(c, (compact(c), ""))[0],
                labels.get(c, ("", ""))[1],
                page_href(c, base),
                c,
            ),
            n,
            "/class/" + compact(c).removeprefix("ikkan:"),
        )
        for c, n in pairs
    ]


@dataclass
class District:
    value: Value
    schools: list[Value]


@dataclass
class EntryPoints:
    municipalities: list[Value]
    districts: list[District]


def entry_points(ctx: PageContext) -> EntryPoints:
    """The municipalities, their districts and each district's schools."""
    store, lang, base = ctx.store, ctx.lang, ctx.base
    rows = store.select(
        f"SELECT ?m ?d ?s WHERE {{ ?m a <{IKKAN}Municipality> . "
        f"OPTIONAL {{ ?d a <{IKKAN}SchoolDistrict> ; <{IKKAN}municipality> ?m . "
        f"OPTIONAL {{ ?s a <{IKKAN}School> ; <{IKKAN}district> ?d }} }} }} "
        f"ORDER BY ?m ?d ?s LIMIT {MAX_ENTRY_POINTS * 10}"
    )
    municipalities: list[str] = []
    districts: dict[str, list[str]] = {}
    for row in rows:
        m, d, s = row["m"], row["d"], row["s"]
        if m is not None and m.value not in municipalities:
            municipalities.append(m.value)
        if d is not None:
            districts.setdefault(d.value, [])
            if s is not None and s.value not in districts[d.value]:
                districts[d.value].append(s.value)
    everything = [*municipalities, *districts, *(s for ss in districts.values() for s in ss)]
    labels = fetch_labels(store, everything, lang)

    def value(i: str) -> Value:
        return Value(labels.get(i, (i, ""))[0], labels.get(i, ("", ""))[1], page_href(i, base), i)

    return EntryPoints(
        [value(m) for m in municipalities[:MAX_ENTRY_POINTS]],
        sorted(
            (
                District(value(d), sorted((value(s) for s in ss), key=lambda v: v.text))
                for d, ss in list(districts.items())[:MAX_ENTRY_POINTS]
            ),
            key=lambda d: d.value.text,
        ),
    )


def head(ctx: PageContext) -> dict[str, str]:
    """Title, description, source and licence of the data set, in the reader's language."""
    store, lang, base = ctx.store, ctx.lang, ctx.base
    rows = store.select(
        f"SELECT ?p ?o WHERE {{ {values('d', [dataset_iri(base)])} ?d ?p ?o }} LIMIT 500"
    )
    texts: dict[str, list[tuple[str, str, str]]] = {}
    found: dict[str, str] = {}
    for row in rows:
        p, o = row["p"].value, row["o"]
        if isinstance(o, ox.Literal):
            texts.setdefault(p, []).append((o.value, o.language or "", LABEL_PROPERTIES[0]))
        elif p not in found:
            found[p] = o.value
    out = {}
    for key, prop in (
        ("title", DCTERMS + "title"),
        ("description", DCTERMS + "description"),
        ("issued", DCTERMS + "issued"),
        ("triples", VOID + "triples"),
        ("entities", VOID + "entities"),
    ):
        best = choose(texts.get(prop, []), lang)
        out[key] = best[0] if best else ""
    out["licence"] = found.get(DCTERMS + "license", LICENCE)
    out["source"] = found.get(PROV + "wasDerivedFrom", "")
    if out["source"]:
        labels = fetch_labels(store, [out["source"]], lang)
        out["source_label"] = labels.get(out["source"], (out["source"], ""))[0]
        out["source_href"] = page_href(out["source"], base) or ""
    return out


@dataclass
class Overview:
    """What the home page and the data set's page show of the data set."""

    head: dict[str, str]
    classes: list[ClassCount]
    entry: EntryPoints | None


@task("overview")
def overview(store: Store, *, lang: str, base: str, home: bool) -> Overview:
    """The home page's overview (``home``), or the data set page's, as one task."""
    ctx = PageContext(store, lang, base)
    return Overview(
        head=head(ctx),
        classes=class_counts(ctx, ours_only=home),
        entry=entry_points(ctx) if home else None,
    )
