"""The national layer's named graphs, one function per graph, and one call for them all.

Each function takes what it needs already read and returns a :class:`Layer`: its graph's quads
as N-Quads, the quads that describe the graph for the data set description (VoID/DCAT: title,
source, licence, reference date, size; a VoID Linkset for a link set), its problems (errors
stop the build, warnings are listed) and one-line notes for the build's output.

============================  ==============================================  ==============
graph (``…/graph/<name>``)    what                                            source
============================  ==============================================  ==============
``municipalities``            prefectures, municipalities, designated-city    localgovjp
                              wards
``municipalities-estat``      municipality → e-Stat standard-area IRI         localgovjp
``municipalities-wikidata``   municipality → Wikidata item                    Wikidata P429
``mext-school-codes``         schools and their registry records              MEXT list
``mext-school-history``       merger events, branch → main school             MEXT list
``school-municipalities``     school → municipality (and ward), by address    MEXT + localgovjp
============================  ==============================================  ==============

:func:`build_national` gets the sources (:mod:`.sources`), reads them and returns every layer
whose sources are there, with one notice per missing source.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .curated import Curated, read_curated
from .graph import terms as t
from .graph.history import write_history
from .graph.links import write_estat, write_placements, write_wikidata
from .graph.places import write_places
from .graph.provenance import describe_source
from .graph.quads import GraphWriter
from .graph.schools import write_schools
from .graph.vocab import Concepts, write_schemes
from .history import read_history
from .iris import ESTAT_SAC, WIKIDATA_ENTITY, Iris
from .localgov import LocalGovernments, read_local_governments
from .mext.branches import link_branches
from .mext.parse import SchoolList, read_school_codes
from .placement import Placements, place_schools, summary, write_report
from .problems import WARNING, Problem
from .sources.checks import Accepted
from .sources.records import SourceRecord, read_records
from .sources.resolve import Available, Missing, SourceSettings, resolve
from .wikidata import WikidataSnapshot, read_wikidata

TITLES: dict[str, tuple[str, str]] = {
    "municipalities": (
        "都道府県・市区町村・政令指定都市の区",
        "Prefectures, municipalities and wards",
    ),
    "municipalities-estat": (
        "市区町村と e-Stat 標準地域コードのリンク",
        "Links from municipalities to e-Stat standard area codes",
    ),
    "municipalities-wikidata": (
        "市区町村と Wikidata のリンク",
        "Links from municipalities to Wikidata",
    ),
    "mext-school-codes": ("学校コード一覧の学校と記載", "Schools of the MEXT school-code list"),
    "mext-school-history": (
        "学校コード一覧から導いた統合と分校",
        "Mergers and branch schools derived from the school-code list",
    ),
    "school-municipalities": (
        "学校の所在する市区町村（所在地の照合による）",
        "Schools placed in their municipalities by address",
    ),
}


@dataclass
class Layer:
    """One named graph of the national layer, as N-Quads (UTF-8)."""

    name: str
    graph: str
    nquads: bytes
    size: int  # quads in ``nquads``
    description: bytes = b""  # quads about the graph, in the data set description's graph
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def quads(self) -> list[ox.Quad]:
        """The graph's quads as pyoxigraph objects (slower than loading ``nquads``)."""
        return list(ox.parse(self.nquads, format=ox.RdfFormat.N_QUADS))

    def load_into(self, store: ox.Store) -> None:
        """Bulk-load the graph and its description into ``store``."""
        for data in (self.nquads, self.description):
            if data:
                store.bulk_load(data, format=ox.RdfFormat.N_QUADS)


def _describe(
    iris: Iris,
    name: str,
    size: int,
    records: Sequence[SourceRecord],
    sources: Sequence[str],
    link: tuple[str, str] | None = None,
) -> bytes:
    w = GraphWriter(iris.graph("dataset"))
    graph = w.node(iris.graph(name))
    w.add(graph, t.TYPE, t.VOID_DATASET)
    w.text(graph, t.TITLE, TITLES[name][0], "ja")
    w.text(graph, t.TITLE, TITLES[name][1], "en")
    w.typed(graph, t.VOID_TRIPLES, str(size), t.XSD_INTEGER)
    for source in sources:
        w.add(graph, t.SOURCE, source)
    for record in records:
        w.add(graph, t.LICENSE, w.node(record.licence))
        w.date(graph, t.CREATED, record.reference_date)
    if link is not None:
        predicate, space = link
        w.add(graph, t.TYPE, t.VOID_LINKSET)
        w.add(graph, t.LINK_PREDICATE, predicate)
        w.add(graph, t.SUBJECTS_TARGET, w.node(f"{iris.id}dataset/ikkan"))
        w.add(graph, t.OBJECTS_TARGET, w.node(space))
    return w.nquads()


