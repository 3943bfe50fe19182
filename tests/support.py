"""Starting a real ``ikkan serve`` for tests: a gunicorn server on a free loopback port.

Shared by the endpoint, site, query-page and browser tests. The server runs as a subprocess
exactly as a user starts it; its standard error is collected line by line so that tests can
read the query log, and the port it bound (``IKKAN_PORT=0``) is read from gunicorn's
"Listening at" line.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests

from ikkan.web import launch


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start")


@dataclass
class Server(launch.RunningServer):
    """A running ``ikkan serve`` over one backend; ``log`` collects its standard error."""

    backend: str = "embedded"

    @property
    def sparql(self) -> str:
        return self.base + "/sparql"

    def query_log(self) -> list[str]:
        return [line for line in list(self.log) if " ikkan.sparql query " in line]


def start_server(env_overrides: dict[str, str], backend: str = "embedded") -> Server:
    """Start ``ikkan serve`` with only the given ``IKKAN_*`` settings; wait until it answers."""
    running = launch.start_server(env_overrides)
    server = Server(running.process, running.port, running.log, backend)
    wait_until(
        lambda: (
            requests.get(server.sparql, params={"query": "ASK {}"}, timeout=5).status_code == 200
        ),
        60,
        "ikkan serve",
    )
    return server


@dataclass
class Oxigraph:
    """A running ``oxigraph serve-read-only``; ``url`` is its query endpoint."""

    process: subprocess.Popen[bytes]
    url: str

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def start_oxigraph(store: Path, log: Path, extra_args: tuple[str, ...] = ()) -> Oxigraph:
    """``oxigraph serve-read-only`` over ``store`` (union default graph) on a free port."""
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    assert binary, "the oxigraph command (PyPI package oxigraph) is not installed"
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                binary,
                "serve-read-only",
                "--location",
                str(store),
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",
                *extra_args,
            ],
            stdout=out,
            stderr=out,
        )
    url = f"http://127.0.0.1:{port}/query"
    wait_until(
        lambda: requests.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200,
        30,
        "oxigraph serve-read-only",
    )
    return Oxigraph(process, url)
