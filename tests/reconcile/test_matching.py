"""Matching on the fixture graph: the names people write find the school, and match is true only
when one school is certain.

The service is the real one (the graph read through a store's query process, the index built
from it); the schools are the sample rows of MEXT's list, the curated schools of 小山市, and the
invented テスト rows of ``conftest.py``.
"""

from __future__ import annotations

from typing import Any

import pytest

from ikkan.reconcile import Service
from ikkan.reconcile.answers import answer_batch
from ikkan.reconcile.matching import Candidate
from ikkan.reconcile.query import ReconcileError, parse_query

from .conftest import CHAIN

OTOME_ES = "school/092088-otome-es"
OTOME_JHS = "school/092088-otome-jhs"
AJITO_ES = "school/092088-ajito-es"
OYAMA = "municipality/092088"
TEST_FIRST = "school/b109299900112"
TEST_FIRST_JHS = "school/c109299900110"
CENTRAL = {
    "oyama": "school/b109299900318",
    "otawara": "school/b109299900416",
    "sapporo": "school/b101299900110",
}


def ask(service: Service, query: str = "", **extra: Any) -> list[Candidate]:
    body: dict[str, Any] = {"query": query} if query else {}
    properties = extra.pop("properties", None)
    if properties:
        body["properties"] = [{"pid": pid, "v": v} for pid, v in properties.items()]
    body.update(extra)
    return service.match(parse_query("q0", body))


def matched(service: Service, query: str = "", **extra: Any) -> str | None:
    found = [c.entity.id for c in ask(service, query, **extra) if c.match]
    assert len(found) <= 1
    return found[0] if found else None


def top(service: Service, query: str = "", **extra: Any) -> str:
    return ask(service, query, **extra)[0].entity.id


@pytest.mark.parametrize(
    "written",
    [
        "小山市立乙女小学校",
        "乙女小学校",
        "乙女小",
        "乙女小学校（小山市）",
        "乙女小学校(小山市)",
        "栃木県小山市立乙女小学校",
        "小山市乙女小学校",
        "小山市 乙女小学校",
        "乙女　小学校",
        "ｵﾄﾒ小学校".replace("ｵﾄﾒ", "乙女"),
        "乙女小学",
    ],
)
def test_the_ways_people_write_a_school_find_it(service: Service, written: str) -> None:
    assert matched(service, written) == OTOME_ES


@pytest.mark.parametrize(
    ("written", "expected", "level"),
    [
        ("テスト第一小学校", TEST_FIRST, "exact"),
        ("テスト第1小学校", TEST_FIRST, "exact"),
        ("テスト第１小", TEST_FIRST, "exact"),
        ("テスト一小", TEST_FIRST, "exact"),
        ("テスト第1中", TEST_FIRST_JHS, "exact"),
        ("テスト国学小学校", "school/b109299900210", "variant"),  # the list writes 國學
        ("テスト緑が丘小", "school/b109299900513", "variant"),  # the list writes 緑ヶ丘
        ("テスト緑ケ丘小学校", "school/b109299900513", "variant"),
        ("テスト学園", "school/c209299900119", "exact"),  # テスト学園義務教育学校
        ("金丸小学校北金丸分校", "school/b109210001901", "exact"),
        ("上陽北?学園", "school/c240221000015", "exact"),  # the list's literal ?
    ],
)
def test_numerals_old_kanji_and_other_forms(
    service: Service, written: str, expected: str, level: str
) -> None:
    best = ask(service, written)[0]
    assert (best.entity.id, best.level, best.match) == (expected, level, True)
    assert best.features["name_exact"] is (level == "exact")
    assert best.features["name_variant"] is (level == "variant")


