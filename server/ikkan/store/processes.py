"""Pre-forked query processes that can be killed at a time limit and are then replaced.

pyoxigraph cannot be interrupted from Python, so every query runs in a separate process that
the web process kills when its time is up. Forking from a web worker that already runs request
threads is unsafe (a lock held by another thread stays held in the child), so each pool first
forks one *zygote* while its process is still single-threaded. The zygote opens the engine
(for the embedded store: opens it read-only, or loads it into memory once, shared copy-on-write
by every child) and then only ever forks query processes on request, passing each child's socket
back over a Unix socket. Query processes are the zygote's children, reaped automatically
(``SIGCHLD`` ignored) and killed with the zygote (``PR_SET_PDEATHSIG``); the zygote exits when
its web process goes away. A job is a JSON header over the socket; the answer is a header and
the serialised body, inline when small or as the descriptor of an anonymous temporary file.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import logging
import os
import select
import signal
import socket
import struct
import threading
import time
from collections.abc import Callable
from typing import IO, Any

from .base import Engine, QueryFailed, QueryTimeout, StoreBusy, StoreUnavailable
from .confine import deny_network
from .worker import Header, Job, prepare, run_job

log = logging.getLogger(__name__)
_PREFIX = struct.Struct("!II")
# Address space reserved for a query thread's stack; only the pages it touches cost memory.
QUERY_STACK_BYTES = 512 * 1024 * 1024


class _WorkerDied(Exception):
    pass


class _NotDelivered(_WorkerDied):
    """The job never reached the process (it was already gone): safe to run elsewhere."""


def _set_parent_death_signal() -> None:
    """Have the kernel kill this process when its parent dies (Linux only; elsewhere the
    closed socket ends it once its current query finishes)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


def _send(sock: socket.socket, header: dict[str, Any], payload: bytes = b"", fd: int = -1) -> None:
    head = json.dumps(header).encode("utf-8")
    prefix = _PREFIX.pack(len(head), len(payload))
    if fd >= 0:
        socket.send_fds(sock, [prefix], [fd])
    else:
        sock.sendall(prefix)
    sock.sendall(head + payload)


def _recv_exactly(sock: socket.socket, n: int) -> bytes:
    chunks = bytearray()
    while len(chunks) < n:
        chunk = sock.recv(min(n - len(chunks), 1 << 20))
        if not chunk:
            raise _WorkerDied("connection closed")
        chunks += chunk
    return bytes(chunks)


def _recv(sock: socket.socket) -> tuple[dict[str, Any], bytes, int]:
    """One message: header, inline payload and a passed file descriptor (or -1)."""
    data, fds, _flags, _addr = socket.recv_fds(sock, _PREFIX.size, 1)
    if not data:
        raise _WorkerDied("connection closed")
    fd = fds[0] if fds else -1
    try:
        data += _recv_exactly(sock, _PREFIX.size - len(data))
        head_len, payload_len = _PREFIX.unpack(data)
        body = _recv_exactly(sock, head_len + payload_len)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        raise
    return json.loads(body[:head_len]), body[head_len:], fd


def _close_inherited_fds(keep: int) -> None:
    # The zygote is a copy of a web worker: drop its listening sockets and client connections
    # so that they close when the web worker closes them.
    max_fd = os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 4096
    os.closerange(3, keep)
    os.closerange(keep + 1, max_fd)


def _serve_jobs(sock: socket.socket, engine: Engine) -> None:
    """The loop of one query process."""
    while True:
        try:
            job, _payload, _fd = _recv(sock)
        except (_WorkerDied, OSError):
            return
        header, body = run_job(engine, job)
        if isinstance(body, bytes):
            _send(sock, header, body)
        else:
            _send(sock, header, fd=body.fileno())
            body.close()