def _layer(
    iris: Iris,
    name: str,
    w: GraphWriter,
    records: Sequence[SourceRecord],
    sources: Sequence[str],
    link: tuple[str, str] | None = None,
) -> Layer:
    description = _describe(iris, name, len(w), records, sources, link)
    return Layer(name, iris.graph(name), w.nquads(), len(w), description)


def municipalities_layer(
    iris: Iris,
    governments: LocalGovernments,
    record: SourceRecord,
    accepted: dict[str, list[Accepted]] | None = None,
    curated: Curated | None = None,
) -> Layer:
    """Prefectures, municipalities and wards (graph ``municipalities``)."""
    curated = curated or Curated()
    accepted = accepted or {}
    w = GraphWriter(iris.graph("municipalities"))
    described = frozenset(curated.identifier_sources)
    prefectures = describe_source(
        w, iris, record, "prefectures", accepted.get("prefectures", ()), described
    )
    municipalities = describe_source(
        w, iris, record, "municipalities", accepted.get("municipalities", ()), described
    )
    labelled = frozenset(curated.labelled)
    write_places(w, iris, governments, prefectures, municipalities, labelled)
    layer = _layer(iris, "municipalities", w, [record], [prefectures, municipalities])
    layer.problems = list(governments.problems)
    wards = sum(m.is_ward for m in governments.municipalities.values())
    layer.notes.append(
        f"{len(governments.prefectures)} prefectures, "
        f"{len(governments.municipalities) - wards} municipalities, {wards} wards"
    )
    return layer


def estat_layer(iris: Iris, governments: LocalGovernments, record: SourceRecord) -> Layer:
    """Municipality → e-Stat standard-area IRI (graph ``municipalities-estat``)."""
    w = GraphWriter(iris.graph("municipalities-estat"))
    write_estat(w, iris, governments)
    source = w.node(iris.identifier_source(record.file("municipalities").identifier_source))
    layer = _layer(
        iris, "municipalities-estat", w, [record], [source], (t.CLOSE_MATCH, ESTAT_SAC[:-1])
    )
    layer.notes.append(f"{len(w)} links to e-Stat")
    return layer


def wikidata_layer(
    iris: Iris,
    governments: LocalGovernments,
    snapshot: WikidataSnapshot,
    record: SourceRecord,
    accepted: dict[str, list[Accepted]] | None = None,
    curated: Curated | None = None,
) -> Layer:
    """Municipality → Wikidata item (graph ``municipalities-wikidata``)."""
    w = GraphWriter(iris.graph("municipalities-wikidata"))
    described = frozenset((curated or Curated()).identifier_sources)
    source = describe_source(w, iris, record, "links", (accepted or {}).get("links", ()), described)
    unknown = write_wikidata(w, iris, governments, snapshot.links, source)
    layer = _layer(
        iris, "municipalities-wikidata", w, [record], [source], (t.EXACT_MATCH, WIKIDATA_ENTITY)
    )
    layer.problems = list(snapshot.problems)
    for code in unknown:
        link = snapshot.links[code]
        layer.problems.append(
            Problem(
                f"code {code} ({link.prefecture}{link.name}, {link.qid}) is not in the "
                "local-government list: not linked",
                link.file,
                link.line,
                1,
                WARNING,
            )
        )
    linked = len(snapshot.links) - len(unknown)
    layer.notes.append(f"{linked} municipalities linked to Wikidata, {len(unknown)} codes unknown")
    return layer


def schools_layer(
    iris: Iris,
    schools: SchoolList,
    record: SourceRecord,
    accepted: dict[str, list[Accepted]] | None = None,
    curated: Curated | None = None,
) -> Layer:
    """Every row as a school and a registry record (graph ``mext-school-codes``)."""
    curated = curated or Curated()
    w = GraphWriter(iris.graph("mext-school-codes"))
    described = frozenset(curated.identifier_sources)
    source = describe_source(
        w, iris, record, "schools", (accepted or {}).get("schools", ()), described
    )
    concepts = Concepts(iris)
    write_schemes(w, iris, concepts)
    write_schools(w, iris, schools.rows, source, concepts, frozenset(curated.labelled))
    layer = _layer(iris, "mext-school-codes", w, [record], [source])
    layer.problems = [*schools.problems, *curated.problems]
    reused = sum(row.code in curated.schools for row in schools.rows)
    layer.notes.append(
        f"{len(schools.rows)} schools from {len(schools.files)} file(s), "
        f"{reused} of them entities of curated data"
    )
    return layer


