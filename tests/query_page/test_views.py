"""The query page through Flask's test client, over the real build: every path of the view.

The gallery is generated from queries/; an example loads and runs; results are labelled and
linked; a POST redirects to its permalink; long answers are paged without losing ORDER BY; the
endpoint's limits and refusals show their message with the endpoint's status, beside a page
that still renders fully; CONSTRUCT/DESCRIBE come back as Turtle with links; a label column and
a numeric column make a chart; the editor's completions come from the graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from ikkan.namespaces import PREFIXES
from ikkan.research_questions import load_examples, load_tag_names
from ikkan.settings import Settings
from ikkan.sparql.protocol import READ_ONLY
from ikkan.web.app import create_app
from ikkan.web.state import get_state

from .pages import read_page

PROJECT = Path(__file__).resolve().parents[2]

OTOME_SCHOOLS = {"乙女小学校", "下生井小学校", "網戸小学校", "乙女中学校"}  # source lines 90–93
KINDS_QUERY = """PREFIX ikkan: <https://w3id.org/ikkan/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?kindLabel (COUNT(?school) AS ?schools) WHERE {
  ?school a ?kind .
  ?kind rdfs:subClassOf ikkan:School ; rdfs:label ?kindLabel .
  FILTER(lang(?kindLabel) = "ja")
}
GROUP BY ?kindLabel
ORDER BY DESC(?schools)
"""
MALFORMED = """PREFIX ikkan: <https://w3id.org/ikkan/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?school ?label WHERE {
  ?school a ikkan:School ;
          rdfs:label ?label .
  FILTER(lang(?label) = "ja"
}
"""
ALL_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"


def make_app(settings: Settings) -> Iterator[Flask]:
    application = create_app(settings)
    yield application
    with application.app_context():
        get_state().store.close()


@pytest.fixture(scope="module")
def app(built: Settings) -> Iterator[Flask]:
    yield from make_app(built.replace(query_workers=1))


@pytest.fixture(scope="module")
def limited(built: Settings) -> Iterator[Flask]:
    """An app with small limits, to reach them cheaply."""
    yield from make_app(
        built.replace(query_workers=1, max_results=50, query_timeout=3, max_request_bytes=20_000)
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def textarea(html: str) -> str:
    match = re.search(r'<textarea id="query"[^>]*>\n(.*?)</textarea>', html, re.DOTALL)
    assert match, "the page has the query textarea"
    return unescape(match[1])


def test_the_empty_page_has_the_editor_and_every_research_question(
    client: FlaskClient, built: Settings
) -> None:
    r = client.get("/query")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert '<html lang="ja">' in html
    assert '<label id="query-label" for="query">' in html
    # The starter query's prologue comes from the project's prefix table.
    assert f"PREFIX ikkan: <{PREFIXES['ikkan']}>" in textarea(html)
    assert 'action="/query"' in html and 'method="post"' in html
    examples = load_examples(built.queries_dir)
    tag_names = load_tag_names(built.queries_dir)
    assert len(examples) == len(list(built.queries_dir.glob("*.rq"))) >= 24
    for example in examples.values():
        assert f'href="/query?example={example.name}"' in html
        for key in ("title_ja", "title_en", "description_ja", "description_en"):
            assert str(escape(example.header[key])) in html, (example.name, key)
        for tag in example.tags:  # in Japanese, from queries/tags.csv
            assert f"<li>{escape(tag_names[tag])}</li>" in html, (example.name, tag)
    assert "Accept-Language" in r.headers["Vary"]
    assert "results" not in read_page(html).count


def test_an_example_loads_and_runs(client: FlaskClient, built: Settings) -> None:
    example = load_examples(built.queries_dir)["01-schools-by-district"]
    r = client.get("/query", query_string={"example": example.name})
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert textarea(html) == example.query
    assert example.header["title_ja"] in html
    page = read_page(html)
    assert page.count == "12"
    assert re.search(r'<span class="qp-time" title="[0-9.]+ s">\d+ ミリ秒</span>', html)
    by_district: dict[str, set[str]] = {}
    for district, school in zip(page.column("districtLabel"), page.column("school"), strict=True):
        by_district.setdefault(district, set()).add(school)
    assert by_district["乙女中学校区"] == OTOME_SCHOOLS
    # IRIs are shown by their labels and link to their local /id/ paths; the IRI is the title.
    otome = next(c for c in page.cells("school") if c.text == "乙女小学校")
    assert otome.href == "/id/school/092088-otome-es"
    assert otome.title == "https://w3id.org/ikkan/id/school/092088-otome-es"
    assert otome.lang == "ja"
    # Literals keep their language for hover.
    assert {c.title for c in page.cells("schoolLabel")} == {"@ja"}
    # Downloads go to the endpoint with the same query, in each format.
    csv = next(href for href, text in page.links if text == "CSV")
    parts = urlsplit(csv)
    assert parts.path == "/sparql"
    assert parse_qs(parts.query) == {"query": [example.query], "format": ["csv"]}
    permalink = next(href for href, text in page.links if text == "固定リンク")
    assert parse_qs(urlsplit(permalink).query) == {"query": [example.query]}


@pytest.fixture(scope="module")
def national_app(built_national: Settings) -> Iterator[Flask]:
    """The page over a build with the sample national lists."""
    yield from make_app(built_national.replace(query_workers=1))


@pytest.mark.parametrize("name", sorted(load_examples(PROJECT / "queries")))
def test_every_research_question_runs_on_the_page(
    client: FlaskClient, national_app: Flask, name: str
) -> None:
    # A question of the national layer has answers only where the build holds the lists.
    if "national" in load_examples(PROJECT / "queries")[name].tags:
        client = national_app.test_client()
    r = client.get("/query", query_string={"example": name})
    assert r.status_code == 200
    page = read_page(r.get_data(as_text=True))
    assert int(page.count.replace(",", "")) > 0
    assert len(page.rows) == min(int(page.count.replace(",", "")), 100)


def test_english_labels_and_page(client: FlaskClient) -> None:
    r = client.get("/query", query_string={"example": "01-schools-by-district", "lang": "en"})
    html = r.get_data(as_text=True)
    assert '<html lang="en">' in html and "Schools in each junior-high school district" in html
    page = read_page(html)
    assert "Kinu Compulsory Education School" in page.column("school")
    assert "Accept-Language" not in r.headers.get("Vary", "")
    # The choice of language survives the form and the gallery's links.
    assert '<input type="hidden" name="lang" value="en">' in html
    assert 'href="/query?example=02-city-population-and-school-counts&amp;lang=en"' in html
    by_header = client.get("/query", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en">' in by_header.get_data(as_text=True)


def test_literal_datatypes_are_kept_for_hover(client: FlaskClient) -> None:
    r = client.get("/query", query_string={"example": "02-city-population-and-school-counts"})
    page = read_page(r.get_data(as_text=True))
    values = dict(zip(page.column("measure"), page.cells("value"), strict=True))
    population = next(
        cell for name, cell in values.items() if "population" in name.lower() or "人口" in name
    )
    assert (population.text, population.title) == ("167820", "xsd:integer")
    assert 'class="qp-num"' in r.get_data(as_text=True)


def test_a_post_redirects_to_its_permalink(client: FlaskClient) -> None:
    query = KINDS_QUERY.replace("\n", "\r\n")
    r = client.post("/query", data={"query": query, "lang": "en"})
    assert r.status_code == 303
    location = urlsplit(r.headers["Location"])
    assert location.path == "/query"
    assert parse_qs(location.query) == {"query": [KINDS_QUERY], "lang": ["en"]}
    followed = client.get(r.headers["Location"])
    assert followed.status_code == 200
    page = read_page(followed.get_data(as_text=True))
    assert page.column("kindLabel") == ["小学校", "中学校", "義務教育学校"]
    assert page.column("schools") == ["8", "3", "1"]
    # The permalink round-trips: the editor holds exactly the query that was posted.
    assert textarea(followed.get_data(as_text=True)) == KINDS_QUERY


def test_a_query_too_long_for_a_url_is_answered_directly(client: FlaskClient) -> None:
    query = "# " + "長いコメント" * 600 + "\n" + KINDS_QUERY
    r = client.post("/query", data={"query": query})
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert read_page(html).column("schools") == ["8", "3", "1"]
    assert "qp-permalink" not in html
    # Downloads become buttons that post the query, held once in a hidden form, to the endpoint.
    assert re.search(r'<form id="qp-result" method="post" action="/query#results" hidden>', html)
    assert re.search(
        r'<button type="submit" form="qp-result" formaction="/sparql" name="format" '
        r'value="csv"',
        html,
    )
    assert html.count("長いコメント" * 600) == 2  # the editor and the hidden form


def test_a_long_query_is_paged_with_forms(client: FlaskClient) -> None:
    query = "# " + "長いコメント" * 600 + "\n" + ALL_TRIPLES
    r = client.post("/query", data={"query": query, "page": "2"})
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert '<td class="qp-n">101</td>' in html
    assert re.search(r'<button type="submit" form="qp-result" name="page" value="3"', html)
    assert 'class="qp-page-button"' in html


def test_a_query_past_the_size_limit_says_so(limited: Flask) -> None:
    client = limited.test_client()
    query = "# " + "x" * 30_000 + "\nASK {}"
    for r in (
        client.post("/query", data={"query": query}),
        client.get("/query", query_string={"query": query}),
        client.post("/query", data={"query": "# " + "x" * 200_000 + "\nASK {}"}),
    ):
        assert r.status_code == 413
        page = read_page(r.get_data(as_text=True))
        assert "クエリが長すぎます" in page.problem and "longer than 20,000 bytes" in page.problem


def test_a_malformed_query_shows_its_line_and_column(client: FlaskClient) -> None:
    r = client.get("/query", query_string={"query": MALFORMED})
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    page = read_page(html)
    assert "構文エラー" in page.problem and "行 7" in page.problem
    assert "Malformed query at line 7, column 1" in page.problem
    assert 'data-error-line="7"' in html and 'aria-invalid="true"' in html
    # The excerpt marks the error line, with its neighbours.
    assert re.search(
        r'qp-xl qp-xl-error"><span class="qp-ln" aria-hidden="true">7</span><mark>}</mark>', html
    )
    assert '<span class="qp-ln" aria-hidden="true">6</span>' in html
    assert textarea(html) == MALFORMED
    assert "qp-results" not in html
    # The page is still whole: the gallery is there.
    assert 'href="/query?example=01-schools-by-district"' in html


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        (
            "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
            403,
            READ_ONLY.format(what="INSERT"),
        ),
        (
            "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
            403,
            "SERVICE <http://example.org/sparql> is refused",
        ),
    ],
)
def test_refusals_show_the_endpoints_message(
    client: FlaskClient, query: str, status: int, message: str
) -> None:
    r = client.get("/query", query_string={"query": query})
    assert r.status_code == status
    page = read_page(r.get_data(as_text=True))
    assert "実行できないクエリ" in page.problem
    assert message in page.problem


def test_an_unknown_example_is_404_with_the_gallery(client: FlaskClient) -> None:
    r = client.get("/query", query_string={"example": "../../etc/passwd"})
    assert r.status_code == 404
    html = r.get_data(as_text=True)
    assert "その例はありません" in html and "../../etc/passwd" in html
    assert 'href="/query?example=24-generic-schema-org-and-prov"' in html


def test_long_results_are_paged_in_query_order(client: FlaskClient, store: ox.Store) -> None:
    solutions = store.query(ALL_TRIPLES, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    subjects = [str(row["s"].value) for row in solutions]  # type: ignore[union-attr]
    total = len(subjects)
    expected = subjects[100:200]
    r = client.get("/query", query_string={"query": ALL_TRIPLES, "page": "2"})
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    page = read_page(html)
    assert int(page.count.replace(",", "")) == total
    assert [c.title for c in page.cells("s")] == expected
    assert '<td class="qp-n">101</td>' in html and '<td class="qp-n">200</td>' in html
    assert "101〜200 件目を表示" in html
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert f"page={-(-total // 100)}" in html  # the last page is linked
    last = read_page(
        client.get("/query", query_string={"query": ALL_TRIPLES, "page": "999"}).get_data(
            as_text=True
        )
    )
    assert len(last.rows) == total - (total - 1) // 100 * 100


def test_a_query_past_the_row_limit_says_so(limited: Flask) -> None:
    # Unsorted, so that the engine streams and the limit is met at once even on a busy machine.
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    r = limited.test_client().get("/query", query_string={"query": everything})
    assert r.status_code == 500
    html = r.get_data(as_text=True)
    page = read_page(html)
    assert "結果が大きすぎます" in page.problem
    assert "more than 50 rows" in page.problem and "none of it was sent" in page.problem
    assert page.rows == [] and "qp-results" not in html


@pytest.mark.slow
def test_a_query_past_the_time_limit_says_so(limited: Flask) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    r = limited.test_client().get("/query", query_string={"query": slow})
    assert r.status_code == 500
    page = read_page(r.get_data(as_text=True))
    assert "時間切れ" in page.problem and "time limit" in page.problem
    # The server goes on answering.
    ok = limited.test_client().get("/query", query_string={"query": "ASK {}"})
    assert ok.status_code == 200


def test_describe_is_shown_as_turtle_with_links(client: FlaskClient) -> None:
    query = "DESCRIBE <https://w3id.org/ikkan/id/school/092088-kinu-ces>"
    r = client.get("/query", query_string={"query": query})
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert '<pre class="qp-turtle">' in html and "トリプル" in html
    assert '<a href="/id/district/092088-kinu" title="絹中学校区">' in html
    assert 'href="https://w3id.org/ikkan/ontology#CompulsoryEducationSchool"' not in html
    assert 'href="/ontology#CompulsoryEducationSchool"' in html
    assert "&#34;絹義務教育学校&#34;@ja" in html or '"絹義務教育学校"@ja' in html
    page = read_page(html)
    assert [
        text for _, text in page.links if text in ("Turtle", "JSON-LD", "N-Triples", "RDF/XML")
    ] == [
        "Turtle",
        "JSON-LD",
        "N-Triples",
        "RDF/XML",
    ]


def test_ask_shows_the_answer(client: FlaskClient) -> None:
    r = client.get(
        "/query", query_string={"query": "ASK { ?s a <https://w3id.org/ikkan/ontology#School> }"}
    )
    html = r.get_data(as_text=True)
    assert '<p class="qp-boolean">true' in html


def test_the_dataset_of_a_from_clause_is_respected(client: FlaskClient, store: ox.Store) -> None:
    graph = "https://w3id.org/ikkan/graph/ontology"
    query = f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}"
    expected = len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(graph))))
    page = read_page(client.get("/query", query_string={"query": query}).get_data(as_text=True))
    assert page.column("n") == [str(expected)]
    assert expected < 9523


def test_a_label_and_a_number_make_a_chart(client: FlaskClient) -> None:
    r = client.get("/query", query_string={"query": KINDS_QUERY})
    html = r.get_data(as_text=True)
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg
    assert [unescape(t) for t in re.findall(r'class="qp-bar-label"[^>]*>([^<]*)<', svg)] == [
        "小学校",
        "中学校",
        "義務教育学校",
    ]
    assert re.findall(r'class="qp-bar-value"[^>]*>([^<]*)<', svg) == ["8", "3", "1"]
    # No chart for the many-column research question.
    many = client.get("/query", query_string={"example": "01-schools-by-district"})
    assert "<svg" not in many.get_data(as_text=True)


GRADE_BY_GRADE = """PREFIX ikkan: <https://w3id.org/ikkan/ontology#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX table: <https://w3id.org/ikkan/id/table/>
SELECT ?grade ?gradeLabel ?otome ?toyoda ?kinu WHERE {
  ?grade ikkan:gradeNumber ?n ; skos:prefLabel ?gradeLabel . FILTER(lang(?gradeLabel) = "ja")
  OPTIONAL { ?a qb:dataSet table:092088-otome-enrollment-2018 ; ikkan:refGrade ?grade ;
                ikkan:pupils ?otome }
  OPTIONAL { ?b qb:dataSet table:092088-toyoda-enrollment-2018 ; ikkan:refGrade ?grade ;
                ikkan:pupils ?toyoda }
  OPTIONAL { ?c qb:dataSet table:092088-kinu-enrollment ; ikkan:refGrade ?grade ;
                ikkan:pupils ?kinu }
} ORDER BY ?n
"""


def test_an_iri_its_label_and_three_figures_make_a_chart(client: FlaskClient) -> None:
    html = client.get("/query", query_string={"query": GRADE_BY_GRADE}).get_data(as_text=True)
    assert "<svg" in html, "a grade column with its label and three numbers is a chart"
    svg = html[html.index("<svg") : html.index("</svg>")]
    labels = [unescape(t) for t in re.findall(r'class="qp-bar-label"[^>]*>([^<]*)<', svg)]
    assert labels[0] == "第1学年" and len(labels) == 9
    assert 'href="/id/grade/1"' in svg  # each label links to its grade
    assert len(re.findall(r'<rect class="qp-series-[012]"', svg)) == 27
    values = re.findall(r'class="qp-bar-value"[^>]*>([^<]*)<', svg)
    assert values[:3] == ["79", "49", "35"]  # source lines 107, 293, 400
    widths = [
        float(w)
        for w in re.findall(
            r'<rect class="qp-series-\d" x="[^"]*" y="[^"]*" '
            r'width="([\d.]+)%"',
            svg,
        )
    ]
    assert widths[0] / widths[2] == pytest.approx(79 / 35, rel=0.01)


def test_completions_come_from_the_ontology_and_void(client: FlaskClient) -> None:
    r = client.get("/query/completions.json", query_string={"lang": "ja"})
    assert r.status_code == 200
    data = r.get_json()
    assert data["prefixes"] == PREFIXES
    terms = {t["curie"]: t for t in data["terms"]}
    school = terms["ikkan:School"]
    assert (school["kind"], school["label"], school["count"]) == ("class", "学校", 12)
    assert terms["ikkan:hasSchool"]["kind"] == "property"
    assert terms["rdfs:label"]["count"] > 1000  # from the VoID property partitions
    assert terms["schema:School"]["count"] == 12
    english = client.get("/query/completions.json", query_string={"lang": "en"}).get_json()
    assert next(t for t in english["terms"] if t["curie"] == "ikkan:School")["label"] == "School"


def test_the_editor_script_is_ours_when_built(client: FlaskClient) -> None:
    html = client.get("/query").get_data(as_text=True)
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert all(src.startswith("/static/") for src in scripts)
    for src in scripts:
        assert client.get(src).status_code == 200


def test_query_text_is_escaped(client: FlaskClient) -> None:
    hostile = "# </textarea><script>alert(1)</script>\nASK {}"
    html = client.get("/query", query_string={"query": hostile}).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert textarea(html) == hostile


def test_endpoint_names_the_file_of_a_format_link(client: FlaskClient) -> None:
    r = client.get("/sparql", query_string={"query": "ASK {}", "format": "csv"})
    assert r.status_code == 200
    assert re.fullmatch(
        r'inline; filename="ikkan-result-[0-9a-f]{12}\.csv"', r.headers["Content-Disposition"]
    )
    plain = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "text/csv"})
    assert "Content-Disposition" not in plain.headers


def test_a_megabyte_query_comes_back_as_a_bounded_page(client: FlaskClient) -> None:
    """The query is echoed in the editor and once for the result's buttons, never once per
    button; a syntax error's excerpt quotes the long line around the error only."""
    ask = "# " + "a-" * 450_000 + "\nASK {}"
    r = client.post("/query", data={"query": ask})
    assert r.status_code == 200
    assert len(r.get_data()) < 2 * len(ask) + 200_000
    broken = "SELECT " + "?a " * 300_000 + "WHERE { ?a ?b }"
    r = client.post("/query", data={"query": broken})
    assert r.status_code == 400
    assert len(r.get_data()) < 2 * len(broken) + 200_000
    assert "…" in read_page(r.get_data(as_text=True)).problem


