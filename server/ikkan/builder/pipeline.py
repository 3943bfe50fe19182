"""The build, step by step: parse, convert, check, derive, describe, validate, write.

``assemble`` does everything that can fail and writes nothing; ``run_build`` then writes the
dumps and the store (each into a fresh folder that replaces the old one only when complete) and
the manifest; ``run_validate`` reports and exits; ``run_export`` writes the built graph in one
format. Progress goes to standard error, one line per step with its count and time.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

from ..settings import Settings
from ..site.search_index import INDEX_FILE, write_index
from ..store.manifest import Dump, Manifest, write_manifest
from . import dumps as dumps_module
from .calendar import derive_calendar
from .concept_labels import label_concepts
from .describe import describe_dataset
from .dumps import render_dumps, sorted_quads, write_dumps
from .inference import Alignments
from .inputs import Inputs, find_inputs
from .national_step import NationalGraphs, national_graphs
from .national_tables import render_tables
from .problems import BuildError, Problem
from .source_documents import check_sources
from .store_writer import replace_dir, write_store
from .tables import convert_tables
from .turtle import parse_turtle
from .validation import load_shapes, run_shapes
from .vocab import IKKAN


def graph_iri(settings: Settings, name: str) -> URIRef:
    return URIRef(f"{settings.base_iri}graph/{name}")


class Reporter:
    """Prints one progress line per step to standard error (nothing when quiet)."""

    def __init__(self, total: int, quiet: bool = False, stream: TextIO | None = None) -> None:
        self.total, self.quiet, self.number = total, quiet, 0
        self.stream = stream or sys.stderr

    @contextmanager
    def step(self, text: str) -> Iterator[list[str]]:
        self.number += 1
        started = time.perf_counter()
        notes: list[str] = []
        if not self.quiet:
            print(f"[{self.number}/{self.total}] {text} …", end="", file=self.stream, flush=True)
        try:
            yield notes
        finally:
            if not self.quiet:
                detail = f" {'; '.join(notes)}" if notes else ""
                print(f"{detail} ({time.perf_counter() - started:.1f} s)", file=self.stream)

    def say(self, text: str) -> None:
        if not self.quiet:
            print(text, file=self.stream)


@dataclass
class Assembled:
    """The validated graph, ready to be written."""

    graphs: dict[URIRef, Graph]
    version: str
    modified: str
    inputs: Inputs
    warnings: list[Problem] = field(default_factory=list)
    national: NationalGraphs = field(default_factory=NationalGraphs)

    def triple_count(self) -> int:
        union = Graph()
        for graph in self.graphs.values():
            union += graph
        return len(union)


ASSEMBLE_STEPS = 6


def assemble(settings: Settings, reporter: Reporter, report_dir: Path | None = None) -> Assembled:
    inputs = find_inputs(settings)
    id_base = settings.base_iri + "id/"
    problems: list[Problem] = []
    graphs: dict[URIRef, Graph] = {}

    def parse_all(paths: tuple[Path, ...]) -> Graph:
        merged = Graph()
        for path in paths:
            graph, found = parse_turtle(path, settings.base_iri)
            problems.extend(found)
            merged += graph
        return merged

    with reporter.step("parsing ontology and data") as notes:
        ontology = graphs[graph_iri(settings, "ontology")] = parse_all(inputs.ontology)
        dataset = graphs[graph_iri(settings, "dataset")] = parse_all(inputs.dataset)
        for municipality in inputs.municipalities:
            graphs[graph_iri(settings, municipality.name)] = parse_all(municipality.turtle)
        files = (
            len(inputs.ontology)
            + len(inputs.dataset)
            + sum(len(m.turtle) for m in inputs.municipalities)
        )
        notes.append(f"{files} Turtle files, {sum(len(g) for g in graphs.values())} triples")
    if not inputs.ontology:
        problems.append(
            Problem(
                message="no ontology: ontology/*.ttl is empty or missing",
                file=settings.ontology_file.parent,
            )
        )
    if problems:
        raise BuildError("parse", problems)

    with reporter.step("converting tables and checking source documents") as notes:
        observations = 0
        for municipality in inputs.municipalities:
            data = graphs[graph_iri(settings, municipality.name)]
            table_graph, found = convert_tables(
                municipality.tables, id_base, ontology, data + ontology
            )
            problems += found
            observations += len(set(table_graph.subjects()))
            data += table_graph
            texts, found = check_sources(
                data, municipality.sources, settings.data_dir / municipality.name
            )
            problems += found
            data += texts
        notes.append(f"{observations} observations")
    if problems:
        raise BuildError("tables and sources", problems)

    with reporter.step("getting and converting the national lists") as notes:
        curated = Graph()
        for municipality in inputs.municipalities:
            curated += graphs[graph_iri(settings, municipality.name)]
        national = national_graphs(settings, curated, report_dir)
        graphs.update(national.graphs)
        dataset += national.description
        notes.extend(national.notes or ["no national sources"])
    for notice in national.notices:
        reporter.say(notice)
    if national.errors:
        raise BuildError("national lists", national.errors)

    with reporter.step("deriving calendar, aligned triples and concept labels") as notes:
        alignments = Alignments(ontology)
        period_classes = alignments.classes_below(IKKAN.Period)
        added = 0
        for graph in graphs.values():
            derived, found = derive_calendar(graph, id_base, period_classes)
            problems += found
            graph += derived
            entailed = alignments.entail(graph)
            graph += entailed
            named = label_concepts(graph)
            graph += named
            added += len(derived) + len(entailed) + len(named)
        notes.append(f"{added} triples added")
    if problems:
        raise BuildError("calendar", problems)

    modified = str(dataset.value(URIRef(f"{id_base}dataset/ikkan"), DCTERMS.modified) or "")
    digest = inputs.digest
    if national.digest:
        digest = hashlib.sha256(f"{inputs.digest} {national.digest}".encode()).hexdigest()
    version = f"{modified or 'undated'}-{digest[:8]}"
    with reporter.step("describing the data set (VoID)") as notes:
        described = {k: v for k, v in graphs.items() if k != graph_iri(settings, "dataset")}
        labels = {k: f"ikkan {str(k).rsplit('/', 1)[-1]} graph" for k in described}
        void = describe_dataset(described, settings.base_iri, version, labels)
        dataset += void
        dataset += alignments.entail(dataset)
        notes.append(f"version {version}")

    with reporter.step("validating with SHACL shapes") as notes:
        shapes, found = load_shapes(inputs.shapes)
        if found:
            raise BuildError("shapes", found)
        results = [national.locate(p) for p in run_shapes(list(graphs.values()), shapes)]
        violations = [p for p in results if p.severity == "Violation"]
        notes.append(
            f"{len(inputs.shapes)} shape files, {len(violations)} violation(s), "
            f"{len(results) - len(violations)} warning(s)"
        )
    if violations:
        raise BuildError("validate", results)
    return Assembled(
        graphs, version, modified, inputs, warnings=national.warnings + results, national=national
    )


WARNINGS_REPORT = "warnings.txt"
WARNINGS_SHOWN = 20


def write_warnings(warnings: list[Problem], path: Path, settings: Settings) -> None:
    """Every warning of the build, one per entry, in the order they were found."""
    text = "".join(w.render(settings.project_dir) + "\n" for w in warnings)
    path.write_text(text, encoding="utf-8")


def show_warnings(warnings: list[Problem], reporter: Reporter, settings: Settings) -> None:
    """The first warnings, and where the rest are listed."""
    for warning in warnings[:WARNINGS_SHOWN]:
        reporter.say(warning.render(settings.project_dir))
    if warnings:
        hidden = len(warnings) - WARNINGS_SHOWN
        more = f" ({hidden} more not shown)" if hidden > 0 else ""
        reporter.say(
            f"{len(warnings)} warning(s){more}, all listed in "
            f"{settings.reports_path / WARNINGS_REPORT}"
        )


def report_failure(error: BuildError, settings: Settings, stream: TextIO | None = None) -> None:
    stream = stream or sys.stderr
    print(f"\nbuild failed at step '{error.step}': {len(error.problems)} problem(s)", file=stream)
    for problem in error.problems:
        print(problem.render(settings.project_dir), file=stream)


def manifest_of(
    assembled: Assembled, settings: Settings, dumps: list[Dump], quads: int
) -> Manifest:
    return Manifest(
        version=assembled.version,
        built=assembled.modified,
        base_iri=settings.base_iri,
        input_digest=assembled.inputs.digest,
        triples=assembled.triple_count(),
        quads=quads,
        graphs={str(k): len(v) for k, v in sorted(assembled.graphs.items())},
        dumps=tuple(dumps),
        sources=tuple(assembled.national.sources),
    )


def run_build(settings: Settings, quiet: bool = False) -> int:
    reporter = Reporter(ASSEMBLE_STEPS + 2, quiet)
    started = time.perf_counter()
    reports = settings.reports_path.with_name(f".{settings.reports_path.name}.new")
    if reports.exists():
        shutil.rmtree(reports)
    reports.mkdir(parents=True)
    try:
        assembled = assemble(settings, reporter, reports)
    except BuildError as error:
        report_failure(error, settings)
        print("the previous store and dumps are untouched", file=sys.stderr)
        shutil.rmtree(reports, ignore_errors=True)
        return 1
    write_warnings(assembled.warnings, reports / WARNINGS_REPORT, settings)
    replace_dir(reports, settings.reports_path)
    show_warnings(assembled.warnings, reporter, settings)
    id_base = settings.base_iri + "id/"
    with reporter.step("writing dumps and tables") as notes:
        quads = sorted_quads(assembled.graphs)
        rendered = render_dumps(quads, id_base)
        triples = len(dumps_module.sorted_triples(quads))
        staging = settings.dist_path.with_name(f".{settings.dist_path.name}.new")
        if staging.exists():
            shutil.rmtree(staging)
        tables = render_tables(quads, assembled.national.sources, settings.base_iri)
        written = write_dumps(rendered, staging, triples, tables)
        replace_dir(staging, settings.dist_path)
        notes.append(f"{len(written)} files in {settings.dist_path}")
    with reporter.step("writing the embedded store") as notes:
        write_store(quads, settings.store_path)
        entries = write_index(
            ox.Store.read_only(str(settings.store_path)), settings.build_path / INDEX_FILE
        )
        notes.append(f"{entries} names in the search index")
        write_manifest(settings, manifest_of(assembled, settings, written, len(quads)))
        notes.append(f"{len(quads)} quads in {settings.store_path}")
    reporter.say(
        f"built ikkan {assembled.version}: {triples} triples in "
        f"{len(assembled.graphs)} named graphs ({time.perf_counter() - started:.1f} s)"
    )
    return 0


def run_validate(settings: Settings, quiet: bool = False) -> int:
    reporter = Reporter(ASSEMBLE_STEPS, quiet)
    try:
        assembled = assemble(settings, reporter)
    except BuildError as error:
        report_failure(error, settings, sys.stdout)
        return 1
    for warning in assembled.warnings:
        print(warning.render(settings.project_dir))
    print(f"valid: {assembled.triple_count()} triples conform to the shapes")
    return 0


EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def run_export(settings: Settings, fmt: str, output: str) -> int:
    if not settings.store_path.exists():
        print(f"no store at {settings.store_path}: run `ikkan build` first", file=sys.stderr)
        return 2
    store = ox.Store.read_only(str(settings.store_path))
    quads = sorted(store.quads_for_pattern(None, None, None, None), key=str)
    id_base = settings.base_iri + "id/"
    triples = dumps_module.sorted_triples(quads)
    prefixes = dumps_module.dump_prefixes(id_base, triples)
    if fmt == "jsonld":
        content = render_dumps(quads, id_base)["ikkan.jsonld"][0]
    elif fmt in {"nquads", "trig"}:
        content = dumps_module.serialize(quads, EXPORT_FORMATS[fmt], prefixes)
    else:
        content = dumps_module.serialize(triples, EXPORT_FORMATS[fmt], prefixes)
    if output == "-":
        sys.stdout.buffer.write(content)
    else:
        Path(output).write_bytes(content)
    return 0
