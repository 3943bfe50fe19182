"""Finding each source's files: in the local sources folder, in the cache, or by downloading.

With a sources folder (``IKKAN_SOURCES_DIR``, for machines without network) a source's files
are read from its subfolder, ``<folder>/<source id>/``, and nothing is downloaded: the upstream
file under its own name if it is there, else the extracts the record accepts. Without one, each
file is taken from the cache (``<cache>/<source id>/<name>``) or downloaded into it. Every file
is checked (:mod:`.checks`); the checksum of an unpinned download is recorded beside it
(``<name>.sha256``) at the first download, and a later download that differs is refused and
discarded. A source whose files cannot be had is :class:`Missing`, with one line that says why;
the build leaves its layers out and builds the rest.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .checks import Accepted, Refused, accept
from .fetch import FetchError, download
from .records import SourceFile, SourceRecord

ENVIRONMENT_VARIABLE = "IKKAN_SOURCES_DIR"


@dataclass(frozen=True, slots=True)
class SourceSettings:
    """Where sources come from: a local folder, else the cache and the network."""

    cache_dir: Path
    sources_dir: Path | None = None
    download: bool = True
    timeout: float = 5.0


def sources_dir_from(environ: Mapping[str, str] = os.environ) -> Path | None:
    """The folder ``IKKAN_SOURCES_DIR`` names, if it is set and not empty."""
    value = environ.get(ENVIRONMENT_VARIABLE, "").strip()
    return Path(value) if value else None


@dataclass(frozen=True, slots=True)
class Available:
    record: SourceRecord
    files: dict[str, list[Accepted]] = field(default_factory=dict)  # by role
    origin: str = ""

    def paths(self, role: str) -> list[Path]:
        return [a.path for a in self.files[role]]


@dataclass(frozen=True, slots=True)
class Missing:
    record: SourceRecord
    reason: str

    def notice(self) -> str:
        """The one line the build prints."""
        layers = ", ".join(self.record.layers)
        return f"source {self.record.id} missing ({self.reason}); layers left out: {layers}"


def _local(spec: SourceFile, folder: Path) -> list[Accepted]:
    upstream = folder / spec.name
    if upstream.is_file():
        return [accept(upstream, spec)]
    names = sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and any(fnmatch.fnmatchcase(p.name, pattern) for pattern in spec.accept)
    )
    if not names:
        patterns = ", ".join((spec.name, *spec.accept))
        raise Refused(f"no file matching {patterns} in {folder}")
    return [accept(path, spec) for path in names]


def _cached(spec: SourceFile, folder: Path, settings: SourceSettings) -> Accepted:
    path = folder / spec.name
    record_file = folder / (spec.name + ".sha256")
    recorded = (record_file.read_text().strip() or None) if record_file.is_file() else None
    if path.is_file():
        return accept(path, spec, recorded)
    if not settings.download:
        raise Refused(f"{path} is not in the cache and downloading is off")
    fresh = folder / (spec.name + ".download")
    try:
        download(spec.url, fresh, timeout=settings.timeout)
        accepted = accept(fresh, spec, recorded)
    except (FetchError, Refused):
        fresh.unlink(missing_ok=True)
        raise
    fresh.replace(path)
    if not spec.sha256 and recorded is None:
        record_file.write_text(accepted.sha256 + "\n")
    return Accepted(path, accepted.sha256, accepted.basis)


def resolve(record: SourceRecord, settings: SourceSettings) -> Available | Missing:
    """The checked files of ``record``, or why they cannot be had."""
    files: dict[str, list[Accepted]] = {}
    try:
        if settings.sources_dir is not None:
            folder = settings.sources_dir / record.id
            if not folder.is_dir():
                return Missing(record, f"no folder {folder}")
            for spec in record.files:
                files[spec.role] = _local(spec, folder)
            return Available(record, files, f"sources folder {folder}")
        folder = settings.cache_dir / record.id
        for spec in record.files:
            files[spec.role] = [_cached(spec, folder, settings)]
        return Available(record, files, f"cache {folder}")
    except (Refused, FetchError) as error:
        return Missing(record, str(error))
    except OSError as error:
        return Missing(record, f"{error.filename or ''}: {error.strerror}")
