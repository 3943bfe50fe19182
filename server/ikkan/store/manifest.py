"""The build's manifest.json: which version of the data set the store holds.

``ikkan build`` writes it beside the store with at least ``version``, ``built`` and ``triples``,
and the dumps it wrote (file, format, media type, bytes, SHA-256, triples). The server reads it
for the service description, the cache keys, the downloads page and the DCAT distributions.
A missing or unreadable manifest is not fatal (a remote store may have none); the version is
then ``"unknown"``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Dump:
    """One dump file of the build."""

    file: str
    format: str
    media_type: str
    bytes: int
    sha256: str
    triples: int | None
    compressed: bool

    @property
    def content_type(self) -> str:
        # The file is sent as it is; a text type gets its charset from the file server.
        return "application/gzip" if self.compressed else self.media_type


@dataclass(frozen=True)
class Manifest:
    version: str = "unknown"
    built: str = ""
    triples: int | None = None
    dumps: tuple[Dump, ...] = ()


def _dumps(items: object) -> tuple[Dump, ...]:
    dumps = []
    for item in items if isinstance(items, list) else []:
        try:
            dumps.append(
                Dump(
                    file=str(item["file"]),
                    format=str(item.get("format", item["file"])),
                    media_type=str(item["media_type"]),
                    bytes=int(item["bytes"]),
                    sha256=str(item["sha256"]),
                    triples=int(item["triples"]) if item.get("triples") is not None else None,
                    compressed=bool(item.get("compressed", False)),
                )
            )
        except (AttributeError, KeyError, TypeError, ValueError):
            continue
    return tuple(dumps)


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
        dumps=_dumps(data.get("dumps")),
    )
