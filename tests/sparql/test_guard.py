"""The guard reads the query head cheaply and checks SERVICE with a full parse."""

from __future__ import annotations

import pytest

from ikkan.sparql.guard import (
    MAX_NESTING,
    check_nesting,
    check_services,
    mentions_service,
    precheck,
)
from ikkan.store.base import QueryRefused, QuerySyntaxError


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("# a comment\nPREFIX ex: <http://e/>\nBASE <http://b/>\nask {}", "ASK"),
        ("construct where { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://e/x>", "DESCRIBE"),
        ("\\u0053ELECT * {}", "SELECT"),
        ("not sparql", None),
    ],
)
def test_form(query: str, form: str | None) -> None:
    assert precheck(query).form == form


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <a> <b> <c> }",
        "PREFIX ex: <http://e/> DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "drop all",
        "CLEAR DEFAULT",
        "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "CREATE GRAPH <http://g>",
        "COPY DEFAULT TO <http://g>",
    ],
)
def test_updates_are_recognised(query: str) -> None:
    assert precheck(query).update


def test_dataset_clauses() -> None:
    head = precheck(
        "PREFIX g: <https://w3id.org/ikkan/graph/>\n"
        "SELECT (EXISTS { ?a ?b ?c } AS ?e) FROM g:oyama FROM NAMED <https://x/n> WHERE { }"
    )
    assert head.has_dataset
    assert head.from_graphs == ("https://w3id.org/ikkan/graph/oyama",)
    assert head.from_named == ("https://x/n",)
    head = precheck("BASE <http://b/> CONSTRUCT { ?s ?p ?o } FROM <g> WHERE { ?s ?p ?o }")
    assert head.from_graphs == ("http://b/g",)
    # FROM inside a string, an IRI or a variable is not a dataset clause
    assert not precheck('SELECT ?from WHERE { ?s <http://e/FROM> "FROM <x>" }').has_dataset


def test_mentions_service_errs_towards_yes() -> None:
    assert mentions_service("SELECT * { SERVICE <x> {} }")
    assert mentions_service("SELECT * { SERV\\u0049CE <x> {} }")
    assert mentions_service("SELECT * { ſervice <x> {} }")  # long s folds to s
    assert not mentions_service("SELECT * { ?s ?p ?o }")


ALLOWED = frozenset({"http://127.0.0.1:9/sparql"})


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://169.254.169.254/latest> { ?s ?p ?o } }",
        "SELECT * { SERVICE SILENT <http://evil.example/> { ?s ?p ?o } }",
        "PREFIX e: <http://evil.example/> SELECT * { SERVICE e:sparql { ?s ?p ?o } }",
        "SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE <http://evil.example/> { ?s ?p ?o } } }",
        "SELECT * { { SELECT * { SERVICE <http://evil.example/> { ?s ?p ?o } } } }",
        "SELECT * { SERV\\u0049CE <http://evil.example/> { ?s ?p ?o } }",
        "ASK { SERVICE ?endpoint { ?s ?p ?o } }",
    ],
)
def test_service_off_the_allow_list_is_refused(query: str) -> None:
    with pytest.raises(QueryRefused) as caught:
        check_services(query, ALLOWED)
    assert caught.value.status == 403
    assert "SERVICE" in str(caught.value)


def test_refusal_names_the_endpoint() -> None:
    with pytest.raises(QueryRefused, match=r"<http://evil\.example/>"):
        check_services("SELECT * { SERVICE <http://evil.example/> { ?s ?p ?o } }", ALLOWED)


def test_allowed_service_and_mere_mentions_pass() -> None:
    check_services("SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", ALLOWED)
    check_services('SELECT * { ?s ?p "customer service" }', frozenset())
    check_services("SELECT * { ?s a <http://schema.org/Service> }", frozenset())


def test_unreadable_query_that_mentions_service_is_a_syntax_error() -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        check_services("SELECT * { SERVICE <http://e/> { ?s ?p ", ALLOWED)
    assert caught.value.line == 1


def test_nesting_limit() -> None:
    check_nesting("SELECT * WHERE " + "{" * 50 + "}" * 50)
    check_nesting('SELECT * WHERE { ?s ?p "' + "(" * 1000 + '" }')
    with pytest.raises(QuerySyntaxError):
        check_nesting("SELECT * WHERE " + "{" * (MAX_NESTING + 1))
