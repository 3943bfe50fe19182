"""The statistics about an entity: its Data Cube observations, as tables and a chart per table.

An entity's figures are the observations whose ``ikkan:refUnit`` is the entity, the school
groups and schools of a district, or the group a school's figures were summed into (the source
gives 乙女's and 豊田's elementary figures only as sums over several schools). A table says that
its figures are such a sum only when one of its units is a school group (``ikkan:groupMember``),
naming the group and how many schools it holds: a district's figures that belong to one school
(絹) are that school's, not a sum. Observations are
grouped by their data set (one source table, one date); within a table, rows are the reporting
unit and grade category and columns the measures (pupils, classes). Grades come first in grade
order, special-needs classes and totals apart, as the source prints them. The chart shows pupils
per grade with the classes beneath. Tables meant to be compared — those of one municipality
built on one data structure, such as the enrollment tables of 乙女, 豊田 and 絹 — are charted on
one scale (the largest grade among them sets the top), and each chart names the others.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..store.base import Store
from . import queries
from .charts import Column, ColumnChart, column_chart
from .labels import fetch_labels
from .links import page_href
from .page_context import PageContext
from .sparql_terms import IKKAN, iri, values

MAX_UNITS = 200
MAX_OBSERVATIONS = 5000
PUPILS = IKKAN + "pupils"
CLASSES = IKKAN + "classes"


@dataclass
class Row:
    unit: str
    unit_label: str
    unit_href: str | None
    grade: str | None
    grade_label: str
    kind: str  # "grade", "special", "total" or "figure"
    order: tuple[int, int]
    number: int | None = None
    cells: dict[str, int | float | str] = field(default_factory=dict)


@dataclass(frozen=True)
class SchoolGroup:
    """A unit whose figures the source gives as the sum over several schools."""

    label: str
    href: str | None
    members: int


@dataclass
class Table:
    iri: str
    label: str
    href: str | None
    period: str
    period_wording: str
    measures: list[tuple[str, str]]
    rows: list[Row]
    chart: ColumnChart | None = None
    groups: list[SchoolGroup] = field(default_factory=list)
    # The other tables whose charts share this chart's scale: (label, href).
    compared: list[tuple[str, str | None]] = field(default_factory=list)

    @property
    def grade_rows(self) -> list[Row]:
        return [r for r in self.rows if r.kind == "grade"]

    @property
    def other_rows(self) -> list[Row]:
        return [r for r in self.rows if r.kind != "grade"]


def _units(store: Store, entity: str) -> list[str]:
    rows = store.select(queries.STATISTICAL_UNITS.format(entity=iri(entity), limit=MAX_UNITS))
    return [r["unit"].value for r in rows if r["unit"] is not None]


def _group_sizes(store: Store, units: list[str]) -> dict[str, int]:
    """The units that group schools, with the number of schools in each."""
    rows = store.select(queries.GROUP_SIZES.format(units=values("unit", units)))
    return {
        r["unit"].value: int(r["n"].value)
        for r in rows
        if r["unit"] is not None and r["n"] is not None
    }


def _number(text: str) -> int | float | str:
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def tables(ctx: PageContext, entity: str) -> list[Table]:
    """The tables of figures about ``entity``, each with a chart where it has grades."""
    store, lang, base = ctx.store, ctx.lang, ctx.base
    units = _units(store, entity)
    if not units:
        return []
    rows = store.select(
        queries.OBSERVATIONS.format(units=values("unit", units), limit=MAX_OBSERVATIONS)
    )
    facts = [{k: (row[k].value if row[k] is not None else None) for k in _COLUMNS} for row in rows]
    if not facts:
        return []
    iris = {
        str(f[k]) for f in facts for k in ("unit", "table", "grade", "measure", "period") if f[k]
    }
    labels = fetch_labels(store, iris, lang)
    group_sizes = _group_sizes(store, units)

    def label(i: str | None) -> str:
        return "" if i is None else labels.get(i, (i.rsplit("/", 1)[-1], ""))[0]

    by_table: dict[str, list[dict[str, str | None]]] = defaultdict(list)
    for fact in facts:
        by_table[str(fact["table"])].append(fact)
    result = []
    for table_iri, table_facts in by_table.items():
        measures = sorted({str(f["measure"]) for f in table_facts}, key=_measure_order)
        table_rows: dict[tuple[str, str | None], Row] = {}
        for f in table_facts:
            unit, grade = str(f["unit"]), f["grade"]
            key = (unit, grade)
            if key not in table_rows:
                table_rows[key] = _row(f, label(unit), page_href(unit, base), label(grade))
            table_rows[key].cells[str(f["measure"])] = _number(str(f["value"]))
        ordered = sorted(table_rows.values(), key=lambda r: r.order)
        period = next((f["period"] for f in table_facts if f["period"]), None)
        wording = next((f["wording"] for f in table_facts if f["wording"]), None)
        table = Table(
            table_iri,
            label(table_iri),
            page_href(table_iri, base),
            label(period),
            wording or "",
            [(m, label(m)[:1].upper() + label(m)[1:]) for m in measures],
            ordered,
            groups=[
                SchoolGroup(label(unit), page_href(unit, base), group_sizes[unit])
                for unit in dict.fromkeys(r.unit for r in ordered)
                if unit in group_sizes
            ],
        )
        result.append(table)
    shared = _shared_scales(store, [t.iri for t in result if _chartable(t)])
    other_iris = {o for _, others in shared.values() for o in others}
    other_labels = fetch_labels(store, other_iris, lang)
    for table in result:
        top, others = shared.get(table.iri, (None, []))
        table.chart = _chart(table, lang, top)
        if table.chart is not None:
            table.compared = sorted(
                (
                    (other_labels.get(o, (o.rsplit("/", 1)[-1], ""))[0], page_href(o, base))
                    for o in others
                ),
                key=lambda pair: pair[0],
            )
    return sorted(result, key=lambda t: (t.period, t.label))


_COLUMNS = ("unit", "table", "grade", "measure", "value", "period", "wording", "gnum", "total")


def _measure_order(measure: str) -> tuple[int, str]:
    return ({PUPILS: 0, CLASSES: 1}.get(measure, 2), measure)


_OTHER_ORDER = {
    "special-needs-primary": (1, 0),
    "special-needs-lower-secondary": (1, 1),
    "total-primary": (2, 0),
    "total-lower-secondary": (2, 1),
    "total": (2, 2),
}


def _row(
    fact: dict[str, str | None], unit_label: str, unit_href: str | None, grade_label: str
) -> Row:
    """A table row; grades in order, then special-needs classes, then the totals."""
    grade, gnum, total = fact["grade"], fact["gnum"], fact["total"]
    name = (grade or "").rsplit("/", 1)[-1]
    if grade is None:
        kind, order = "figure", (3, 0)
    elif gnum is not None:
        kind, order = "grade", (0, int(float(gnum)))
    else:
        kind = "total" if total == "true" else "special"
        order = _OTHER_ORDER.get(name, (2 if kind == "total" else 1, 9))
    number = int(float(gnum)) if gnum is not None else None
    return Row(str(fact["unit"]), unit_label, unit_href, grade, grade_label, kind, order, number)


def _chart_rows(table: Table) -> list[Row]:
    return [r for r in table.grade_rows if isinstance(r.cells.get(PUPILS), int)]


def _chartable(table: Table) -> bool:
    return len(_chart_rows(table)) >= 2


def _shared_scales(store: Store, tables: list[str]) -> dict[str, tuple[int, list[str]]]:
    """For each table, the largest pupils-per-grade figure over the tables meant to be compared
    with it (one municipality, one data structure), and those other tables."""
    if not tables:
        return {}
    rows = store.select(
        queries.SHARED_SCALES.format(tables=values("table", tables), limit=MAX_UNITS)
    )
    found: dict[str, tuple[int, list[str]]] = {}
    for row in rows:
        table, other, top = row["table"], row["other"], row["top"]
        if table is None or other is None or top is None:
            continue
        best, others = found.get(table.value, (0, []))
        if other.value != table.value:
            others = [*others, other.value]
        found[table.value] = (max(best, int(float(top.value))), others)
    return found


def _chart(table: Table, lang: str, top: int | None = None) -> ColumnChart | None:
    grades = _chart_rows(table)
    if len(grades) < 2:
        return None
    columns = []
    for row in sorted(grades, key=lambda r: r.order):
        pupils = row.cells[PUPILS]
        classes = row.cells.get(CLASSES)
        number = row.number or 0
        assert isinstance(pupils, int)
        columns.append(
            Column(
                label=(f"{number}年" if lang == "ja" else f"G{number}"),
                value=pupils,
                note="" if classes is None else str(classes),
                group=0 if number <= 6 else 1,
                description=f"{row.grade_label}: {pupils}"
                + ("" if classes is None else f" / {classes}"),
            )
        )
    title = (
        f"学年別の児童生徒数（{table.period}）"
        if lang == "ja"
        else f"Pupils per grade ({table.period})"
    )
    description = (
        "各学年の児童生徒数の棒グラフ。棒の下の数字は学級数。"
        if lang == "ja"
        else "Bar chart of pupils in each grade; the figure below each bar is its classes."
    )
    return column_chart(title, description, columns, top)