def _zygote_main(ctrl: socket.socket, engine_factory: Callable[[], Engine], confine: bool) -> None:
    # The web worker's handlers (gunicorn's) are not ours: restore the defaults first.
    for name in ("SIGTERM", "SIGQUIT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGWINCH", "SIGABRT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps our children: no zombies
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the server, which stops us
    try:
        prepare()
        engine = engine_factory()
    except Exception as exc:
        _send(ctrl, {"error": f"{type(exc).__name__}: {exc}"})
        return
    # Opened first (a remote engine, or a store on a network file system, may need it), then
    # confined, with every query process forked from here after.
    unconfined = deny_network() if confine else "not asked"
    _send(ctrl, {"ready": engine.description, "unconfined": unconfined})
    while True:
        try:
            request = ctrl.recv(1)
        except OSError:
            return
        if not request:
            return
        ours, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            ctrl.close()
            ours.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            _set_parent_death_signal()
            try:
                # Long chains (a UNION of thousands of groups) recurse deeply in the engine;
                # a large stack turns a crash into a query that meets its time limit.
                threading.stack_size(QUERY_STACK_BYTES)
                runner = threading.Thread(target=_serve_jobs, args=(theirs, engine))
                runner.start()
                runner.join()
            finally:
                os._exit(0)
        theirs.close()
        _send(ctrl, {"pid": pid}, fd=ours.fileno())
        ours.close()


class _Zygote:
    def __init__(self, engine_factory: Callable[[], Engine], confine: bool) -> None:
        ctrl, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            ctrl.close()
            try:
                _close_inherited_fds(theirs.fileno())
                _zygote_main(theirs, engine_factory, confine)
            finally:
                os._exit(0)
        theirs.close()
        self.pid = pid
        self.ctrl = ctrl
        try:
            hello, _, _ = _recv(ctrl)
        except _WorkerDied:
            hello = {"error": "the query process manager stopped while opening the store"}
        if "error" in hello:
            self.close()
            raise StoreUnavailable(f"The store could not be opened: {hello['error']}")
        self.description = str(hello["ready"])
        #: None when the query processes cannot open network connections, else why not.
        self.unconfined: str | None = hello.get("unconfined")
        # Forking one query process takes milliseconds; a zygote silent for this long is stuck.
        self.ctrl.settimeout(30)

    def spawn(self) -> tuple[int, socket.socket]:
        self.ctrl.sendall(b"S")
        header, _, fd = _recv(self.ctrl)
        return int(header["pid"]), socket.socket(fileno=fd)

    def close(self) -> None:
        self.ctrl.close()
        with contextlib.suppress(ChildProcessError):
            # It exits at once on the closed socket; do not wait long if it is stuck.
            for _ in range(100):
                if os.waitpid(self.pid, os.WNOHANG)[0]:
                    return
                time.sleep(0.01)
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)


class _Process:
    """One query process, as the web process holds it."""

    def __init__(self, pid: int, sock: socket.socket) -> None:
        self.pid = pid
        self.sock = sock
        self.pidfd = -1
        # A pidfd names this very process, so a kill can never hit a recycled pid.
        with contextlib.suppress(OSError, AttributeError):
            self.pidfd = os.pidfd_open(pid)

    def alive(self) -> bool:
        """False once the process has exited (its zygote died, or it was killed)."""
        if self.pidfd >= 0:
            # A pidfd becomes readable when its process exits.
            poller = select.poll()
            poller.register(self.pidfd, select.POLLIN)
            return not poller.poll(0)
        try:
            os.kill(self.pid, 0)
        except OSError:
            return False
        return True

    def call(self, job: Job, deadline: float) -> tuple[Header, bytes | IO[bytes]]:
        try:
            self.sock.settimeout(max(deadline - time.monotonic(), 0.001))
            _send(self.sock, job)
        except TimeoutError:
            raise
        except OSError as exc:
            raise _NotDelivered(str(exc)) from exc
        try:
            header, payload, fd = _recv(self.sock)
        except TimeoutError:
            raise
        except OSError as exc:
            raise _WorkerDied(str(exc)) from exc
        if fd >= 0:
            return header, os.fdopen(fd, "rb")
        return header, payload

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            if self.pidfd >= 0:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            else:
                os.kill(self.pid, signal.SIGKILL)
        self.close()

    def close(self) -> None:
        self.sock.close()
        if self.pidfd >= 0:
            os.close(self.pidfd)
            self.pidfd = -1


