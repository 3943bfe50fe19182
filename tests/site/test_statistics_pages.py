"""The statistics on entity pages say what the source says of them: which figures are sums over
several schools, and on what scale the comparable charts are drawn."""

from __future__ import annotations

import itertools
import re

from ..support import Server
from .test_pages import page

SUM_NOTE = re.compile(r'<p class="note sum-note">(.*?)</p>', re.S)


def sum_notes(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", note).strip() for note in SUM_NOTE.findall(html)]


def test_a_sum_over_schools_is_noted_only_where_a_unit_groups_schools(site: Server) -> None:
    # 絹's figures belong to one school, 絹義務教育学校 (source lines 391–402): no sum.
    for path in ("/page/district/092088-kinu", "/page/school/092088-kinu-ces"):
        html = page(site, path)
        assert "児童生徒数" in html and sum_notes(html) == [], path
        assert "複数校の合計" not in html, path
    # 乙女's elementary figures are one sum over three schools (line 107), 豊田's over two (293).
    otome = sum_notes(page(site, "/page/district/092088-otome"))
    group = "乙女小・下生井小・網戸小（合計）"
    assert otome == [f"{group}の数値は、典拠が3校の合計として記載したもの。"]
    assert sum_notes(page(site, "/page/school/092088-otome-es")) == otome
    toyoda = sum_notes(page(site, "/page/district/092088-toyoda?lang=en"))
    assert len(toyoda) == 1 and toyoda[0].endswith("as one sum over 2 schools.")


CHART = re.compile(r'<figure class="chart">(.*?)</figure>', re.S)
GRID = re.compile(r'<line class="grid"[^>]* y1="([\d.]+)"')
TICK = re.compile(r'<text class="tick"[^>]*>([^<]*)</text>')
AXIS = re.compile(r'<line class="axis"[^>]* y1="([\d.]+)"')
COLUMN = re.compile(r'<rect x="[^"]*" y="([\d.]+)" width="[^"]*" height="([\d.]+)"')
VALUE = re.compile(r'<text class="value"[^>]*>([^<]*)</text>')


def charts(html: str) -> list[str]:
    return CHART.findall(html)


def number(text: str) -> float:
    return float(text.replace(",", ""))


def test_every_tick_is_labelled_with_its_true_value(site: Server) -> None:
    for path in ("/page/district/092088-kinu", "/page/district/092088-otome"):
        (chart,) = charts(page(site, path))
        baseline = float(AXIS.search(chart).group(1))  # type: ignore[union-attr]
        ys, labels = GRID.findall(chart), TICK.findall(chart)
        ticks = [(float(y), number(t)) for y, t in zip(ys, labels, strict=True)]
        top_y, top = ticks[-1]
        per_px = top / (baseline - top_y)
        for y, value in ticks:  # a label states the value at its gridline
            assert abs(value - (baseline - y) * per_px) < 1e-6, (path, y, value)
        (step,) = {b[1] - a[1] for a, b in itertools.pairwise(ticks)}
        assert step == int(step) and str(int(step)).strip("0") in ("1", "2", "5"), step
        heights = [float(h) for _, h in COLUMN.findall(chart)]
        for height, value in zip(heights, VALUE.findall(chart), strict=True):
            # each column is as tall as its value on that scale
            assert abs(height * per_px - number(value)) < 0.2, (path, value)


def test_the_three_enrollment_charts_share_one_scale_and_say_so(site: Server) -> None:
    tops = {}
    for path, others in (
        ("/page/district/092088-otome", ("豊田中学校区", "絹義務教育学校")),
        ("/page/district/092088-toyoda", ("乙女中学校区", "絹義務教育学校")),
        ("/page/district/092088-kinu", ("乙女中学校区", "豊田中学校区")),
    ):
        (chart,) = charts(page(site, path))
        tops[path] = TICK.findall(chart)[-1]
        shared = re.search(r'<span class="shared-scale">(.*?)</span>', chart, re.S)
        assert shared is not None, path
        text = re.sub(r"<[^>]+>", "", shared.group(1))
        assert f"0〜{tops[path]}人" in text
        for other in others:
            assert other in text, (path, other)
    # 乙女's 9th grade (92 pupils, source line 108) is the largest: every chart runs to 100.
    assert set(tops.values()) == {"100"}
