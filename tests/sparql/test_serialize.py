"""The streaming writers write what the W3C formats say, and stop at the limits."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from ikkan.store.base import ResultTooLarge
from ikkan.store.serialize import (
    BOOLEAN_WRITERS,
    GRAPH_WRITERS,
    SOLUTIONS_WRITERS,
    Spool,
)

DATA = """
<http://e/s1> <http://e/p> "小山市"@ja .
<http://e/s1> <http://e/q> "a, \\"b\\"\\nc\\td" .
<http://e/s2> <http://e/p> "42"^^<http://www.w3.org/2001/XMLSchema#integer> .
_:b <http://e/p> <http://e/s1> .
"""
QUERY = "SELECT ?s ?p ?o ?unbound WHERE { ?s ?p ?o } ORDER BY ?s ?p"


def store() -> ox.Store:
    s = ox.Store()
    s.load(DATA, ox.RdfFormat.N_TRIPLES)
    return s


@pytest.mark.parametrize(
    ("media", "fmt"),
    [
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ],
)
def test_solutions_round_trip(media: str, fmt: ox.QueryResultsFormat) -> None:
    out = Spool(10**6)
    rows = SOLUTIONS_WRITERS[media](out, store().query(QUERY), 100)
    body = out.result()
    assert isinstance(body, bytes)
    parsed = ox.parse_query_results(body, fmt)
    assert isinstance(parsed, ox.QuerySolutions)
    assert [v.value for v in parsed.variables] == ["s", "p", "o", "unbound"]
    got = [[str(t) if not isinstance(t, ox.BlankNode) else "_" for t in row] for row in parsed]
    want = [
        [str(t) if not isinstance(t, ox.BlankNode) else "_" for t in row]
        for row in store().query(QUERY)
    ]
    assert rows == 4
    assert got == want


def test_csv() -> None:
    out = Spool(10**6)
    SOLUTIONS_WRITERS["text/csv"](out, store().query(QUERY), 100)
    body = out.result()
    assert isinstance(body, bytes)
    assert body.endswith(b"\r\n")
    table = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    assert table[0] == ["s", "p", "o", "unbound"]
    assert ["http://e/s1", "http://e/p", "小山市", ""] in table
    assert ["http://e/s1", "http://e/q", 'a, "b"\nc\td', ""] in table


def test_json_terms() -> None:
    out = Spool(10**6)
    SOLUTIONS_WRITERS["application/sparql-results+json"](out, store().query(QUERY), 100)
    body = out.result()
    assert isinstance(body, bytes)
    bindings = json.loads(body)["results"]["bindings"]
    assert {"type": "literal", "value": "小山市", "xml:lang": "ja"} in [b["o"] for b in bindings]
    integer = "http://www.w3.org/2001/XMLSchema#integer"
    assert {"type": "literal", "value": "42", "datatype": integer} in [b["o"] for b in bindings]
    assert all("unbound" not in b for b in bindings)


@pytest.mark.parametrize("media", sorted(BOOLEAN_WRITERS))
def test_booleans(media: str) -> None:
    out = Spool(1000)
    BOOLEAN_WRITERS[media](out, True)
    body = out.result()
    assert isinstance(body, bytes)
    if "sparql-results" in media:
        fmt = ox.QueryResultsFormat.from_media_type(media)
        assert fmt is not None
        assert bool(ox.parse_query_results(body, fmt)) is True
    else:
        assert body.strip() == b"true"


@pytest.mark.parametrize("media", sorted(GRAPH_WRITERS))
def test_graphs_round_trip(media: str) -> None:
    out = Spool(10**6)
    triples = list(store().query("CONSTRUCT WHERE { ?s ?p ?o }"))
    assert GRAPH_WRITERS[media](out, triples, 100) == 4
    body = out.result()
    assert isinstance(body, bytes)
    fmt = ox.RdfFormat.from_media_type(media)
    assert fmt is not None
    assert len(list(ox.parse(body, fmt))) == 4


def test_row_limit_stops_without_truncating() -> None:
    with pytest.raises(ResultTooLarge, match="more than 3 rows"):
        SOLUTIONS_WRITERS["text/csv"](Spool(10**6), store().query(QUERY), 3)
    with pytest.raises(ResultTooLarge, match="more than 3 triples"):
        GRAPH_WRITERS["text/turtle"](Spool(10**6), store().query("CONSTRUCT WHERE { ?s ?p ?o }"), 3)


def test_spool_moves_to_disk_and_enforces_bytes() -> None:
    spool = Spool(max_bytes=10_000, memory_bytes=100)
    spool.write(b"x" * 500)
    body = spool.result()
    assert not isinstance(body, bytes)
    assert body.read() == b"x" * 500
    body.close()
    with pytest.raises(ResultTooLarge, match="10,000 bytes"):
        Spool(max_bytes=10_000).write(b"y" * 10_001)
