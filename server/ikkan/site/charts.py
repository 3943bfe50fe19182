"""The site's charts, drawn on the server: one scale, two layouts, SVG written by templates.

:func:`scale` is the one place where values become an axis: it widens a range of values to
round ends and places ticks at round values (1, 2 or 5 × 10ⁿ apart), so every gridline is
labelled with its true value. Two layouts use it:

- :func:`column_chart`, an entity page's statistics: one column per grade, the value above it,
  its label and a note (the classes) below; charts of tables meant to be compared are given the
  same top value, so their columns can be read against each other.
- :func:`bar_chart`, the query page: one horizontal bar per result row (one bar per numeric
  column when there are several), the row's label on its own line above its bars, so that
  long Japanese labels keep the whole width.

Horizontal positions are percentages of the chart's width and vertical ones are pixels, and the
SVG has no ``viewBox``: the chart stretches to the width of the page while its text keeps its
size, so it stays legible on a phone (390 px) and is not huge on a desktop. Templates
(``_chart.html``, ``_query_macros.html``) write the SVG with ``role="img"``, a ``<title>`` and
text labels; no script runs and nothing is fetched.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..display import display_width
from .query_page.results import Cell, numeric_columns

CHAR_WIDTH = 7.0  # px of one narrow character at 12 px
NARROWEST = 320  # px: the narrowest chart the layouts plan for (a 390 px phone, less margins)


# --- the scale ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """A value axis from ``low`` to ``high`` with ticks every ``step``."""

    low: float
    high: float
    step: float

    @property
    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [_clean(self.low + i * self.step) for i in range(count + 1)]

    def fraction(self, value: float) -> float:
        """Where ``value`` sits on the axis, from 0 (``low``) to 1 (``high``)."""
        return (value - self.low) / (self.high - self.low)


def nice_step(span: float, count: int = 5) -> float:
    """A round step (1, 2 or 5 × 10ⁿ) giving at most about ``count`` intervals over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power * (1 + 1e-9):
            return _clean(factor * power)
    return _clean(10 * power)


def scale(low: float, high: float, count: int = 5) -> Scale:
    """The axis for values from ``low`` to ``high``: zero included, ends and ticks round."""
    low, high = min(low, 0.0), max(high, 0.0)
    step = nice_step(high - low, count)
    bottom = math.floor(low / step + 1e-9) * step if low < 0 else 0.0
    top = math.ceil(high / step - 1e-9) * step if high > 0 else 0.0
    if top == bottom:
        top = bottom + step
    return Scale(_clean(bottom), _clean(top), step)


def _clean(value: float) -> float:
    """``value`` without the binary noise of repeated decimal steps (0.30000000000000004)."""
    return float(f"{value:.12g}")


