"""No query text, through any door, makes the server connect to an address off the allow-list.

A listener on loopback stands for an internal service: it records every connection it gets,
and every test here fails if it got one. The texts are the guard's catalogue of SERVICE tricks
(placements, line terminators, escapes, keywords run together), sent through ``/sparql`` (GET,
POST form, POST direct), the query page ``/query`` (GET and POST) and ``ikkan query``, to a
server on the embedded store and one over a remote engine (Oxigraph's server, which would make
the call itself if a text reached it), with an empty allow-list and with one that names only
the remote engine.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import requests

from ikkan.cli import main

from ..support import Oxigraph, Server, free_port
from .conftest import Built, start_server
from .test_guard import forbidden_calls


class Trap:
    """A TCP listener on loopback that counts the connections it is offered."""

    def __init__(self) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)
        self._socket.settimeout(0.2)
        self.port = int(self._socket.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}/internal"
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._socket.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def assert_untouched(self) -> None:
        time.sleep(0.3)  # a connection attempt in flight has landed by now
        assert self.connections == 0, f"{self.connections} connection(s) reached the trap"

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._socket.close()


@pytest.fixture(scope="module")
def trap() -> Iterator[Trap]:
    listener = Trap()
    yield listener
    listener.close()


@pytest.fixture(scope="module", params=["embedded", "remote"])
def unlisted(request: pytest.FixtureRequest, built: Built, oxigraph: Oxigraph) -> Iterator[Server]:
    """A server with an empty allow-list, over each backend."""
    settings = {"IKKAN_BUILD_DIR": str(built.build_dir), "IKKAN_SERVICE_ALLOWLIST": ""}
    if request.param == "remote":
        settings["IKKAN_STORE_URL"] = oxigraph.url
    server = start_server(str(request.param), settings)
    yield server
    server.stop()


def doors(server: Server, query: str) -> Iterator[tuple[str, requests.Response]]:
    """The same query through every door of the server."""
    session = requests.Session()
    yield "GET /sparql", session.get(server.sparql, params={"query": query}, timeout=30)
    yield "POST form", session.post(server.sparql, data={"query": query}, timeout=30)
    yield (
        "POST direct",
        session.post(
            server.sparql,
            data=query.encode("utf-8"),
            headers={"Content-Type": "application/sparql-query"},
            timeout=30,
        ),
    )
    yield "GET /query", session.get(server.base + "/query", params={"query": query}, timeout=30)
    yield "POST /query", session.post(server.base + "/query", data={"query": query}, timeout=30)


def assert_refused(server: Server, query: str) -> None:
    for door, response in doors(server, query):
        assert response.status_code == 403, (door, response.status_code, response.text[:300])


@pytest.mark.slow
def test_no_trick_reaches_an_address_without_an_allow_list(unlisted: Server, trap: Trap) -> None:
    for query in forbidden_calls(trap.url):
        assert_refused(unlisted, query)
    trap.assert_untouched()


@pytest.mark.slow
def test_no_trick_reaches_an_address_off_the_allow_list(
    endpoint: Server, oxigraph: Oxigraph, trap: Trap
) -> None:
    # ``endpoint`` may call the Oxigraph server: each trick also stands beside an allowed call.
    for query in forbidden_calls(trap.url):
        assert_refused(endpoint, query)
        beside = query.replace("WHERE {", f"WHERE {{ SERVICE <{oxigraph.url}> {{ ?a ?b ?c }}", 1)
        assert_refused(endpoint, beside)
    trap.assert_untouched()


def test_an_allowed_call_still_works(endpoint: Server, oxigraph: Oxigraph) -> None:
    inner = f"SERVICE SILENT <{oxigraph.url}> {{ ?s ?p ?o }}"
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ SERVICE <{oxigraph.url}> {{ {inner} }} }}"
    response = requests.get(
        endpoint.sparql,
        params={"query": query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) > 0


def test_a_failing_service_call_is_named_as_such(built: Built, oxigraph: Oxigraph) -> None:
    closed = f"http://127.0.0.1:{free_port()}/sparql"  # allowed, but nothing listens there
    server = start_server(
        "embedded",
        {"IKKAN_BUILD_DIR": str(built.build_dir), "IKKAN_SERVICE_ALLOWLIST": closed},
    )
    try:
        response = requests.get(
            server.sparql,
            params={"query": f"SELECT * WHERE {{ SERVICE <{closed}> {{ ?s ?p ?o }} }}"},
            timeout=30,
        )
    finally:
        server.stop()
    assert response.status_code == 500
    assert "SERVICE call" in response.text
    assert "store could not be read" not in response.text


def test_the_command_line_refuses_the_tricks_too(
    built: Built, oxigraph: Oxigraph, trap: Trap, capfd: pytest.CaptureFixture[str]
) -> None:
    queries = forbidden_calls(trap.url)
    for store_url in ("", oxigraph.url):
        for query in queries[:3] + queries[18:20]:
            code = main(
                [
                    "query",
                    query,
                    "--format",
                    "csv",
                    "--build-dir",
                    str(built.build_dir),
                    "--store-url",
                    store_url,
                    "--service-allowlist",
                    "",
                ]
            )
            _, err = capfd.readouterr()
            assert code == 1, (query, err)
            assert "SERVICE" in err
    trap.assert_untouched()