def test_a_name_in_three_municipalities_is_no_match_until_the_municipality_is_given(
    service: Service,
) -> None:
    found = ask(service, "テスト中央小")
    assert {c.entity.id for c in found} == set(CENTRAL.values())
    assert not any(c.match for c in found)
    assert all(c.features["namesakes"] == 2 for c in found)
    for municipality in ("小山市", "小山", "092088", "09208", 92088, {"id": OYAMA}, "栃木県小山市"):
        assert (
            matched(service, "テスト中央小", properties={"locatedIn": municipality})
            == (CENTRAL["oyama"])
        ), municipality
    assert matched(service, "テスト中央小（大田原市）") == CENTRAL["otawara"]
    assert matched(service, "大田原市立テスト中央小学校") == CENTRAL["otawara"]
    # a designated city's ward, or the city itself
    for place in ("札幌市中央区", "中央区", "札幌市", "011011"):
        assert (
            matched(service, "テスト中央小", properties={"locatedIn": place})
            == (CENTRAL["sapporo"])
        ), place
    assert (
        matched(service, "テスト中央小", properties={"inPrefecture": "北海道"})
        == (CENTRAL["sapporo"])
    )
    assert matched(service, "テスト中央小", properties={"inPrefecture": "栃木県"}) is None


def test_the_candidates_say_why(service: Service) -> None:
    found = ask(service, "テスト中央小", properties={"locatedIn": "小山市"})
    best, other = found[0], found[1]
    assert best.entity.id == CENTRAL["oyama"] and best.match
    assert best.features["municipality_match"] is True and best.score == 100.0
    assert other.features["municipality_match"] is False and other.score < 50
    assert not other.match


def test_the_kind_comes_from_the_name_the_type_or_a_property(service: Service) -> None:
    assert {c.entity.id for c in ask(service, "乙女")} >= {OTOME_ES, OTOME_JHS}
    assert matched(service, "乙女") is None  # 乙女小 or 乙女中?
    assert matched(service, "乙女", type="ElementarySchool") == OTOME_ES
    assert matched(service, "乙女", type="ikkan:JuniorHighSchool") == OTOME_JHS
    assert matched(service, "乙女", properties={"schoolKind": "中学校"}) == OTOME_JHS
    assert matched(service, "乙女", properties={"schoolKind": "C1"}) == OTOME_JHS
    assert matched(service, "乙女中") == OTOME_JHS
    # The name says 中, the type 小学校: no certainty, and the score says so.
    found = ask(service, "乙女中", type="ElementarySchool")
    assert not any(c.match for c in found)
    assert found[0].features.get("type_match") is False or found[0].score < 100


def test_a_closed_school_is_a_candidate_with_its_successor_offered(service: Service) -> None:
    found = ask(service, "網戸小")
    assert [c.entity.id for c in found[:2]] == [AJITO_ES, OTOME_ES]
    closed, successor = found[0], found[1]
    assert closed.match and closed.features["open"] is False
    assert successor.level == "successor" and not successor.match
    assert successor.features["successor_of_candidate"] is True
    assert successor.successor_of == AJITO_ES
    # A chain: the school it ends in is offered, A → B → C.
    found = ask(service, "テスト旧一小")
    assert found[0].entity.id == "school/" + CHAIN[0].lower() and found[0].match
    assert found[1].entity.id == "school/" + CHAIN[2].lower()
    # Asking for open schools only: the closed one disagrees.
    assert matched(service, "網戸小", properties={"listStatus": "本校"}) is None
    assert matched(service, "網戸小", properties={"listStatus": "廃止"}) == AJITO_ES


def test_postal_code_and_code_queries(service: Service) -> None:
    best = ask(service, "テスト中央小", properties={"postalCode": "〒323-9003"})[0]
    assert best.entity.id == CENTRAL["oyama"] and best.features["postal_code_match"] is True
    assert matched(service, "B109210001590") == OTOME_ES
    assert matched(service, "b109210001590") == OTOME_ES
    assert matched(service, properties={"code": "C109210000731"}) == OTOME_JHS
    assert matched(service, OTOME_ES) == OTOME_ES  # an id
    assert matched(service, "https://w3id.org/ikkan/id/" + OTOME_ES) == OTOME_ES  # an IRI


