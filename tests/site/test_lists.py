"""Lists a reader scans: no two entries of one list read the same while leading to different
things (the source repeats its headings: each district has its 「ねらい」), and the schools of the
graph as a table of what a reader compares them by."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import requests

from ..support import Server
from .test_pages import page

# Lists of values on entity pages, search results, and class listings.
LIST_TAGS = {("ul", "vals"), ("ol", "results"), ("table", "listing")}
ITEM_TAGS = {"li", "tr"}


class _Lists(HTMLParser):
    """Each list's entries as (text as read, the first link of the entry)."""

    def __init__(self) -> None:
        super().__init__()
        self.lists: list[list[tuple[str, str]]] = []
        self._depth = 0  # nesting inside the current list
        self._item: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if self._depth == 0 and any(t == tag and c in classes for t, c in LIST_TAGS):
            self._depth = 1
            self.lists.append([])
            return
        if self._depth:
            if tag in ("ul", "ol", "table"):
                self._depth += 1
            elif tag in ITEM_TAGS and self._depth == 1:
                self._item = ["", ""]
            elif tag == "a" and self._item is not None and not self._item[1]:
                self._item[1] = a.get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if not self._depth:
            return
        if tag in ITEM_TAGS and self._item is not None and self._depth == 1:
            if self._item[1]:
                self.lists[-1].append((" ".join(self._item[0].split()), self._item[1]))
            self._item = None
        elif tag in ("ul", "ol", "table"):
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._item is not None:
            self._item[0] += data


def look_alikes(html: str) -> list[tuple[str, list[str]]]:
    """Entries of one list that read the same but lead to different places."""
    parser = _Lists()
    parser.feed(html)
    found = []
    for entries in parser.lists:
        by_text: dict[str, set[str]] = {}
        for text, href in entries:
            by_text.setdefault(text, set()).add(href)
        found += [(text, sorted(hrefs)) for text, hrefs in by_text.items() if len(hrefs) > 1]
    return found


def test_two_things_of_one_name_in_one_list_are_told_apart(site: Server) -> None:
    for path in (
        "/page/school/092088-kinu-ces",  # cites 「5. これまでの成果と課題…」 of 絹 and the city
        "/page/stage/092088-1",  # 「2. これまでのあゆみ」 of the city and of 乙女
        "/page/stage/092088-1?lang=en",
        "/class/SourceSection",
        "/search?q=ねらい",  # three sections 「ねらい」, a class and a property
        "/search?q=形態・施設",
        "/ontology",
    ):
        r = requests.get(site.base + path, headers={"Accept": "text/html"}, timeout=30)
        assert r.status_code in (200, 404)
        assert look_alikes(r.text) == [], path
    aims = page(site, "/search?q=ねらい")
    qualifiers = re.findall(r'<span class="qualifier">（([^<]*)）</span>', aims)
    assert "【小山市】乙女中学校区【併設型小学校・中学校】" in qualifiers
    assert any("絹義務教育学校" in q for q in qualifiers)
    assert any("豊田中学校区" in q for q in qualifiers)


SCHOOL_ROW = re.compile(r"<tr><td class=\"num\">\d+</td>(.*?)</tr>", re.S)


def cells(row: str) -> list[str]:
    parts = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", p).split()) for p in parts]


def test_the_schools_are_a_table_of_district_kind_status_and_code(site: Server) -> None:
    html = page(site, "/class/School")
    headers = re.search(r'<table class="listing">\s*<thead><tr>(.*?)</tr>', html, re.S)
    assert headers is not None, "the schools are a table"
    assert cells(headers.group(1)) == [
        "#",
        "名称",
        "中学校区",
        "種別",
        "状況",
        "学校コード",
        "識別子",
    ]
    rows = {r[0]: r for r in (cells(row) for row in SCHOOL_ROW.findall(html))}
    assert len(rows) == 12  # the schools the source names
    assert rows["福良小学校"][1:5] == ["絹中学校区", "小学校", "閉校", "–"]
    assert rows["絹義務教育学校"][1:5] == ["絹中学校区", "義務教育学校", "開校中", "C209210000017"]
    assert rows["乙女中学校"][1:5] == ["乙女中学校区", "中学校", "開校中", "C109210000731"]
    assert all(r[1] != "–" and r[2] != "–" and r[3] != "–" for r in rows.values())
    english = page(site, "/class/School?lang=en")
    assert '<th scope="col">Kind</th>' in english and ">Elementary school<" in english
    # Other classes are tables too, of name and identifier.
    sections = page(site, "/class/SourceSection")
    assert '<table class="listing">' in sections and '<th scope="col">種別</th>' not in sections
