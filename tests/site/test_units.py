"""The site's small pure pieces: chart scale and geometry, quote marking, search text, dates, paths,
negotiation of documents, the page cache."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from werkzeug.exceptions import BadRequest

from ikkan.site.charts import Column, column_chart, scale
from ikkan.site.links import data_path, document_key, iri_of_document, page_path
from ikkan.site.provenance import mark
from ikkan.site.search import _match, normalise
from ikkan.site.search_text import label_pattern, search_key
from ikkan.site.timeline import format_date
from ikkan.sparql import conneg
from ikkan.store.base import NotAcceptable
from ikkan.web.paths import checked_key
from ikkan.web.state import CachedResponse, PageCache

BASE = "https://w3id.org/ikkan/"


def test_the_scale_has_round_ends_and_ticks_at_their_true_values() -> None:
    assert [scale(0, v).ticks for v in (0, 7, 37, 50, 92)] == [
        [0, 1],
        [0, 2, 4, 6, 8],
        [0, 10, 20, 30, 40],
        [0, 10, 20, 30, 40, 50],
        [0, 20, 40, 60, 80, 100],
    ]
    assert scale(0, 692).ticks == [0, 200, 400, 600, 800]
    assert scale(-5, 10).ticks == [-5, 0, 5, 10]
    assert scale(0, 0.3).ticks == [0, 0.1, 0.2, 0.3]  # no binary noise (0.30000000000000004)
    axis = scale(0, 92)
    assert axis.fraction(50) == 0.5 and axis.fraction(100) == 1


def test_columns_share_a_given_top_and_stand_on_the_baseline() -> None:
    chart = column_chart("t", "d", [Column("1", 50), Column("2", 100)])
    first, second = chart.columns
    assert second.height == 2 * first.height
    assert second.y + second.height == chart.baseline
    assert [tick.text for tick in chart.ticks] == ["0", "20", "40", "60", "80", "100"]
    shared = column_chart("t", "d", [Column("1", 35), Column("2", 37)], top=92)
    assert shared.ticks[-1].text == "100"  # the scale of the charts it is compared with
    assert shared.columns[0].height == pytest.approx(first.height * 35 / 50)


def test_quotes_are_marked_across_lines() -> None:
    lines, found = mark("一行目\n乙女小学校 小山市乙女1954\n三行目", ["小山市乙女1954", "ない"], 10)
    assert found == ["小山市乙女1954"]
    assert [line.number for line in lines] == [10, 11, 12]
    assert [(s.text, s.marked) for s in lines[1].segments] == [
        ("乙女小学校 ", False),
        ("小山市乙女1954", True),
    ]
    spanning, _ = mark("ab\ncd", ["b\nc"], 1)
    assert spanning[0].segments[-1].marked and spanning[1].segments[0].marked


def test_search_text() -> None:
    assert normalise("  ＯＴＯＭＥ　中 ") == "OTOME 中"
    assert normalise("ｵﾄﾒ") == "オトメ"
    assert _match("Otome Chūgakkō", search_key("otome chugakko")) == "exact"
    assert _match("乙女中学校", "乙女") == "prefix"
    assert _match("小山市立乙女中学校", "乙女") == "contains"
    assert _match("豊田中学校", "乙女") is None


SAME_TO_SEARCH = (
    (
        "yuki tsumugi",
        "yuki-tsumugi",
        "Yūki-tsumugi",
        "YUKI TSUMUGI",
        "ＹＵＫＩ　ＴＳＵＭＵＧＩ",
        "yukitsumugi",
        "Yuki_tsumugi",
        "yûki–tsumugi",
    ),
    ("結城紬", "結城 紬", "結城・紬", "結城　紬"),
    ("Ōyama-shi", "oyama shi", "OYAMA-SHI", "ōyama shi"),
    ("ガッコウ", "ｶﾞｯｺｳ", "ガッコウ"),  # half-width kana, and a kana with its mark apart
    ("2018年", "２０１８年"),
)


def test_spaces_hyphens_macrons_and_widths_are_the_same_to_search() -> None:
    for spellings in SAME_TO_SEARCH:
        keys = {search_key(s) for s in spellings}
        assert len(keys) == 1, (spellings, keys)
    assert search_key("ガ") != search_key("カ")  # a dakuten makes another kana
    assert search_key(" - ・ ") == ""


def test_the_label_pattern_finds_every_spelling() -> None:
    for spellings in SAME_TO_SEARCH:
        for query in spellings:
            pattern = re.compile(label_pattern(search_key(query)), re.I)
            for label in spellings:
                assert pattern.search(f"本場 {label} の学習"), (query, label, pattern.pattern)
    assert not re.search(label_pattern(search_key("yuki")), "yoki")
    assert label_pattern("a.b*").startswith("[") and "\\." in label_pattern(".")


def test_dates() -> None:
    assert format_date("2017-04", "ja") == "2017年4月"
    assert format_date("2017-02-19", "en") == "19 February 2017"
    assert format_date("2017", "en") == "2017"
    assert format_date("not-a-date", "ja") == "not-a-date"


def test_document_paths_round_trip() -> None:
    for iri in (BASE + "id/school/092088-otome-es", BASE + "graph/oyama"):
        key = document_key(iri, BASE)
        assert key is not None and iri_of_document(key, BASE) == iri
    assert page_path(BASE + "graph/oyama", BASE) == "/page/_graph/oyama"
    assert data_path(BASE + "id/grade/7", BASE, "ttl") == "/data/grade/7.ttl"
    assert page_path("http://www.wikidata.org/entity/Q44843", BASE) is None


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "html"),
        ("*/*", "html"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
        ("text/turtle", "turtle"),
        ("application/ld+json", "jsonld"),
        ("application/json", "jsonld"),
        ("application/rdf+xml, text/html;q=0.5", "rdfxml"),
        ("application/n-triples", "ntriples"),
    ],
)
def test_documents_negotiate(accept: str | None, expected: str) -> None:
    assert conneg.negotiate(conneg.DOCUMENT, accept).name == expected


def test_documents_refuse_what_they_cannot_give() -> None:
    with pytest.raises(NotAcceptable):
        conneg.negotiate(conneg.DOCUMENT, "image/png")
    assert conneg.by_suffix(conneg.GRAPH, "rdf") is conneg.RDFXML
    assert conneg.by_suffix(conneg.GRAPH, "html") is None


@pytest.mark.parametrize(
    "key", ["..", "a/../b", ".hidden", "a//b", "a/", "a b", "é", "a\x00", "x" * 600, "a%2Fb"]
)
def test_odd_keys_are_refused(key: str) -> None:
    app = Flask("t")
    with app.test_request_context("/id/x"), pytest.raises(BadRequest):
        checked_key(key)


def test_good_keys_pass() -> None:
    app = Flask("t")
    with app.test_request_context("/id/school/092088-otome-es"):
        assert checked_key("school/092088-otome-es") == "school/092088-otome-es"
        assert checked_key("_graph/oyama") == "_graph/oyama"
    with app.test_request_context("/id/a%2Fb"), pytest.raises(BadRequest):
        checked_key("a/b")


def test_page_cache_is_bounded() -> None:
    cache = PageCache(size=2)
    for key in "abc":
        cache.put(key, CachedResponse(key.encode(), 200, ()))
    assert cache.get("a") is None and cache.get("c") is not None
