"""Keeping slow clients off the request threads: the gunicorn worker ``ikkan serve`` runs.

gunicorn's ``gthread`` worker hands a connection to a request thread as soon as its first byte
arrives, and the thread then blocks reading the rest: twenty connections that send one byte and
wait hold twenty threads for as long as they stay open, and nobody else is answered. This worker
gathers each request in the worker's event loop instead, without a thread: a connection gets a
thread only once its header block has arrived (and its body too, when it announces a
``Content-Length`` the server accepts), and must have done so within ``client_timeout`` seconds
of connecting, or it is closed. Inside the thread the same deadline holds for whatever is still
unread (a chunked body, a body after ``Expect: 100-continue``), and the answer must be taken at
:data:`MIN_SEND_RATE` or faster once ``client_timeout`` has passed: a client that stops reading
loses its connection, so a thread is never held longer than those bounds.

The checks here only find where a request ends (the blank line after the headers, the
``Content-Length``); gunicorn still parses every request and answers malformed ones. A public
deployment should still sit behind a buffering reverse proxy (README, "Security").
"""

from __future__ import annotations

import errno
import logging
import re
import selectors
import socket
import time
from functools import partial
from typing import Any

from gunicorn.http.errors import NoMoreData
from gunicorn.workers.gthread import TConn, ThreadWorker

log = logging.getLogger("ikkan.http")

#: Once its grace has passed, an answer must be taken at least this fast (bytes per second).
MIN_SEND_RATE = 16 * 1024
#: A header block larger than this is handed to gunicorn at once (it answers 431 or 400).
MAX_HEADER_BYTES = 64 * 1024
_CHUNK = 256 * 1024
_HEADER_END = b"\r\n\r\n"
_CONTENT_LENGTH = re.compile(rb"^content-length:[ \t]*(\d{1,12})[ \t]*\r?$", re.I | re.M)
# A body framed any other way, or one the client sends only when told to, is read in the thread.
_READ_IN_THREAD = re.compile(rb"^(?:transfer-encoding|expect):", re.I | re.M)


class SlowClient(NoMoreData):  # type: ignore[misc]
    """The client did not send its request, or take its answer, in time.

    A :class:`gunicorn.http.errors.NoMoreData`, so that gunicorn closes the connection quietly
    (this module logs one line); the app answers it with 408 when it meets it reading a body.
    """

    def __init__(self, message: str) -> None:
        super().__init__(None)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ClientSocket(socket.socket):
    """An accepted connection that holds the bytes gathered for it and enforces deadlines.

    ``recv`` first returns what the event loop gathered, then reads with the time left before
    the request's deadline; ``send``/``sendall`` must make progress at :data:`MIN_SEND_RATE`
    after a grace. Outside a request (while the event loop or gunicorn's closing code uses the
    socket) it behaves as a plain socket.
    """

    __slots__ = ("_buffered", "_grace", "_read_deadline", "_send_start", "_sent", "peer")

    def __init__(self, accepted: socket.socket, peer: str) -> None:
        super().__init__(accepted.family, accepted.type, accepted.proto, fileno=accepted.detach())
        self._buffered = b""
        self._read_deadline: float | None = None
        self._send_start: float | None = None
        self._sent = 0
        self._grace = 0.0
        self.peer = peer

    # -- the event loop's side -------------------------------------------------------------

    def gather(self, into: bytearray) -> bool:
        """Read what has arrived, without blocking; False when the client has closed."""
        try:
            data = socket.socket.recv(self, _CHUNK)
        except (BlockingIOError, InterruptedError):
            return True
        except OSError:
            # Reset by the client: gone. (Raised here it would stop the worker's event loop.)
            return False
        if not data:
            return False
        into += data
        return True

    def hand_over(self, gathered: bytes) -> None:
        self._buffered = bytes(gathered) + self._buffered

    def take_buffered(self) -> bytes:
        data, self._buffered = self._buffered, b""
        return data

    # -- the request thread's side ---------------------------------------------------------

    def start_request(self, deadline: float, grace: float) -> None:
        self._read_deadline = deadline
        self._send_start = None
        self._sent = 0
        self._grace = grace

    def end_request(self) -> None:
        self._read_deadline = None
        self._send_start = None

    def _left(self, deadline: float, what: str) -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise self._slow(what)
        return left

    def _slow(self, what: str) -> SlowClient:
        self._read_deadline = None
        self._send_start = None
        log.info("slow client %s: %s; connection closed", self.peer, what)
        return SlowClient(what)

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        if self._buffered:
            data, self._buffered = self._buffered[:bufsize], self._buffered[bufsize:]
            return data
        if self._read_deadline is None:
            return super().recv(bufsize, flags)
        what = f"the request was not complete within {self._grace:g} s"
        self.settimeout(self._left(self._read_deadline, what))
        try:
            return super().recv(bufsize, flags)
        except TimeoutError:
            raise self._slow(what) from None

    def _send_deadline(self) -> float | None:
        if self._read_deadline is None:
            return None
        if self._send_start is None:
            self._send_start = time.monotonic()
        # What sits in the kernel's send buffer has not been taken by the client yet; the
        # thread is free once the last byte is there, so only what passed it counts.
        buffered = self.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)
        taken = max(self._sent - buffered, 0)
        return self._send_start + self._grace + taken / MIN_SEND_RATE

    def send(self, data: Any, flags: int = 0) -> int:
        deadline = self._send_deadline()
        if deadline is None:
            return super().send(data, flags)
        what = f"the answer was taken slower than {MIN_SEND_RATE // 1024} KiB/s"
        self.settimeout(self._left(deadline, what))
        try:
            sent = super().send(data, flags)
        except TimeoutError:
            raise self._slow(what) from None
        self._sent += sent
        return sent

    def sendall(self, data: Any, flags: int = 0) -> None:
        if self._read_deadline is None:
            super().sendall(data, flags)
            return
        view = memoryview(data).cast("B")
        while view:
            view = view[self.send(view[:_CHUNK], flags) :]


