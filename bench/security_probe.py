"""Replay the hostile-input probe of issue 9 against a real ``ikkan serve`` and count what happens.

``ikkan bench security_probe`` builds a tiny store (a few probe triples, written here), starts
the server on a free loopback port with a short time limit and client timeout, opens a loopback
listener that counts every inbound connection (a SERVICE call that got through), and replays:

1. SERVICE tricks, through ``/sparql`` (GET, POST form, POST direct) and ``/query``: a SERVICE
   hidden behind a comment ended by a carriage return, behind ``\\u0027`` escapes, SERVICE
   SILENT, a closed port, and a plain SERVICE;
2. 50 connections that send one byte and wait, while a normal client asks ``ASK {}``;
3. faults: a killed query process, a killed zygote, the store moved away (and back);
4. the quadratic input ``SELECT a-a-a-…-a WHERE {}`` of 40 KB and 1 MB (last: on a server
   without a linear pre-check it keeps a core busy long after the client gave up).

It prints the requests sent, the statuses (each 5xx with its message), the server's crashes
(tracebacks, workers that died) and the outbound connections. It reports; it passes or fails
nothing. ``IKKAN_BENCH_PROBE_WAIT`` (seconds, default 30) is how long one request may take.
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ikkan.settings import Settings
from ikkan.web.launch import RunningServer, descendants, start_server

# Probe data, invented for this harness: two resources and a label.
PROBE_TRIG = """@prefix ex: <https://w3id.org/ikkan/id/probe/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/ikkan/graph/probe> {
  ex:a rdfs:label "probe a"@en ; rdfs:seeAlso ex:b .
  ex:b rdfs:label "probe b"@en .
}
"""
WAIT = float(os.environ.get("IKKAN_BENCH_PROBE_WAIT", "30"))


@dataclass
class Listener:
    """A loopback HTTP listener that counts connections and answers an empty SPARQL result."""

    sock: socket.socket = field(default_factory=socket.socket)
    connections: int = 0

    def start(self) -> None:
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def port(self) -> int:
        return int(self.sock.getsockname()[1])

    def _serve(self) -> None:
        body = b'{"head":{"vars":["secret"]},"results":{"bindings":[]}}'
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            with contextlib.suppress(OSError):
                conn.settimeout(2)
                conn.recv(65536)
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                    b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body)
                )
            conn.close()


@dataclass
class Tally:
    sent: int = 0
    statuses: collections.Counter[str] = field(default_factory=collections.Counter)
    server_errors: list[str] = field(default_factory=list)

    def record(self, what: str, status: str, message: str = "") -> None:
        self.sent += 1
        self.statuses[status] += 1
        if status.startswith("5") or status in ("no answer", "connection failed"):
            first = message.strip().splitlines()[0][:160] if message.strip() else ""
            self.server_errors.append(f"{status} {what}: {first}")


def _request(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[str, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=WAIT) as response:
            return str(response.status), response.read(2000).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return str(exc.code), exc.read(2000).decode("utf-8", "replace")
    except TimeoutError:
        return "no answer", f"no answer within {WAIT:g} s"
    except (OSError, urllib.error.URLError) as exc:
        return "connection failed", str(exc)


def _routes(base: str, query: str) -> list[tuple[str, Callable[[], tuple[str, str]]]]:
    encoded = urllib.parse.urlencode({"query": query})
    json_accept = {"Accept": "application/sparql-results+json"}
    return [
        ("GET /sparql", lambda: _request(f"{base}/sparql?{encoded}", headers=json_accept)),
        (
            "POST /sparql form",
            lambda: _request(
                f"{base}/sparql",
                encoded.encode(),
                {**json_accept, "Content-Type": "application/x-www-form-urlencoded"},
            ),
        ),
        (
            "POST /sparql direct",
            lambda: _request(
                f"{base}/sparql",
                query.encode(),
                {**json_accept, "Content-Type": "application/sparql-query"},
            ),
        ),
        ("GET /query", lambda: _request(f"{base}/query?{encoded}")),
    ]


def _service_tricks(port: int, closed: int) -> dict[str, str]:
    target = f"http://127.0.0.1:{port}/internal"
    return {
        "comment ended by CR": (
            f"SELECT * WHERE {{ #x\rSERVICE <{target}> {{ ?secret ?p ?o }}\n}}"
        ),
        "\\u0027 escapes": (
            "SELECT * WHERE { VALUES ?x { 'a\\u0027 ' } "
            f"SERVICE <{target}> {{ ?s ?p ?o }} VALUES ?y {{ ' \\u0027b' }} }}"
        ),
        "SERVICE SILENT": f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}",
        "closed port": (
            f"SELECT * WHERE {{ #x\rSERVICE <http://127.0.0.1:{closed}/x> {{ ?s ?p ?o }}\n}}"
        ),
        "plain SERVICE": f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
    }


def _build_store(folder: Path) -> Path:
    build = folder / "build"
    build.mkdir()
    trig = folder / "probe.trig"
    trig.write_text(PROBE_TRIG, encoding="utf-8")
    code = (
        "import sys, pyoxigraph as ox\n"
        "s = ox.Store(sys.argv[1])\n"
        "s.bulk_load(path=sys.argv[2], format=ox.RdfFormat.TRIG)\n"
        "s.flush()\n"
    )
    subprocess.run([sys.executable, "-c", code, str(build / "store"), str(trig)], check=True)
    manifest = {"version": "probe", "built": "-", "triples": 3}
    (build / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return build


def _ask(base: str) -> tuple[str, float]:
    t0 = time.monotonic()
    status, _ = _request(f"{base}/sparql?query=ASK%20%7B%7D")
    return status, time.monotonic() - t0


def _slow_connections(server: RunningServer, tally: Tally) -> None:
    slow = []
    for _ in range(50):
        sock = socket.create_connection(("127.0.0.1", server.port))
        sock.sendall(b"G")
        slow.append(sock)
    latencies = []
    started = time.monotonic()
    while time.monotonic() - started < 6:
        status, seconds = _ask(server.base)
        tally.record("ASK {} beside 50 slow connections", status)
        latencies.append(seconds)
        time.sleep(0.1)
    closed = 0
    for sock in slow:
        sock.settimeout(15)
        with contextlib.suppress(OSError):
            while sock.recv(4096):
                pass
            closed += 1
        sock.close()
    worst = max(latencies) if latencies else float("nan")
    print(
        f"  50 slow connections: {len(latencies)} ASK meanwhile, slowest {worst:.2f} s; "
        f"{closed} of 50 closed by the server"
    )


def _query_processes(server: RunningServer) -> tuple[list[int], list[int]]:
    """(zygotes, query processes): the zygote is a worker's child, query processes its."""
    parent: dict[int, int] = {}
    for pid, _ in descendants(server.process.pid):
        with contextlib.suppress(OSError):
            stat = Path(f"/proc/{pid}/stat").read_text()
            parent[pid] = int(stat[stat.rfind(")") + 2 :].split()[1])
    workers = {p for p, pp in parent.items() if pp == server.process.pid}
    zygotes = [p for p, pp in parent.items() if pp in workers]
    return zygotes, [p for p, pp in parent.items() if pp in zygotes]


