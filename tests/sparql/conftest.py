"""Fixtures for the SPARQL endpoint tests: a small built store, and real servers on loopback.

``built`` loads ``fixtures/graph.trig`` into a fresh on-disk Oxigraph store with the build's
layout (named graphs only, ``build/store`` and ``build/manifest.json``), in a subprocess, as
``ikkan build`` would. ``endpoint`` is a real ``ikkan serve`` (gunicorn, gthread) on a free
loopback port, once per backend: the embedded store, and the remote backend pointed at
``oxigraph serve-read-only`` over the same store. Tests that take ``endpoint`` run on both.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

FIXTURE = Path(__file__).parent / "fixtures" / "graph.trig"
GRAPH = "https://w3id.org/ikkan/graph/"
_LISTENING = re.compile(r"Listening at: http://[^:]+:(\d+)")

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until(check: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():  # type: ignore[operator]
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start")


@dataclass
class Oxigraph:
    process: subprocess.Popen[bytes]
    url: str


@pytest.fixture(scope="session")
def oxigraph(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oxigraph]:
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    assert binary, "the oxigraph command (PyPI package oxigraph) is not installed"
    port = free_port()
    log = (tmp_path_factory.mktemp("oxigraph") / "log").open("wb")
    process = subprocess.Popen(
        [
            binary,
            "serve-read-only",
            "--location",
            str(built.store),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
            # Just past the test servers' own 4 s limit, so that a stopped query does not go on
            # loading the machine for long.
            "--timeout-s",
            "5",
        ],
        stdout=log,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}/query"
    _wait_until(
        lambda: requests.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200,
        30,
        "oxigraph serve-read-only",
    )
    yield Oxigraph(process, url)
    process.terminate()
    process.wait(10)
    log.close()


@dataclass
class Server:
    """A running ``ikkan serve``; ``log`` collects its standard error line by line."""

    process: subprocess.Popen[str]
    base: str
    backend: str
    log: list[str] = field(default_factory=list)

    @property
    def sparql(self) -> str:
        return self.base + "/sparql"

    def query_log(self) -> list[str]:
        return [line for line in list(self.log) if " ikkan.sparql query " in line]

    def descendants(self) -> list[tuple[int, str]]:
        """(pid, state) of every process under the server, from /proc."""
        children: dict[int, list[int]] = {}
        states: dict[int, str] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rfind(")") + 2 :].split()
            pid = int(entry.name)
            states[pid] = fields[0]
            children.setdefault(int(fields[1]), []).append(pid)
        found: list[tuple[int, str]] = []
        todo = [self.process.pid]
        while todo:
            for child in children.get(todo.pop(), []):
                found.append((child, states[child]))
                todo.append(child)
        return found

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_server(backend: str, env_overrides: dict[str, str]) -> Server:
    env = dict(os.environ)
    env = {k: v for k, v in env.items() if not k.startswith("IKKAN_")}
    env.update(SERVER_SETTINGS)
    env.update({"IKKAN_HOST": "127.0.0.1", "IKKAN_PORT": "0"})
    env.update(env_overrides)
    process = subprocess.Popen(
        [sys.executable, "-m", "ikkan.cli", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    log: list[str] = []
    port: list[int] = []

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            log.append(line)
            match = _LISTENING.search(line)
            if match and not port:
                port.append(int(match[1]))

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + 60
    while not port:
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("ikkan serve did not start:\n" + "".join(log))
        time.sleep(0.05)
    server = Server(process, f"http://127.0.0.1:{port[0]}", backend, log)
    _wait_until(
        lambda: (
            requests.get(server.sparql, params={"query": "ASK {}"}, timeout=5).status_code == 200
        ),
        60,
        "ikkan serve",
    )
    return server


def backend_settings(backend: str, built: Built, oxigraph: Oxigraph) -> dict[str, str]:
    settings = {
        "IKKAN_BUILD_DIR": str(built.build_dir),
        # SERVICE may call only the Oxigraph server, so federation can be tested offline.
        "IKKAN_SERVICE_ALLOWLIST": oxigraph.url,
    }
    if backend == "remote":
        settings["IKKAN_STORE_URL"] = oxigraph.url
    return settings


@pytest.fixture(scope="session", params=["embedded", "remote"])
def endpoint(request: pytest.FixtureRequest, built: Built, oxigraph: Oxigraph) -> Iterator[Server]:
    """A real server on loopback, once over each backend."""
    backend = str(request.param)
    server = start_server(backend, backend_settings(backend, built, oxigraph))
    yield server
    server.stop()


# A query that runs far past any test's time limit: a cross join of seven patterns.
SLOW_QUERY = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
    "?m ?n1 ?o . ?p ?q ?r . ?s ?t ?u }"
)
