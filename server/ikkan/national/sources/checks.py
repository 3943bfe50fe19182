"""Deciding whether a file is the source its record describes.

A file is accepted when its SHA-256 is one of the record's known extracts, or equals the pinned
checksum; when no checksum is pinned, when its structure passes the record's checks (the
header, at least ``min_rows`` rows, every key of the expected form) and, once a checksum has been
recorded for it, when it equals that record. Anything else is refused with a message that says
which file, what was expected and what was found.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .records import SourceFile, Structure


class Refused(Exception):
    """A file that is not what its record describes."""


@dataclass(frozen=True, slots=True)
class Accepted:
    """A file accepted for a source, and on what grounds."""

    path: Path
    sha256: str
    basis: str


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _csv_rows(text: str, structure: Structure, path: Path) -> int:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    if structure.header and tuple(header) != structure.header:
        raise Refused(f"{path}: the header is not {','.join(structure.header)}")
    if structure.key not in header:
        raise Refused(f"{path}: no column {structure.key}")
    key = header.index(structure.key)
    pattern = re.compile(structure.key_pattern)
    rows = 0
    try:
        for values in reader:
            if not values:
                continue
            rows += 1
            if len(values) <= key or not pattern.fullmatch(values[key]):
                raise Refused(
                    f"{path}: line {reader.line_num}: {structure.key} is not of the form "
                    f"{structure.key_pattern}"
                )
    except csv.Error as error:
        raise Refused(f"{path}: malformed CSV near line {reader.line_num}: {error}") from None
    return rows


def _json_rows(text: str, structure: Structure, path: Path) -> int:
    try:
        items = json.loads(text)[structure.list_key]
    except (ValueError, KeyError, TypeError):
        raise Refused(f"{path}: not a JSON object with a list {structure.list_key!r}") from None
    pattern = re.compile(structure.key_pattern)
    for number, item in enumerate(items, start=1):
        if not (isinstance(item, dict) and pattern.fullmatch(str(item.get(structure.key, "")))):
            raise Refused(f"{path}: item {number}: {structure.key} is not {structure.key_pattern}")
    return len(items)


def check_structure(path: Path, structure: Structure) -> int:
    """The number of rows of ``path`` if its structure passes, else :class:`Refused`."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(f"{path}: not UTF-8 text") from None
    reader = _csv_rows if structure.format == "csv" else _json_rows
    rows = reader(text, structure, path)
    if rows < structure.min_rows:
        raise Refused(f"{path}: {rows} rows, fewer than the {structure.min_rows} expected")
    return rows


def accept(path: Path, spec: SourceFile, recorded: str | None = None) -> Accepted:
    """Accept ``path`` as the file ``spec`` describes, or raise :class:`Refused`.

    ``recorded`` is the checksum recorded at the first download of an unpinned file.
    """
    sha = sha256_of(path)
    known = spec.known_file(sha)
    if known is not None:
        return Accepted(path, sha, f"known extract {known.name} ({known.rows} rows)")
    if spec.sha256:
        if sha != spec.sha256:
            raise Refused(f"{path}: SHA-256 {sha} differs from the pinned {spec.sha256}")
        return Accepted(path, sha, "pinned SHA-256")
    if recorded is not None and sha != recorded:
        raise Refused(
            f"{path}: SHA-256 {sha} differs from the one recorded at the first download {recorded}"
        )
    rows = check_structure(path, spec.structure)
    basis = "SHA-256 as recorded at the first download" if recorded else "structure checked"
    return Accepted(path, sha, f"{basis} ({rows} rows)")
