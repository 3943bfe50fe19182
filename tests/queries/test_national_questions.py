"""The research questions on the national layer answer what the list files say.

The questions tagged ``national`` ask of the national layer (the MEXT school-code list, the
local-government list and their links). Each is run on a real build of the sample lists of
``tests/national/fixtures`` plus a few rows this module invents (test rows named テスト…: a chain
of successors A → B → C, and two schools closed on one date into a 義務教育学校, which the real
rows of the sample lack), and its answer is compared with the figures
:mod:`tests.queries.national_expected` counts from those same CSV files. The same check runs on
the curated-only build, whose list entries are the seed's eight (``data/oyama/later-sources.ttl``):
there each question answers for those, or nothing (no branch school). Both engines give the
same rows.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from ikkan.builder.pipeline import run_build
from ikkan.national.checkdigits import school_code_check_digit
from ikkan.national.mext.codes import FOUNDERS, KINDS, STATUSES
from ikkan.research_questions import load_examples
from ikkan.settings import Settings, load_settings

from ..national.sample import FIXTURES, sample_sources
from .national_expected import (
    KIND_LABELS,
    STATUS_LABELS,
    Expected,
    curated_entries,
    curated_facts,
    list_rows,
    read_municipalities,
    read_wikidata,
)
from .test_research_questions import Row, _comparable, ja, run, run_rdflib

PROJECT = Path(__file__).resolve().parents[2]
QUERIES = load_examples(PROJECT / "queries")
NATIONAL = sorted(name for name, q in QUERIES.items() if "national" in q.tags)
PREFECTURES = FIXTURES / "prefjp-sample.csv"
MUNICIPALITIES = FIXTURES / "localgovjp-sample.csv"
WIKIDATA = FIXTURES / "municipality-wikidata-sample.csv"

pytestmark = [
    pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]


# ---------------------------------------------------------------------------------------------
# Invented rows and the build of the sample lists with them
# ---------------------------------------------------------------------------------------------


def _code(kind: str, number: int) -> str:
    head = f"{kind}092{number:07d}"  # 栃木 (09), public (2)
    return head + str(school_code_check_digit(head + "0"))


CES, FIRST, SECOND, THIRD = (
    _code("C2", 9999001),
    *(_code("B1", n) for n in (9999002, 9999003, 9999004)),
)
ADDRESS = "栃木県大田原市テスト町１"


def _row(code: str, name: str, status: str, abolished: str = "", successor: str = "") -> list[str]:
    kind, founder, state = KINDS[code[:2]], FOUNDERS[code[4]], STATUSES[status]
    return [
        code, name, kind.code, kind.source_labels[0], kind.ja, kind.en, "09", "栃木",
        founder.code, founder.source_label, founder.ja, founder.en, state.code,
        state.source_label, state.ja, state.en, ADDRESS, "3240000", "2020-12-22", abolished,
        "", successor, "test.csv",
    ]  # fmt: skip


# テスト第一小 → テスト第二小 → テスト義務教育学校 (a chain of two steps); テスト第二小 and
# テスト第三小 both closed on 2024-05-01 into テスト義務教育学校 (a merger event).
TEST_ROWS = [
    _row(CES, "テスト義務教育学校", "1"),
    _row(FIRST, "テスト第一小学校", "9", "2022-05-01", SECOND),
    _row(SECOND, "テスト第二小学校", "9", "2024-05-01", CES),
    _row(THIRD, "テスト第三小学校", "9", "2024-05-01", CES),
]


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Path]:
    """A full build of the sample lists with the test rows added to the schools file."""
    out = tmp_path_factory.mktemp("ikkan-national-questions")
    folder, records = sample_sources(out / "sources")
    schools = folder / "mext-school-codes" / "schools-sample.csv"
    before = hashlib.sha256(schools.read_bytes()).hexdigest()
    with schools.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(TEST_ROWS)
    after = hashlib.sha256(schools.read_bytes()).hexdigest()
    text = records.read_text(encoding="utf-8")
    assert before in text
    records.write_text(text.replace(before, after), encoding="utf-8")
    settings = load_settings(
        {
            "project_dir": str(PROJECT),
            "build_dir": str(out / "build"),
            "dist_dir": str(out / "dist"),
            "sources_dir": str(folder),
            "sources_records": str(records),
        },
        environ={},
    )
    assert run_build(settings, quiet=True) == 0, "the sample lists and test rows must build"
    return settings, schools


@pytest.fixture(scope="module")
def sample_store(sample_build: tuple[Settings, Path]) -> Iterator[ox.Store]:
    yield ox.Store.read_only(str(sample_build[0].store_path))


@pytest.fixture(scope="module")
def sample_dataset(sample_build: tuple[Settings, Path]) -> rdflib.Dataset:
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(sample_build[0].dist_path / "ikkan.trig", format="trig")
    return dataset


@pytest.fixture(scope="module")
def sample_expected(sample_build: tuple[Settings, Path]) -> Expected:
    return Expected(
        list_rows([sample_build[1]]),
        read_municipalities(PREFECTURES, MUNICIPALITIES),
        read_wikidata(WIKIDATA),
        curated_facts(),
    )


@pytest.fixture(scope="module")
def curated_expected() -> Expected:
    """The curated-only build: the seed's list entries, no Wikidata links."""
    return Expected(
        curated_entries(), read_municipalities(PREFECTURES, MUNICIPALITIES), {}, curated_facts()
    )