def _kill(pids: list[int]) -> int:
    killed = 0
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
            killed += 1
    return killed


def _faults(server: RunningServer, build: Path, tally: Tally) -> None:
    _, processes = _query_processes(server)
    print(f"  killed {_kill(processes[:1])} query process")
    time.sleep(0.5)
    for _ in range(4):
        status, message = _request(f"{server.base}/sparql?query=ASK%20%7B%7D")
        tally.record("ASK {} after a killed query process", status, message)
    zygotes, _ = _query_processes(server)
    print(f"  killed {_kill(zygotes)} zygote(s)")
    time.sleep(0.5)
    for _ in range(4):
        status, message = _request(f"{server.base}/sparql?query=ASK%20%7B%7D")
        tally.record("ASK {} after a killed zygote", status, message)
    moved = build.with_name("build-moved")
    build.rename(moved)
    zygotes, processes = _query_processes(server)
    _kill(zygotes + processes)
    time.sleep(0.5)
    for path in ("/", "/sparql?query=ASK%20%7B%7D", "/search?q=probe", "/ontology"):
        status, message = _request(server.base + path)
        tally.record(f"GET {path} with the store moved away", status, message)
        if status == "503":
            tally.server_errors[-1] += "  (expected: the store is unreachable)"
    moved.rename(build)
    zygotes, processes = _query_processes(server)
    _kill(zygotes + processes)
    time.sleep(0.5)
    for _ in range(4):
        status, message = _request(f"{server.base}/sparql?query=ASK%20%7B%7D")
        tally.record("ASK {} with the store back", status, message)


