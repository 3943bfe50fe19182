"""The research questions in queries/ answer what the source document says, on both engines.

Every ``queries/NN-name.rq`` is a research question a researcher of 小中一貫教育 would ask: it
carries a grlc-style header (titles and descriptions in Japanese and English, tags), uses the
project's prefixes, parses with pyoxigraph and with rdflib, returns rows, and returns the same
rows on rdflib's engine as on the embedded Oxigraph store. Each question also has a test of its
own that checks the answer against the source document: the expected values are written out
here from the text of ``data/oyama/source/000_811a41099ed1d05d.txt``, each with the line it
comes from, and ``src(line, text)`` checks that the line really says so. Figures that do not
come from the source (external identifiers, the later school-code registry) say where they do
come from.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.plugins.sparql import prepareQuery
from SPARQLWrapper import SPARQLWrapper

from ikkan.research_questions import Example, HeaderError, load_examples, parse_header
from ikkan.settings import Settings

PROJECT = Path(__file__).resolve().parents[2]
QUERIES_DIR = PROJECT / "queries"
SOURCE_FILE = PROJECT / "data" / "oyama" / "source" / "000_811a41099ed1d05d.txt"
SOURCE_TEXT = SOURCE_FILE.read_text(encoding="utf-8")
# SOURCE_LINES[n] is line n of the source, counting from 1 as the citations do.
SOURCE_LINES = ["", *SOURCE_TEXT.splitlines()]

HEADER_KEYS = ("title_ja", "title_en", "description_ja", "description_en", "tags")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
FILE_NAME = re.compile(r"(\d\d)-[a-z0-9]+(?:-[a-z0-9]+)*\.rq")
STANDARD_PREFIXES = {
    "ikkan": "https://w3id.org/ikkan/ontology#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "http://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "qb": "http://purl.org/linked-data/cube#",
    "time": "http://www.w3.org/2006/time#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
}
ENTITY_BASE = "https://w3id.org/ikkan/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = {
    f"{XSD}{t}"
    for t in ("integer", "nonNegativeInteger", "positiveInteger", "int", "long", "short")
}
DECIMAL_TYPES = {f"{XSD}{t}" for t in ("decimal", "double", "float")}

# rdflib 7.6 calls its own deprecated Dataset and ConjunctiveGraph API while parsing TriG and
# querying a Dataset; those warnings are about rdflib's internals, not about this code.
pytestmark = [
    pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

# Values are plain Python: IRIs and strings as str, integers as int, decimals as Decimal,
# booleans as bool; an unbound variable is absent from its row.
Value = str | int | Decimal | bool
Row = dict[str, Value]


# ---------------------------------------------------------------------------------------------
# Reading the queries and running them
# ---------------------------------------------------------------------------------------------


# Read by the same loader as the query page's gallery, so both see the same headers.
QUERIES: dict[str, Example] = load_examples(QUERIES_DIR)
# The questions on the national layer (tagged so) are checked against the list files, on a
# build of the sample lists, in test_national_questions.py; the rest against the source here.
CURATED = sorted(name for name, q in QUERIES.items() if "national" not in q.tags)


def _python(lexical: str, datatype: str | None) -> Value:
    if datatype in INTEGER_TYPES:
        return int(lexical)
    if datatype in DECIMAL_TYPES:
        return Decimal(lexical)
    if datatype == f"{XSD}boolean":
        return lexical in {"true", "1"}
    return lexical


def _ox_value(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Value:
    if isinstance(term, ox.Literal):
        return _python(term.value, term.datatype.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _rdflib_value(term: rdflib.term.Node) -> Value:
    if isinstance(term, rdflib.Literal):
        datatype = str(term.datatype) if term.datatype is not None else None
        return _python(str(term), datatype)
    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    return str(term)


def run(store: ox.Store, name: str) -> list[Row]:
    """Run ``queries/<name>.rq`` on the store with the union default graph, as the server does."""
    solutions = store.query(QUERIES[name].text, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        row: Row = {}
        for variable in names:
            term = solution[variable]
            if term is not None:
                row[variable] = _ox_value(term)
        rows.append(row)
    return rows


def run_rdflib(dataset: rdflib.Dataset, name: str) -> list[Row]:
    result = dataset.query(QUERIES[name].text)
    rows = []
    for solution in result:
        assert isinstance(solution, rdflib.query.ResultRow)
        rows.append(
            {str(k): _rdflib_value(v) for k, v in solution.asdict().items() if v is not None}
        )
    return rows


def src(line: int, text: str) -> str:
    """``text``, after checking that source line ``line`` contains it."""
    assert text in SOURCE_LINES[line], f"source line {line} does not say {text!r}"
    return text


def source_row(line: int) -> list[int]:
    """The figures of a row of one of the source's tables (tab-separated, label first)."""
    return [int(cell) for cell in SOURCE_LINES[line].split("\t")[1:] if cell]


def ja(value: Value) -> str:
    """A cell that holds text (or an IRI)."""
    assert isinstance(value, str)
    return value


def num(value: Value) -> Decimal:
    """A cell that holds a number."""
    assert isinstance(value, int | Decimal) and not isinstance(value, bool)
    return Decimal(value)


def close(value: Value, exact: Decimal) -> bool:
    """Whether a ratio the query rounded to two decimals is ``exact`` to within rounding."""
    return abs(num(value) - exact) <= Decimal("0.005")


# Each query's check against the source registers itself here, so that a query without one fails
# test_every_query_has_a_check_against_the_source.
SOURCE_CHECKS: dict[str, Callable[..., None]] = {}


