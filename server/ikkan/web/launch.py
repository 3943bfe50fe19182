"""Starting ``ikkan serve`` as a child process on a free loopback port, for benchmarks and tests.

The child is the real server, started exactly as a user starts it, with only the ``IKKAN_*``
settings given (the parent's own are dropped, so a developer's environment cannot leak in) and
``IKKAN_PORT=0``; the port it bound is read from gunicorn's "Listening at" line. Its standard
error is kept line by line, so a caller can read the query log.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

_LISTENING = re.compile(r"Listening at: http://[^:]+:(\d+)")


def descendants(root: int) -> list[tuple[int, str]]:
    """(pid, state) of every process under ``root``, read from /proc (Linux): how tests find
    zombies and benchmarks add up the memory of a server's query processes."""
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
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append((child, states[child]))
            todo.append(child)
    return found


@dataclass
class RunningServer:
    """A running ``ikkan serve`` child; ``log`` grows as the child writes to standard error."""

    process: subprocess.Popen[str]
    port: int
    log: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def descendants(self) -> list[tuple[int, str]]:
        """(pid, state) of every process under the server: workers and query processes."""
        return descendants(self.process.pid)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_server(settings: dict[str, str], timeout: float = 60.0) -> RunningServer:
    """Start ``ikkan serve`` with these ``IKKAN_*`` settings; return once it has bound a port."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("IKKAN_")}
    env.update({"IKKAN_HOST": "127.0.0.1", "IKKAN_PORT": "0", "IKKAN_LOG_LEVEL": "info"})
    env.update(settings)
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
    deadline = time.monotonic() + timeout
    while not port:
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("ikkan serve did not start:\n" + "".join(log))
        time.sleep(0.05)
    return RunningServer(process, port[0], log)
