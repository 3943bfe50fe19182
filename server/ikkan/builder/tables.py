"""Turning the CSV tables beside the Turtle into RDF Data Cube observations.

A table file has one row per (reporting unit, grade category, measure) and names, in its
``table`` column, the qb:DataSet the row belongs to; that data set's structure definition says
which columns are dimensions. Each row becomes one qb:Observation whose measure is chosen by
qb:measureType, with the unit of measure pushed down from the measure property (Data Cube
normalisation), the section it cites, and the source's own label of the cell. Every fault is
reported with file and line: unknown columns, a value that is not a non-negative integer, a
measure the ontology does not define, a table without a structure, a duplicate row.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import QB, RDF, RDFS, SKOS, XSD

from .problems import Problem
from .vocab import IKKAN

# Which CSV column holds which dimension of a structure.
DIMENSION_COLUMNS: dict[URIRef, str] = {
    IKKAN.refUnit: "unit",
    IKKAN.refGrade: "grade",
    IKKAN.refPeriod: "period",
}
ALWAYS = ("table", "measure", "value", "section")
OPTIONAL = ("period_wording", "source_label")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)?$")


def _label(graph: Graph, node: URIRef, lang: str) -> str:
    for prop in (RDFS.label, SKOS.prefLabel):
        for value in graph.objects(node, prop):
            if isinstance(value, Literal) and value.language == lang:
                return str(value)
    tail = str(node).rstrip("/").rsplit("/", 1)[-1]
    return tail.rsplit("#", 1)[-1]


def _structure_dimensions(ontology: Graph, structure: URIRef) -> list[URIRef]:
    dims = []
    for component in ontology.objects(structure, QB.component):
        for dim in ontology.objects(component, QB.dimension):
            if isinstance(dim, URIRef) and dim != QB.measureType:
                dims.append(dim)
    return sorted(dims)


def _period_iri(id_base: str, value: str) -> URIRef:
    if _ISO_DATE.match(value):
        return URIRef(f"{id_base}instant/{value}")
    return URIRef(id_base + value)


def convert_tables(
    paths: Iterable[Path], id_base: str, ontology: Graph, described: Graph
) -> tuple[Graph, list[Problem]]:
    """Convert every table file; ``described`` holds the data sets and the labels of nodes."""
    out = Graph()
    problems: list[Problem] = []
    seen: dict[tuple[str, ...], tuple[Path, int]] = {}
    seen_periods: dict[str, str] = {}
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(message=f"table is not UTF-8: {exc}", file=path))
            continue
        reader = csv.DictReader(text.splitlines())
        header = reader.fieldnames or []
        known = set(ALWAYS) | set(OPTIONAL) | set(DIMENSION_COLUMNS.values())
        unknown = [c for c in header if c not in known]
        missing = [c for c in ALWAYS if c not in header]
        if unknown or missing:
            problems.append(
                Problem(
                    message=(
                        f"table header {header}: "
                        + (f"unknown column(s) {unknown}; " if unknown else "")
                        + (f"missing column(s) {missing}; " if missing else "")
                        + f"expected {list(ALWAYS)} plus the dimension columns of the table's "
                        f"structure ({sorted(DIMENSION_COLUMNS.values())}) and optionally "
                        f"{list(OPTIONAL)}"
                    ),
                    file=path,
                    line=1,
                )
            )
            continue
        for number, row in enumerate(reader, start=2):
            problems += _convert_row(
                path, number, row, id_base, ontology, described, out, seen, seen_periods
            )
    return out, problems


def _convert_row(
    path: Path,
    number: int,
    row: dict[str, str],
    id_base: str,
    ontology: Graph,
    described: Graph,
    out: Graph,
    seen: dict[tuple[str, ...], tuple[Path, int]],
    seen_periods: dict[str, str],
) -> list[Problem]:
    def problem(message: str) -> list[Problem]:
        return [Problem(message=message, file=path, line=number)]

    cells = {k: (v or "").strip() for k, v in row.items() if k is not None}
    if None in row:
        return problem("row has more cells than the header has columns")
    table = URIRef(f"{id_base}table/{cells['table']}")
    structure = described.value(table, QB.structure)
    if not isinstance(structure, URIRef):
        return problem(
            f"table {cells['table']!r}: no qb:DataSet <{table}> with a qb:structure is described "
            "in the Turtle of this folder"
        )
    dims = _structure_dimensions(ontology, structure)
    needed = [DIMENSION_COLUMNS[d] for d in dims if d in DIMENSION_COLUMNS]
    absent = [c for c in needed if not cells.get(c)]
    if absent:
        return problem(f"empty dimension column(s) {absent} required by <{structure}>")
    measure = IKKAN[cells["measure"]]
    if (measure, RDF.type, QB.MeasureProperty) not in ontology:
        return problem(f"measure {cells['measure']!r} is not a qb:MeasureProperty of the ontology")
    if not re.fullmatch(r"\d+", cells["value"]):
        return problem(f"value {cells['value']!r} is not a non-negative integer")
    if not _SLUG.match(cells["section"]):
        return problem(f"section {cells['section']!r} is not a section slug")
    for column in needed:
        if column != "period" and not _SLUG.match(cells[column]):
            return problem(f"{column} {cells[column]!r} is not of the form kind/slug or slug")

    nodes: dict[URIRef, URIRef] = {}
    for dim in dims:
        kind = DIMENSION_COLUMNS.get(dim)
        if kind == "unit":
            nodes[dim] = URIRef(id_base + cells["unit"])
        elif kind == "grade":
            nodes[dim] = URIRef(f"{id_base}grade/{cells['grade']}")
        elif kind == "period":
            nodes[dim] = _period_iri(id_base, cells["period"])
    key = (cells["table"], *(str(nodes[d]) for d in dims), cells["measure"])
    if key in seen:
        first_path, first_line = seen[key]
        return problem(
            f"duplicate observation: same table, dimensions and measure as {first_path.name} "
            f"line {first_line}"
        )
    seen[key] = (path, number)
    # One table holds one date (as each of the source's tables does), so the date need not be
    # part of an observation's IRI; a second date in a table would make IRIs collide.
    period_value = str(nodes.get(IKKAN.refPeriod, ""))
    first_period = seen_periods.setdefault(cells["table"], period_value)
    if first_period != period_value:
        return problem(
            f"table {cells['table']!r} already has rows for <{first_period}>; "
            "put the figures of another date in a table of their own"
        )

    unit_slug = cells["unit"].rsplit("/", 1)[-1]
    parts = [cells["table"], unit_slug]
    if "grade" in needed:
        parts.append(cells["grade"])
    parts.append(cells["measure"])
    obs = URIRef(f"{id_base}observation/{'-'.join(parts)}")

    # xsd:integer, not the measure's declared xsd:nonNegativeInteger: Oxigraph stores the
    # derived integer types as xsd:integer, so the dumps and the endpoint would disagree.
    datatype = XSD.integer
    out.add((obs, RDF.type, IKKAN.StatisticalObservation))
    out.add((obs, QB.dataSet, table))
    out.add((obs, QB.measureType, measure))
    out.add((obs, measure, Literal(cells["value"], datatype=datatype)))
    for dim, node in nodes.items():
        out.add((obs, dim, node))
    uom = ontology.value(measure, IKKAN.unitOfMeasure)
    if uom is not None:
        out.add((obs, IKKAN.unitOfMeasure, uom))
    out.add((obs, IKKAN.statedIn, URIRef(f"{id_base}section/{cells['section']}")))
    if cells.get("source_label"):
        out.add((obs, IKKAN.sourceLabel, Literal(cells["source_label"], lang="ja")))
    if cells.get("period_wording"):
        out.add((obs, IKKAN.dateWording, Literal(cells["period_wording"], lang="ja")))
    for lang in ("ja", "en"):
        pieces = [_label(described, nodes[d], lang) for d in dims if d != IKKAN.refPeriod]
        pieces.append(_label(ontology, measure, lang))
        period = nodes.get(IKKAN.refPeriod)
        when = cells["period"] if period is not None and _ISO_DATE.match(cells["period"]) else ""
        text = " ".join(pieces) + (f" ({when})" if when else "")
        out.add((obs, RDFS.label, Literal(text, lang=lang)))
    return []
