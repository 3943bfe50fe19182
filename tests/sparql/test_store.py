"""The store interface gives the same types and the same limits on both backends."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from ikkan.settings import load_settings
from ikkan.store import open_store
from ikkan.store.base import (
    GraphSelection,
    NotAcceptable,
    QueryOptions,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    ResultKind,
    ResultTooLarge,
    Store,
    StoreBusy,
    StoreMissing,
)
from ikkan.web.launch import descendants

from ..engines import ENGINES
from .conftest import GRAPH, SLOW_QUERY, Built, Oxigraph

SCHOOLS = "SELECT ?s WHERE { ?s a <http://schema.org/School> } ORDER BY ?s"


@pytest.fixture(scope="module", params=["embedded", "remote", *ENGINES])
def store(request: pytest.FixtureRequest, built: Built, oxigraph: Oxigraph) -> Iterator[Store]:
    overrides: dict[str, object] = {"build_dir": str(built.build_dir), "query_workers": 2}
    if request.param == "remote":
        overrides["store_url"] = oxigraph.url
    elif request.param == "virtuoso":
        overrides["store_url"] = request.getfixturevalue("virtuoso")
    opened = open_store(load_settings(overrides, environ={}))
    yield opened
    opened.close()


def options(**kw: object) -> QueryOptions:
    base: dict[str, object] = {
        "formats": {
            ResultKind.SOLUTIONS: "application/sparql-results+json",
            ResultKind.BOOLEAN: "application/sparql-results+json",
            ResultKind.GRAPH: "application/n-triples",
        },
        "timeout": 5.0,
        "max_results": 100,
        "max_bytes": 10**6,
    }
    base.update(kw)
    return QueryOptions(**base)  # type: ignore[arg-type]


def test_select_returns_pyoxigraph_solutions(store: Store) -> None:
    rows = store.select(SCHOOLS)
    assert isinstance(rows, list) and all(isinstance(r, ox.QuerySolution) for r in rows)
    iris = [row["s"] for row in rows]
    assert all(isinstance(iri, ox.NamedNode) for iri in iris)
    assert len(iris) == 5  # the union of every named graph (oyama and sample-town)


def test_ask_and_construct(store: Store) -> None:
    assert store.ask('ASK { ?s <http://www.w3.org/2000/01/rdf-schema#label> "小山市"@ja }')
    assert not store.ask('ASK { ?s ?p "no such thing" }')
    triples = store.construct("DESCRIBE <https://w3id.org/ikkan/id/municipality/092088>")
    assert triples and all(isinstance(t, ox.Triple) for t in triples)
    labels = {t.object for t in triples if t.predicate.value.endswith("#label")}
    assert ox.Literal("小山市", language="ja") in labels


def test_graph_selection(store: Store) -> None:
    oyama = GraphSelection("protocol", (GRAPH + "oyama",), ())
    assert len(list(store.select(SCHOOLS, graphs=oyama))) == 4
    empty = GraphSelection("protocol", (), (GRAPH + "oyama",))
    assert len(list(store.select(SCHOOLS, graphs=empty))) == 0
    from_clause = f"SELECT ?s FROM <{GRAPH}sample-town> WHERE {{ ?s a <http://schema.org/School> }}"
    query_graphs = GraphSelection("query", (GRAPH + "sample-town",), ())
    assert len(list(store.select(from_clause, graphs=query_graphs))) == 1


def test_serialised_result(store: Store) -> None:
    fmt = options(
        formats={ResultKind.SOLUTIONS: "text/csv", ResultKind.BOOLEAN: None, ResultKind.GRAPH: None}
    )
    with store.execute(SCHOOLS, fmt) as result:
        assert (result.kind, result.media_type, result.rows) == (
            ResultKind.SOLUTIONS,
            "text/csv",
            5,
        )
        body = result.read()
    assert body.startswith(b"s\r\nhttps://w3id.org/ikkan/id/school/")
    assert len(body) == result.size


def test_errors(store: Store) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        store.select("SELECT ?s WHERE { ?s ?p }")
    assert caught.value.line == 1 and "line 1, column" in str(caught.value)
    with pytest.raises(ResultTooLarge):
        store.execute("SELECT * WHERE { ?s ?p ?o }", options(max_results=3))
    with pytest.raises(NotAcceptable):
        store.execute("ASK {}", options(formats={ResultKind.SOLUTIONS: "text/csv"}))
    with pytest.raises(QueryRefused, match="evil"):
        store.select("SELECT * { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }")


def _process_states(root: int) -> list[str]:
    return [state for _pid, state in descendants(root)]


def test_timeout_kills_the_query_and_the_store_lives_on(store: Store) -> None:
    start = time.monotonic()
    with pytest.raises(QueryTimeout, match="time limit of 1 s"):
        store.execute(SLOW_QUERY, options(timeout=1.0))
    assert 0.9 < time.monotonic() - start < 10
    # the killed process is replaced and nothing is left behind as a zombie
    for _ in range(3):
        assert store.ask("ASK { ?s ?p ?o }")
    time.sleep(0.2)
    assert "Z" not in _process_states(os.getpid())


def test_busy_when_every_process_is_taken(built: Built) -> None:
    settings = load_settings(
        {"build_dir": str(built.build_dir), "query_workers": 1, "query_wait": 0.3}, environ={}
    )
    store = open_store(settings)
    errors: list[Exception] = []

    def run_slow() -> None:
        try:
            store.execute(SLOW_QUERY, options(timeout=2.0))
        except Exception as exc:
            errors.append(exc)

    try:
        slow = threading.Thread(target=run_slow)
        slow.start()
        time.sleep(0.3)
        start = time.monotonic()
        with pytest.raises(StoreBusy):
            store.ask("ASK {}")
        assert time.monotonic() - start < 5  # its 0.3 s wait, not the 2 s query
        slow.join()
        assert len(errors) == 1 and isinstance(errors[0], QueryTimeout)
        assert store.ask("ASK { ?s ?p ?o }")
    finally:
        store.close()


def test_missing_store_says_run_build(tmp_path: Path) -> None:
    with pytest.raises(StoreMissing, match="ikkan build"):
        open_store(load_settings({"build_dir": str(tmp_path)}, environ={}))


def test_info_reads_the_manifest(store: Store, built: Built) -> None:
    info = store.info()
    assert (info.version, info.triples) == ("fixture-1", built.triples)


def test_in_memory_store_answers_the_same(built: Built) -> None:
    settings = load_settings(
        {"build_dir": str(built.build_dir), "in_memory": True, "query_workers": 1}, environ={}
    )
    store = open_store(settings)
    try:
        assert "memory" in store.info().backend
        assert len(list(store.select(SCHOOLS))) == 5
        with pytest.raises(QueryTimeout):
            store.execute(SLOW_QUERY, options(timeout=0.5))
        assert store.ask("ASK { ?s ?p ?o }")
    finally:
        store.close()
