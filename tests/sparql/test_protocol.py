"""The three request shapes funnel into one request; everything else is a precise 4xx."""

from __future__ import annotations

import urllib.parse

import pytest

from ikkan.sparql.protocol import ProtocolError, parse_request

LIMIT = 10_000
Q = "ASK {}"


def qs(**params: str | list[str]) -> bytes:
    return urllib.parse.urlencode(params, doseq=True).encode()


def parse(method: str, content_type: str | None = None, query: bytes = b"", body: bytes = b""):  # type: ignore[no-untyped-def]
    return parse_request(method, content_type, query, body, LIMIT)


def test_get() -> None:
    r = parse("GET", query=qs(query=Q, **{"default-graph-uri": ["http://g/1", "http://g/2"]}))
    assert r.query == Q
    assert r.default_graphs == ("http://g/1", "http://g/2")
    assert r.named_graphs == ()


def test_post_form_with_graphs_in_url_and_body() -> None:
    r = parse(
        "POST",
        "application/x-www-form-urlencoded",
        qs(**{"default-graph-uri": "http://g/1"}),
        qs(query=Q, **{"named-graph-uri": "http://g/2"}),
    )
    assert (r.query, r.default_graphs, r.named_graphs) == (Q, ("http://g/1",), ("http://g/2",))


@pytest.mark.parametrize(
    "content_type",
    [
        "application/sparql-query",
        "application/sparql-query; charset=utf-8",
        "Application/SPARQL-Query;charset=UTF-8",
    ],
)
def test_post_direct(content_type: str) -> None:
    r = parse(
        "POST",
        content_type,
        qs(**{"named-graph-uri": "http://g/3"}),
        'ASK { ?s ?p "小山" }'.encode(),
    )
    assert r.query == 'ASK { ?s ?p "小山" }'
    assert r.named_graphs == ("http://g/3",)


def test_get_without_query_asks_for_the_description() -> None:
    assert parse("GET").query is None


def test_format_output_and_timeout() -> None:
    r = parse("GET", query=qs(query=Q, format="csv", timeout="1.5"))
    assert (r.format, r.timeout) == ("csv", 1.5)
    # output= is honoured only when it names a format we have; otherwise it is tolerated
    assert parse("GET", query=qs(query=Q, output="json")).format == "json"
    assert parse("GET", query=qs(query=Q, output="weird", results="x")).format is None


@pytest.mark.parametrize(
    ("method", "content_type", "query", "body", "status"),
    [
        ("PUT", None, qs(query=Q), b"", 405),
        ("DELETE", None, b"", b"", 405),
        ("GET", None, qs(query=[Q, "SELECT * {}"]), b"", 400),
        ("GET", None, qs(query=""), b"", 400),
        ("GET", None, qs(query="  \n"), b"", 400),
        ("GET", None, b"query=%FF%FE", b"", 400),
        ("GET", None, "query=ASK\u00e9".encode("latin-1"), b"", 400),
        ("GET", None, qs(query=Q, update="DROP ALL"), b"", 403),
        ("GET", None, qs(query=Q, timeout="0"), b"", 400),
        ("GET", None, qs(query=Q, timeout="soon"), b"", 400),
        ("GET", None, qs(query=Q, timeout="nan"), b"", 400),
        ("GET", None, qs(query=Q, **{"default-graph-uri": "not an iri"}), b"", 400),
        ("GET", None, b"query=" + b"A" * (LIMIT + 1), b"", 414),
        ("POST", None, b"", qs(query=Q), 415),
        ("POST", "text/plain", b"", Q.encode(), 415),
        ("POST", "application/sparql-query; charset=utf-16", b"", Q.encode("utf-16"), 415),
        ("POST", "application/x-www-form-urlencoded; charset=latin-1", b"", qs(query=Q), 415),
        ("POST", "application/sparql-query", b"", b"ASK { \xff }", 400),
        ("POST", "application/sparql-query", qs(query=Q), Q.encode(), 400),
        ("POST", "application/x-www-form-urlencoded", b"", b"query=%C3%28", 400),
        ("POST", "application/x-www-form-urlencoded", b"", b"format=json", 400),
        ("POST", "application/sparql-update", b"", b"DROP ALL", 403),
        ("POST", "application/x-www-form-urlencoded", b"", qs(update="CLEAR ALL"), 403),
        ("POST", "application/x-www-form-urlencoded", b"", b"&".join([b"a=1"] * 300), 400),
    ],
)
def test_bad_requests(
    method: str, content_type: str | None, query: bytes, body: bytes, status: int
) -> None:
    with pytest.raises(ProtocolError) as caught:
        parse(method, content_type, query, body)
    assert caught.value.status == status
    assert str(caught.value)


def test_405_names_the_allowed_methods() -> None:
    with pytest.raises(ProtocolError) as caught:
        parse("PATCH")
    assert "POST" in caught.value.headers["Allow"]


def test_a_query_sent_as_an_update_is_a_400_that_says_how_to_fix_the_client() -> None:
    body = b"update=" + urllib.parse.quote("# the address of each school\nSELECT * {}").encode()
    with pytest.raises(ProtocolError) as caught:
        parse_request("POST", "application/x-www-form-urlencoded", b"", body, 10_000)
    assert caught.value.status == 400
    assert "query (SELECT)" in str(caught.value) and "sparql.queryType" in str(caught.value)
    with pytest.raises(ProtocolError) as caught:
        parse_request(
            "POST", "application/x-www-form-urlencoded", b"", b"update=DROP%20ALL", 10_000
        )
    assert caught.value.status == 403
