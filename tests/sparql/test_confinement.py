"""Query processes on the embedded store cannot open network connections when no SERVICE
endpoint is allowed: a second line behind the guard, tested here without the guard."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

import pyoxigraph as ox
import pytest

from ikkan.store.base import UNION, ResultKind
from ikkan.store.embedded import EmbeddedEngine
from ikkan.store.processes import ProcessPool
from ikkan.store.worker import graphs_to_job

from .test_ssrf import Trap


@pytest.fixture
def trap() -> Iterator[Trap]:
    listener = Trap()
    yield listener
    listener.close()


def engine() -> EmbeddedEngine:
    return EmbeddedEngine(ox.Store(), "in-memory test store", None)


def call_trap(pool: ProcessPool, trap: Trap) -> dict[str, object]:
    # The job allows the trap itself, so the guard lets it through: only confinement is left.
    job = {
        "query": f"SELECT * WHERE {{ SERVICE <{trap.url}> {{ ?s ?p ?o }} }}",
        "graphs": graphs_to_job(UNION),
        "formats": {ResultKind.SOLUTIONS.value: "application/sparql-results+json"},
        "max_results": 10,
        "max_bytes": 10_000,
        "allowed_services": [trap.url],
    }
    header, _ = pool.run(job, 10)
    return header


def test_confined_query_processes_cannot_connect(trap: Trap) -> None:
    pool = ProcessPool(partial(engine), 1, 5, confine=True)
    try:
        header = call_trap(pool, trap)
    finally:
        pool.close()
    assert header["error"] == "QueryFailed"
    assert "SERVICE call" in str(header["message"])
    trap.assert_untouched()


def test_unconfined_query_processes_do_connect(trap: Trap) -> None:
    # The same call without confinement reaches the trap: the test above can fail.
    pool = ProcessPool(partial(engine), 1, 5, confine=False)
    try:
        call_trap(pool, trap)
    finally:
        pool.close()
    assert trap.connections >= 1