def _quadratic(server: RunningServer, tally: Tally, limit: int) -> None:
    for label, size in (("40 KB", 40_000), ("1 MB", limit - 100)):
        query = "SELECT " + "-".join(["a"] * (size // 2)) + " WHERE {}"
        t0 = time.monotonic()
        status, message = _request(
            f"{server.base}/sparql",
            query.encode(),
            {"Content-Type": "application/sparql-query"},
        )
        tally.record(f"quadratic {label}", status, message)
        print(f"  quadratic input {label}: {status} after {time.monotonic() - t0:.2f} s")


def run(settings: Settings, repeat: int) -> int:
    listener = Listener()
    listener.start()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = int(probe.getsockname()[1])
    folder = Path(tempfile.mkdtemp(prefix="ikkan-probe-"))
    tally = Tally()
    server: RunningServer | None = None
    try:
        build = _build_store(folder)
        server = start_server(
            {
                "IKKAN_PROJECT_DIR": str(settings.project_dir),
                "IKKAN_BUILD_DIR": str(build),
                "IKKAN_DIST_DIR": str(folder / "dist"),
                "IKKAN_QUERY_TIMEOUT": "5",
                "IKKAN_CLIENT_TIMEOUT": "3",
            }
        )
        deadline = time.monotonic() + 60
        while _ask(server.base)[0] != "200" and time.monotonic() < deadline:
            time.sleep(0.2)

        print("SERVICE tricks (a listener on loopback counts inbound connections)")
        for name, query in _service_tricks(listener.port, closed_port).items():
            before = listener.connections
            statuses = []
            for route, send in _routes(server.base, query):
                status, message = send()
                tally.record(f"{name}, {route}", status, message)
                statuses.append(status)
            calls = listener.connections - before
            print(f"  {name:22} statuses {' '.join(statuses):20} outbound connections {calls}")

        print("Slow clients")
        _slow_connections(server, tally)
        print("Faults")
        _faults(server, build, tally)
        print("Quadratic input")
        _quadratic(server, tally, settings.max_request_bytes)
    finally:
        if server is not None:
            server.stop()
        listener.sock.close()
        shutil.rmtree(folder, ignore_errors=True)

    log = server.log if server is not None else []
    tracebacks = sum("Traceback" in line for line in log)
    deaths = sum("Worker exiting" in line or "was sent SIGKILL" in line for line in log) - 2
    print("Summary")
    print(f"  requests sent          {tally.sent}")
    print(
        "  statuses               "
        + ", ".join(f"{s}: {n}" for s, n in sorted(tally.statuses.items()))
    )
    print(f"  outbound connections   {listener.connections}")
    print(f"  tracebacks in the log  {tracebacks}")
    print(f"  workers that died      {max(deaths, 0)}")
    for line in tally.server_errors:
        print(f"  {line}")
    return 0
