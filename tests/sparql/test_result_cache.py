"""The SPARQL result cache and conditional requests: a repeated query is answered again, exactly.

Each web process keeps complete results by their tag (data set version, query text, graphs, the
format chosen for each kind of result). These tests hold that a kept answer is the fresh one byte
for byte, that anything which changes the bytes changes the tag, that the cache stays within its
bytes, that an error is never kept (nor served as a success), and that ``If-None-Match`` with a
result's ETag gets 304 from raw requests and from SPARQLWrapper, on every backend.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import urllib.error
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from SPARQLWrapper import JSON, SPARQLWrapper

from ikkan.settings import load_settings
from ikkan.web.app import create_app
from ikkan.web.caching import repeatable, result_tag
from ikkan.web.fast_path import FastPath
from ikkan.web.state import CachedResult, IkkanState, ResultCache

from .conftest import GRAPH, Built, Server

SCHOOLS = (
    "SELECT ?s ?label WHERE { ?s a <http://schema.org/School> ; ?p ?label } ORDER BY ?s ?label"
)
DESCRIBE = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <http://schema.org/School> ; ?p ?o }"
ASK = "ASK { ?s a <http://schema.org/School> }"
EVERYTHING = "SELECT * WHERE { ?s ?p ?o }"  # more rows than the test servers allow
FORMATS = {
    SCHOOLS: (
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ),
    DESCRIBE: (
        "text/turtle",
        "application/n-triples",
        "application/ld+json",
        "application/rdf+xml",
    ),
    ASK: ("application/sparql-results+json", "application/sparql-results+xml"),
}


def _app(build_dir: Path, **settings: object) -> Flask:
    return create_app(
        load_settings(
            {"build_dir": str(build_dir), "query_workers": 1, "max_results": 40, **settings},
            environ={},
        )
    )


def _state(app: Flask) -> IkkanState:
    state: IkkanState = app.extensions["ikkan"]
    return state


@pytest.fixture
def app(built: Built) -> Iterator[Flask]:
    application = _app(built.build_dir)
    yield application
    _state(application).store.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def _get(client: FlaskClient, query: str, accept: str = "*/*", **params: str) -> object:
    return client.get(
        "/sparql", query_string={"query": query, **params}, headers={"Accept": accept}
    )


def test_a_repeated_query_is_sent_again_byte_for_byte(app: Flask, client: FlaskClient) -> None:
    cache = _state(app).result_cache
    kept = 0
    for query, media_types in FORMATS.items():
        for media in media_types:
            fresh = client.get("/sparql", query_string={"query": query}, headers={"Accept": media})
            assert fresh.status_code == 200, fresh.get_data(as_text=True)
            kept += 1
            assert len(cache) == kept, media
            again = client.get("/sparql", query_string={"query": query}, headers={"Accept": media})
            assert len(cache) == kept
            assert (fresh.headers["X-Ikkan-Cache"], again.headers["X-Ikkan-Cache"]) == (
                "miss",
                "hit",
            ), media
            assert again.get_data() == fresh.get_data()
            for header in ("Content-Type", "Content-Length", "ETag", "Cache-Control", "Vary"):
                assert again.headers.get(header) == fresh.headers.get(header), (media, header)
            assert fresh.headers["ETag"] and fresh.headers["Content-Type"].startswith(media)


def test_a_kept_answer_needs_no_query_process(app: Flask, client: FlaskClient) -> None:
    first = client.get("/sparql", query_string={"query": SCHOOLS})
    assert first.status_code == 200
    _state(app).store.close()
    again = client.get("/sparql", query_string={"query": SCHOOLS})
    assert again.status_code == 200 and again.get_data() == first.get_data()
    other = client.get("/sparql", query_string={"query": SCHOOLS + " LIMIT 2"})
    assert other.status_code == 503  # a query not kept still needs the store


def test_a_post_is_answered_from_the_cache_without_an_etag(app: Flask, client: FlaskClient) -> None:
    first = client.post("/sparql", data={"query": SCHOOLS})
    assert first.status_code == 200 and first.headers["X-Ikkan-Cache"] == "miss"
    assert "ETag" not in first.headers
    direct = client.post(
        "/sparql", data=SCHOOLS.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    fetched = client.get("/sparql", query_string={"query": SCHOOLS})
    for again in (direct, fetched):
        assert again.status_code == 200 and again.headers["X-Ikkan-Cache"] == "hit"
        assert again.get_data() == first.get_data()
    assert "ETag" not in direct.headers and fetched.headers["ETag"]
    assert len(_state(app).result_cache) == 1


def test_whatever_changes_the_bytes_changes_the_tag(client: FlaskClient, built: Built) -> None:
    def answer(query: str = SCHOOLS, accept: str = "*/*", **params: str) -> tuple[str, str]:
        r = client.get(
            "/sparql", query_string={"query": query, **params}, headers={"Accept": accept}
        )
        assert r.status_code == 200, r.get_data(as_text=True)
        return str(r.headers["ETag"]), str(r.headers["X-Ikkan-Cache"])

    def tag(query: str = SCHOOLS, accept: str = "*/*", **params: str) -> str:
        return answer(query, accept, **params)[0]

    firsts = [
        answer(),
        answer(accept="text/csv"),
        answer(format="tsv"),
        answer(**{"default-graph-uri": GRAPH + "oyama"}),
        answer(**{"default-graph-uri": GRAPH + "ontology"}),
        answer(**{"named-graph-uri": GRAPH + "oyama"}),
        answer(SCHOOLS + " "),
        answer("SELECT ?s WHERE { ?s a <http://schema.org/School> }"),
    ]
    # Another format, graph or query text: another tag, and a miss of the cache.
    assert len({etag for etag, _ in firsts}) == 8
    assert [cached for _, cached in firsts] == ["miss"] * 8
    # Only what decides the bytes: a time limit or a parameter for other servers does not.
    assert answer(timeout="3") == answer(output="unknown") == (tag(), "hit")
    formats = {"solutions": "text/csv", "boolean": None, "graph": "text/turtle"}
    assert result_tag("v1", SCHOOLS, (), (), formats) != result_tag("v2", SCHOOLS, (), (), formats)


def test_another_data_set_version_never_answers_304(
    client: FlaskClient, built: Built, tmp_path: Path
) -> None:
    first = client.get("/sparql", query_string={"query": SCHOOLS})
    etag = str(first.headers["ETag"])
    rebuilt = tmp_path / "build"
    shutil.copytree(built.build_dir, rebuilt)
    manifest = json.loads((rebuilt / "manifest.json").read_text(encoding="utf-8"))
    manifest["version"] = "fixture-2"
    (rebuilt / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    other = _app(rebuilt)
    try:
        answer = other.test_client().get(
            "/sparql", query_string={"query": SCHOOLS}, headers={"If-None-Match": etag}
        )
        assert answer.status_code == 200
        assert answer.headers["ETag"] != etag
        assert answer.get_data() == first.get_data()  # the same data, another version
    finally:
        _state(other).store.close()


def test_errors_are_never_kept(app: Flask, client: FlaskClient) -> None:
    cache = _state(app).result_cache
    for _ in range(2):
        too_many = client.get("/sparql", query_string={"query": EVERYTHING})
        assert too_many.status_code == 500 and "ETag" not in too_many.headers
        malformed = client.get("/sparql", query_string={"query": "SELEC * {}"})
        assert malformed.status_code == 400 and "ETag" not in malformed.headers
        refused = client.get(
            "/sparql", query_string={"query": ASK}, headers={"Accept": "text/turtle"}
        )
        assert refused.status_code == 406
        late = client.get(
            "/sparql",
            query_string={"query": "DESCRIBE <https://w3id.org/ikkan/id/school/oyama-daini-jhs>"},
            headers={"Accept": "text/csv"},
        )
        assert late.status_code == 406  # known to be a graph only once evaluated
        for failed in (too_many, malformed, refused, late):
            assert "X-Ikkan-Cache" not in failed.headers
    assert len(cache) == 0
    # A query that once failed and then succeeds is answered fresh, then kept.
    ok = client.get("/sparql", query_string={"query": ASK})
    assert ok.status_code == 200 and ok.headers["X-Ikkan-Cache"] == "miss"
    assert len(cache) == 1


def test_the_cache_stays_within_its_bytes(built: Built) -> None:
    app = _app(built.build_dir, result_cache_bytes=16 * 1024, max_results=100_000)
    try:
        client = app.test_client()
        cache = _state(app).result_cache
        for n in range(1, 60):
            r = client.get(
                "/sparql",
                query_string={"query": f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT {n}"},
            )
            assert r.status_code == 200
            assert cache.size <= cache.max_bytes
        assert 0 < len(cache) < 59
        # Larger than an eighth of the cache: answered whole, and not kept.
        big = client.get(
            "/sparql", query_string={"query": EVERYTHING}, headers={"Accept": "text/csv"}
        )
        assert big.status_code == 200 and len(big.get_data()) > cache.max_entry_bytes
        assert int(big.headers["Content-Length"]) == len(big.get_data())
        assert big.headers["ETag"]
        assert cache.size <= cache.max_bytes
        assert not any(len(e.body) > cache.max_entry_bytes for e in cache._items.values())
    finally:
        _state(app).store.close()
    off = _app(built.build_dir, result_cache_bytes=0)
    try:
        assert off.test_client().get("/sparql", query_string={"query": ASK}).status_code == 200
        assert len(_state(off).result_cache) == 0
    finally:
        _state(off).store.close()


def test_the_least_recently_used_answer_goes_first() -> None:
    cache = ResultCache(8 * 1024)
    body = b"x" * 600
    for key in "abcdefghij":
        cache.put(key, CachedResult("text/csv", 1, body))
        cache.get("a")  # kept in use
    assert cache.size <= cache.max_bytes
    assert cache.get("a") is not None and cache.get("b") is None and cache.get("j") is not None
    cache.put("huge", CachedResult("text/csv", 1, b"x" * 2000))
    assert cache.get("huge") is None


# --- conditional requests, over HTTP, with real clients, on every backend ------------------


def test_if_none_match_gets_304_for_get_and_head(endpoint: Server) -> None:
    params = {"query": SCHOOLS + " # conditional"}
    first = requests.get(endpoint.sparql, params=params, timeout=30)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"].startswith("public, max-age=")
    for method in (requests.get, requests.head):
        again = method(endpoint.sparql, params=params, headers={"If-None-Match": etag}, timeout=30)
        assert again.status_code == 304, method
        assert again.content == b""
        assert again.headers["ETag"] == etag
        assert "Accept" in again.headers["Vary"]
        assert again.headers["Access-Control-Allow-Origin"] == "*"
        assert "ETag" in again.headers["Access-Control-Expose-Headers"]
    stale = requests.get(
        endpoint.sparql, params=params, headers={"If-None-Match": '"0"'}, timeout=30
    )
    assert stale.status_code == 200 and stale.content == first.content
    other_format = requests.get(
        endpoint.sparql,
        params=params,
        headers={"If-None-Match": etag, "Accept": "text/csv"},
        timeout=30,
    )
    assert other_format.status_code == 200 and other_format.headers["ETag"] != etag
    for _ in range(2):
        posted = requests.post(
            endpoint.sparql, data=params, headers={"If-None-Match": etag}, timeout=30
        )
        # A POST's answer names no representation, but a kept result answers it too.
        assert posted.status_code == 200 and "ETag" not in posted.headers
        assert posted.content == first.content
        assert posted.headers["X-Ikkan-Cache"] in ("hit", "miss")  # each worker has its own


def test_sparqlwrapper_revalidates_with_304(endpoint: Server) -> None:
    query = SCHOOLS + " # sparqlwrapper"
    client = SPARQLWrapper(endpoint.sparql)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    first = client.query()
    etag = first.info()["etag"]
    rows = first.convert()
    assert etag
    assert client.query().convert() == rows  # the kept answer reads the same
    client.addCustomHttpHeader("If-None-Match", etag)
    with pytest.raises(urllib.error.HTTPError) as raised:
        client.query()
    assert raised.value.code == 304
    assert raised.value.headers["ETag"] == etag


def test_a_repeated_entity_page_is_sent_from_the_page_cache(client: FlaskClient) -> None:
    school = "school/oyama-daini-jhs"
    for path, accept in (
        (f"/page/{school}", "text/html"),
        (f"/data/{school}.ttl", "*/*"),
        (f"/data/{school}.jsonld", "*/*"),
    ):
        first = client.get(path, headers={"Accept": accept})
        assert first.status_code == 200, path
        again = client.get(path, headers={"Accept": accept})
        assert (first.headers["X-Ikkan-Cache"], again.headers["X-Ikkan-Cache"]) == (
            "miss",
            "hit",
        ), path
        assert again.get_data() == first.get_data()
        assert again.headers["ETag"] == first.headers["ETag"]
        revalidated = client.get(
            path, headers={"Accept": accept, "If-None-Match": first.headers["ETag"]}
        )
        assert revalidated.status_code == 304 and revalidated.get_data() == b""
    english = client.get(f"/page/{school}?lang=en")
    assert english.headers["X-Ikkan-Cache"] == "miss"


@pytest.mark.parametrize(
    "query",
    [
        "SELECT (NOW() AS ?t) WHERE {}",
        "SELECT (rand () AS ?r) WHERE {}",
        "SELECT (STRUUID() AS ?u) WHERE {}",
        "CONSTRUCT { ?s <http://example.org/p> ?b } WHERE { ?s a <http://schema.org/School> "
        "BIND(BNODE() AS ?b) }",
    ],
)
def test_an_answer_the_data_does_not_fix_is_never_kept(
    app: Flask, client: FlaskClient, query: str
) -> None:
    assert not repeatable(query)
    for _ in range(2):
        r = client.get("/sparql", query_string={"query": query}, headers={"Accept": "*/*"})
        assert r.status_code == 200, r.get_data(as_text=True)
        assert r.headers["X-Ikkan-Cache"] == "miss" and "ETag" not in r.headers
    assert len(_state(app).result_cache) == 0


def test_which_queries_the_data_fixes() -> None:
    assert repeatable(SCHOOLS) and repeatable(DESCRIBE) and repeatable(ASK)
    assert repeatable('SELECT ?s WHERE { ?s ?p "nowhere" . ?s <http://example.org/brand> ?o }')
    for query in (
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT (ＮＯＷ() AS ?t) WHERE {}",
        "SELECT (UUID() AS ?u) WHERE {}",
        "SELECT (\\u004eOW() AS ?t) WHERE {}",  # as an engine that reads escapes first would
    ):
        assert not repeatable(query), query


# --- the fast path: a repeated GET answered before Flask ---------------------------------


def _fast(app: Flask) -> FastPath:
    fast = app.wsgi_app
    assert isinstance(fast, FastPath)
    return fast


def test_a_repeated_get_is_answered_before_flask(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    fast = _fast(app)
    first = client.get("/sparql", query_string={"query": SCHOOLS})
    assert (first.headers["X-Ikkan-Cache"], fast.hits) == ("miss", 0)
    with caplog.at_level("INFO", logger="ikkan.sparql"):
        second = client.get("/sparql", query_string={"query": SCHOOLS})
    assert fast.hits == 1
    assert second.get_data() == first.get_data()
    expected = {**dict(first.headers.items()), "X-Ikkan-Cache": "hit"}
    assert dict(second.headers.items()) == expected
    # Still one log line per query.
    assert [r for r in caplog.records if "status=200" in r.getMessage()]
    # Anything a view reads makes another request: each goes to Flask first.
    for headers, params in (
        ({"Accept": "text/csv"}, {}),
        ({"Accept-Language": "en"}, {}),
        ({"Host": "other.example"}, {}),
        ({}, {"format": "json"}),
        ({}, {"query": SCHOOLS + " LIMIT 1"}),
    ):
        before = fast.hits
        r = client.get("/sparql", query_string={"query": SCHOOLS, **params}, headers=headers)
        assert r.status_code == 200 and fast.hits == before, (headers, params)
    # Conditional and HEAD requests are Flask's.
    before = fast.hits
    etag = str(first.headers["ETag"])
    revalidated = client.get(
        "/sparql", query_string={"query": SCHOOLS}, headers={"If-None-Match": etag}
    )
    head = client.head("/sparql", query_string={"query": SCHOOLS})
    posted = client.post("/sparql", data={"query": SCHOOLS})
    assert (revalidated.status_code, head.status_code, posted.status_code) == (304, 200, 200)
    assert fast.hits == before


def test_the_fast_path_never_outlives_its_cache_or_version(app: Flask, client: FlaskClient) -> None:
    fast = _fast(app)
    first = client.get("/sparql", query_string={"query": ASK})
    assert len(fast) == 1 and fast.hits == 0
    # The body lives in the result cache only: when that lets it go, Flask answers afresh.
    state = _state(app)
    state.result_cache = ResultCache(state.result_cache.max_bytes)
    again = client.get("/sparql", query_string={"query": ASK})
    assert fast.hits == 0 and again.headers["X-Ikkan-Cache"] == "miss"
    assert again.get_data() == first.get_data()
    # An entry of another data set version is never used.
    fast._index = OrderedDict(
        (key, dataclasses.replace(entry, version="another")) for key, entry in fast._index.items()
    )
    client.get("/sparql", query_string={"query": ASK})
    assert fast.hits == 0 and len(fast) == 1
    client.get("/sparql", query_string={"query": ASK})
    assert fast.hits == 1
    # Errors and answers not fixed by the data are never indexed.
    for query in ("SELEC * {}", EVERYTHING, "SELECT (NOW() AS ?t) WHERE {}"):
        for _ in range(2):
            assert client.get("/sparql", query_string={"query": query}).status_code in (
                200,
                400,
                500,
            )
    assert len(fast) == 1


def test_a_repeated_page_is_answered_before_flask(app: Flask, client: FlaskClient) -> None:
    fast = _fast(app)
    path = "/page/school/oyama-daini-jhs"
    first = client.get(path, headers={"Accept": "text/html"})
    assert fast.hits == 0
    again = client.get(path, headers={"Accept": "text/html"})
    assert fast.hits == 1 and again.get_data() == first.get_data()
    assert again.headers["X-Ikkan-Cache"] == "hit"
    assert again.headers["ETag"] == first.headers["ETag"]
    missing = "/page/school/no-such-school"
    for _ in range(3):
        assert client.get(missing, headers={"Accept": "text/html"}).status_code == 404
    assert fast.hits == 1
