"""The national layer's pages over a real server: a municipality's schools, a prefecture's
municipalities, the overview of 義務教育学校 and school pages, each figure counted here from the
sample list (tests/national/fixtures/schools-sample.csv), not from the graph.

A second build adds invented rows (テスト…, clearly test rows) to the sample: a chain of three
successors in 小山市, three schools merged into one 義務教育学校, and a school whose name is
markup, so the pages' chain order, merged counts and escaping are checked on real HTML.
"""

from __future__ import annotations

import csv
import html
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from ikkan.builder.pipeline import run_build
from ikkan.national.checkdigits import school_code_check_digit
from ikkan.settings import Settings, load_settings

from ..national.sample import FIXTURES, sample_sources
from ..support import Server, start_server

SCHOOLS = FIXTURES / "schools-sample.csv"
OYAMA = "/page/municipality/092088"
HOSTILE = "テスト<script>alert(1)</script>小学校"


def _rows(path: Path = SCHOOLS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _counts(rows: list[dict[str, str]]) -> dict[str, tuple[int, int]]:
    """Kind code → (open, closed): the list's 本校 and 分校 against 廃止."""
    open_, closed = Counter[str](), Counter[str]()
    for r in rows:
        (closed if r["school_status_code"] == "9" else open_)[r["school_type_code"]] += 1
    return {k: (open_[k], closed[k]) for k in sorted({*open_, *closed})}


def _get(server: Server, path: str) -> str:
    response = requests.get(server.base + path, timeout=30)
    assert response.status_code == 200, (path, response.status_code)
    assert response.headers["Content-Type"].startswith("text/html")
    return response.text


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def _kind_rows(page: str) -> dict[str, tuple[int, int]]:
    """The counts-by-kind table of a municipality page: notation → (open, closed)."""
    found = {}
    for notation, row in re.findall(r'<tr data-kind="([A-Z0-9]+)">(.*?)</tr>', page, re.S):
        open_ = re.search(r'class="num open">(\d+)<', row)
        closed = re.search(r'class="num closed">(\d+)<', row)
        assert open_ and closed
        found[notation] = (int(open_[1]), int(closed[1]))
    return found


def _chains(page: str) -> list[list[str]]:
    """Each successor chain of a page, as the texts of its schools in order."""
    return [
        [_text(item).split(" ")[0] for item in re.findall(r"<li>(.*?)</li>", chain, re.S)]
        for chain in re.findall(r'<ol class="chain">(.*?)</ol>', page, re.S)
    ]


# --- the sample lists ---------------------------------------------------------------------


def test_a_municipality_counts_its_schools_by_kind_as_the_list_does(
    national_server: Server,
) -> None:
    oyama = [r for r in _rows() if "小山市" in r["address"]]
    expected = _counts(oyama)
    page = _get(national_server, OYAMA)
    assert _kind_rows(page) == expected == {"B1": (2, 3)}
    # Every school of the list is listed, with the seed's schools merged into their rows: one
    # row per school, the seed's name for the seed's schools.
    listed = re.search(r'<table class="listing place-school-list">(.*?)</table>', page, re.S)
    assert listed is not None
    for r in oyama:
        assert r["school_code"] in listed[1]
        assert listed[1].count(r["school_code"]) == 1
    assert "網戸小学校" in listed[1] and "小山市立網戸小学校" not in listed[1]
    # The chart is drawn on the server, and the seed's programme is linked.
    assert '<svg width="100%"' in page and "学校種別の学校数（開校・廃止）" in page
    assert 'href="/page/programme/092088"' in page


def test_a_municipality_shows_its_successor_chains_in_order(national_server: Server) -> None:
    chains = _chains(_get(national_server, OYAMA))
    assert ["網戸小学校", "乙女小学校"] in chains
    assert ["豊田南小学校", "小山市立豊田小学校"] in chains
    assert ["豊田北小学校", "小山市立豊田小学校"] in chains


def test_a_prefecture_counts_its_municipalities_schools(national_server: Server) -> None:
    # The short code redirects to the page of the entity's IRI.
    moved = requests.get(
        national_server.base + "/page/prefecture/09?lang=en", allow_redirects=False, timeout=30
    )
    assert moved.status_code == 301
    assert moved.headers["Location"] == "/page/prefecture/090000?lang=en"
    page = _get(national_server, "/page/prefecture/09")
    tochigi = [r for r in _rows() if r["prefecture_code"] == "09"]
    open_total = sum(1 for r in tochigi if r["school_status_code"] != "9")
    closed_total = len(tochigi) - open_total
    total = re.search(r'<tr class="row-total">(.*?)</tr>', page, re.S)
    assert total is not None
    cells = re.findall(
        r'<span class="open">(\d+)</span> / <span class="closed">(\d+)</span>', total[1]
    )
    assert cells[-1] == (str(open_total), str(closed_total))
    oyama = re.search(r'<tr data-code="092088">(.*?)</tr>', page, re.S)
    assert oyama is not None and "小山市" in oyama[1]
    assert re.findall(r'class="open">(\d+)<', oyama[1])[-1] == "2"
    assert re.findall(r'class="closed">(\d+)<', oyama[1])[-1] == "3"
    # No 義務教育学校 of the sample is in 栃木県.
    assert "置かれた義務教育学校は一覧にありません" in page


def test_the_overview_of_compulsory_education_schools(national_server: Server) -> None:
    page = _get(national_server, "/compulsory-education-schools")
    by_prefecture = Counter(r["prefecture_code"] for r in _rows() if r["school_type_code"] == "C2")
    for code, n in by_prefecture.items():
        row = re.search(rf'<tr class="shade-\d" data-prefecture="{code}">(.*?)</tr>', page, re.S)
        assert row is not None, code
        assert re.search(r'class="num open">(\d+)<', row[1])[1] == str(n)  # type: ignore[index]
    assert f'<b class="total-open">{sum(by_prefecture.values())}</b>' in page
    # The name with a literal ? is kept as the list writes it.
    assert "八女市立上陽北?学園" in page
    # Linked from every page's navigation and from the home page.
    home = _get(national_server, "/")
    assert home.count('href="/compulsory-education-schools"') >= 2
    english = _get(national_server, "/compulsory-education-schools?lang=en")
    assert "Compulsory-education schools" in english


def test_a_school_page_cites_the_list_and_the_seed_apart(national_server: Server) -> None:
    page = _get(national_server, "/page/school/092088-ajito-es")
    record = re.search(r'<section class="record".*?</section>', page, re.S)
    assert record is not None
    shown = _text(record[0])
    row = next(r for r in _rows() if r["school_code"] == "B109210001509")
    for value in (row["school_code"], row["school_name"], row["address"], row["postal_code"]):
        assert value in shown
    # The list's dates, named as the list's, never as an opening date.
    assert "一覧の属性情報設定年月日 2020-12-22" in shown and "開校日ではない" in shown
    assert f"一覧の廃止年月日 {row['attribute_abolished_date']}" in shown
    assert "開校日 " not in shown and "opening date 2020" not in shown.lower()
    assert "文部科学省「学校コード」" in shown  # the list, cited
    # The seed's statements stay, each value tagged with the layer that states it.
    facts = re.search(r'<section aria-labelledby="facts">(.*?)</section>', page, re.S)
    assert facts is not None
    assert 'class="tag layer" href="/page/_graph/oyama"' in facts[1]
    assert 'class="tag layer" href="/page/_graph/mext-school-codes"' in facts[1]
    assert _chains(page) == [["網戸小学校", "乙女小学校"]]
    english = _text(_get(national_server, "/page/school/092088-ajito-es?lang=en"))
    assert "Date the list set this row 2020-12-22" in english
    assert "not an opening date" in english


def test_a_school_page_lists_its_predecessors(national_server: Server) -> None:
    page = _get(national_server, "/page/school/b109210003507")
    predecessors = re.search(r'<ul class="predecessors">(.*?)</ul>', page, re.S)
    assert predecessors is not None
    text = _text(predecessors[1])
    assert text.index("豊田南小学校") < text.index("豊田北小学校")  # by code
    assert "B109210001527" in text and "2022-05-01" in text


def test_every_row_of_the_sample_has_a_page(national_server: Server) -> None:
    for r in _rows():
        response = requests.get(
            national_server.base + "/id/school/" + r["school_code"].lower(),
            headers={"Accept": "text/html"},
            timeout=30,
        )
        if response.status_code == 404:  # a seed school: its IRI is the seed's
            continue
        assert response.status_code == 200, r["school_code"]
        assert r["school_code"] in response.text


# --- invented rows: a chain of three, a merger into a 義務教育学校, markup in a name -------


def _code(kind: str, number: int) -> str:
    head = f"{kind}092{number:07d}"
    return head + str(school_code_check_digit(head + "0"))


def _row(code: str, name: str, kind: tuple[str, str, str, str], **extra: str) -> dict[str, str]:
    status = (
        ("9", "9(廃)", "廃止", "Closed")
        if extra.get("abolished")
        else ("1", "1(本)", "本校", "Main School")
    )
    return {
        "school_code": code, "school_name": name, "school_type_code": kind[0],
        "school_type_source_label": kind[1], "school_type_name_ja": kind[2],
        "school_type_name_en": kind[3], "prefecture_code": "09", "prefecture_name": "栃木",
        "founder_code": "2", "founder_source_label": "2(公)", "founder_name_ja": "公立",
        "founder_name_en": "Public", "school_status_code": status[0],
        "school_status_source_label": status[1], "school_status_name_ja": status[2],
        "school_status_name_en": status[3], "address": "栃木県小山市テスト町１",
        "postal_code": "3230000", "attribute_set_date": "2020-12-22",
        "attribute_abolished_date": extra.get("abolished", ""),
        "obsolete_school_survey_number": "", "successor_school_code": extra.get("successor", ""),
        "source_file": "test.csv",
    }  # fmt: skip


B1 = ("B1", "B1(小学校)", "小学校", "Elementary School")
C2 = ("C2", "C2(義務)", "義務教育学校", "Compulsory Education School")
A, B, C = (_code("B1", 9000001 + i) for i in range(3))
GAKUEN = _code("C2", 9000101)
MERGED = [_code("B1", 9000201 + i) for i in range(3)]
INVENTED = [
    _row(A, "テストA小学校", B1, abolished="2022-05-01", successor=B),
    _row(B, "テストB小学校", B1, abolished="2024-05-01", successor=C),
    _row(C, HOSTILE, B1),
    _row(GAKUEN, "テスト学園", C2),
    *(
        _row(m, f"テスト統合{i}小学校", B1, abolished="2023-05-01", successor=GAKUEN)
        for i, m in enumerate(MERGED)
    ),
]


@pytest.fixture(scope="module")
def invented_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real server over the sample lists with the invented rows added."""
    out = tmp_path_factory.mktemp("ikkan-national-invented")
    work = out / "fixtures"
    shutil.copytree(FIXTURES, work)
    with (work / SCHOOLS.name).open("a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(INVENTED[0]), lineterminator="\n")
        writer.writerows(INVENTED)
    from ..national import sample

    original = sample.FIXTURES
    sample.FIXTURES = work
    try:
        folder, records = sample_sources(out / "sources")
    finally:
        sample.FIXTURES = original
    settings: Settings = load_settings(
        {
            "project_dir": str(sample.PROJECT),
            "build_dir": str(out / "build"),
            "dist_dir": str(out / "dist"),
            "sources_dir": str(folder),
            "sources_records": str(records),
        },
        environ={},
    )
    assert run_build(settings, quiet=True) == 0
    server = start_server(
        {
            "IKKAN_PROJECT_DIR": str(settings.project_dir),
            "IKKAN_BUILD_DIR": str(settings.build_path),
            "IKKAN_DIST_DIR": str(settings.dist_path),
            "IKKAN_WORKERS": "1",
            "IKKAN_QUERY_TIMEOUT": "10",
        }
    )
    yield server
    server.stop()


def test_a_chain_of_three_is_shown_in_order(invented_server: Server) -> None:
    page = _get(invented_server, OYAMA)
    chains = _chains(page)
    assert ["テストA小学校", "テストB小学校", "テスト<script>alert(1)</script>小学校"] in chains
    # The chain is shown once, from its start; B is not the start of another.
    assert not any(chain[0] == "テストB小学校" for chain in chains)
    middle = _get(invented_server, "/page/school/" + B.lower())
    assert _chains(middle) == [["テストB小学校", "テスト<script>alert(1)</script>小学校"]]
    end = _get(invented_server, "/page/school/" + C.lower())
    predecessors = re.search(r'<ul class="predecessors">(.*?)</ul>', end, re.S)
    assert predecessors is not None
    assert _text(predecessors[1]).index("テストB") < _text(predecessors[1]).index("テストA")
    assert 'class="depth-2"' in predecessors[1]  # A came before B


def test_counts_follow_the_invented_rows(invented_server: Server) -> None:
    oyama = [r for r in _rows() if "小山市" in r["address"]] + INVENTED
    page = _get(invented_server, OYAMA)
    assert _kind_rows(page) == _counts(oyama)
    overview = _get(invented_server, "/compulsory-education-schools")
    row = re.search(r'<tr class="shade-\d" data-prefecture="09">(.*?)</tr>', overview, re.S)
    assert row is not None
    assert re.search(r'class="num absorbed">(\d+)<', row[1])[1] == str(len(MERGED))  # type: ignore[index]
    prefecture = _get(invented_server, "/page/prefecture/090000")
    listing = re.search(r'<table class="listing compulsory-list">(.*?)</table>', prefecture, re.S)
    assert listing is not None and "テスト学園" in listing[1]
    assert re.search(r'class="num absorbed">(\d+)<', listing[1])[1] == "3"  # type: ignore[index]


@pytest.mark.parametrize(
    "path",
    [OYAMA, "/page/school/" + C.lower(), "/page/school/" + B.lower(), "/page/school/" + A.lower()],
)
def test_names_are_escaped(invented_server: Server, path: str) -> None:
    page = _get(invented_server, path)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    "path",
    [
        "/page/prefecture/9",
        "/page/prefecture/099",
        "/page/prefecture/０９",
        "/page/municipality/0920",
        "/page/prefecture/09/../../id",
        "/page/prefecture/09%0d%0aSet-Cookie:%20x=1",
    ],
)
def test_a_short_code_that_is_not_one_is_not_redirected(national_server: Server, path: str) -> None:
    r = requests.get(national_server.base + path, allow_redirects=False, timeout=30)
    assert r.status_code in (400, 404)
    assert "Location" not in r.headers and "Set-Cookie" not in r.headers


def test_a_hostile_query_string_stays_encoded_in_the_redirect(national_server: Server) -> None:
    r = requests.get(
        national_server.base + "/page/prefecture/09?lang=en%0d%0aSet-Cookie:%20x=1&<script>",
        allow_redirects=False,
        timeout=30,
    )
    assert r.status_code == 301
    assert "Set-Cookie" not in r.headers
    location = r.headers["Location"]
    assert location.startswith("/page/prefecture/090000?")
    assert "\r" not in location and "\n" not in location and "<" not in location
    for params in ({"count": "-1"}, {"in_page": "99999999999999999999"}, {"lang": "<x>"}):
        answer = requests.get(
            national_server.base + "/compulsory-education-schools", params=params, timeout=30
        )
        assert answer.status_code in (200, 400)
        assert "<x>" not in answer.text
