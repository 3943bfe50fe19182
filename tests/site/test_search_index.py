"""The text index finds exactly what the rule of search_text says, by name, reading and code.

A small graph is written into an in-memory store, indexed into a file, and asked: one- and
two-character queries (which a trigram index alone cannot answer), spellings that differ only by
width, case, marks and separators, kana readings, codes, and a school's postal code and listed
name, which are on its registry record. The index's answer is compared with the same question
asked of the store as a scan.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from ikkan.namespaces import IKKAN, RDFS
from ikkan.site.search_index import candidates, entries, write_index
from ikkan.site.search_text import search_key

E = "https://w3id.org/ikkan/id/"


def _literal(text: str, lang: str = "") -> ox.Literal:
    return ox.Literal(text, language=lang) if lang else ox.Literal(text)


FACTS = [
    (E + "school/kinu", RDFS.label, _literal("絹義務教育学校", "ja")),
    (E + "school/kinu", RDFS.label, _literal("Kinu Compulsory Education School", "en")),
    (E + "school/otome", RDFS.label, _literal("乙女小学校", "ja")),
    (E + "school/otome", RDFS.label, _literal("Otome Shōgakkō", "ja-Latn")),
    (E + "school/otome", IKKAN.schoolCode, _literal("B109210001590")),
    (E + "municipality/092088", RDFS.label, _literal("小山市", "ja")),
    (E + "municipality/092088", IKKAN.kanaReading, _literal("おやまし", "ja-Hira")),
    (E + "municipality/092088", IKKAN.localGovernmentCode, _literal("092088")),
    (E + "heritage/tsumugi", RDFS.label, _literal("本場結城紬", "ja")),
    (E + "heritage/tsumugi", RDFS.label, _literal("Honba Yūki-tsumugi", "en")),
    (E + "record/otome", IKKAN.recordOf, ox.NamedNode(E + "school/otome")),
    (E + "record/otome", IKKAN.postalCodeInRecord, _literal("323-0812")),
    (E + "record/otome", IKKAN.nameInRecord, _literal("小山市立乙女小学校")),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = ox.Store()
    graph = ox.NamedNode("https://w3id.org/ikkan/graph/test")
    for s, p, o in FACTS:
        store.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, graph))
    path = tmp_path_factory.mktemp("index") / "search.sqlite"
    # every fact is one name, but the record's link to its school
    assert write_index(store, path) == len(FACTS) - 1
    return path


def found(index: Path, query: str) -> set[str]:
    return {entry.iri.removeprefix(E) for entry in candidates(index, search_key(query))}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("絹", {"school/kinu"}),  # one character
        ("乙女", {"school/otome"}),  # two characters, in a label and in the listed name
        ("市", {"municipality/092088", "school/otome"}),  # 小山市, 小山市立…
        ("yuki tsumugi", {"heritage/tsumugi"}),
        ("YŪKI-TSUMUGI", {"heritage/tsumugi"}),
        ("ｙｕｋｉ　ｔｓｕｍｕｇｉ", {"heritage/tsumugi"}),  # full-width
        ("shogakko", {"school/otome"}),
        ("おやま", {"municipality/092088"}),  # a kana reading
        ("092088", {"municipality/092088"}),  # a 団体コード
        ("B109210001590", {"school/otome"}),  # a 学校コード
        ("b10921", {"school/otome"}),
        ("323-0812", {"school/otome"}),  # a postal code, from the registry record
        ("3230812", {"school/otome"}),
        ("compulsory", {"school/kinu"}),
        ("no such name", set()),
        ("z", set()),
    ],
)
def test_the_index_finds_names_readings_and_codes(
    index: Path, query: str, expected: set[str]
) -> None:
    assert found(index, query) == expected


def test_records_are_indexed_under_the_school_they_record(index: Path) -> None:
    assert all("record/" not in entry.iri for entry in candidates(index, search_key("乙女")))


def test_the_index_answers_exactly_what_reading_every_name_would(index: Path) -> None:
    store = ox.Store()
    for s, p, o in FACTS:
        store.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, ox.DefaultGraph()))
    names = list(entries(store))
    for query in ("絹", "乙女", "学校", "小", "tsumugi", "kinu", "小山", "0812", "ga"):
        key = search_key(query)
        read = {(e.iri, e.text) for e in names if key in e.key}
        assert read, query
        assert {(e.iri, e.text) for e in candidates(index, key)} == read, query


def test_a_rebuilt_index_replaces_the_old_one_whole(tmp_path: Path) -> None:
    store = ox.Store()
    store.add(
        ox.Quad(ox.NamedNode(E + "x"), ox.NamedNode(RDFS.label), _literal("一"), ox.DefaultGraph())
    )
    path = tmp_path / "search.sqlite"
    write_index(store, path)
    store.add(
        ox.Quad(ox.NamedNode(E + "y"), ox.NamedNode(RDFS.label), _literal("二"), ox.DefaultGraph())
    )
    write_index(store, path)
    assert {e.iri for e in candidates(path, "二")} == {E + "y"}
    assert not list(tmp_path.glob("*.new"))
