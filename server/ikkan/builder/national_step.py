"""The build's national step: the outside lists made into named graphs beside the curated ones.

It gets every source of ``data/national/sources.toml`` (from ``IKKAN_SOURCES_DIR``, the cache, or
a download: :mod:`ikkan.national.sources`), converts each to its named graphs
(:func:`ikkan.national.layers.build_national`), reusing the IRIs the curated data already gives
to schools with a MEXT code, and hands the build rdflib graphs, the quads that describe each
graph in the data set description, the problems (errors stop the build, warnings are listed) and
one notice per source that could not be had. A missing source never stops the build: its
layers are left out and the notice says so. The digest of the accepted files joins the data set
version, so a new list gives a new version (and every cache keyed by it turns over).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import VOID, XSD
from rdflib.term import Node

from ..national.layers import National, build_national
from ..national.problems import Problem as SourceProblem
from ..national.sources.records import SourceRecord
from ..national.sources.resolve import SourceSettings
from ..settings import Settings
from ..store.manifest import SourceNote
from .problems import Problem

PLACEMENT_REPORT = "school-placement.csv"


@dataclass
class NationalGraphs:
    """What the national step adds to a build."""

    graphs: dict[URIRef, Graph] = field(default_factory=dict)
    description: Graph = field(default_factory=Graph)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    digest: str = ""
    sources: list[SourceNote] = field(default_factory=list)
    locations: dict[str, tuple[Path, int]] = field(default_factory=dict)

    def locate(self, problem: Problem) -> Problem:
        """``problem`` with the file and line of the row its focus node comes from."""
        where = self.locations.get(problem.focus or "")
        if where is None or problem.file is not None:
            return problem
        return replace(problem, file=where[0], line=where[1])

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "Violation"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "Violation"]


_XSD_STRING = str(XSD.string)


def _rdflib(term: ox.NamedNode | ox.Literal | ox.BlankNode | ox.Triple | ox.DefaultGraph) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            # rdflib tells "a" and "a"^^xsd:string apart, which RDF 1.1 does not: written
            # plain, a value the curated Turtle also states is one triple, not two.
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise ValueError(f"the national layer publishes no blank nodes or quoted triples: {term}")


def _graph(nquads: bytes) -> Graph:
    graph = Graph()
    for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        graph.add((_rdflib(quad.subject), _rdflib(quad.predicate), _rdflib(quad.object)))
    return graph


def _problem(found: SourceProblem) -> Problem:
    return Problem(
        message=found.message,
        file=found.file,
        line=found.line,
        column=found.column,
        severity=found.severity,
    )


def source_note(record: SourceRecord) -> SourceNote:
    return SourceNote(
        id=record.id,
        title_ja=record.title.ja,
        title_en=record.title.en,
        publisher_ja=record.publisher.ja,
        publisher_en=record.publisher.en,
        reference_date=record.reference_date.isoformat(),
        licence=record.licence,
        terms_ja=record.terms.ja,
        terms_en=record.terms.en,
        attribution_ja=record.attribution.ja,
        attribution_en=record.attribution.en,
        changes_ja=record.changes.ja,
        changes_en=record.changes.en,
        url=record.primary_source,
        layers=record.layers,
    )


def source_settings(settings: Settings) -> SourceSettings:
    return SourceSettings(
        cache_dir=settings.sources_cache_path,
        sources_dir=settings.sources_dir,
        timeout=settings.download_timeout,
    )


def national_graphs(
    settings: Settings, curated: Graph, report_dir: Path | None = None
) -> NationalGraphs:
    """Every national layer the sources allow; ``report_dir`` receives the placement report."""
    out = NationalGraphs()
    records_file = settings.national_sources_file
    if not records_file.is_file():
        return out
    report = report_dir / PLACEMENT_REPORT if report_dir is not None else None
    national: National = build_national(
        records_file, source_settings(settings), settings.base_iri, curated, report
    )
    out.notices = list(national.notices)
    out.locations = national.locations
    out.sources = [source_note(record) for record in national.used]
    digest = hashlib.sha256()
    for layer in national.layers:
        iri = URIRef(layer.graph)
        out.graphs[iri] = _graph(layer.nquads)
        # The build counts each graph's triples itself, after it has added the aligned types.
        description = _graph(layer.description)
        description.remove((None, VOID.triples, None))
        out.description += description
        out.problems += [_problem(p) for p in layer.problems]
        # The report is written to a staging folder; the build says where it ends up.
        out.notes += [n for n in layer.notes if not n.startswith("unplaced rows:")]
        digest.update(layer.name.encode() + b"\0" + hashlib.sha256(layer.nquads).digest())
    out.digest = digest.hexdigest() if national.layers else ""
    if national.placements is not None:
        out.notes.append(f"unplaced rows: {settings.reports_path / PLACEMENT_REPORT}")
    return out
