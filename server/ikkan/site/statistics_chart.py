"""The statistics chart of entity pages, drawn on the server: geometry here, SVG in a template.

(Query results have their own, horizontal chart: :mod:`ikkan.site.result_chart`.)

:func:`bar_chart` turns labelled values into the coordinates of bars, value labels, category
labels and grid lines on a fixed canvas; ``templates/_chart.html`` writes them as an SVG with
``role="img"``, a ``<title>`` and a ``<desc>``, so a screen reader reads what a sighted reader
sees and every label is text, not pixels. Nothing third-party runs in the reader's browser.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640
HEIGHT = 280
LEFT = 44
RIGHT = 12
TOP = 24
BOTTOM = 56


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    note: str = ""
    group: int = 0
    description: str = ""


@dataclass(frozen=True)
class PlacedBar:
    bar: Bar
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    width: int
    height: int
    left: int
    right_edge: int
    baseline: float
    bars: list[PlacedBar]
    ticks: list[Tick]


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ that is at least ``value`` (10 at the least)."""
    step = 1
    while True:
        for factor in (1, 2, 2.5, 5):
            candidate = int(step * factor * 10)
            if candidate >= value:
                return candidate
        step *= 10


def bar_chart(title: str, description: str, bars: list[Bar]) -> Chart:
    top_value = nice_ceiling(max((b.value for b in bars), default=0))
    plot_height = HEIGHT - TOP - BOTTOM
    plot_width = WIDTH - LEFT - RIGHT
    slot = plot_width / max(len(bars), 1)
    bar_width = slot * 0.62
    baseline = TOP + plot_height
    placed = []
    for i, bar in enumerate(bars):
        height = plot_height * bar.value / top_value if top_value else 0.0
        x = LEFT + i * slot + (slot - bar_width) / 2
        placed.append(
            PlacedBar(
                bar, round(x, 1), round(baseline - height, 1), round(bar_width, 1), round(height, 1)
            )
        )
    ticks = [Tick(top_value * i // 4, round(baseline - plot_height * i / 4, 1)) for i in range(5)]
    return Chart(title, description, WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, baseline, placed, ticks)
