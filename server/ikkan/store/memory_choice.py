"""Whether to serve the built graph from memory: ``make serve`` asks, and says what it chose.

In memory, research aggregates run several times faster (see the README's Performance
section), but every HTTP worker's query processes then hold the graph, and start-up loads it
first. The graph is served from memory when it is small enough to load in seconds (at most
:data:`MAX_QUADS` quads) and the machine has memory to spare for a copy per HTTP worker
(:data:`HEADROOM` times the store's size on disk each); otherwise from disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..settings import Settings
from .manifest import read_manifest

MAX_QUADS = 2_000_000
HEADROOM = 4  # bytes of memory per byte of store on disk, per HTTP worker


@dataclass(frozen=True)
class Choice:
    in_memory: bool
    reason: str


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def available_memory(meminfo: Path = Path("/proc/meminfo")) -> int | None:
    """MemAvailable in bytes, or None where the system does not say."""
    try:
        for line in meminfo.read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def choose_memory(settings: Settings, available: int | None = None) -> Choice:
    """In memory or on disk, and why, for the embedded store the settings name."""
    if settings.store_url:
        return Choice(False, "a remote store (--store-url) is served as it is")
    if settings.in_memory:
        return Choice(True, "in memory, as asked (--in-memory)")
    quads = read_manifest(settings).quads
    if quads is None:
        return Choice(False, "on disk: the build's manifest gives no size")
    if quads > MAX_QUADS:
        return Choice(False, f"on disk: {quads:,} quads would take long to load into memory")
    need = _size(settings.store_path) * HEADROOM * settings.workers
    free = available if available is not None else available_memory()
    if free is None or need > free:
        shown = "unknown" if free is None else f"{free // 2**20:,} MiB"
        return Choice(False, f"on disk: {need // 2**20:,} MiB wanted, {shown} available")
    return Choice(
        True,
        f"in memory: {quads:,} quads, {need // 2**20:,} MiB of {free // 2**20:,} MiB available",
    )
