"""Content negotiation: q-values, wildcards, the most specific match, aliases, 406."""

from __future__ import annotations

import pytest

from ikkan.sparql import conneg
from ikkan.sparql.conneg import GRAPH, SOLUTIONS, negotiate, negotiate_kinds
from ikkan.store.base import NotAcceptable, ResultKind
from ikkan.store.serialize import WRITERS


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/sparql-results+json"),
        ("", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/csv", "text/csv"),
        ("text/csv;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
        (
            "application/sparql-results+xml;q=0.9, application/sparql-results+json;q=0.8",
            "application/sparql-results+xml",
        ),
        # the most specific range decides: text/csv is refused although text/* is welcome
        ("text/*;q=0.9, text/csv;q=0", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
        ("application/xml", "application/sparql-results+xml"),
        # rdflib's SPARQLStore
        ("application/rdf+xml, application/sparql-results+xml", "application/sparql-results+xml"),
        # a browser
        (
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "application/sparql-results+xml",
        ),
        ("TEXT/CSV; Q=1", "text/csv"),
    ],
)
def test_solutions(accept: str | None, expected: str) -> None:
    assert negotiate(SOLUTIONS, accept).media_type == expected


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("*/*", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json;q=0.4, text/turtle;q=0.3", "application/ld+json"),
        ("application/json", "application/ld+json"),
        ("application/rdf+xml, application/sparql-results+xml", "application/rdf+xml"),
        ("text/n3", "text/turtle"),
    ],
)
def test_graphs(accept: str, expected: str) -> None:
    assert negotiate(GRAPH, accept).media_type == expected


@pytest.mark.parametrize(
    "accept",
    ["image/png", "text/plain", "*/*;q=0", "application/x-nonsense", ";;;,,,", "text/csv;q=0"],
)
def test_nothing_acceptable_is_406(accept: str) -> None:
    with pytest.raises(NotAcceptable) as caught:
        negotiate(SOLUTIONS, accept)
    assert caught.value.status == 406
    assert "application/sparql-results+json" in str(caught.value)


@pytest.mark.parametrize(
    ("value", "solutions", "graph"),
    [
        ("json", "application/sparql-results+json", "application/ld+json"),
        ("xml", "application/sparql-results+xml", "application/rdf+xml"),
        ("csv", "text/csv", None),
        ("ttl", None, "text/turtle"),
        ("nt", None, "application/n-triples"),
        ("jsonld", None, "application/ld+json"),
        ("rdfxml", None, "application/rdf+xml"),
        ("text/tab-separated-values", "text/tab-separated-values", None),
    ],
)
def test_format_parameter_wins_over_accept(
    value: str, solutions: str | None, graph: str | None
) -> None:
    choices = negotiate_kinds("image/png", value)
    got = choices[ResultKind.SOLUTIONS]
    assert (got.media_type if got else None) == solutions
    got = choices[ResultKind.GRAPH]
    assert (got.media_type if got else None) == graph


def test_description_prefers_rdf_for_curl_and_html_for_browsers() -> None:
    assert negotiate(conneg.DESCRIPTION, "*/*").media_type == "text/turtle"
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert negotiate(conneg.DESCRIPTION, browser) is conneg.HTML
    assert negotiate(conneg.DESCRIPTION, "*/*", "html") is conneg.HTML


def test_every_offered_format_has_a_writer() -> None:
    for kind, table in conneg.TABLES.items():
        for fmt in table:
            assert fmt.media_type in WRITERS[kind], (kind, fmt.media_type)


def test_unknown_format_names() -> None:
    assert conneg.known_format("json")
    assert conneg.known_format("application/sparql-results+xml")
    assert not conneg.known_format("excel")