def format_number(value: float) -> str:
    """``1,234`` for whole numbers, at most four significant digits otherwise."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4g}"


def text_width(text: str, size: float = 12) -> float:
    """Rough width of ``text`` in px at ``size`` px: wide (CJK) characters count twice."""
    return display_width(text) * CHAR_WIDTH * size / 12


def fit(text: str, width: float) -> str:
    """``text``, cut with an ellipsis so that it is at most ``width`` px wide."""
    if text_width(text) <= width:
        return text
    out = ""
    for char in text:
        if text_width(out + char + "…") > width:
            break
        out += char
    return out + "…"


def _pct(fraction: float) -> float:
    return round(fraction * 100, 2)


# --- columns: an entity page's figures ----------------------------------------------------

COLUMN_TOP = 24  # px above the highest gridline: room for the value over a full column
COLUMN_PLOT = 170  # px from the baseline to the top of the axis
COLUMN_BOTTOM = 44  # px under the baseline: the label and the note
TICK_SIZE = 11  # px, the font of tick labels


@dataclass(frozen=True)
class Column:
    label: str
    value: int
    note: str = ""
    group: int = 0
    description: str = ""


@dataclass(frozen=True)
class PlacedColumn:
    column: Column
    x: float  # % of the chart's width
    width: float  # %
    centre: float  # %
    y: float  # px
    height: float  # px


@dataclass(frozen=True)
class Tick:
    value: float
    text: str
    position: float  # px from the top (columns) or % from the left (bars)


@dataclass(frozen=True)
class ColumnChart:
    title: str
    description: str
    height: int
    left: float  # % where the plot starts (the tick labels stand in front of it)
    baseline: float  # px
    columns: list[PlacedColumn]
    ticks: list[Tick]
    scale: Scale


def column_chart(
    title: str, description: str, columns: list[Column], top: float | None = None
) -> ColumnChart:
    """Columns on a scale from zero to the largest value, or to ``top`` when that is larger
    (a scale shared with other charts)."""
    high = max([c.value for c in columns] + ([top] if top is not None else []), default=0)
    axis = scale(0, high)
    tick_texts = [format_number(v) for v in axis.ticks]
    gutter = max(text_width(t, TICK_SIZE) for t in tick_texts) + 8
    left = _pct(gutter / NARROWEST)
    baseline = COLUMN_TOP + COLUMN_PLOT
    slot = (100 - left) / max(len(columns), 1)
    placed = []
    for i, column in enumerate(columns):
        height = round(COLUMN_PLOT * axis.fraction(column.value), 1)
        x = left + i * slot + slot * 0.18
        placed.append(
            PlacedColumn(
                column,
                round(x, 2),
                round(slot * 0.64, 2),
                round(left + (i + 0.5) * slot, 2),
                round(baseline - height, 1),
                height,
            )
        )
    ticks = [
        Tick(v, text, round(baseline - COLUMN_PLOT * axis.fraction(v), 1))
        for v, text in zip(axis.ticks, tick_texts, strict=True)
    ]
    return ColumnChart(
        title,
        description,
        COLUMN_TOP + COLUMN_PLOT + COLUMN_BOTTOM,
        left,
        baseline,
        placed,
        ticks,
        axis,
    )


# --- bars: a page of query results --------------------------------------------------------

MAX_SERIES = 4  # numeric columns drawn side by side; more make no chart
MAX_BARS = 60  # rows; a longer page makes no chart
LABEL_LINE = 17  # px: the row's label
BAR = 14  # px: one bar
BAR_GAP = 2  # px between the bars of one row
ROW_GAP = 9  # px between rows
BARS_TOP = 4
BARS_BOTTOM = 24  # px: the tick labels
PLOT_LEFT = 0.03  # fraction of the width where the axis starts
PLOT_RIGHT = 0.80  # … and ends; the rest holds the value after the longest bar
LABEL_ROOM = NARROWEST - 10  # px a row label may take


@dataclass(frozen=True)
class Bar:
    series: int
    value: float
    text: str
    x: float  # %
    width: float  # %
    end: float  # % where the value is written
    y: float  # px
    negative: bool


@dataclass(frozen=True)
class BarRow:
    label: str
    short: str  # the label cut to fit the narrowest chart
    lang: str | None
    href: str | None
    y: float  # px of the label's baseline
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class BarChart:
    label_column: str
    value_columns: tuple[str, ...]
    rows: tuple[BarRow, ...]
    ticks: tuple[Tick, ...]
    zero: float  # %
    plot_left: float  # %
    plot_top: float  # px
    plot_bottom: float  # px
    height: int
    bar_height: int = BAR

    @property
    def value_column(self) -> str:
        return self.value_columns[0]

    @property
    def bars(self) -> tuple[Bar, ...]:
        return tuple(bar for row in self.rows for bar in row.bars)


def _label_columns(
    cells: Sequence[Sequence[Cell]], bound: list[int], numeric: list[bool]
) -> tuple[int, int | None] | None:
    """The column whose text labels a row, and the column of IRIs it names (if any): either
    the only non-numeric column, or an IRI column beside a column of literals (its label)."""
    others = [i for i in bound if not numeric[i]]
    if len(others) == 1:
        return others[0], None
    if len(others) != 2:
        return None

    def all_of(index: int, kind: str) -> bool:
        return all(row[index].kind in (kind, "empty") for row in cells)

    first, second = others
    if all_of(first, "iri") and all_of(second, "literal"):
        return second, first
    if all_of(second, "iri") and all_of(first, "literal"):
        return first, second
    return None


def bar_chart(variables: Sequence[str], cells: Sequence[Sequence[Cell]]) -> BarChart | None:
    """The chart of these rows, or None when they are not labels with one to four numbers:
    one label column (or an IRI column and its label column) and numeric columns."""
    if not cells or len(cells) > MAX_BARS:
        return None
    bound = [i for i in range(len(variables)) if any(row[i].kind != "empty" for row in cells)]
    numeric = numeric_columns(cells, len(variables))
    series = [i for i in bound if numeric[i]]
    labelling = _label_columns(cells, bound, numeric)
    if labelling is None or not 1 <= len(series) <= MAX_SERIES:
        return None
    label, named = labelling

    def shown(row: Sequence[Cell]) -> Cell:
        """The row's label: its text, else the IRI it names."""
        if row[label].kind == "empty" and named is not None:
            return row[named]
        return row[label]

    rows = [r for r in cells if shown(r).kind != "empty"]
    numbers = [n for r in rows for i in series if (n := r[i].number) is not None]
    if not rows or not numbers:
        return None
    axis = scale(min(numbers), max(numbers))
    width = PLOT_RIGHT - PLOT_LEFT

    def at(value: float) -> float:
        return PLOT_LEFT + width * axis.fraction(value)

    zero = at(0.0)
    placed_rows = []
    y = float(BARS_TOP)
    for row in rows:
        text_cell = shown(row)
        link = row[named] if named is not None and row[named].kind != "empty" else text_cell
        label_y = y + LABEL_LINE - 4
        y += LABEL_LINE
        bars = []
        for s, index in enumerate(series):
            number = row[index].number
            if number is not None:
                end = at(number)
                bars.append(
                    Bar(
                        s,
                        number,
                        row[index].text,
                        _pct(min(zero, end)),
                        _pct(abs(end - zero)),
                        _pct(end),
                        y,
                        number < 0,
                    )
                )
            y += BAR + BAR_GAP
        y += ROW_GAP - BAR_GAP
        placed_rows.append(
            BarRow(
                text_cell.text,
                fit(text_cell.text, LABEL_ROOM),
                text_cell.lang,
                link.href,
                label_y,
                tuple(bars),
            )
        )
    plot_bottom = y - ROW_GAP + 4
    ticks = tuple(Tick(v, format_number(v), _pct(at(v))) for v in axis.ticks)
    return BarChart(
        label_column=variables[label],
        value_columns=tuple(variables[i] for i in series),
        rows=tuple(placed_rows),
        ticks=ticks,
        zero=_pct(zero),
        plot_left=_pct(PLOT_LEFT),
        plot_top=float(BARS_TOP),
        plot_bottom=plot_bottom,
        height=round(plot_bottom + BARS_BOTTOM),
    )
