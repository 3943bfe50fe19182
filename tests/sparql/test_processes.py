"""The query processes: a dead one is never handed out, and waiting is not running."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from functools import partial

import pyoxigraph as ox
import pytest

from ikkan.store.base import UNION, ResultKind
from ikkan.store.embedded import EmbeddedEngine
from ikkan.store.processes import ProcessPool
from ikkan.store.worker import graphs_to_job

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o }"


def engine() -> EmbeddedEngine:
    store = ox.Store()
    e = ox.NamedNode("http://e/")
    store.extend(ox.Quad(ox.NamedNode(f"http://e/{i}"), e, ox.Literal(i)) for i in range(300))
    return EmbeddedEngine(store, "in-memory test store", None)


def job(query: str) -> dict[str, object]:
    return {
        "query": query,
        "graphs": graphs_to_job(UNION),
        "formats": {
            ResultKind.SOLUTIONS.value: "application/sparql-results+json",
            ResultKind.BOOLEAN.value: "application/sparql-results+json",
        },
        "max_results": 10,
        "max_bytes": 10_000,
        "allowed_services": [],
    }


@pytest.fixture
def pool() -> Iterator[ProcessPool]:
    processes = ProcessPool(partial(engine), 1, 10, confine=True)
    yield processes
    processes.close()


def test_after_the_zygote_dies_queries_are_still_answered(pool: ProcessPool) -> None:
    assert "error" not in pool.run(job("ASK {}"), 5)[0]
    os.kill(pool._zygote.pid, signal.SIGKILL)
    time.sleep(0.5)  # its query processes die with it
    for _ in range(3):
        header, _ = pool.run(job("ASK {}"), 5)
        assert "error" not in header, header


def test_waiting_for_a_process_does_not_count_against_the_time_limit(pool: ProcessPool) -> None:
    results: dict[str, object] = {}

    def slow() -> None:
        try:
            pool.run(job(SLOW), 2)
        except Exception as exc:
            results["slow"] = type(exc).__name__

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.3)  # the only process is busy with the slow query now
    header, _ = pool.run(job("ASK {}"), 1)  # waits about 1.7 s, then runs in well under 1 s
    thread.join(30)
    assert results["slow"] == "QueryTimeout"
    assert "error" not in header, header