# ---------------------------------------------------------------------------------------------
# Each question's check: the answer against the expected figures
# ---------------------------------------------------------------------------------------------

CHECKS: dict[str, Callable[[list[Row], Expected], None]] = {}


def checks(name: str) -> Callable[[Callable[[list[Row], Expected], None]], Callable[..., None]]:
    def register(check: Callable[[list[Row], Expected], None]) -> Callable[..., None]:
        CHECKS[name] = check
        return check

    return register


def names(cell: object) -> set[str]:
    return set(ja(cell).split("、")) if cell else set()  # type: ignore[arg-type]


@checks("28-compulsory-education-schools-by-prefecture")
def check_compulsory_by_prefecture(rows: list[Row], expected: Expected) -> None:
    got = {
        r["prefectureLabel"]: (r["openSchools"], r["abolishedSchools"], r["schools"]) for r in rows
    }
    assert got == expected.compulsory_by_prefecture()
    opened = [r["openSchools"] for r in rows]
    assert opened == sorted(opened, reverse=True)  # type: ignore[type-var]


@checks("29-schools-abolished-per-year-tochigi")
def check_abolished_per_year(rows: list[Row], expected: Expected) -> None:
    got = {
        r["year"]: (
            r["elementarySchools"],
            r["juniorHighSchools"],
            r["compulsoryEducationSchools"],
            r["schools"],
        )
        for r in rows
    }
    assert got == expected.abolished_per_year()
    assert [r["year"] for r in rows] == sorted(got)


@checks("30-schools-merged-into-compulsory-education-schools")
def check_merged_into_compulsory(rows: list[Row], expected: Expected) -> None:
    by_label = {expected.label(expected.rows[c]): c for c in expected.rows}
    listed = {
        by_label[ja(r["schoolLabel"])]: (
            r["absorbedInList"],
            names(r["closedInList"]),
            names(r["closedOn"]),
            r.get("mergerEvents", 0),
        )
        for r in rows
        if "absorbedInList" in r
    }
    assert listed == expected.merged_into_compulsory()
    stated = {
        by_label[ja(r["schoolLabel"])]: (r["mergedPerSource"], names(r["mergedInSource"]))
        for r in rows
        if "mergedPerSource" in r
    }
    assert stated == {
        code: (len(merged), merged) for code, merged in expected.curated.merged_into.items()
    }
    assert all("absorbedInList" in r or "mergedPerSource" in r for r in rows)
    for row in rows:  # every school is placed, and in the municipality its address names
        code = by_label[ja(row["schoolLabel"])]
        assert row["municipalityLabel"] == expected.placed(expected.rows[code]).name


@checks("31-municipalities-with-compulsory-education-schools")
def check_municipalities_with_compulsory(rows: list[Row], expected: Expected) -> None:
    got = {
        r["code"]: (
            r["municipalityLabel"],
            r["prefectureLabel"],
            r.get("wikidata"),
            r["openSchools"],
            r["abolishedSchools"],
            names(r["schoolNames"]),
        )
        for r in rows
    }
    assert got == expected.municipalities_with_compulsory()
    assert [r["code"] for r in rows] == sorted(got)  # type: ignore[type-var]


