"""The same query gives the same answer through every door: ``/sparql``, the query page and
``ikkan query``, on the real build (FROM, undeclared known prefixes, SELECT * columns,
unknown prefixes, updates)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ikkan.cli import main
from ikkan.settings import Settings
from ikkan.web.app import create_app
from ikkan.web.state import get_state

from .query_page.pages import read_page

ONTOLOGY = "https://w3id.org/ikkan/graph/ontology"
COUNT_ONTOLOGY = f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY}> WHERE {{ ?s ?p ?o }}"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# No PREFIX line: rdfs, skos and ikkan are known to every door.
UNDECLARED = (
    "SELECT ?label WHERE { ?c a skos:ConceptScheme ; rdfs:label ?label "
    'FILTER(lang(?label) = "en") } ORDER BY ?label LIMIT 3'
)
SELECT_ALL = (
    "SELECT * WHERE { ?school a ikkan:School ; rdfs:label ?name ; ikkan:schoolCode ?code } LIMIT 1"
)


@pytest.fixture(scope="module")
def app(built: Settings) -> Iterator[Flask]:
    application = create_app(built)
    yield application
    with application.app_context():
        get_state().store.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def via_sparql(client: FlaskClient, query: str) -> tuple[list[str], list[list[str]]]:
    r = client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/csv"})
    assert r.status_code == 200, r.get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True))))
    return rows[0], rows[1:]


def via_page(client: FlaskClient, query: str) -> tuple[list[str], list[list[str]]]:
    r = client.get("/query", query_string={"query": query})
    assert r.status_code == 200, r.get_data(as_text=True)[:2000]
    page = read_page(r.get_data(as_text=True))
    return [h.lstrip("?") for h in page.headers], [[c.text for c in row] for row in page.rows]


def via_cli(
    built: Settings, capfd: pytest.CaptureFixture[str], query: str
) -> tuple[list[str], list[list[str]]]:
    code = main(["query", query, "--format", "csv", "--build-dir", str(built.build_path)])
    out, err = capfd.readouterr()
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    return rows[0], rows[1:]


def test_from_is_honoured_by_every_door(
    built: Settings, client: FlaskClient, capfd: pytest.CaptureFixture[str]
) -> None:
    everything = int(via_sparql(client, COUNT_ALL)[1][0][0])
    answers = {
        "sparql": via_sparql(client, COUNT_ONTOLOGY),
        "page": via_page(client, COUNT_ONTOLOGY),
        "cli": via_cli(built, capfd, COUNT_ONTOLOGY),
    }
    counts = {door: int(rows[0][0]) for door, (_, rows) in answers.items()}
    assert len(set(counts.values())) == 1, counts
    assert 0 < counts["cli"] < everything


@pytest.mark.parametrize("query", [UNDECLARED, SELECT_ALL])
def test_the_same_columns_and_rows_through_every_door(
    built: Settings, client: FlaskClient, capfd: pytest.CaptureFixture[str], query: str
) -> None:
    header, rows = via_sparql(client, query)
    assert rows
    page_header, page_rows = via_page(client, query)
    cli_header, cli_rows = via_cli(built, capfd, query)
    assert header == page_header == cli_header
    assert len(rows) == len(page_rows) == len(cli_rows)
    assert rows == cli_rows


def test_select_all_columns_follow_the_query_text(client: FlaskClient) -> None:
    header, _ = via_sparql(client, SELECT_ALL)
    assert header == ["school", "name", "code"]  # not the engine's alphabetical order
    header, _ = via_sparql(client, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert header == ["s", "p", "o"]


def test_an_unknown_prefix_is_named_with_its_place(
    built: Settings, client: FlaskClient, capfd: pytest.CaptureFixture[str]
) -> None:
    query = "SELECT * WHERE {\n  ?s foo:bar ?o }"
    r = client.get("/sparql", query_string={"query": query})
    assert r.status_code == 400
    assert "unknown prefix 'foo:' at line 2, column 6" in r.get_data(as_text=True)
    page = read_page(client.get("/query", query_string={"query": query}).get_data(as_text=True))
    assert "unknown prefix 'foo:' at line 2, column 6" in page.problem
    assert main(["query", query, "--build-dir", str(built.build_path)]) == 1
    assert "unknown prefix 'foo:' at line 2, column 6" in capfd.readouterr().err


def test_the_service_description_declares_the_prefixes(client: FlaskClient) -> None:
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    text = r.get_data(as_text=True)
    assert "sh:declare" in text
    for prefix in ("rdfs", "skos", "ikkan", "schema", "dcterms", "qb", "time", "prov"):
        assert f'sh:prefix "{prefix}"' in text, prefix
