"""Slow and broken clients against a real ``ikkan serve``: they lose their connection, not the
server its threads.

The server runs with the test limits (2 workers × 8 threads) and a client timeout of 3 s. Fifty
connections that send one byte and wait must not stop a normal client's answers, and must be
closed; a body that stops halfway is closed too, a chunked one that stops gets 408; a client
that does not read its answer is cut off; a malformed chunked body is a 400 with one log line.
Bounds are generous: the machine may be busy with other work.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
import requests

from ..support import Server
from .conftest import Built, start_server

CLIENT_TIMEOUT = 3.0
# How long a normal request may take while slow clients are connected (a busy 2-core box).
PROMPT = 8.0
ASK = {"query": "ASK {}"}


@pytest.fixture(scope="module")
def server(built: Built) -> Iterator[Server]:
    running = start_server(
        "embedded",
        {"IKKAN_BUILD_DIR": str(built.build_dir), "IKKAN_CLIENT_TIMEOUT": str(CLIENT_TIMEOUT)},
    )
    yield running
    running.stop()


def _connect(server: Server, receive_buffer: int | None = None) -> socket.socket:
    sock = socket.socket()
    if receive_buffer:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.connect(("127.0.0.1", server.port))
    return sock


def _closed_within(sock: socket.socket, seconds: float) -> bytes | None:
    """What the server sent before closing, or None if it kept the connection open."""
    sock.settimeout(seconds)
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except TimeoutError:
        return None
    except ConnectionResetError:
        pass
    return received


def test_fifty_one_byte_connections_do_not_stop_answers(server: Server) -> None:
    slow = [_connect(server) for _ in range(50)]
    try:
        for sock in slow:
            sock.sendall(b"G")
        started = time.monotonic()
        # Through the whole time the slow connections are open, answers keep coming.
        while time.monotonic() - started < CLIENT_TIMEOUT + 1:
            t0 = time.monotonic()
            response = requests.get(server.sparql, params=ASK, timeout=PROMPT + 5)
            assert response.status_code == 200
            assert time.monotonic() - t0 < PROMPT
            time.sleep(0.3)
        # And the server has closed them (a few seconds after their time ran out).
        for sock in slow:
            assert _closed_within(sock, CLIENT_TIMEOUT + 10) is not None
    finally:
        for sock in slow:
            sock.close()
    assert any("slow client 127.0.0.1" in line for line in server.log)


def test_a_body_that_stops_halfway_is_closed(server: Server) -> None:
    sock = _connect(server)
    try:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 100\r\n\r\nASK"
        )
        assert _closed_within(sock, CLIENT_TIMEOUT + 10) is not None
    finally:
        sock.close()


def test_a_chunked_body_that_stops_gets_408(server: Server) -> None:
    sock = _connect(server)
    try:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n3\r\nASK\r\n"
        )
        received = _closed_within(sock, CLIENT_TIMEOUT + 10)
        assert received is not None
        assert received.startswith(b"HTTP/1.1 408 "), received[:200]
    finally:
        sock.close()


def test_a_malformed_chunked_body_is_a_400_logged_on_one_line(server: Server) -> None:
    before = len(server.log)
    sock = _connect(server)
    try:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Transfer-Encoding: chunked\r\n\r\nzz\r\nASK {}\r\n0\r\n\r\n"
        )
        received = _closed_within(sock, 20)
    finally:
        sock.close()
    assert received is not None
    assert received.startswith(b"HTTP/1.1 400 "), received[:200]
    assert b"malformed" in received
    time.sleep(0.5)
    new = server.log[before:]
    assert not any("Traceback" in line for line in new), "".join(new)
    assert sum("malformed request body" in line for line in new) == 1, "".join(new)


def _big_result_query() -> str:
    # 400 rows of about 30 KB each: 12 MB, far more than the kernel's socket buffers (4 MB).
    numbers = " ".join(str(n) for n in range(400))
    filler = "x" * 30000
    return (
        f'SELECT ?v WHERE {{ VALUES ?n {{ {numbers} }} BIND(CONCAT(STR(?n), "{filler}") AS ?v) }}'
    )


def test_a_client_that_does_not_read_its_answer_is_cut_off(server: Server) -> None:
    body = _big_result_query().encode()
    readers = []
    try:
        for _ in range(6):
            sock = _connect(server, receive_buffer=4096)
            sock.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                b"Accept: text/csv\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
            )
            readers.append(sock)
        # The others are answered meanwhile ...
        t0 = time.monotonic()
        assert requests.get(server.sparql, params=ASK, timeout=PROMPT + 5).status_code == 200
        assert time.monotonic() - t0 < PROMPT
        # ... and each reader that never reads is cut off once its grace and rate run out.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            cut = [line for line in server.log if "answer was taken slower" in line]
            if len(cut) >= len(readers):
                break
            time.sleep(0.5)
        assert len(cut) >= len(readers), "".join(server.log[-20:])
    finally:
        for sock in readers:
            sock.close()


def test_a_url_typed_in_japanese_without_percent_encoding_is_answered(server: Server) -> None:
    # What curl sends for  curl 'http://…/sparql?query=…"小山市"@ja…': the UTF-8 bytes, raw.
    target = '/sparql?query=SELECT%20?s%20WHERE%20%7B%20?s%20?p%20"小山市"@ja%20%7D&format=csv'
    sock = _connect(server)
    try:
        sock.sendall(
            b"GET " + target.encode("utf-8") + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        received = _closed_within(sock, 20)
    finally:
        sock.close()
    assert received is not None
    assert received.startswith(b"HTTP/1.1 200 "), received[:300]
    assert b"municipality/092088" in received
