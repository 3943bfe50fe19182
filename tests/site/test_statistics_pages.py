"""The statistics on entity pages say what the source says of them: which figures are sums over
several schools, and on what scale the comparable charts are drawn."""

from __future__ import annotations

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