class ProcessPool:
    """Up to ``size`` query processes for one web process; thread-safe."""

    def __init__(
        self,
        engine_factory: Callable[[], Engine],
        size: int,
        wait: float,
        *,
        confine: bool = False,
    ) -> None:
        self._factory = engine_factory
        self._confine = confine
        self._size = size
        self._wait = wait
        self._cond = threading.Condition()
        self._zygote_lock = threading.Lock()
        self._idle: list[_Process] = []
        self._live = 0
        self._closed = False
        self._zygote = _Zygote(engine_factory, confine)
        self.description = self._zygote.description
        if confine and self._zygote.unconfined:
            log.warning(
                "query processes can open network connections (%s); the SERVICE check stands alone",
                self._zygote.unconfined,
            )
        for _ in range(size):
            with self._cond:
                self._live += 1
            self._idle.append(self._spawn())

    @property
    def size(self) -> int:
        return self._size

    def _spawn(self) -> _Process:
        try:
            with self._zygote_lock:
                try:
                    return _Process(*self._zygote.spawn())
                except (_WorkerDied, OSError):
                    # The zygote died (killed by hand, out of memory): start another. This
                    # forks from a threaded process, which is why it is the exception.
                    self._zygote.close()
                    self._zygote = _Zygote(self._factory, self._confine)
                    return _Process(*self._zygote.spawn())
        except BaseException:
            with self._cond:
                self._live -= 1
                self._cond.notify()
            raise

    def _acquire(self, wait: float) -> _Process:
        deadline = time.monotonic() + wait
        with self._cond:
            while True:
                if self._closed:
                    raise StoreUnavailable("The server is shutting down.")
                while self._idle:
                    process = self._idle.pop()
                    if process.alive():
                        return process
                    # Its zygote died and took it along: replace it, never hand it out.
                    process.kill()
                    self._live -= 1
                if self._live < self._size:
                    self._live += 1
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise StoreBusy(
                        f"All {self._size} query processes of this server worker are busy; "
                        "try again in a moment."
                    )
                self._cond.wait(remaining)
        return self._spawn()

    def _release(self, process: _Process) -> None:
        with self._cond:
            if self._closed:
                process.kill()
                self._live -= 1
            else:
                self._idle.append(process)
            self._cond.notify()

    def _discard(self, process: _Process) -> None:
        process.kill()
        with self._cond:
            self._live -= 1
            self._cond.notify()

    def run(self, job: Job, timeout: float) -> tuple[Header, bytes | IO[bytes]]:
        """Run one job in a free query process; kill the process if it passes ``timeout``.

        The clock starts when a process has taken the job: waiting for a free one is bounded
        separately (and answered 503, "try again", when it runs out).
        """
        for attempt in (1, 2):
            process = self._acquire(self._wait)
            deadline = time.monotonic() + timeout
            try:
                result = process.call(job, deadline)
            except TimeoutError:
                self._discard(process)
                raise QueryTimeout(
                    f"The query was stopped at its time limit of {timeout:g} s. Narrow it (more "
                    "specific patterns, a LIMIT), or ask the data set's dumps for bulk work."
                ) from None
            except _NotDelivered:
                self._discard(process)
                if attempt == 1:
                    continue
                raise QueryFailed("No query process could take the query.") from None
            except _WorkerDied:
                self._discard(process)
                raise QueryFailed(
                    "The query process stopped unexpectedly (the query may need more memory "
                    "than the server allows)."
                ) from None
            except BaseException:
                self._discard(process)
                raise
            self._release(process)
            return result
        raise AssertionError("unreachable")

    def close(self) -> None:
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            self._cond.notify_all()
        for process in idle:
            process.kill()
        with self._zygote_lock:
            self._zygote.close()