@checks("32-successor-chains")
def check_successor_chains(rows: list[Row], expected: Expected) -> None:
    got = {
        r["code"]: (r["successorName"], r["finalCode"], r["steps"], r["name"], r.get("abolished"))
        for r in rows
    }
    assert len(got) == len(rows), "one row per school"
    assert got == {
        code: (
            expected.rows[successor].name,
            final,
            steps,
            expected.rows[code].name,
            expected.rows[code].abolished or None,
        )
        for code, (successor, final, steps) in expected.chains().items()
    }
    steps = [r["steps"] for r in rows]
    assert steps == sorted(steps, reverse=True)  # type: ignore[type-var]


@checks("33-oyama-schools-in-the-list-and-the-plans")
def check_oyama_schools(rows: list[Row], expected: Expected) -> None:
    got = {
        (
            r["code"],
            r["nameInList"],
            r["kindLabel"],
            r["statusInList"],
            r.get("abolished"),
            r.get("successorName"),
            r.get("statusInSource"),
        )
        for r in rows
    }
    schools = expected.in_municipality()
    assert got == {
        (
            code,
            row.name,
            KIND_LABELS[row.kind],
            STATUS_LABELS[row.status],
            row.abolished or None,
            expected.successor_name(row),
            expected.curated.statuses.get(code),
        )
        for code, row in schools.items()
    }
    plans = {
        (r["code"], r["planLabel"], r["planStatus"], r.get("plannedDate", ""))
        for r in rows
        if "plan" in r
    }
    assert plans == {
        (code, *plan) for code, found in expected.curated.plans.items() for plan in found
    }
    assert [r["code"] for r in rows] == sorted(r["code"] for r in rows)  # type: ignore[type-var]


@checks("34-branch-schools")
def check_branch_schools(rows: list[Row], expected: Expected) -> None:
    got = {
        r["code"]: (
            r["branchLabel"],
            r["kindLabel"],
            r.get("municipalityLabel"),
            r.get("prefectureLabel"),
            r.get("mainLabel"),
        )
        for r in rows
    }
    assert got == expected.branches()


@checks("35-oyama-among-tochigi-municipalities")
def check_oyama_among_tochigi(rows: list[Row], expected: Expected) -> None:
    columns = (
        "elementaryOpen",
        "elementaryAbolished",
        "juniorHighOpen",
        "juniorHighAbolished",
        "compulsoryOpen",
        "compulsoryAbolished",
        "openSchools",
    )
    got = {r["municipalityLabel"]: tuple(r[c] for c in columns) for r in rows}
    assert got == expected.by_municipality()
    assert "小山市" in got
    opened = [r["openSchools"] for r in rows]
    assert opened == sorted(opened, reverse=True)  # type: ignore[type-var]


# ---------------------------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------------------------


def test_there_are_eight_national_questions_each_with_a_check() -> None:
    assert len(NATIONAL) >= 8
    assert sorted(CHECKS) == NATIONAL


def test_the_test_rows_are_what_they_claim(sample_expected: Expected) -> None:
    chains = sample_expected.chains()
    assert chains[FIRST] == (SECOND, CES, 2)  # A → B → C
    assert sample_expected.merged_into_compulsory()[CES][0] == 2
    assert sample_expected.merged_into_compulsory()[CES][3] == 1  # one event of two schools


@pytest.mark.parametrize("name", NATIONAL)
def test_national_question_on_the_sample_lists(
    sample_store: ox.Store, sample_expected: Expected, name: str
) -> None:
    rows = run(sample_store, name)
    assert rows, "the sample lists give every national question an answer"
    CHECKS[name](rows, sample_expected)


@pytest.mark.parametrize("name", NATIONAL)
def test_national_question_on_the_curated_build(
    store: ox.Store, curated_expected: Expected, name: str
) -> None:
    CHECKS[name](run(store, name), curated_expected)


@pytest.mark.parametrize("name", NATIONAL)
def test_rdflib_gives_the_same_rows_as_oxigraph(
    sample_store: ox.Store, sample_dataset: rdflib.Dataset, name: str
) -> None:
    expected = _comparable(name, run(sample_store, name))
    assert _comparable(name, run_rdflib(sample_dataset, name)) == expected