def test_a_query_past_the_size_limit_is_a_clear_413_without_the_query(limited: Flask) -> None:
    r = limited.test_client().post("/query", data={"query": "# " + "x" * 900_000 + "\nASK {}"})
    assert r.status_code == 413
    assert len(r.get_data()) < 200_000
    assert "longer than 20,000 bytes" in read_page(r.get_data(as_text=True)).problem


@pytest.mark.parametrize(
    "query",
    [
        'SELECT (IRI("javascript:alert(document.domain)") AS ?x) '
        "(<https://example.org/a> AS ?y) {}",
        "CONSTRUCT { <javascript:alert(document.domain)> <https://example.org/p> "
        "<data:text/html,x> , <https://example.org/a> } WHERE {}",
    ],
    ids=["select", "construct"],
)
def test_only_web_iris_become_links_in_results(client: FlaskClient, query: str) -> None:
    r = client.get("/query", query_string={"query": query})
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    results = html[html.index('id="results"') :]
    hrefs = re.findall(r'href="([^"]*)"', results)
    assert "https://example.org/a" in hrefs
    assert not [h for h in hrefs if not h.startswith(("/", "#", "?", "http://", "https://"))]
    assert "javascript:alert(document.domain)" in unescape(results)  # shown, as text
    assert r.headers["Content-Security-Policy"].startswith("default-src 'self';")