def test_places(service: Service) -> None:
    for written in ("小山市", "おやまし", "栃木県小山市", "092088", "09208"):
        assert matched(service, written, type="Municipality") == OYAMA, written
    assert matched(service, "栃木県", type="Prefecture") == "prefecture/090000"
    assert matched(service, "栃木", type="Prefecture") == "prefecture/090000"
    assert matched(service, "Tochigi", type="Prefecture") == "prefecture/090000"
    # 南区 is a ward of 横浜市 and of 相模原市
    wards = ask(service, "南区", type="Municipality")
    assert {c.entity.id for c in wards} == {"ward/141054", "ward/141534"}
    assert not any(c.match for c in wards)
    assert matched(service, "相模原市南区", type="Municipality") == "ward/141534"
    # a school type never gets a municipality, and a municipality type never a school
    assert all(c.entity.kind == "school" for c in ask(service, "小山市", type="ElementarySchool"))
    assert all(c.entity.kind != "school" for c in ask(service, "乙女小", type="Municipality"))


def test_a_name_that_only_resembles_one_is_never_a_match(service: Service) -> None:
    found = ask(service, "乙女東小学校")
    assert found and found[0].entity.id == OTOME_ES
    assert found[0].level == "fuzzy" and not found[0].match
    assert 0.5 < found[0].features["name_similarity"] < 1
    assert ask(service, "まったく関係のない名前") == []


def test_an_unknown_place_given_is_no_match(service: Service) -> None:
    found = ask(service, "乙女小", properties={"locatedIn": "存在しない市"})
    assert found[0].entity.id == OTOME_ES and not found[0].match
    assert found[0].features["place_unknown"] is True


def test_limit(service: Service) -> None:
    assert len(ask(service, "テスト中央小", limit=1)) == 1


def test_a_batch_past_its_time_limit_is_refused_whole(service: Service) -> None:
    queries = [parse_query(f"q{i}", {"query": "乙女小"}) for i in range(3)]
    with pytest.raises(ReconcileError) as refused:
        answer_batch(service.index, service.matcher, queries, time_limit=1e-9)
    assert refused.value.status == 503
    assert "ran past its time limit" in str(refused.value)
    assert "send smaller batches" in str(refused.value)
    answered = answer_batch(service.index, service.matcher, queries, time_limit=10)
    assert list(answered) == ["q0", "q1", "q2"]


def test_short_forms_of_compulsory_schools_and_places(service: Service) -> None:
    # 八坂小中 is how a table writes 大町市立八坂小中学校 (a 義務教育学校).
    yasaka = "school/c220221200026"
    best = ask(service, "八坂小中")[0]
    assert (best.entity.id, best.level, best.match) == (yasaka, "exact", True)
    assert matched(service, "八坂小中", type="CompulsoryEducationSchool") == yasaka
    # 栃木 in a municipality column is 栃木市, though the prefecture is also called 栃木.
    yume = "school/c109210001571"  # 栃木県立とちぎ学びの夢学園, in 栃木市
    found = ask(service, "とちぎ学びの夢学園", properties={"locatedIn": "栃木"})
    assert found[0].entity.id == yume and found[0].match
    assert found[0].features["municipality_match"] is True
    assert "place_unknown" not in found[0].features


def test_a_name_that_resembles_schools_of_two_kinds_ranks_the_kind_it_says_first(
    service: Service,
) -> None:
    # No テスト第一東 school: テスト第一小学校 and テスト第一中学校 resemble it alike, but the
    # name's ending says which kind is meant.
    for written, expected in (("テスト第一東小", TEST_FIRST), ("テスト第一東中", TEST_FIRST_JHS)):
        found = ask(service, written)
        assert found[0].entity.id == expected and found[0].level == "fuzzy", written
        assert not found[0].match
        assert found[0].score > found[1].score, written
