"""Reading the query page's HTML in tests: the result table, links, the problem box.

A small parser over the standard library's HTMLParser, so tests assert on what a reader sees
(cell text, link targets, hover titles) rather than on markup details.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Cell:
    text: str = ""
    href: str | None = None
    title: str | None = None
    lang: str | None = None


@dataclass
class Page:
    headers: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, text)
    problem: str = ""
    count: str = ""

    def column(self, name: str) -> list[str]:
        index = self.headers.index("?" + name)
        return [row[index].text for row in self.rows]

    def cells(self, name: str) -> list[Cell]:
        index = self.headers.index("?" + name)
        return [row[index] for row in self.rows]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.page = Page()
        self._in_table = False
        self._in_th = False
        self._cell: Cell | None = None
        self._link: list[str] | None = None
        self._problem_depth = 0
        self._in_count = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "table" and "qp-table" in classes:
            self._in_table = True
        elif self._in_table and tag == "th":
            self._in_th = True
            self.page.headers.append("")
        elif self._in_table and tag == "tr" and self.page.headers:
            self.page.rows.append([])
        elif self._in_table and tag == "td":
            self._cell = Cell()
            self.page.rows[-1].append(self._cell)
        if self._cell is not None and tag in ("a", "span") and a.get("title"):
            self._cell.title = a.get("title")
            self._cell.lang = a.get("lang")
            if tag == "a":
                self._cell.href = a.get("href")
        if tag == "a" and a.get("href"):
            self._link = [a["href"] or "", ""]
        if tag == "div" and "qp-problem" in classes:
            self._problem_depth = 1
        elif self._problem_depth and tag == "div":
            self._problem_depth += 1
        if tag == "strong" and "qp-count" in classes:
            self._in_count = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_table = False
        elif tag == "th":
            self._in_th = False
        elif tag == "td":
            self._cell = None
        elif tag == "a" and self._link is not None:
            self.page.links.append((self._link[0], self._link[1].strip()))
            self._link = None
        elif tag == "div" and self._problem_depth:
            self._problem_depth -= 1
        elif tag == "strong":
            self._in_count = False

    def handle_data(self, data: str) -> None:
        if self._in_th:
            self.page.headers[-1] += data.strip()
        elif self._cell is not None:
            self._cell.text += data.strip()
        if self._link is not None:
            self._link[1] += data
        if self._problem_depth:
            self.page.problem += data
        if self._in_count:
            self.page.count += data.strip()


def read_page(html: str) -> Page:
    parser = _Parser()
    parser.feed(html)
    page = parser.page
    # Drop the row-number column.
    if page.headers and page.headers[0] == "#":
        page.headers = page.headers[1:]
        page.rows = [row[1:] for row in page.rows]
    return page
