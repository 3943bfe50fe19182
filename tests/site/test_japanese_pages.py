"""A Japanese page speaks Japanese: no English words in its own text, on every kind of page.

The page's own text is what inherits the page's language: data shown with its language tag
(``lang="en"`` names, ``lang="ja"`` passages) or as a literal without one (``class="literal"``:
a code, a hash, a name whose language the data does not say), code (IRIs, compact names, file
names, SPARQL), what the reader typed, and the results of a researcher's query are not the
page's words and are left out. What is left
may hold the names of standards and tools (SPARQL, JSON-LD, schema.org …) but no English word:
no English gallery tags, no "TriG (with named graphs)", no ``xsd:gYearMonth`` badge.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pyoxigraph as ox
import pytest
import requests

from ..page_kinds import SITE_PAGES, entity_pages
from ..support import Server

# Names of standards, formats, tools and protocol words, kept as they are in Japanese text.
_NAMES = """
    SPARQL Update Results Protocol SELECT ASK CONSTRUCT DESCRIBE SERVICE POST GET Accept URL
    URI IRI RDF XML JSON JSON-LD Turtle N-Triples N-Quads TriG CSV TSV HTML HTTP VoID DCAT PROV
    PROV-O ORG OWL-Time SKOS Data Cube YASGUI Comunica curl gzip git ikkan MIT CC BY ISO JIS
    SHA Wikidata NRT Q-U PDCA KB Dublin Core GeoSPARQL
"""
PROPER_NAMES = frozenset(_NAMES.split())
SKIPPED_ELEMENTS = {"script", "style", "code", "pre", "kbd", "samp", "textarea", "title"}
SKIPPED_CLASSES = {"literal", "qp-table", "qp-chart"}  # data; a researcher's own results
# Tokens that are not words: URLs, paths, compact IRIs, file names, query variables.
NOT_WORDS = re.compile(r"\S*://\S*|\S*/\S*|\b[\w-]+:[\w-]+|\b[\w-]+\.[\w.-]+|\?\w+|\S*=\S*")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]")
VOID_ELEMENTS = {"br", "img", "input", "link", "meta", "hr", "wbr", "source", "col", "area"}


class _PageText(HTMLParser):
    """The English words in the text that inherits the page's language."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []  # (tag, whether its text is skipped)
        self.words: dict[str, str] = {}  # word -> where

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_ELEMENTS:
            return
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        skipped = (
            tag in SKIPPED_ELEMENTS
            or (tag != "html" and "lang" in a)
            or not SKIPPED_CLASSES.isdisjoint(classes)
        )
        self.stack.append((tag, skipped))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if any(skipped for _, skipped in self.stack):
            return
        for word in WORD.findall(NOT_WORDS.sub(" ", data)):
            if len(word) > 2 and word not in PROPER_NAMES:
                where = " > ".join(tag for tag, _ in self.stack[-3:])
                self.words.setdefault(word, f"{where}: {data.strip()[:80]}")


def english_words(html: str) -> dict[str, str]:
    parser = _PageText()
    parser.feed(html)
    return parser.words


@pytest.fixture(scope="module")
def every_page(store: ox.Store) -> list[str]:
    return [*SITE_PAGES, *entity_pages(store)]


def test_japanese_pages_have_no_english_words(site: Server, every_page: list[str]) -> None:
    found = {}
    for path in every_page:
        r = requests.get(site.base + path, headers={"Accept": "text/html"}, timeout=30)
        assert r.status_code in (200, 404) and r.headers["Content-Type"].startswith("text/html")
        assert '<html lang="ja">' in r.text, path
        words = english_words(r.text)
        if words:
            found[path] = words
    assert found == {}


def test_badges_and_tags_are_in_words(site: Server) -> None:
    kinu = requests.get(site.base + "/page/school/092088-kinu-ces", timeout=30).text
    committees = requests.get(site.base + "/page/initiative/092088-kinu-committees", timeout=30)
    assert (
        ">年月</span>" in kinu and ">ローマ字</span>" in kinu and ">整数</span>" in committees.text
    )
    assert 'title="データ型: xsd:gYearMonth"' in kinu  # the exact datatype on hover
    assert not re.search(r'<span class="tag"[^>]*>xsd:', kinu + committees.text)
    en = requests.get(site.base + "/page/school/092088-kinu-ces?lang=en", timeout=30).text
    committees_en = requests.get(
        site.base + "/page/initiative/092088-kinu-committees?lang=en", timeout=30
    ).text
    assert ">year-month</span>" in en and ">romanised</span>" in en
    assert ">integer</span>" in committees_en
    grade = requests.get(site.base + "/page/grade/7", timeout=30).text
    assert ">いいえ</span>" in grade and ">真偽値</span>" in grade
    downloads = requests.get(site.base + "/downloads", timeout=30).text
    assert "TriG（名前付きグラフ付き）" in downloads and "N-Triples（gzip 圧縮）" in downloads
    assert "with named graphs" not in downloads
    gallery = requests.get(site.base + "/query", timeout=30).text
    tags = re.findall(r'<ul class="qp-tags"[^>]*>(.*?)</ul>', gallery, re.S)
    assert "<li>統計</li>" in "".join(tags) and "<li>statistics</li>" not in "".join(tags)
    gallery_en = requests.get(site.base + "/query?lang=en", timeout=30).text
    assert "<li>statistics</li>" in gallery_en
