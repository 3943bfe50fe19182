"""The build's manifest.json: which version of the data set the store holds, and what was built.

``ikkan build`` writes it (:func:`write_manifest`) beside the store once the store is complete:
the version, when it was built, the base IRI, a digest of the inputs, the triple and quad
counts, the triples per named graph, and the dumps it wrote (file, format, media type, bytes,
SHA-256, triples) and the outside lists it read (title, publisher, reference date, terms, what
the build changed). The server reads it once, when it opens the store (:func:`read_manifest`),
for the service description, the cache keys, the downloads page and the DCAT distributions. A
missing or unreadable manifest is not fatal (a remote store may have none); the version is then
``"unknown"``. :func:`is_built` is the one test of whether ``ikkan build`` has written a store.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from ..settings import Settings

MANIFEST_FILE = "manifest.json"


@dataclass(frozen=True)
class Dump:
    """One dump file of the build."""

    file: str
    media_type: str
    format: str
    bytes: int
    sha256: str
    triples: int | None
    compressed: bool = False

    @property
    def content_type(self) -> str:
        # The file is sent as it is; a text type gets its charset from the file server.
        return "application/gzip" if self.compressed else self.media_type


@dataclass(frozen=True)
class SourceNote:
    """An outside list the build read: what the downloads page and the pages say of it."""

    id: str
    title_ja: str
    title_en: str
    publisher_ja: str
    publisher_en: str
    reference_date: str
    licence: str
    terms_ja: str
    terms_en: str
    attribution_ja: str
    attribution_en: str
    changes_ja: str
    changes_en: str
    url: str
    layers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Manifest:
    """What a build wrote."""

    version: str = "unknown"
    built: str = ""
    base_iri: str = ""
    input_digest: str = ""
    triples: int | None = None
    quads: int | None = None
    graphs: dict[str, int] = field(default_factory=dict)
    dumps: tuple[Dump, ...] = ()
    sources: tuple[SourceNote, ...] = ()

    def to_json(self) -> str:
        data = asdict(self)
        data["dumps"] = [asdict(d) for d in self.dumps]
        data["sources"] = [asdict(s) for s in self.sources]
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def manifest_path(settings: Settings) -> Path:
    return settings.build_path / MANIFEST_FILE


def is_built(settings: Settings) -> bool:
    """Whether ``ikkan build`` has written the embedded store the settings name."""
    return (settings.store_path / "CURRENT").is_file()


def write_manifest(settings: Settings, manifest: Manifest) -> None:
    """Write the manifest whole or not at all (a reader never sees half of one)."""
    target = manifest_path(settings)
    staged = target.with_suffix(".json.new")
    staged.write_text(manifest.to_json(), encoding="utf-8")
    staged.replace(target)


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _dumps(items: object) -> tuple[Dump, ...]:
    dumps = []
    for item in items if isinstance(items, list) else []:
        try:
            dumps.append(
                Dump(
                    file=str(item["file"]),
                    media_type=str(item["media_type"]),
                    format=str(item.get("format", item["file"])),
                    bytes=int(item["bytes"]),
                    sha256=str(item["sha256"]),
                    triples=int(item["triples"]) if item.get("triples") is not None else None,
                    compressed=bool(item.get("compressed", False)),
                )
            )
        except (AttributeError, KeyError, TypeError, ValueError):
            continue
    return tuple(dumps)


def _sources(items: object) -> tuple[SourceNote, ...]:
    notes = []
    names = [f.name for f in fields(SourceNote)]
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or not all(n in item for n in names):
            continue
        values = {n: str(item[n]) for n in names if n != "layers"}
        layers = item["layers"] if isinstance(item["layers"], list) else []
        notes.append(SourceNote(**values, layers=tuple(str(x) for x in layers)))
    return tuple(notes)


def read_manifest(settings: Settings) -> Manifest:
    try:
        return manifest_from_json(manifest_path(settings).read_text(encoding="utf-8"))
    except OSError:
        return Manifest()


def manifest_from_json(text: str) -> Manifest:
    """The manifest a JSON text gives (an empty one when the text is not a manifest)."""
    try:
        data = json.loads(text)
    except ValueError:
        return Manifest()
    if not isinstance(data, dict):
        return Manifest()
    graphs = data.get("graphs")
    return Manifest(
        version=str(data.get("version", "unknown")),
        built=str(data.get("built", "")),
        base_iri=str(data.get("base_iri", "")),
        input_digest=str(data.get("input_digest", "")),
        triples=_count(data.get("triples")),
        quads=_count(data.get("quads")),
        graphs={
            str(k): v
            for k, v in (graphs.items() if isinstance(graphs, dict) else ())
            if _count(v) is not None
        },
        dumps=_dumps(data.get("dumps")),
        sources=_sources(data.get("sources")),
    )