def history_layer(iris: Iris, schools: SchoolList, record: SourceRecord) -> Layer:
    """Merger events and branch → main links (graph ``mext-school-history``)."""
    history = read_history(schools.rows)
    branches, unlinked = link_branches(schools.rows)
    w = GraphWriter(iris.graph("mext-school-history"))
    source = w.node(iris.identifier_source(record.file("schools").identifier_source))
    write_history(w, iris, schools.rows, history.mergers, branches, source)
    layer = _layer(iris, "mext-school-history", w, [record], [source])
    rows = schools.by_code()
    layer.problems = list(history.problems)
    for miss in unlinked:
        row = rows[miss.code]
        layer.problems.append(
            Problem(
                f"branch school {miss.code} {miss.name}: {miss.reason}",
                row.file,
                row.line,
                2,
                WARNING,
            )
        )
    layer.notes.append(
        f"{len(history.successor)} successor links, {len(history.mergers)} merger events, "
        f"{len(branches)} branch schools linked, {len(unlinked)} not"
    )
    return layer


def placement_layer(
    iris: Iris,
    schools: SchoolList,
    governments: LocalGovernments,
    records: Sequence[SourceRecord],
    report: Path | None = None,
) -> tuple[Layer, Placements]:
    """School → municipality by address (graph ``school-municipalities``), and the report."""
    placements = place_schools(schools.rows, governments)
    w = GraphWriter(iris.graph("school-municipalities"))
    write_placements(w, iris, placements.placed)
    sources = [
        w.node(iris.identifier_source(spec.identifier_source))
        for record in records
        for spec in record.files
        if spec.role in ("schools", "municipalities")
    ]
    layer = _layer(
        iris,
        "school-municipalities",
        w,
        records,
        sources,
        (t.LOCATED_IN, iris.id + "municipality/"),
    )
    layer.notes.append(summary(placements, schools.rows))
    if report is not None:
        write_report(placements, schools.rows, report)
        layer.notes.append(f"unplaced rows: {report}")
    return layer, placements


@dataclass
class National:
    """Every national layer that could be built, and a notice per source that could not."""

    layers: list[Layer] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    placements: Placements | None = None
    # Where each school's row is (file, line), by the IRIs of the school and of its record, so
    # that a shape a row breaks can be reported at that row.
    locations: dict[str, tuple[Path, int]] = field(default_factory=dict)
    used: list[SourceRecord] = field(default_factory=list)  # the sources that were read

    @property
    def problems(self) -> list[Problem]:
        return [p for layer in self.layers for p in layer.problems]


def build_national(
    records_file: Path,
    settings: SourceSettings,
    base: str,
    curated_triples: Iterable[tuple[Any, Any, Any]] = (),
    report: Path | None = None,
) -> National:
    """Get, read and convert every source of ``records_file``; see the module's table."""
    records = read_records(records_file)
    curated = read_curated(curated_triples)
    iris = Iris(base, curated.schools)
    result = National()
    found: dict[str, Available] = {}
    for record in records.values():
        got = resolve(record, settings)
        if isinstance(got, Missing):
            result.notices.append(got.notice())
        else:
            found[got.record.id] = got
            result.used.append(got.record)

    governments: LocalGovernments | None = None
    if "localgovjp" in found:
        local = found["localgovjp"]
        governments = read_local_governments(
            local.paths("prefectures")[0], local.paths("municipalities")[0]
        )
        result.layers.append(
            municipalities_layer(iris, governments, local.record, local.files, curated)
        )
        result.layers.append(estat_layer(iris, governments, local.record))
        if "wikidata-municipalities" in found:
            wiki = found["wikidata-municipalities"]
            snapshot = read_wikidata(wiki.paths("links"))
            result.layers.append(
                wikidata_layer(iris, governments, snapshot, wiki.record, wiki.files, curated)
            )
    if "mext-school-codes" in found:
        mext = found["mext-school-codes"]
        schools = read_school_codes(mext.paths("schools"))
        for row in schools.rows:
            result.locations[iris.school(row.code)] = (row.file, row.line)
            result.locations[iris.record(row.code)] = (row.file, row.line)
        result.layers.append(schools_layer(iris, schools, mext.record, mext.files, curated))
        result.layers.append(history_layer(iris, schools, mext.record))
        if governments is not None:
            placement, result.placements = placement_layer(
                iris, schools, governments, [mext.record, found["localgovjp"].record], report
            )
            result.layers.append(placement)
    return result