def checks(name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    def register(test: Callable[..., None]) -> Callable[..., None]:
        SOURCE_CHECKS[name] = test
        return test

    return register


@pytest.fixture(scope="module")
def union_dataset(built: Settings) -> rdflib.Dataset:
    """The built graph in rdflib, with the union of the named graphs as its default graph."""
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(built.dist_path / "ikkan.trig", format="trig")
    return dataset


# ---------------------------------------------------------------------------------------------
# Every query: header, file name, prefixes, syntax on both engines, rows, same rows on both
# ---------------------------------------------------------------------------------------------


def test_the_gallery_holds_18_to_40_queries_numbered_in_order() -> None:
    names = [path.name for path in sorted(QUERIES_DIR.glob("*.rq"))]
    assert 18 <= len(names) <= 40
    numbers = []
    for name in names:
        match = FILE_NAME.fullmatch(name)
        assert match is not None, f"{name} is not NN-short-name.rq"
        numbers.append(int(match.group(1)))
    assert numbers == list(range(1, len(names) + 1))


def test_the_header_parser() -> None:
    text = "#+ title_ja: 題\n#+ tags: a, b\n\nPREFIX x: <http://x/>\nASK {}\n"
    assert parse_header(text) == ({"title_ja": "題", "tags": "a, b"}, 2)
    assert parse_header("ASK {}") == ({}, 0)
    with pytest.raises(HeaderError, match="title_ja given twice"):
        parse_header("#+ title_ja: a\n#+ title_ja: b\nASK {}")


def test_every_file_is_in_the_gallery() -> None:
    assert list(QUERIES) == [p.stem for p in sorted(QUERIES_DIR.glob("*.rq"))]
    assert QUERIES["01-schools-by-district"].tags == ("schools", "districts", "addresses")
    assert QUERIES["01-schools-by-district"].title("en").startswith("Schools in each")


def test_every_query_has_a_check_against_the_source() -> None:
    assert set(SOURCE_CHECKS) == set(CURATED)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_header_has_the_five_keys_in_both_languages(name: str) -> None:
    query = QUERIES[name]
    assert tuple(query.header) == HEADER_KEYS
    assert all(query.header.values()), "every key has a value"
    for key in ("title_ja", "description_ja"):
        assert JAPANESE.search(query.header[key]), f"{key} is not in Japanese"
    for key in ("title_en", "description_en"):
        assert re.search(r"[A-Za-z]{3}", query.header[key]), f"{key} is not in English"
    tags = [tag.strip() for tag in query.header["tags"].split(",")]
    assert tags and all(tags)
    lines = query.text.splitlines()
    assert lines[query.body_start] == "", "a blank line follows the header"
    assert lines[query.body_start + 1].startswith("PREFIX ")


def test_titles_are_unique() -> None:
    for key in ("title_ja", "title_en"):
        titles = Counter(q.header[key] for q in QUERIES.values())
        assert [t for t, n in titles.items() if n > 1] == []


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_prefixes_are_the_projects(name: str) -> None:
    text = QUERIES[name].text
    declared = dict(re.findall(r"^PREFIX ([\w-]*): <([^>]*)>$", text, re.MULTILINE))
    assert declared, "the query declares its prefixes"
    for prefix, iri in declared.items():
        expected = STANDARD_PREFIXES.get(prefix, f"{ENTITY_BASE}{prefix}/")
        assert iri == expected, f"PREFIX {prefix}: is <{iri}>, expected <{expected}>"
    body = "\n".join(line for line in text.splitlines() if not line.startswith("PREFIX "))
    assert "<https://w3id.org/ikkan/" not in body, "ikkan IRIs are written with prefixes"
    for prefix in declared:
        assert re.search(rf"(?<![\w-]){re.escape(prefix)}:", body), f"{prefix}: is unused"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_is_valid_sparql_for_both_engines(store: ox.Store, name: str) -> None:
    prepareQuery(QUERIES[name].text)
    assert isinstance(
        store.query(QUERIES[name].text, use_default_graph_as_union=True), ox.QuerySolutions
    )


# rdflib's name for each query form, and the name SPARQLWrapper gives it.
QUERY_FORMS = {
    "SelectQuery": "SELECT",
    "ConstructQuery": "CONSTRUCT",
    "AskQuery": "ASK",
    "DescribeQuery": "DESCRIBE",
}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_sparqlwrapper_detects_the_query_form(name: str) -> None:
    """SPARQLWrapper, the most used Python client, guesses the form from the text.

    It strips only every other comment line and then takes the first of SELECT, ASK, ADD, LOAD,
    … it finds anywhere, even inside a word ("address", "task", "download"): a file whose
    header survives with such a word is sent as an update (and refused) or parsed as the wrong
    result. Every published file must be detected as the form it really is.
    """
    text = QUERIES[name].text
    form = QUERY_FORMS[prepareQuery(text).algebra.name]
    client = SPARQLWrapper("http://127.0.0.1:9/sparql")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "not detected query type" is a failure too
        client.setQuery(text)
    assert client.queryType == form, (
        f"SPARQLWrapper reads {name}.rq as {client.queryType}: "
        f"{_first_keyword(client, text)!r} comes before the query"
    )
    assert client.isSparqlQueryRequest()


def _first_keyword(client: SPARQLWrapper, text: str) -> str:
    """The words around the first query-form keyword SPARQLWrapper finds."""
    cleaned = re.sub(client.prefix_pattern, "", client._cleanComments(text).strip())
    match = client.pattern.search(cleaned)
    return cleaned[max(0, match.start() - 20) : match.end() + 20] if match else ""


@pytest.mark.parametrize("name", CURATED)
def test_query_returns_rows(store: ox.Store, name: str) -> None:
    assert run(store, name)


# GROUP_CONCAT joins the values of a group in whatever order the engine meets them; those cells
# are compared as sets of the joined values. Everything else must agree exactly, row by row.
CONCATENATED = {
    "21-cross-teaching-subjects": ("districtNames", "directions"),
    "30-schools-merged-into-compulsory-education-schools": (
        "closedInList",
        "closedOn",
        "mergedInSource",
    ),
    "31-municipalities-with-compulsory-education-schools": ("schoolNames",),
}


def _comparable(name: str, rows: list[Row]) -> list[Row]:
    columns = CONCATENATED.get(name, ())
    out = []
    for row in rows:
        copy = dict(row)
        for column in columns:
            if column in row:
                copy[column] = "、".join(sorted(ja(row[column]).split("、")))
        out.append(copy)
    return out


@pytest.mark.parametrize("name", CURATED)
def test_rdflib_gives_the_same_rows_as_oxigraph(
    store: ox.Store, union_dataset: rdflib.Dataset, name: str
) -> None:
    expected = _comparable(name, run(store, name))
    assert _comparable(name, run_rdflib(union_dataset, name)) == expected


# ---------------------------------------------------------------------------------------------
# Each question, checked against the source
# ---------------------------------------------------------------------------------------------


@checks("01-schools-by-district")
def test_schools_by_district(store: ox.Store) -> None:
    rows = run(store, "01-schools-by-district")
    got = {
        (r["districtLabel"], r["schoolLabel"], r["kindLabel"], r.get("address"), r["statusLabel"])
        for r in rows
    }
    otome, toyoda, kinu = "乙女中学校区", "豊田中学校区", "絹中学校区"
    assert got == {
        (otome, "乙女小学校", "小学校", src(90, "小山市乙女1954"), "開校中"),
        (otome, "下生井小学校", "小学校", src(91, "小山市下生井1546"), "開校中"),
        # Line 92 writes 網戸学校; line 83 names the school 小山市立網戸小学校.
        (otome, "網戸小学校", "小学校", src(92, "小山市網戸1514"), "開校中"),
        (otome, "乙女中学校", "中学校", src(93, "小山市乙女1731"), "開校中"),
        (toyoda, "豊田南小学校", "小学校", src(275, "小山市松沼668"), "開校中"),
        (toyoda, "豊田北小学校", "小学校", src(276, "小山市大本808"), "開校中"),
        (toyoda, "豊田中学校", "中学校", src(277, "小山市松沼397"), "開校中"),
        (kinu, "絹義務教育学校", "義務教育学校", src(395, "小山市大字福良2240番地1"), "開校中"),
        # Closed by the merger (line 410); the source gives them no address.
        (kinu, "福良小学校", "小学校", None, "閉校"),
        (kinu, "延島小学校", "小学校", None, "閉校"),
        (kinu, "梁小学校", "小学校", None, "閉校"),
        (kinu, "絹中学校", "中学校", None, "閉校"),
    }
    assert src(83, "小山市立網戸小学校") and src(92, "網戸学校 小山市網戸1514")
    headings = {r["districtLabel"]: r["heading"] for r in rows if "address" in r}
    assert headings == {
        otome: src(86, "1. 中学校区概要"),
        toyoda: src(270, "1. 中学校区概要"),
        kinu: src(387, "1. 学校の概要"),
    }


@checks("02-city-population-and-school-counts")
def test_city_population_and_school_counts(store: ox.Store) -> None:
    rows = run(store, "02-city-population-and-school-counts")
    figures = {ja(r["measure"]).rsplit("#", 1)[-1]: r for r in rows}
    values = {measure: row["value"] for measure, row in figures.items()}
    assert src(7, "167,820人") and src(8, "小学校24校, 中学校10校, 義務教育学校1校")
    assert values == {
        "population": 167820,  # line 7
        "elementarySchools": 24,  # line 8
        "juniorHighSchools": 10,  # line 8
        "compulsoryEducationSchools": 1,  # line 8
        "integratedDistricts": 11,  # line 9
    }
    assert src(9, "[小中一貫教育を実施している中学校区数] 11校")
    # Only the population is dated (line 7); the school counts are not.
    assert figures["population"]["date"] == "2018-10-01"
    assert figures["population"]["dateWording"] == src(7, "平成30年10月1日現在")
    assert all("date" not in row for m, row in figures.items() if m != "population")
    assert {r["municipalityLabel"] for r in rows} == {"小山市"}
    assert {r["heading"] for r in rows} == {src(5, "人口・学校数")}
    # Every junior-high school and the compulsory-education school has a district, and all of
    # them practise integrated education (line 67: 全中学校区において…全面実施).
    assert src(67, "全中学校区において小中一貫教育を全面実施")
    assert num(values["integratedDistricts"]) == (
        num(values["juniorHighSchools"]) + num(values["compulsoryEducationSchools"])
    )


@checks("03-programme-stages")
def test_programme_stages(store: ox.Store) -> None:
    rows = run(store, "03-programme-stages")
    got = [
        (
            r["stageNumber"],
            r["startDate"],
            r["endDate"],
            r["firstFiscalYearLabel"],
            r["lastFiscalYearLabel"],
            r["fiscalYears"],
        )
        for r in rows
    ]
    assert src(114, "平成19～21年度") and src(115, "平成22～24年度") and src(116, "平成25～28年度")
    # 平成19年度 is FY2007, from 1 April 2007; a fiscal year ends on 31 March.
    assert got == [
        (1, "2007-04-01", "2010-03-31", "平成19年度", "平成21年度", 3),  # line 114
        (2, "2010-04-01", "2013-03-31", "平成22年度", "平成24年度", 3),  # line 115
        (3, "2013-04-01", "2017-03-31", "平成25年度", "平成28年度", 4),  # line 116
    ]
    labels = [ja(r["stageLabel"]) for r in rows]
    assert "第1ステージ" in labels[0] and src(114, "小中連携プロジェクト期（第1ステージ）")
    assert "小中連携プロジェクト" in labels[0]
    assert "第2ステージ" in labels[1] and "小中連携一貫教育期" in labels[1]  # line 115
    assert "第3ステージ" in labels[2] and "小中連携一貫教育期" in labels[2]  # line 116
    for row in rows:  # each stage is first stated in the city's history, lines 24–26
        assert ja(row["quote"]) in SOURCE_LINES[26]
        assert row["heading"] == src(24, "3. 小中一貫教育導入の背景・経緯")


@checks("04-grade-bands-and-kinu-buildings")
def test_grade_bands_and_kinu_buildings(store: ox.Store) -> None:
    rows = run(store, "04-grade-bands-and-kinu-buildings")
    got = [
        (
            r["bandLabel"],
            r["fromGrade"],
            r["toGrade"],
            r["buildingLabel"],
            r["formerSchoolLabel"],
            r["firstGradeInBuilding"],
            r["lastGradeInBuilding"],
            r["gradesInBuilding"],
        )
        for r in rows
    ]
    assert src(36, "【基礎・基本期】、【習熟・接続期】、【充実・発展期】の「4-3-2」")
    assert src(427, "東校舎（旧福良小校舎）に第1～4学年、西校舎（旧絹中校舎）に第5～9学年")
    assert got == [
        # 4 grades, then 3, then 2 (line 36); the east building houses grades 1–4 (line 427).
        ("基礎・基本期", 1, 4, "東校舎", "福良小学校", 1, 4, 4),
        ("習熟・接続期", 5, 7, "西校舎", "絹中学校", 5, 7, 3),
        ("充実・発展期", 8, 9, "西校舎", "絹中学校", 8, 9, 2),
    ]
    assert {r["schoolLabel"] for r in rows} == {"絹義務教育学校"}
    assert all(ja(r["buildingQuote"]) in SOURCE_LINES[427] for r in rows)


@checks("05-otome-working-groups")
def test_otome_working_groups(store: ox.Store) -> None:
    rows = run(store, "05-otome-working-groups")
    # Line 155 names the five groups in this order; lines 163–231 give each one's ☆ and ◎.
    assert src(
        155,
        "学力向上推進部会、交流・連携推進部会、児童生徒指導部会、養護教諭部会、事務職員部会を組織し",
    )
    assert [(r["order"], r["groupLabel"], r["focus"]) for r in rows] == [
        (
            1,
            src(163, "学力向上推進部会"),
            src(167, "算数・数学の基礎基本を身に付ける。家庭学習の習慣化を図る。"),
        ),
        (2, src(177, "交流・連携推進部会"), src(181, "交流の充実を図る。")),
        (3, src(195, "児童生徒指導部会"), src(199, "約束であいさつする。時間を守る。まよりの統一")),
        (
            4,
            src(213, "養護教諭部会"),
            src(
                217,
                "「まごの生活チェック表」「体質・体調チェックシート」等を使用した指導、寄り添いの指導の提供",
            ),
        ),
        (
            5,
            src(227, "事務職員部会"),
            src(231, "定期集議の方法の小・中学校集議の共有についての情報交換及び検討"),
        ),
    ]
    aim_lines = [165, 179, 197, 215, 229]
    for row, line in zip(rows, aim_lines, strict=True):
        assert ja(row["aimStatement"]) == SOURCE_LINES[line].removeprefix("☆")
    # The markers as printed, the domain each is read as, and which of those are readings:
    # 【体】 is 体 itself; 【心】 (徳 is 豊かな心) and 【地】 (read ち, as 知 is) are readings.
    assert [
        (r.get("domainMarker"), r.get("domainLabel"), r.get("domainIsReading")) for r in rows
    ] == [
        (src(165, "【心】"), "徳", True),
        (src(179, "【心】"), "徳", True),
        (src(197, "【地】"), "知", True),
        (src(215, "【体】"), "体", False),
        (None, None, None),  # line 229: no marker
    ]
    assert {r["districtLabel"] for r in rows} == {"乙女中学校区"}
    assert {r["heading"] for r in rows} == {src(157, "乙女中ブロックの小中一貫教育")}


@checks("06-planning-committee-members")
def test_planning_committee_members(store: ox.Store) -> None:
    rows = run(store, "06-planning-committee-members")
    assert src(77, "校長、教頭、主幹教諭・教務主任、教育委員会事務局からなる")
    assert {(r["memberKind"], r["memberLabel"]) for r in rows} == {
        ("職", "校長"),  # line 77
        ("職", "教頭"),  # line 77
        ("職", "主幹教諭・教務主任"),  # line 77
        ("組織", "小山市教育委員会事務局"),  # line 77: 教育委員会事務局 (of the city)
    }
    assert {r["committeeLabel"] for r in rows} == {
        src(77, "小山市小中一貫教育推進基本計画策定委員会")
    }
    # 今後は…を組織し (line 77): as of the source the committee is still to be formed.
    assert {r["statusLabel"] for r in rows} == {"予定"}
    assert all(ja(r["quote"]) in SOURCE_LINES[77] for r in rows)
    assert {r["heading"] for r in rows} == {src(65, "5. これまでの成果と課題、今後の取組")}


@checks("07-trainings")
def test_trainings(store: ox.Store) -> None:
    rows = run(store, "07-trainings")
    got = {
        r["trainingLabel"]: (
            r.get("organizerLabel"),
            r.get("monthNumber"),
            r.get("timesPerYear"),
            r.get("maxTimesPerYear"),
        )
        for r in rows
    }
    assert src(48, "市教委主催")
    assert got == {
        src(50, "小中一貫教育推進に向けた研修会"): ("小山市教育委員会", 5, None, None),  # 5月に
        src(50, "教育フォーラムおやま"): ("小山市教育委員会", 1, None, None),  # 1月に
        src(53, "中学校区ごとの研修"): (None, None, None, 10),  # line 55: 年間最大で10回
        src(57, "知恵と技を伝承するレジェンド講座"): (None, None, None, None),
        src(57, "学級づくり・授業づくりマイスター事業"): (None, None, None, None),
        "乙女中学校区の全体研修会": ("乙女中学校区", None, 3, None),  # line 155: 年間3回
        # Line 55 names the kinds of district training: 推進教員打合せ、研究推進会議、全体研修会.
        src(55, "小中一貫教育推進教員打合せ"): (None, None, None, None),
        src(55, "研究推進会議"): (None, None, None, None),
        "全体研修会（中学校区）": (None, None, None, None),
    }
    assert {r["trainingLabel"] for r in rows if r.get("partOfLabel") == "中学校区ごとの研修"} == {
        "小中一貫教育推進教員打合せ",
        "研究推進会議",
        "全体研修会（中学校区）",
    }
    assert src(55, "全体研修会など、中学校区の実情に合わせて")
    assert src(50, "を5月に") and src(50, "を1月に") and src(55, "年間最大で10回")
    assert src(155, "年間3回の全教職員が参加しての全体研修会")
    wording = {r["trainingLabel"]: r.get("frequencyWording") for r in rows}
    assert wording["小中一貫教育推進に向けた研修会"] == "5月に"
    assert wording["乙女中学校区の全体研修会"] == "年間3回"


@checks("08-yuki-tsumugi-curriculum")
def test_yuki_tsumugi_curriculum(store: ox.Store) -> None:
    rows = run(store, "08-yuki-tsumugi-curriculum")
    got = [(r["grade"], r["activity"], r["subjectLabel"], r["bandLabel"]) for r in rows]
    life, sogo = "生活科", "総合的な学習の時間"  # 「生活科」, 「総合」 in the source
    assert src(469, "◇1・2年「生活科」 養蚕から収穫まで → ◇3年「総合」 真綿づくり")
    assert src(469, "◇4年「総合」 糸つむぎ")
    assert got == [
        (1, "養蚕から収穫まで", life, "基礎・基本期"),  # line 469
        (2, "養蚕から収穫まで", life, "基礎・基本期"),  # line 469
        (3, "真綿づくり", sogo, "基礎・基本期"),  # line 469
        (4, "糸つむぎ", sogo, "基礎・基本期"),  # line 469
        (5, src(474, "絣づくり・染色"), sogo, "習熟・接続期"),  # line 473
        (6, src(477, "地機織り"), sogo, "習熟・接続期"),  # line 476
        (7, src(480, "着心地体験"), sogo, "習熟・接続期"),  # line 479
        (8, "和紙づくり (桑を原料)", sogo, "充実・発展期"),  # lines 482–484
        (8, "和紙づくり (桑を原料)", "美術", "充実・発展期"),  # 「総合・美術」
        (9, "まんじゅうづくり (桑の葉入り)", "家庭（技術・家庭科 家庭分野）", "充実・発展期"),
        (9, "まんじゅうづくり (桑の葉入り)", sogo, "充実・発展期"),  # lines 486–488
    ]
    assert src(482, "◇8年「総合・美術」") and src(483, "和紙づくり") and src(484, "(桑を原料)")
    assert src(486, "◇9年「総合・家庭」") and src(487, "まんじゅうづくり")
    assert src(488, "(桑の葉入り)")
    assert {r["heritageLabel"] for r in rows} == {src(461, "本場結城紬")}
    assert {r["schoolLabel"] for r in rows} == {"絹義務教育学校"}


@checks("09-goals-by-district")
def test_goals_by_district(store: ox.Store) -> None:
    rows = run(store, "09-goals-by-district")
    by_kind: dict[tuple[Value, Value], set[Value]] = {}
    for r in rows:
        by_kind.setdefault((r["districtLabel"], r["kindLabel"]), set()).add(r["goalLabel"])
    assert by_kind[("乙女中学校区", "目指す子ども像")] == {
        src(88, "聡く、優しく、健やかな児童生徒")
    }
    assert by_kind[("豊田中学校区", "教育目標")] == {
        src(272, "自ら学び、進んで活動する豊田っ子の育成")
    }
    assert by_kind[("豊田中学校区", "目指す子ども像")] == {
        src(310, "自分の思いを伝えられる子"),
        src(310, "お互いに協力できる子"),
        src(310, "目標をもち、最後までやり抜く子"),
    }
    assert by_kind[("絹中学校区", "目指す子ども像")] == {
        src(419, "自分の考えをもち、進んで学習できる児童生徒"),
        src(420, "コミュニケーション能力を身につけ、よりよく人と関わる児童生徒"),
        src(421, "目標をもち、最後まであきらめずにがんばることができる児童生徒"),
    }
    # The school's educational goals are marked 【知】【徳】【体】 (lines 389–391).
    domains = {
        r["goalLabel"]: r["domainLabel"]
        for r in rows
        if r["kindLabel"] == "教育目標" and "domainLabel" in r
    }
    assert domains == {
        src(389, "自分の考えをもち、進んで学習できる児童生徒"): "知",
        src(390, "心豊かで、よりよく人と関わることができる児童生徒"): "徳",
        src(391, "健康で、たくましく根気強い児童生徒"): "体",
    }
    assert src(389, "【知】") and src(390, "【徳】") and src(391, "【体】")
    # Toyoda's aims: line 342 and the numbered list of lines 350–352.
    aims = by_kind[("豊田中学校区", "ねらい")]
    assert len(aims) == 4
    assert src(342, "自ら考え自信をもって表現できる児童生徒を育てていきます")
    assert "自ら学ぶ、考え、自信をもって表現できる豊田っ子の育成" in aims  # line 350
    assert src(350, "自ら学ぶ、考え、自信をもって表現できる豊田っ子の育成")
    assert Counter(r["districtLabel"] for r in rows) == {
        "乙女中学校区": 6,  # the target child image and the five working groups' aims (☆)
        "豊田中学校区": 8,
        "絹中学校区": 6,
    }
    # 乙女's working groups mark their aims 【心】【心】【地】【体】 (lines 165, 179, 197, 215):
    # 体 is stated; 心 and 地 are read as 徳 and 知, and the rows say they are readings.
    otome = {
        (r["holderLabel"], r["domainLabel"], r["domainIsReading"])
        for r in rows
        if r["districtLabel"] == "乙女中学校区" and "domainLabel" in r
    }
    assert otome == {
        (src(163, "学力向上推進部会"), "徳", True),
        (src(177, "交流・連携推進部会"), "徳", True),
        (src(195, "児童生徒指導部会"), "知", True),
        (src(213, "養護教諭部会"), "体", False),
    }
    assert src(165, "【心】強く") and src(179, "【心】強く")
    assert src(197, "主に【地】強く") and src(215, "主に【体】強く")
    assert all(
        r["domainIsReading"] is False
        for r in rows
        if r["districtLabel"] == "絹中学校区" and "domainLabel" in r
    )
    # Kinu's goals are the school's, reported under the school's district.
    assert {r["holderLabel"] for r in rows if r["districtLabel"] == "絹中学校区"} == {
        "絹義務教育学校"
    }


@checks("10-pupils-and-classes-by-grade")
def test_pupils_and_classes_by_grade_in_otome(store: ox.Store) -> None:
    rows = run(store, "10-pupils-and-classes-by-grade")
    # Line 109 (児童生徒数) and 110 (学級数): grades 1–6, 校, 計, grades 1–3, 校, 計, 小中合計.
    pupils = [79, 57, 68, 68, 70, 77, 14, 433, 88, 73, 92, 6, 259, 692]
    classes = [4, 4, 4, 4, 4, 4, 3, 27, 3, 3, 3, 2, 11, 38]
    assert source_row(109) == pupils and source_row(110) == classes
    parts = [0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11]  # the columns that are not totals
    grades = ["1", "2", "3", "4", "5", "6", "special-needs-primary"]
    grades += ["7", "8", "9", "special-needs-lower-secondary"]
    got = [(ja(r["grade"]).rsplit("/", 1)[-1], r["pupils"], r["classes"]) for r in rows]
    assert got == [(g, pupils[i], classes[i]) for g, i in zip(grades, parts, strict=True)]
    for row in rows:
        assert close(row["pupilsPerClass"], num(row["pupils"]) / num(row["classes"]))
    assert rows[0]["pupilsPerClass"] == Decimal("19.75")  # 79 pupils in 4 classes
    units = {r["unitLabel"] for r in rows}
    assert units == {"乙女小・下生井小・網戸小（合計）", "乙女中学校"}
    assert src(107, "小学校（乙女小・下生井小・網戸小の合計）")
    assert {(r["date"], r["dateWording"]) for r in rows} == {
        ("2018-05-01", src(97, "平成30年5月1日時点"))
    }


@checks("11-cross-school-teaching")
def test_cross_school_teaching(store: ox.Store) -> None:
    rows = run(store, "11-cross-school-teaching")
    got = {(r["districtLabel"], r["fromLevel"], r["toLevel"], r["subjectLabel"]) for r in rows}
    assert src(147, "中学校教員が小学校の算数や英語・音楽の授業に乗り入れ")
    assert src(330, "中学校教員が小学校の英語や算数の授業に乗り入れ")
    assert src(
        450, "前期課程教員による後期課程への乗り入れ、後期課程教員による前期課程への乗り入れ"
    )
    assert src(450, "主に技能系の科目（音楽科、技術・家庭科、美術、体育）と英語で実施")
    kinu_subjects = ("音楽", "技術・家庭", "美術", "体育", "英語")  # line 450
    assert got == (
        {("乙女中学校区", "中学校教員", "小学校", s) for s in ("算数", "英語", "音楽")}  # 147
        | {("豊田中学校区", "中学校教員", "小学校", s) for s in ("英語", "算数")}  # 330
        | {("絹中学校区", "前期課程教員", "後期課程", s) for s in kinu_subjects}
        | {("絹中学校区", "後期課程教員", "前期課程", s) for s in kinu_subjects}
    )
    notes = {r["districtLabel"]: r.get("schedulingNote") for r in rows}
    assert notes["絹中学校区"] == SOURCE_LINES[451].strip().removeprefix("・")
    assert src(451, "3～5校時を乗り入れ授業に充当")
    assert notes["乙女中学校区"] is None and notes["豊田中学校区"] is None
    assert {r["heading"] for r in rows} == {src(144, "教科担任制・教員の相互乗り入れ")}
    assert all(ja(r["quote"]) in SOURCE_TEXT for r in rows)


@checks("12-exchange-activities-by-grade")
def test_exchange_activities_by_grade(store: ox.Store) -> None:
    rows = run(store, "12-exchange-activities-by-grade")
    keys = (
        *("朝会", "委員会活動", "授業交流", "リーダー性"),
        *("宿泊学習", "合唱コンクール", "中学校訪問"),
    )

    def key(label: Value) -> str:
        found = [k for k in keys if k in ja(label)]
        assert len(found) == 1, label
        return found[0]

    got = [(r["grade"], r["districtLabel"], key(r["activityLabel"])) for r in rows]
    assert len(got) == len(set(got))
    kinu, otome, toyoda = "絹中学校区", "乙女中学校区", "豊田中学校区"
    assert set(got) == (
        {(g, kinu, "朝会") for g in range(1, 10)}  # line 457: 朝会（全学年）
        | {(g, kinu, "委員会活動") for g in range(4, 10)}  # line 457: （第4～9学年）
        | {(1, kinu, "授業交流"), (9, kinu, "授業交流")}  # line 457: 第1学年…第9学年
        | {(4, kinu, "リーダー性")}  # line 439: 第4学年児童にリーダー性をもたせる取組
        | {(5, otome, "宿泊学習")}  # line 142: （小学校第5学年）
        | {(6, otome, "合唱コンクール")}  # line 151: 小学校第6学年の参加
        | {(4, toyoda, "宿泊学習"), (5, toyoda, "宿泊学習")}  # line 324: （小学校第4・5学年）
        | {(6, toyoda, "中学校訪問")}  # line 380: 2つの小学校第6学年児童が、何回も中学校に足を運び
    )
    assert src(457, "朝会（全学年）") and src(457, "委員会活動（第4～9学年）")
    assert src(457, "授業交流（第1学年生活科の学校探検と第9学年技術・家庭科")
    assert src(439, "第4学年児童にリーダー性をもたせる取組")
    assert src(142, "宿泊学習を軸とした交流活動（小学校第5学年）")
    assert src(151, "中学校合唱コンクールへの小学校第6学年の参加")
    assert src(324, "宿泊学習を軸とした交流活動（小学校第4・5学年）")
    assert [num(r["grade"]) for r in rows] == sorted(num(r["grade"]) for r in rows)
    assert {r["gradeLabel"] for r in rows if r["grade"] == 7} == {"第7学年（中学校第1学年）"}


@checks("13-kinu-timeline")
def test_kinu_timeline(store: ox.Store) -> None:
    rows = run(store, "13-kinu-timeline")
    got = [(r["date"], r.get("kindLabel"), r.get("fiscalYearLabel")) for r in rows]
    assert src(406, "平成26年1月") and src(407, "平成26年7月") and src(408, "平成27年3月")
    assert src(
        409, "平成28年6月 校名の決定 市議会で学校設置条例可決 小山市絹義務教育学校基本計画を策定"
    )
    assert src(410, "福良小閉校式(2/19)、延島小閉校式(3/4)、梁小閉校式(3/5)、絹中学校閉校式(3/18)")
    assert src(411, "平成29年4月 絹義務教育学校開校式・入学式(4/10) スクールバス4台の運行開始")
    # Fiscal years run from April: January 2014 is in 平成25年度, March 2015 in 平成26年度.
    assert sorted(got, key=str) == sorted(
        [
            ("2014-01", "提出", "平成25年度"),  # line 406: 提言書が提出される
            ("2014-07", "設置", "平成26年度"),  # line 407: 推進委員会が設置される
            ("2015-03", "策定", "平成26年度"),  # line 408: 基本計画策定
            ("2015-03", "決定", "平成26年度"),  # line 408: 4校の統合決定
            ("2016-06", "決定", "平成28年度"),  # line 409: 校名の決定
            ("2016-06", "可決", "平成28年度"),  # line 409: 学校設置条例可決
            ("2016-06", "策定", "平成28年度"),  # line 409: 基本計画を策定
            ("2017-02-19", "閉校式", "平成28年度"),  # line 410: 福良小 (2/19)
            ("2017-03-04", "閉校式", "平成28年度"),  # line 410: 延島小 (3/4)
            ("2017-03-05", "閉校式", "平成28年度"),  # line 410: 梁小 (3/5)
            ("2017-03-18", "閉校式", "平成28年度"),  # line 410: 絹中学校 (3/18)
            ("2017-04", "運行開始", "平成29年度"),  # line 411: スクールバス4台の運行開始
            ("2017-04", "統合", "平成29年度"),  # lines 408 and 411: the four schools become one
            ("2017-04", "開校", "平成29年度"),  # line 67: 同年4月には…開校した
            ("2017-04-10", "開校式", "平成29年度"),  # line 411: 開校式・入学式(4/10)
            ("2017-04-10", "入学式", "平成29年度"),  # line 411
        ],
        key=str,
    )
    assert [r["date"] for r in rows] == sorted(ja(r["date"]) for r in rows)
    closing = {r["eventLabel"]: r["dateWording"] for r in rows if r.get("kindLabel") == "閉校式"}
    assert closing == {
        "福良小学校閉校式": "平成29年2～3月 (2/19)",  # line 410
        "延島小学校閉校式": "平成29年2～3月 (3/4)",
        "梁小学校閉校式": "平成29年2～3月 (3/5)",
        "絹中学校閉校式": "平成29年2～3月 (3/18)",
    }
    produced = {r["date"]: r["producedLabel"] for r in rows if "producedLabel" in r}
    assert produced == {
        "2014-01": "絹中学区統合の方向性についての提言書",  # line 406
        "2014-07": src(407, "小中一貫校（絹中学区）推進委員会"),
        "2015-03": src(408, "小中一貫校（絹中学区）施設整備等に関する基本計画"),
        "2016-06": src(409, "小山市絹義務教育学校基本計画"),
    }
    agents = {(r["date"], r["agentLabel"]) for r in rows if "agentLabel" in r}
    assert agents == {
        ("2014-01", src(406, "小山市学校適正配置等検討懇話会")),
        ("2016-06", "小山市議会"),  # line 409: 市議会
    }


@checks("14-what-happened-in-2017")
def test_what_happened_in_2017(store: ox.Store) -> None:
    rows = run(store, "14-what-happened-in-2017")
    got = {(r["start"], r.get("end"), r["classLabel"]) for r in rows}
    assert src(67, "平成29年1月に策定された「小山市小中一貫教育推進基本計画」")
    assert src(67, "同年4月には、栃木県内初の義務教育学校である「絹義務教育学校」を開校")
    assert src(75, "2017年から2021年までの5か年")
    assert got == {
        ("2013-04-01", "2017-03-31", "推進の段階"),  # line 116: 平成25～28年度 ends in 2017
        # Lines 116 and 302: each district's research designation for 平成25～28年度.
        ("2013-04-01", "2017-03-31", "研究指定"),
        ("2017", "2021", "期間"),  # line 75: the basic plan's five years
        ("2017-01", None, "出来事"),  # line 67: the basic plan adopted
        ("2017-02-19", None, "式典"),  # line 410
        ("2017-03-04", None, "式典"),  # line 410
        ("2017-03-05", None, "式典"),  # line 410
        ("2017-03-18", None, "式典"),  # line 410
        ("2017-04", None, "出来事"),  # line 67: 全中学校区において…全面実施 / 開校
        ("2017-04", None, "学校統合"),  # lines 408, 411
        ("2017-04-10", None, "式典"),  # line 411
    }
    # Two events of 2017-04 are plain events besides the bus service; two designations share
    # the stage's dates.
    assert len(rows) == 14
    designations = {r["label"] for r in rows if r["classLabel"] == "研究指定"}
    assert designations == {"乙女中学校区 第3ステージ研究指定", "豊田中学校区 第3ステージ研究指定"}
    assert src(116, "平成25～28年度") and src(302, "平成25～28年度")
    april = {r["label"] for r in rows if r["start"] == "2017-04"}
    assert april == {
        "スクールバス4台の運行開始",  # line 411
        "小山市全域での小中一貫教育全面実施",  # line 67
        "絹義務教育学校の開校",  # line 67
        "福良小・梁小・延島小・絹中の統合（絹義務教育学校の開校）",  # line 408
    }
    # The closing ceremonies fall in 平成28年度, the events from April in 平成29年度.
    fiscal = {r["start"]: r.get("fiscalYearLabel") for r in rows}
    assert fiscal["2017-02-19"] == "平成28年度" and fiscal["2017-04-10"] == "平成29年度"
    assert fiscal["2013-04-01"] == "平成28年度"  # the stage's last fiscal year is in 2017


@checks("15-kinu-merger")
def test_kinu_merger(store: ox.Store) -> None:
    rows = run(store, "15-kinu-merger")
    assert src(408, "福良小、梁小、延島小、絹中の4校の統合決定")
    assert {r["mergedSchoolLabel"]: r["closingCeremonyDate"] for r in rows} == {
        "福良小学校": "2017-02-19",  # line 410: 福良小閉校式(2/19)
        "延島小学校": "2017-03-04",  # line 410: 延島小閉校式(3/4)
        "梁小学校": "2017-03-05",  # line 410: 梁小閉校式(3/5)
        "絹中学校": "2017-03-18",  # line 410: 絹中学校閉校式(3/18)
    }
    assert [r["closingCeremonyDate"] for r in rows] == [
        "2017-02-19",
        "2017-03-04",
        "2017-03-05",
        "2017-03-18",
    ]
    shared = {
        (
            r["resultingSchoolLabel"],
            r["openingDate"],
            r["openingCeremonyDate"],
            r["planLabel"],
            r["planAdopted"],
            r["statusLabel"],
        )
        for r in rows
    }
    assert shared == {
        (
            "絹義務教育学校",
            "2017-04",  # line 411: 平成29年4月
            "2017-04-10",  # line 411: 開校式・入学式(4/10)
            src(408, "小中一貫校（絹中学区）施設整備等に関する基本計画"),
            "2015-03",  # line 408: 平成27年3月
            "実施済み",
        )
    }
    assert {r["heading"] for r in rows} == {src(404, "2. これまでのあゆみ")}


@checks("16-planned-mergers-and-registry")
def test_planned_mergers_and_what_the_registry_records(store: ox.Store) -> None:
    rows = run(store, "16-planned-mergers-and-registry")
    assert src(132, "小学校3校の統合及び小中一貫校の開校を検討中")
    assert src(314, "2022年4月に小学校2校の統合予定")
    stated = {
        (r["districtLabel"], r["schoolLabel"], r["statusLabel"], r.get("plannedDate")) for r in rows
    }
    assert stated == {
        # Line 132: the district's three elementary schools (lines 81–83), under consideration.
        ("乙女中学校区", "乙女小学校", "検討中", None),
        ("乙女中学校区", "下生井小学校", "検討中", None),
        ("乙女中学校区", "網戸小学校", "検討中", None),
        # Line 314: the district's two elementary schools, planned for April 2022.
        ("豊田中学校区", "豊田南小学校", "予定", "2022-04"),
        ("豊田中学校区", "豊田北小学校", "予定", "2022-04"),
    }
    assert {r["heading"] for r in rows} == {src(130, "形態・施設")}
    # Not the source: MEXT's school-code list (data/oyama/later-sources.ttl, read from
    # kojikomatsuzaki/open-secondary-data) records what became of the schools.
    registry = {
        r["schoolLabel"]: (
            r["registryStatus"],
            r.get("registryAbolished"),
            r.get("registrySuccessorName"),
        )
        for r in rows
    }
    assert registry == {
        "乙女小学校": ("本校", None, None),
        "下生井小学校": ("本校", None, None),
        "網戸小学校": ("廃止", "2025-05-01", "小山市立乙女小学校"),
        "豊田南小学校": ("廃止", "2022-05-01", "小山市立豊田小学校"),
        "豊田北小学校": ("廃止", "2022-05-01", "小山市立豊田小学校"),
    }
    assert {r["registryRepository"] for r in rows} == {"kojikomatsuzaki/open-secondary-data"}
    # The registry's wording appears nowhere in the source document.
    assert "豊田小学校" not in SOURCE_TEXT and "廃止" not in SOURCE_TEXT


@checks("17-councils-and-committees")
def test_councils_committees_and_panels(store: ox.Store) -> None:
    rows = run(store, "17-councils-and-committees")
    got = {
        (
            r["bodyLabel"],
            r["kindLabel"],
            r.get("statusLabel"),
            r.get("established"),
            r.get("documentLabel"),
            r.get("documentDate"),
        )
        for r in rows
    }
    assert got == {
        (
            src(26, "小山市小中一貫教育及び小中一貫校推進協議会"),
            "協議会",
            None,
            None,
            src(26, "小山市小中一貫教育及び小中一貫校に関する提言書"),
            "平成25年度",  # line 26: 平成25年度には…提言書を受け
        ),
        (
            src(406, "小山市学校適正配置等検討懇話会"),
            "懇話会",
            None,
            None,
            "絹中学区統合の方向性についての提言書",  # line 406: …の方向性について提言書
            "2014-01",  # line 406: 平成26年1月
        ),
        (src(407, "小中一貫校（絹中学区）推進委員会"), "推進委員会", None, "2014-07", None, None),
        (
            src(77, "小山市小中一貫教育推進基本計画策定委員会"),
            "策定委員会",
            "予定",
            None,
            None,
            None,
        ),
    }
    assert src(26, "平成25年度には") and src(406, "絹中学区統合の方向性について提言書が提出される")


@checks("18-outcomes-and-open-problems")
def test_outcomes_and_open_problems_by_level(store: ox.Store) -> None:
    rows = run(store, "18-outcomes-and-open-problems")
    counts = Counter((r["level"], r["holderLabel"], r["kindLabel"]) for r in rows)
    assert counts == {
        # City: ①–④ (line 69) and the training system (line 71); ①–③ (line 73) and the PDCA
        # cycle (line 75); the planning committee to come (line 77).
        ("市", "小山市の小中一貫教育", "成果"): 5,
        ("市", "小山市の小中一貫教育", "課題"): 4,
        ("市", "小山市の小中一貫教育", "今後の取組"): 1,
        # Otome: three bullets (lines 265–267) and the training's findings (line 261); one
        # problem (line 268).
        ("中学校区", "乙女中学校区", "成果"): 4,
        ("中学校区", "乙女中学校区", "課題"): 1,
        # Toyoda: lines 380, 381 (two surveys), 382 and the home-study week (line 368); the
        # last bullet is a plan (line 383).
        ("中学校区", "豊田中学校区", "成果"): 5,
        ("中学校区", "豊田中学校区", "今後の取組"): 1,
        # Kinu: 【後期課程への円滑な移行】【専門性の高い授業の実現】【リーダー性の育成】 and the
        # volunteers (lines 494–500); the renewal of CS members is the problem (line 500).
        ("学校", "絹義務教育学校", "成果"): 4,
        ("学校", "絹義務教育学校", "課題"): 1,
    }
    assert src(69, "①日常的・継続的な取組が充実してきたこと") and src(
        73, "③コミュニティ・スクールの取組と連携"
    )
    assert src(381, "小学校第4学年・中学校第2学年でのQ-U検査、小学校第3学年・中学校第1学年でのNRT")
    assert src(494, "【後期課程への円滑な移行】") and src(496, "【専門性の高い授業の実現】")
    assert src(498, "【リーダー性の育成】") and src(500, "が課題になります")
    instruments = {r["instrumentLabel"] for r in rows if "instrumentLabel" in r}
    assert instruments == {"Q-U検査", "NRT（集団基準準拠検査）"}  # line 381
    # Every statement and quote is the source's own wording.
    for row in rows:
        assert ja(row["statement"]) in SOURCE_TEXT, row["finding"]
        if "quote" in row:
            assert ja(row["quote"]) in SOURCE_TEXT, row["finding"]
    levels = [num(r["levelOrder"]) for r in rows]
    assert levels == sorted(levels)


@checks("19-compare-enrollment-tables")
def test_compare_enrollment_tables(store: ox.Store) -> None:
    rows = run(store, "19-compare-enrollment-tables")
    otome, toyoda, kinu = source_row(109), source_row(295), source_row(401)
    otome_c, toyoda_c, kinu_c = source_row(110), source_row(296), source_row(402)
    assert otome[-1] == 692 and toyoda[-1] == 450 and kinu[-1] == 270
    got = {
        r["districtLabel"]: (
            r["pupils"],
            r["classes"],
            r["elementaryPupils"],
            r["juniorHighPupils"],
            r["specialNeedsPupils"],
            r["specialNeedsClasses"],
        )
        for r in rows
    }
    assert got == {
        # Lines 109–110: 692 pupils in 38 classes; 433 + 259; special-needs 14 + 6 and 3 + 2.
        "乙女中学校区": (692, 38, 433, 259, 20, 5),
        # Lines 295–296: 450 in 24; 301 + 149; 特 7 + 6 pupils, 3 + 2 classes.
        "豊田中学校区": (450, 24, 301, 149, 13, 5),
        # Lines 401–402: 270 in 11; 176 + 94; the 校 columns are 0.
        "絹中学校区": (270, 11, 176, 94, 0, 0),
    }
    assert (otome[6] + otome[11], otome_c[6] + otome_c[11]) == (20, 5)
    assert (toyoda[6] + toyoda[11], toyoda_c[6] + toyoda_c[11]) == (13, 5)
    assert (kinu[6] + kinu[11], kinu_c[6] + kinu_c[11]) == (0, 0)
    for row in rows:
        pupils, classes = num(row["pupils"]), num(row["classes"])
        special = num(row["specialNeedsPupils"]), num(row["specialNeedsClasses"])
        assert close(row["pupilsPerClass"], pupils / classes)
        assert close(row["pupilsPerRegularClass"], (pupils - special[0]) / (classes - special[1]))
    dates = {r["districtLabel"]: r["periodLabel"] for r in rows}
    assert dates["乙女中学校区"] == dates["豊田中学校区"] == "2018年5月1日"  # lines 97, 291
    assert src(97, "平成30年5月1日時点") and src(291, "平成30年5月1日時点")
    assert SOURCE_LINES[397] == "児童生徒数"  # line 397: the Kinu table has no date
    assert ja(dates["絹中学校区"]).startswith("時点の記載なし")
    assert [r["pupils"] for r in rows] == [692, 450, 270]


@checks("20-stated-totals-and-their-sums")
def test_stated_totals_equal_the_sums_of_their_parts(store: ox.Store) -> None:
    rows = run(store, "20-stated-totals-and-their-sums")
    stated = {
        (r["districtLabel"], r["measureLabel"], ja(r["total"]).rsplit("/", 1)[-1]): r["stated"]
        for r in rows
    }
    # Columns 計 (8th), 計 (13th) and 小中合計 (14th) of the table rows.
    expected = {}
    for district, pupils_line, classes_line in (
        ("乙女中学校区", 109, 110),
        ("豊田中学校区", 295, 296),
        ("絹中学校区", 401, 402),
    ):
        for measure, line in (("児童生徒数", pupils_line), ("学級数", classes_line)):
            cells = source_row(line)
            expected[(district, measure, "total-primary")] = cells[7]
            expected[(district, measure, "total-lower-secondary")] = cells[12]
            expected[(district, measure, "total")] = cells[13]
    assert stated == expected
    assert stated[("乙女中学校区", "児童生徒数", "total-primary")] == 433  # line 109
    assert stated[("乙女中学校区", "児童生徒数", "total-lower-secondary")] == 259  # line 109
    assert stated[("乙女中学校区", "児童生徒数", "total")] == 692  # line 109
    assert stated[("豊田中学校区", "学級数", "total")] == 24  # line 296
    # The source's totals all add up: 79+57+68+68+70+77+14 = 433, 433+259 = 692, and so on.
    assert all(r["consistent"] is True and r["difference"] == 0 for r in rows)
    assert all(r["sumOfParts"] == r["stated"] == r["sumOfGrades"] for r in rows)
    assert sum(source_row(109)[:7]) == 433 and sum(source_row(109)[8:12]) == 259


@checks("21-cross-teaching-subjects")
def test_which_subjects_are_taught_across_stages(store: ox.Store) -> None:
    rows = run(store, "21-cross-teaching-subjects")
    got = {
        r["subjectLabel"]: (
            r["districts"],
            r["arrangements"],
            set(ja(r["districtNames"]).split("、")),
        )
        for r in rows
    }
    kinu, otome, toyoda = "絹中学校区", "乙女中学校区", "豊田中学校区"
    # Lines 147 (乙女: 算数・英語・音楽), 330 (豊田: 英語・算数) and 450 (絹: both directions,
    # 音楽・技術・家庭・美術・体育・英語).
    assert got == {
        "英語": (3, 4, {otome, toyoda, kinu}),
        "音楽": (2, 3, {otome, kinu}),
        "算数": (2, 2, {otome, toyoda}),
        "美術": (1, 2, {kinu}),
        "体育": (1, 2, {kinu}),
        "技術・家庭": (1, 2, {kinu}),
    }
    assert rows[0]["subjectLabel"] == "英語"  # the one subject all three districts share
    english = set(ja(rows[0]["directions"]).split("、"))
    assert english == {"中学校教員→小学校", "前期課程教員→後期課程", "後期課程教員→前期課程"}


@checks("22-provenance-of-an-entity")
def test_provenance_of_an_entity(store: ox.Store) -> None:
    rows = run(store, "22-provenance-of-an-entity")
    sections = [r for r in rows if r["sourceKind"] == "典拠の節"]
    files = [r for r in rows if r["sourceKind"] == "識別子の出典"]
    digest = hashlib.sha256(SOURCE_FILE.read_bytes()).hexdigest()
    for row in sections:
        start, end = row["lineStart"], row["lineEnd"]
        assert isinstance(start, int) and isinstance(end, int) and start <= end
        # A section's heading stands on its first line.
        if "heading" in row:
            assert SOURCE_LINES[start] == row["heading"]
        assert row["fileName"] == SOURCE_FILE.name
        assert row["sha256"] == digest
    spans = {(int(num(r["lineStart"])), int(num(r["lineEnd"]))) for r in sections}
    # The school's own part of the document (lines 385–500) and the city's sections that
    # announce its opening (line 26 in 24–26, line 67 in 65–77).
    assert SOURCE_LINES[385] == "小山市立絹義務教育学校【義務教育学校】"
    assert {(385, 500), (387, 402), (24, 26), (65, 77)} <= spans
    assert src(26, "絹義務教育学校を開校") and src(67, "「絹義務教育学校」を開校")
    quote = ja(sections[0]["quote"])
    assert any(quote in "\n".join(SOURCE_LINES[s : e + 1]) for s, e in spans)
    # The school code was read from MEXT's list, not from the source document.
    assert [(r["repository"], r["path"]) for r in files] == [
        (
            "kojikomatsuzaki/open-secondary-data",
            "school-codes-jp/mext-school-codes/data/schools.csv",
        )
    ]
    assert {r["entityLabel"] for r in rows} == {"絹義務教育学校"}


def _jis_check_digit(five_digits: str) -> str:
    """The check digit of a local-government code (JIS X 0402: weights 6–2, modulus 11)."""
    remainder = sum(int(d) * w for d, w in zip(five_digits, (6, 5, 4, 3, 2), strict=True)) % 11
    return str((11 - remainder) % 10) if remainder else "0"


@checks("23-external-identifiers")
def test_external_identifiers(store: ox.Store) -> None:
    rows = run(store, "23-external-identifiers")
    # Not the source document: data/oyama/links.ttl, each code with the file it was read from.
    got = {(r["entityLabel"], r["identifierKind"], r["identifier"], r["repository"]) for r in rows}
    localgov, protomaps = "code4fukui/localgovjp", "protomaps/basemaps"
    mext = "kojikomatsuzaki/open-secondary-data"
    assert {g for g in got if g[3] != mext} == {
        ("小山市", "全国地方公共団体コード", "092088", localgov),
        ("栃木県", "全国地方公共団体コード", "090000", localgov),
        ("栃木県", "ISO 3166-2", "JP-09", localgov),
        ("栃木県", "ISO 3166-2", "JP-09", protomaps),
        (
            "栃木県",
            "同一の実体（Wikidata など）",
            "http://www.wikidata.org/entity/Q44843",
            protomaps,
        ),
    }
    for code in ("092088", "090000"):
        assert _jis_check_digit(code[:5]) == code[5]
    # One MEXT school code for each school open as of the source (lines 81–84, 275–277, 385).
    codes = {ja(r["entityLabel"]): ja(r["identifier"]) for r in rows if r["repository"] == mext}
    assert set(codes) == {
        "乙女小学校",
        "下生井小学校",
        "網戸小学校",
        "乙女中学校",
        "豊田南小学校",
        "豊田北小学校",
        "豊田中学校",
        "絹義務教育学校",
    }
    # The code's first two characters give the kind of school (B1 elementary, C1 junior high,
    # C2 compulsory-education school) and the next two the prefecture (09 栃木県).
    for school, code in codes.items():
        kind = (
            "C2" if school.endswith("義務教育学校") else "C1" if school.endswith("中学校") else "B1"
        )
        assert re.fullmatch(r"[A-H][12]09\d{9}", code) and code[:2] == kind, (school, code)
    assert all(r["commit"] and len(ja(r["commit"])) == 40 for r in rows)


@checks("24-generic-schema-org-and-prov")
def test_generic_schema_org_and_prov_query(store: ox.Store) -> None:
    rows = run(store, "24-generic-schema-org-and-prov")
    generic = {(r["name"], r.get("streetAddress"), r["memberOfName"]) for r in rows}
    # The same schools, addresses and districts as the ikkan query 01 (lines 90–93, 275–277,
    # 395), found through schema:School, schema:address/streetAddress and org:memberOf.
    specific = {
        (r["schoolLabel"], r.get("address"), r["districtLabel"])
        for r in run(store, "01-schools-by-district")
    }
    assert generic == specific and len(generic) == 12
    founded = {r["name"]: r["foundingDate"] for r in rows if "foundingDate" in r}
    assert founded == {"絹義務教育学校": "2017-04"}  # line 67: 同年4月には…開校
    assert all(isinstance(r["sources"], int) and r["sources"] >= 1 for r in rows)


@checks("25-compare-district-arrangements")
def test_compare_district_arrangements(store: ox.Store) -> None:
    rows = run(store, "25-compare-district-arrangements")
    got = {
        r["districtLabel"]: (
            r.get("systemTypeLabel"),
            r["facilityTypeLabel"],
            r.get("facilityNote"),
            r["gradeBandsLabel"],
            r["specialCaseLabel"],
            r["principalPlacement"],
            r.get("principalPerSchool"),
            r.get("concurrentAppointment"),
            r["promotionTeacherDesignated"],
            r["subjectTeacherSystemLabel"],
            r.get("subjectTeachingFromGrade"),
        )
        for r in rows
    }
    special = "小学校英語に関する教育課程特例"
    assert src(140, "小山市全体での小学校英語に関する教育課程特例のみ実施")
    assert src(322, "小山市全体での小学校英語に関する教育課程特例のみ実施")
    assert src(436, "小山市全体での小学校英語に関する教育課程特例のみ実施")
    assert src(
        136, "□校長：各校配置 □教職員：兼務発令あり □小中一貫教育推進教員（校務分掌）：指名あり"
    )
    assert src(
        318, "□校長：各校配置 □教職員：兼務発令あり □小中一貫教育推進教員（校務分掌）：指名あり"
    )
    assert got == {
        "乙女中学校区": (
            "併設型小学校・中学校",  # line 79: 【併設型小学校・中学校】
            src(132, "施設分離型"),
            None,
            "4-3-2",  # line 141: 区切り：4－3－2
            special,
            "各校配置",  # line 136
            True,
            True,  # 兼務発令あり
            True,  # 指名あり
            "小学校での実施なし",  # line 146: 小学校での実施はなし
            None,
        ),
        "豊田中学校区": (
            None,  # the source gives the Toyoda part no heading with its form
            src(314, "施設分離型"),
            None,
            "4-3-2",  # line 323
            special,
            "各校配置",  # line 318
            True,
            True,
            True,
            "小学校での実施なし",  # line 329
            None,
        ),
        "絹中学校区": (
            "義務教育学校",  # line 385: 【義務教育学校】
            src(425, "施設隣接型"),
            src(425, "隣り合う別個の敷地を渡り廊下で接続"),
            "4-3-2",  # line 437
            special,
            src(431, "校長1名、教頭 前・後期課程に1名ずつ計2名配置"),
            True,
            None,  # the source says nothing of concurrent appointments at Kinu
            True,  # line 432: 指名あり
            "一部教科担任制",  # line 448
            3,  # line 448: 第3学年より実施
        ),
    }
    assert src(79, "【併設型小学校・中学校】") and src(385, "【義務教育学校】")
    assert src(141, "4－3－2") and src(323, "4-3-2") and src(437, "区切り：4-3-2")
    assert src(146, "教科担任制：小学校での実施はなし") and src(329, "小学校での実施はなし")
    assert src(448, "一部教科担任制（第3学年より実施")
    assert src(432, "小中一貫教育推進教員（校務分掌）：指名あり")


@checks("26-pupils-by-grade-in-three-cases")
def test_pupils_by_grade_in_three_cases(store: ox.Store) -> None:
    rows = run(store, "26-pupils-by-grade-in-three-cases")
    # Lines 109 (乙女), 295 (豊田) and 401 (絹): grades 1–6, then 7–9 after the 校/特 and 計 cells.
    otome, toyoda, kinu = source_row(109), source_row(295), source_row(401)
    grades = [*range(0, 6), *range(8, 11)]
    assert [
        (r["gradeLabel"], r["otomePupils"], r["toyodaPupils"], r["kinuPupils"]) for r in rows
    ] == [
        (label, otome[i], toyoda[i], kinu[i])
        for label, i in zip(
            [f"第{g}学年" for g in range(1, 7)]
            + [f"第{g}学年（中学校第{g - 6}学年）" for g in range(7, 10)],
            grades,
            strict=True,
        )
    ]
    assert rows[0] == {
        "gradeLabel": "第1学年",
        "otomePupils": 79,
        "toyodaPupils": 49,
        "kinuPupils": 35,
    }
    assert src(107, "小学校（乙女小・下生井小・網戸小の合計）") and src(
        293, "小学校（豊田南小と豊田北小の合計）"
    )
    # One label column and numbers only: a chart as it stands.
    assert all(list(r) == ["gradeLabel", "otomePupils", "toyodaPupils", "kinuPupils"] for r in rows)


@checks("27-exchange-activities-per-grade")
def test_exchange_activities_per_grade(store: ox.Store) -> None:
    rows = run(store, "27-exchange-activities-per-grade")
    # The same activities as question 12 (lines 142, 151, 324, 380, 439, 457), counted by grade.
    by_grade = Counter(r["grade"] for r in run(store, "12-exchange-activities-by-grade"))
    assert [r["activities"] for r in rows] == [by_grade[g] for g in range(1, 10)]
    assert [r["activities"] for r in rows] == [2, 1, 1, 4, 4, 4, 2, 2, 3]
    assert src(457, "朝会（全学年）") and src(457, "委員会活動（第4～9学年）")
    assert all(list(r) == ["gradeLabel", "activities"] for r in rows)
