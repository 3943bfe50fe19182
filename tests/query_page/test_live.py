"""The query page over real HTTP, without a browser: what a no-JavaScript client gets.

A real ``ikkan serve`` (gunicorn) over the real build: an example runs and shows the source's
rows, a POST is answered with 303 to its permalink, a malformed query gets 400 with its line,
and every download link goes to the endpoint and returns the same answer in its format, under
a file name with the right extension.
"""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import urljoin

import pyoxigraph as ox
import requests

from ..support import Server
from .pages import Page, read_page

OTOME_SCHOOLS = {"乙女小学校", "下生井小学校", "網戸小学校", "乙女中学校"}  # source lines 90–93
EXAMPLE = "01-schools-by-district"


def get_page(server: Server, **params: str) -> tuple[requests.Response, Page]:
    r = requests.get(server.base + "/query", params=params, timeout=30)
    return r, read_page(r.text)


def test_an_example_runs_over_http(live_server: Server) -> None:
    r, page = get_page(live_server, example=EXAMPLE)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert page.count == "12"
    otome = {
        s
        for d, s in zip(page.column("districtLabel"), page.column("school"), strict=True)
        if d == "乙女中学校区"
    }
    assert otome == OTOME_SCHOOLS
    assert all(c.href and c.href.startswith("/id/school/") for c in page.cells("school"))


def test_a_post_is_answered_with_its_permalink(live_server: Server) -> None:
    district = "<https://w3id.org/ikkan/ontology#SchoolDistrict>"
    query = f"SELECT ?s WHERE {{\r\n  ?s a {district}\r\n}} ORDER BY ?s"
    r = requests.post(
        live_server.base + "/query", data={"query": query}, allow_redirects=False, timeout=30
    )
    assert r.status_code == 303
    followed = requests.get(urljoin(live_server.base, r.headers["Location"]), timeout=30)
    page = read_page(followed.text)
    assert page.count == "3"
    assert [c.href for c in page.cells("s")] == [
        "/id/district/092088-kinu",
        "/id/district/092088-otome",
        "/id/district/092088-toyoda",
    ]


def test_a_malformed_query_is_400_with_its_line(live_server: Server) -> None:
    r, page = get_page(live_server, query="SELECT * WHERE {\n  ?s ?p ?o .\n}\nLIMIT x")
    assert r.status_code == 400
    assert "構文エラー — 行 4、列 7" in page.problem
    assert "Malformed query at line 4, column 7" in page.problem


def test_downloads_give_the_same_answer_in_each_format(live_server: Server) -> None:
    _, page = get_page(live_server, example=EXAMPLE)
    links = {text: href for href, text in page.links if href.startswith("/sparql?")}
    assert set(links) == {"CSV", "TSV", "SPARQL Results JSON", "SPARQL Results XML"}
    schools = {c.title for c in page.cells("school")}

    r = requests.get(live_server.base + links["CSV"], timeout=30)
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert r.headers["Content-Disposition"].endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8"))))
    assert len(rows) == 12
    assert {row["school"] for row in rows} == schools
    assert {
        row["schoolLabel"] for row in rows if row["districtLabel"] == "乙女中学校区"
    } == OTOME_SCHOOLS

    r = requests.get(live_server.base + links["TSV"], timeout=30)
    assert r.text.splitlines()[0].split("\t")[:2] == ["?district", "?districtLabel"]
    assert r.headers["Content-Disposition"].endswith('.tsv"')

    r = requests.get(live_server.base + links["SPARQL Results JSON"], timeout=30)
    assert r.headers["Content-Type"].startswith("application/sparql-results+json")
    bindings = json.loads(r.text)["results"]["bindings"]
    assert {b["school"]["value"] for b in bindings} == schools

    r = requests.get(live_server.base + links["SPARQL Results XML"], timeout=30)
    parsed = ox.parse_query_results(r.content, ox.QueryResultsFormat.XML)
    assert isinstance(parsed, ox.QuerySolutions) and len(list(parsed)) == 12


def test_graph_downloads_are_turtle_and_json_ld(live_server: Server) -> None:
    _, page = get_page(
        live_server, query="DESCRIBE <https://w3id.org/ikkan/id/district/092088-otome>"
    )
    links = {text: href for href, text in page.links if href.startswith("/sparql?")}
    assert set(links) == {"Turtle", "JSON-LD", "N-Triples", "RDF/XML"}
    turtle = requests.get(live_server.base + links["Turtle"], timeout=30)
    assert turtle.headers["Content-Type"] == "text/turtle; charset=utf-8"
    triples = list(ox.parse(turtle.content, ox.RdfFormat.TURTLE))
    assert int(page.count) == len(triples)
    jsonld = requests.get(live_server.base + links["JSON-LD"], timeout=30)
    assert jsonld.headers["Content-Disposition"].endswith('.jsonld"')
    assert len(list(ox.parse(jsonld.content, ox.RdfFormat.JSON_LD))) == len(triples)


def test_a_result_link_leads_to_the_entity(live_server: Server) -> None:
    _, page = get_page(live_server, example=EXAMPLE)
    href = next(c.href for c in page.cells("school") if c.text == "乙女小学校")
    assert href == "/id/school/092088-otome-es"
    r = requests.get(live_server.base + href, allow_redirects=False, timeout=30)
    assert r.status_code == 303
    assert r.headers["Location"].endswith("/page/school/092088-otome-es")
    entity = requests.get(live_server.base + r.headers["Location"], timeout=30)
    assert entity.status_code == 200 and "乙女小学校" in entity.text
