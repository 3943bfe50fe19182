"""Fixtures for the SPARQL endpoint tests: a small built store, and real servers on loopback.

``built`` loads ``fixtures/graph.trig`` into a fresh on-disk Oxigraph store with the build's
layout (named graphs only, ``build/store`` and ``build/manifest.json``), in a subprocess, as
``ikkan build`` would. ``endpoint`` is a real ``ikkan serve`` (gunicorn, gthread) on a free
loopback port, once per backend: the embedded store, and the remote backend pointed at
``oxigraph serve-read-only`` over the same store. Tests that take ``endpoint`` run on both, and
on each engine ``IKKAN_TEST_ENGINES`` adds (``virtuoso``: the same graph bulk-loaded into it).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .. import support
from ..engines import ENGINES
from ..engines import virtuoso as virtuoso_engine
from ..support import Oxigraph, Server

FIXTURE = Path(__file__).parent / "fixtures" / "graph.trig"
GRAPH = "https://w3id.org/ikkan/graph/"

# The limits every test server runs with: small, so that tests can reach them cheaply.
SERVER_SETTINGS = {
    "IKKAN_WORKERS": "2",
    "IKKAN_THREADS": "8",
    "IKKAN_QUERY_WORKERS": "2",
    "IKKAN_QUERY_TIMEOUT": "4",
    "IKKAN_QUERY_WAIT": "5",
    "IKKAN_MAX_RESULTS": "500",
    "IKKAN_MAX_REQUEST_BYTES": "64000",
    "IKKAN_LOG_LEVEL": "info",
}


@dataclass
class Built:
    build_dir: Path
    store: Path
    triples: int
    version: str = "fixture-1"


def _load_store(store: Path) -> int:
    code = (
        "import sys, pyoxigraph as ox\n"
        "s = ox.Store(sys.argv[1])\n"
        "s.bulk_load(path=sys.argv[2], format=ox.RdfFormat.TRIG)\n"
        "s.flush()\n"
        "print(len(s))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(store), str(FIXTURE)],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout.strip())


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    build_dir = tmp_path_factory.mktemp("build")
    store = build_dir / "store"
    triples = _load_store(store)
    manifest = {"version": "fixture-1", "built": "2024-04-01", "triples": triples}
    (build_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return Built(build_dir, store, triples)


@pytest.fixture(scope="session")
def oxigraph(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oxigraph]:
    # Just past the test servers' own 4 s limit, so that a stopped query does not go on
    # loading the machine for long.
    server = support.start_oxigraph(
        built.store, tmp_path_factory.mktemp("oxigraph") / "log", ("--timeout-s", "5")
    )
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Virtuoso with the fixture graph bulk-loaded; its query URL. Its time limit is just past
    the test servers', as for Oxigraph's server; SERVICE is allowed, as on Oxigraph's server."""
    folder = tmp_path_factory.mktemp("virtuoso")
    nquads = virtuoso_engine.export_nquads(built.build_dir, None, folder / "graph.nq")
    with virtuoso_engine.running(folder, nquads, time_limit=5, allow_service=True) as server:
        yield server.sparql_url


def start_server(backend: str, env_overrides: dict[str, str]) -> Server:
    """A real ``ikkan serve`` with the test limits, on the given backend."""
    return support.start_server({**SERVER_SETTINGS, **env_overrides}, backend=backend)


def backend_settings(backend: str, built: Built, oxigraph: Oxigraph) -> dict[str, str]:
    settings = {
        "IKKAN_BUILD_DIR": str(built.build_dir),
        # SERVICE may call only the Oxigraph server, so federation can be tested offline.
        "IKKAN_SERVICE_ALLOWLIST": oxigraph.url,
    }
    if backend == "remote":
        settings["IKKAN_STORE_URL"] = oxigraph.url
    return settings


@pytest.fixture(scope="session", params=["embedded", "remote", *ENGINES])
def endpoint(request: pytest.FixtureRequest, built: Built, oxigraph: Oxigraph) -> Iterator[Server]:
    """A real server on loopback, once over each backend."""
    backend = str(request.param)
    settings = backend_settings(backend, built, oxigraph)
    if backend == "virtuoso":
        settings["IKKAN_STORE_URL"] = request.getfixturevalue("virtuoso")
    server = start_server(backend, settings)
    yield server
    server.stop()


# A query that runs far past any test's time limit: a cross join of seven patterns.
SLOW_QUERY = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
    "?m ?n1 ?o . ?p ?q ?r . ?s ?t ?u }"
)
