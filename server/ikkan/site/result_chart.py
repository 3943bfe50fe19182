"""The query page's bar chart: one label column and one numeric column, drawn as SVG.

(Entity pages chart their statistics with :mod:`ikkan.site.statistics_chart`.)

:func:`bar_chart` decides whether a page of results is chartable — exactly two columns hold
values, one of them numbers only, the other labels (text or IRIs, shown by their labels) — and
lays the bars out: horizontal bars, so that Japanese labels stay readable, on a scale from zero
(or the most negative value) to the largest value, with a few round tick values. The template
draws the SVG from this layout; no script runs and nothing is fetched.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .result_table import Cell, numeric_columns

ROW_HEIGHT = 26
BAR_HEIGHT = 18
TOP = 8
BOTTOM = 28
WIDTH = 760
CHAR_WIDTH = 7.0  # px of one narrow character at the chart's font size
LABEL_MAX = 280
VALUE_ROOM = 70


@dataclass(frozen=True)
class Bar:
    label: str
    short: str  # the label cut to fit the label column
    lang: str | None
    href: str | None
    value: float
    text: str
    x: float
    y: float
    width: float


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class BarChart:
    label_column: str
    value_column: str
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    label_width: float
    zero_x: float
    plot_right: float
    width: int
    height: int
    bar_height: int = BAR_HEIGHT


def text_width(text: str) -> float:
    """Rough width of ``text`` in px: wide (CJK) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text) * CHAR_WIDTH


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


def nice_step(span: float, count: int = 5) -> float:
    """A round step (1, 2 or 5 × 10ⁿ) giving about ``count`` ticks over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)


def _format(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4g}"


def bar_chart(variables: Sequence[str], cells: Sequence[Sequence[Cell]]) -> BarChart | None:
    """The chart of these rows, or None when they are not one label and one number."""
    if not cells:
        return None
    bound = [i for i in range(len(variables)) if any(row[i].kind != "empty" for row in cells)]
    if len(bound) != 2:
        return None
    numeric = numeric_columns(cells, len(variables))
    values = [i for i in bound if numeric[i]]
    labels = [i for i in bound if not numeric[i]]
    if len(values) != 1 or len(labels) != 1:
        return None
    v, lab = values[0], labels[0]
    rows = [r for r in cells if r[v].number is not None and r[lab].kind != "empty"]
    if not rows:
        return None
    numbers = [float(r[v].number or 0.0) for r in rows]
    low, high = min(0.0, *numbers), max(0.0, *numbers)
    step = nice_step(high - low)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step if high > 0 else 0.0
    span = (high - low) or 1.0
    label_width = min(LABEL_MAX, max(text_width(r[lab].text) for r in rows) + 12)
    left, right = label_width, WIDTH - VALUE_ROOM
    scale = (right - left) / span
    zero_x = left + (0.0 - low) * scale
    bars = []
    for index, (row, number) in enumerate(zip(rows, numbers, strict=True)):
        x = zero_x + min(number, 0.0) * scale
        bars.append(
            Bar(
                label=row[lab].text,
                short=fit(row[lab].text, label_width - 12),
                lang=row[lab].lang,
                href=row[lab].href,
                value=number,
                text=row[v].text,
                x=round(x, 1),
                y=TOP + index * ROW_HEIGHT,
                width=round(abs(number) * scale, 1),
            )
        )
    count = round(span / step)
    ticks = tuple(
        Tick(round(left + (i * step) * scale, 1), _format(low + i * step)) for i in range(count + 1)
    )
    return BarChart(
        label_column=variables[lab],
        value_column=variables[v],
        bars=tuple(bars),
        ticks=ticks,
        label_width=label_width,
        zero_x=round(zero_x, 1),
        plot_right=right,
        width=WIDTH,
        height=TOP + len(bars) * ROW_HEIGHT + BOTTOM,
    )