def request_complete(data: bytes | bytearray, max_body: int) -> bool:
    """Whether ``data`` holds enough of a request to give it a thread: the whole header block,
    and the whole body when it has a ``Content-Length`` of at most ``max_body``; anything
    unusual is handed over as soon as the headers are in (gunicorn then reads it, in time)."""
    end = data.find(_HEADER_END)
    if end < 0:
        return len(data) > MAX_HEADER_BYTES
    head = bytes(data[:end])
    if _READ_IN_THREAD.search(head):
        return True
    lengths = _CONTENT_LENGTH.findall(head)
    if len(lengths) != 1 or int(lengths[0]) > max_body:
        return True
    return len(data) - end - len(_HEADER_END) >= int(lengths[0])


_HIGH_BYTES = re.compile(rb"[\x80-\xff]")


def escape_request_target(data: bytes | bytearray) -> bytes:
    """The request with the raw UTF-8 of its target percent-encoded.

    curl sends a URL typed in Japanese as raw UTF-8, and HTTP parsers (gunicorn's among them)
    refuse it with a bare 400; the bytes mean exactly what their percent-encoding means, so the
    request line is rewritten into that before it is parsed. Nothing else is touched.
    """
    end = data.find(b"\r\n")
    line = bytes(data[: end if end >= 0 else len(data)])
    parts = line.split(b" ")
    if len(parts) != 3 or not _HIGH_BYTES.search(parts[1]):
        return bytes(data)
    target = _HIGH_BYTES.sub(lambda m: b"%%%02X" % m[0][0], parts[1])
    return b" ".join((parts[0], target, parts[2])) + bytes(data[len(line) :])


class GatheringThreadWorker(ThreadWorker):  # type: ignore[misc]
    """gunicorn's ``gthread`` worker, with requests gathered in the event loop first."""

    #: Set by :func:`worker_class` from the settings.
    client_timeout = 10.0
    max_body = 1_000_000

    def accept(self, listener: socket.socket) -> None:
        try:
            accepted, address = listener.accept()
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        peer = address[0] if isinstance(address, tuple) else str(address or "-")
        client = ClientSocket(accepted, peer)
        conn = TConn(self.cfg, client, address, listener.getsockname())
        self._gather(conn, time.monotonic() + self.client_timeout)

    def _gather(self, conn: TConn, deadline: float) -> None:
        """Wait, in the event loop, for this connection's request to come in."""
        conn.sock.setblocking(False)
        conn.timeout = deadline
        conn.ikkan_gathered = bytearray()
        self.pending_conns.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._readable, conn))

    def _readable(self, conn: TConn, _sock: socket.socket) -> None:
        gathered: bytearray = conn.ikkan_gathered
        if not conn.sock.gather(gathered):
            self._drop(conn)
            return
        if not request_complete(gathered, self.max_body):
            return
        self.poller.unregister(conn.sock)
        self.pending_conns.remove(conn)
        conn.sock.hand_over(escape_request_target(gathered))
        conn.ikkan_gathered = bytearray()
        conn.data_ready = True
        conn.ikkan_deadline = conn.timeout
        self.enqueue_req(conn)

    def _drop(self, conn: TConn) -> None:
        self.poller.unregister(conn.sock)
        self.pending_conns.remove(conn)
        self.nr_conns -= 1
        conn.close()

    def murder_pending(self) -> None:
        now = time.monotonic()
        while self.pending_conns and self.pending_conns[0].timeout <= now:
            conn = self.pending_conns[0]
            if getattr(conn, "ikkan_gathered", None):
                log.info(
                    "slow client %s: the request was not complete within %g s; connection closed",
                    conn.sock.peer,
                    self.client_timeout,
                )
            self._drop(conn)

    def on_client_socket_readable(self, conn: TConn, client: socket.socket) -> None:
        # A kept-alive connection's next request is gathered like a new one.
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self._gather(conn, time.monotonic() + self.client_timeout)
        self._readable(conn, client)

    def handle(self, conn: TConn) -> Any:
        sock: ClientSocket = conn.sock
        deadline = getattr(conn, "ikkan_deadline", None) or time.monotonic() + self.client_timeout
        conn.ikkan_deadline = None
        sock.start_request(deadline, self.client_timeout)
        try:
            return super().handle(conn)
        finally:
            sock.end_request()

    def finish_request(self, conn: TConn, fs: Any) -> None:
        # Bytes gathered past the end of this request (a pipelined next one) go back to the
        # parser, so that gunicorn serves them now rather than wait for the socket to stir.
        leftover = conn.sock.take_buffered()
        if leftover and conn.parser is not None:
            conn.parser.unreader.unread(leftover)
        super().finish_request(conn, fs)


def worker_class(client_timeout: float, max_body: int) -> type[GatheringThreadWorker]:
    """The worker class for these settings (gunicorn takes a class as ``worker_class``)."""
    return type(
        "IkkanWorker",
        (GatheringThreadWorker,),
        {"client_timeout": client_timeout, "max_body": max_body, "__module__": __name__},
    )
