"""A query stopped at its time limit in remote mode does not go on at the store's expense.

The store here is a SPARQL endpoint on loopback that never answers: it records each request
and notices when the client hangs up. ``ikkan serve`` points at it with a 2 s limit and
``store_timeout_parameter=timeout:ms``: the client gets its time-limit error, the store was told
the limit with the query (``timeout=2000``), and the connection to it is closed at the limit, so
an engine that stops abandoned queries stops this one.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import pytest
import requests

from .. import support
from .conftest import Built


@dataclass
class SilentStore:
    """Accepts SPARQL requests and never answers; records bodies and hang-ups."""

    sock: socket.socket = field(default_factory=socket.socket)
    bodies: list[dict[str, list[str]]] = field(default_factory=list)
    hung_up: list[float] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/query"

    def serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            data += conn.recv(65536)
        head, _, body = data.partition(b"\r\n\r\n")
        length = next(
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        while len(body) < length:
            body += conn.recv(65536)
        self.bodies.append(parse_qs(body.decode()))
        if b"ASK" in body:  # the server's own readiness check gets its answer
            answer = b'{"head":{},"boolean":true}'
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                b"Content-Length: %d\r\n\r\n%s" % (len(answer), answer)
            )
        # Wait for the client to go away.
        conn.settimeout(60)
        try:
            while conn.recv(65536):
                pass
        except OSError:
            pass
        self.hung_up.append(time.monotonic())
        conn.close()


@pytest.fixture
def silent_store() -> Iterator[SilentStore]:
    store = SilentStore()
    store.sock.bind(("127.0.0.1", 0))
    store.sock.listen(16)
    threading.Thread(target=store.serve, daemon=True).start()
    yield store
    store.sock.close()


def test_a_stopped_query_hangs_up_on_the_store_and_told_it_the_limit(
    built: Built, silent_store: SilentStore
) -> None:
    server = support.start_server(
        {
            "IKKAN_BUILD_DIR": str(built.build_dir),
            "IKKAN_STORE_URL": silent_store.url,
            "IKKAN_QUERY_TIMEOUT": "2",
            "IKKAN_STORE_TIMEOUT_PARAMETER": "timeout:ms",
            "IKKAN_WORKERS": "1",
        },
        backend="remote",
    )
    try:
        started = time.monotonic()
        r = requests.get(server.sparql, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=60)
        assert r.status_code == 500 and "time limit" in r.text
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any(t > started for t in silent_store.hung_up):
            time.sleep(0.1)
        assert any(t > started for t in silent_store.hung_up), "the store was not hung up on"
        select = [b for b in silent_store.bodies if "SELECT" in b["query"][0]]
        assert select and select[0]["timeout"] == ["2000"]
    finally:
        server.stop()
