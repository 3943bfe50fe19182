"""The build's manifest.json: which version of the data set the store holds.

``ikkan build`` writes it beside the store with at least ``version``, ``built`` and ``triples``.
The server reads it once at start for the service description and, later, for cache keys.
A missing or unreadable manifest is not fatal (a remote store may have none); the version is
then ``"unknown"``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Manifest:
    version: str = "unknown"
    built: str = ""
    triples: int | None = None


def read_manifest(path: Path) -> Manifest:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Manifest()
    if not isinstance(data, dict):
        return Manifest()
    triples = data.get("triples")
    return Manifest(
        version=str(data.get("version", "unknown")),
        built=str(data.get("built", "")),
        triples=triples if isinstance(triples, int) and not isinstance(triples, bool) else None,
    )
