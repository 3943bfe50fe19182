"""The servers ``ikkan bench compare`` runs side by side, each started the way its users start it.

Every server runs on a free loopback port in its own process group
(:class:`ikkan.engines.processes.ProcessGroup`), so stopping it stops all its processes; each
:class:`Running` says where its SPARQL endpoint is, how long it took to load its data and to
start, and which process groups make it up (for memory). ikkan runs as ``ikkan serve`` (on disk,
in memory, or over another engine with ``--store-url``); Oxigraph's server as ``oxigraph
serve-read-only`` over the same on-disk store ikkan reads; rdflib-endpoint as
``rdflib-endpoint serve`` over the N-Quads file; Virtuoso as :mod:`ikkan.engines.virtuoso`
starts it, bulk-loaded from the same N-Quads.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ikkan.engines import virtuoso
from ikkan.engines.processes import Memory, ProcessGroup, free_port

ASK = "?query=ASK%7B%7D"
JSON = "application/sparql-results+json"


@dataclass
class Running:
    """One server of the comparison, up and answering."""

    name: str
    sparql: str  # the query endpoint's URL
    groups: list[ProcessGroup]
    start_s: float
    load_s: float | None = None
    base: str | None = None  # ikkan's own pages, when it is ikkan
    notes: list[str] = field(default_factory=list)

    def memory(self) -> Memory:
        parts = [group.memory() for group in self.groups]
        return Memory(
            sum(m.pss_kib for m in parts),
            sum(m.rss_kib for m in parts),
            sum(m.processes for m in parts),
        )

    def stop(self) -> None:
        for group in reversed(self.groups):
            group.stop()


def _bin(name: str) -> str | None:
    return shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)


def ikkan(
    name: str,
    build_dir: Path,
    logs: Path,
    *,
    in_memory: bool = False,
    store_url: str = "",
    timeout: float = 600,
) -> Running:
    """``ikkan serve`` with its default workers, a time limit long enough for every query."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("IKKAN_")}
    env.update(
        {
            "IKKAN_BUILD_DIR": str(build_dir),
            "IKKAN_HOST": "127.0.0.1",
            "IKKAN_PORT": str(port),
            "IKKAN_IN_MEMORY": "true" if in_memory else "false",
            "IKKAN_STORE_URL": store_url,
            "IKKAN_QUERY_TIMEOUT": "300",
            "IKKAN_LOG_LEVEL": "warning",
        }
    )
    group = ProcessGroup(
        name, [sys.executable, "-m", "ikkan.cli", "serve"], logs / f"{_slug(name)}.log", env=env
    )
    base = f"http://127.0.0.1:{port}"
    try:
        started = group.wait_http(base + "/sparql" + ASK, timeout, JSON)
    except BaseException:
        group.stop()
        raise
    return Running(name, base + "/sparql", [group], started, base=base)


def oxigraph(store: Path, logs: Path, timeout: float = 120) -> Running:
    """``oxigraph serve-read-only`` over the on-disk store, its default graph the union."""
    binary = _bin("oxigraph")
    if binary is None:
        raise FileNotFoundError("the oxigraph command (PyPI package oxigraph) is not installed")
    port = free_port()
    group = ProcessGroup(
        "Oxigraph server",
        [
            binary,
            "serve-read-only",
            "--location",
            str(store),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        logs / "oxigraph.log",
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        started = group.wait_http(url + ASK, timeout, JSON)
    except BaseException:
        group.stop()
        raise
    return Running("Oxigraph server", url, [group], started)


def rdflib_endpoint(nquads: Path, logs: Path, timeout: float) -> Running:
    """``rdflib-endpoint serve`` over the N-Quads (it parses them into memory as it starts)."""
    binary = _bin("rdflib-endpoint")
    if binary is None:
        raise FileNotFoundError(
            "rdflib-endpoint is not installed: pip install -e '.[bench]' installs it"
        )
    port = free_port()
    group = ProcessGroup(
        "rdflib-endpoint",
        [binary, "serve", str(nquads), "--host", "127.0.0.1", "--port", str(port)],
        logs / "rdflib-endpoint.log",
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        started = group.wait_http(url + ASK, timeout, JSON)
    except BaseException:
        group.stop()
        raise
    return Running("rdflib-endpoint", url, [group], started)


def virtuoso_server(folder: Path, nquads: Path, quads: int) -> Running:
    """Virtuoso on a fresh database in ``folder``, bulk-loaded from ``nquads``."""
    if folder.exists():
        shutil.rmtree(folder)
    # Its page cache, about the size of the loaded database (8 KiB pages).
    server = virtuoso.start(
        folder, data_dirs=(nquads.parent,), buffers=max(20_000, quads // 20), time_limit=300
    )
    try:
        loaded = server.load([nquads])
    except BaseException:
        server.stop()
        raise
    # Started before it was loaded: its start is the time to its first answer, less the load.
    started = server.group.wait_http(server.sparql_url + ASK, 60, JSON) - loaded
    running = Running("Virtuoso", server.sparql_url, [server.group], started, loaded)
    running.notes.append("its default graph also holds its own system graphs")
    return running


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
