"""Servers started as child processes in their own process group, stopped as a group, measured.

The servers a benchmark or a test starts (``ikkan serve`` with its workers and query processes,
Oxigraph's server, Virtuoso, rdflib-endpoint) fork children of their own. Each is started in a
new session, so that one signal to its process group stops every process of it, whatever the
parent is doing when it stops (an error, Ctrl-C). Its memory is read from ``/proc``: PSS (each
page shared by several processes counted once, divided among them) and RSS (each process's
resident pages, shared ones counted in every process that maps them), summed over the tree.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..web.launch import descendants


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Memory:
    """Memory of a process tree, in KiB."""

    pss_kib: int
    rss_kib: int
    processes: int

    def describe(self) -> str:
        return (
            f"PSS {self.pss_kib / 1024:,.0f} MiB, RSS {self.rss_kib / 1024:,.0f} MiB "
            f"({self.processes} process{'es' if self.processes != 1 else ''})"
        )


def _rollup(pid: int) -> tuple[int, int]:
    """(PSS, RSS) in KiB of one process, from smaps_rollup (0, 0 when it is gone)."""
    pss = rss = 0
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            pss = int(line.split()[1])
        elif line.startswith("Rss:"):
            rss = int(line.split()[1])
    return pss, rss


def tree_memory(root: int) -> Memory:
    """PSS and RSS summed over ``root`` and every process under it."""
    pids = [root, *(pid for pid, state in descendants(root) if state != "Z")]
    pss = rss = 0
    for pid in pids:
        p, r = _rollup(pid)
        pss += p
        rss += r
    return Memory(pss, rss, len(pids))


class ProcessGroup:
    """One server: a child process leading its own process group, its output in ``log``."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        log: Path,
        *,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.name = name
        self.log = log
        self.started = time.monotonic()
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                list(argv),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=dict(env) if env is not None else None,
                cwd=cwd,
                start_new_session=True,
            )

    @property
    def pid(self) -> int:
        return self.process.pid

    def running(self) -> bool:
        return self.process.poll() is None

    def memory(self) -> Memory:
        return tree_memory(self.pid)

    def log_tail(self, lines: int = 20) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def wait_http(self, url: str, timeout: float, accept: str = "*/*") -> float:
        """Wait until ``url`` answers 200; return the seconds since the start. Raise
        :class:`TimeoutError` after ``timeout`` seconds, :class:`RuntimeError` if it died."""
        deadline = time.monotonic() + timeout
        while True:
            if not self.running():
                raise RuntimeError(f"exited before it answered:\n{self.log_tail()}")
            try:
                request = urllib.request.Request(url, headers={"Accept": accept})
                with urllib.request.urlopen(request, timeout=5) as response:
                    if response.status == 200:
                        response.read()
                        return time.monotonic() - self.started
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"did not start within {timeout:.0f} s")
            time.sleep(0.2)

    def stop(self, grace: float = 15.0) -> None:
        """SIGTERM to the whole group, then SIGKILL to what is left after ``grace`` seconds."""
        if self.process.returncode is None:
            self._signal(signal.SIGTERM)
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self.process.wait()
        # Children that outlived their leader are still in the group.
        self._signal(signal.SIGKILL)

    def _signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signum)
