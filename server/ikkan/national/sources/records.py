"""The source records of ``data/national/sources.toml``, read into typed objects.

A record says what a source is (publisher, title, repository and commit, primary source,
reference date, licence and terms, the attribution to print, what the build changes) and how
its files are got and checked (pinned URL, SHA-256 or the structure to check, the extracts that
may stand in for the upstream file). Reading refuses a record that lacks a field or whose URL
is not pinned to the record's commit, naming the file and the field.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any


class RecordError(Exception):
    """A source record that cannot be used; the message names the file and the field."""


@dataclass(frozen=True, slots=True)
class Text:
    ja: str
    en: str


@dataclass(frozen=True, slots=True)
class Structure:
    """What an upstream file must look like when no checksum is pinned."""

    format: str  # "csv" or "json"
    min_rows: int
    key: str
    key_pattern: str
    header: tuple[str, ...] = ()
    list_key: str = ""  # JSON: the member holding the rows


@dataclass(frozen=True, slots=True)
class KnownFile:
    """An extract of the upstream file whose checksum is known."""

    name: str
    sha256: str
    rows: int
    note: str


@dataclass(frozen=True, slots=True)
class SourceFile:
    role: str
    identifier_source: str  # slug of its ikkan:IdentifierSource
    path: str  # in the repository
    url: str
    accept: tuple[str, ...]  # patterns of extracts that may stand in
    sha256: str  # "" when not known in advance
    structure: Structure
    known: tuple[KnownFile, ...]

    @property
    def name(self) -> str:
        """The upstream file's name, as cached and as looked for in a folder."""
        return PurePosixPath(self.path).name

    def known_file(self, sha256: str) -> KnownFile | None:
        return next((k for k in self.known if k.sha256 == sha256), None)


@dataclass(frozen=True, slots=True)
class SourceRecord:
    id: str
    title: Text
    publisher: Text
    normalised_by: Text
    repository: str
    commit: str
    primary_source: str
    reference_date: date
    issued: date | None
    licence: str
    terms: Text
    attribution: Text
    changes: Text
    layers: tuple[str, ...]
    files: tuple[SourceFile, ...]

    def file(self, role: str) -> SourceFile:
        return next(f for f in self.files if f.role == role)


class _Reader:
    def __init__(self, path: Path, where: str, table: dict[str, Any]) -> None:
        self.path, self.where, self.table = path, where, table

    def fail(self, key: str, what: str) -> RecordError:
        return RecordError(f"{self.path}: {self.where}: {key} {what}")

    def get(self, key: str, kind: type, default: Any = ...) -> Any:
        if key not in self.table:
            if default is not ...:
                return default
            raise self.fail(key, "is missing")
        value = self.table[key]
        if not isinstance(value, kind):
            raise self.fail(key, f"must be a {kind.__name__}")
        return value

    def text(self, key: str) -> Text:
        value = self.get(key, dict)
        if not (isinstance(value.get("ja"), str) and isinstance(value.get("en"), str)):
            raise self.fail(key, "needs ja and en")
        return Text(value["ja"], value["en"])

    def strings(self, key: str) -> tuple[str, ...]:
        values = self.get(key, list, [])
        if not all(isinstance(v, str) for v in values):
            raise self.fail(key, "must be a list of strings")
        return tuple(values)


def _file(path: Path, record: _Reader, table: dict[str, Any], commit: str) -> SourceFile:
    r = _Reader(path, f"{record.where} file {table.get('role', '?')}", table)
    s = _Reader(path, r.where + " structure", r.get("structure", dict))
    structure = Structure(
        format=s.get("format", str),
        min_rows=s.get("min_rows", int),
        key=s.get("key", str),
        key_pattern=s.get("key_pattern", str),
        header=s.strings("header"),
        list_key=s.get("list_key", str, ""),
    )
    if structure.format not in ("csv", "json"):
        raise s.fail("format", "must be csv or json")
    known = []
    for entry in r.get("known", list, []):
        k = _Reader(path, r.where + " known", entry)
        known.append(
            KnownFile(
                k.get("name", str), k.get("sha256", str), k.get("rows", int), k.get("note", str, "")
            )
        )
    url = r.get("url", str)
    if commit not in url:
        raise r.fail("url", f"is not pinned to the record's commit {commit}")
    return SourceFile(
        role=r.get("role", str),
        identifier_source=r.get("identifier_source", str),
        path=r.get("path", str),
        url=url,
        accept=r.strings("accept"),
        sha256=r.get("sha256", str).lower(),
        structure=structure,
        known=tuple(known),
    )


def read_records(path: Path) -> dict[str, SourceRecord]:
    """Every source record of the TOML file ``path``, by id."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise RecordError(f"{path}: {error}") from None
    records: dict[str, SourceRecord] = {}
    for number, table in enumerate(document.get("source", []), start=1):
        r = _Reader(path, f"source {table.get('id', number)}", table)
        commit = r.get("commit", str)
        issued = r.get("issued", date, None)
        record = SourceRecord(
            id=r.get("id", str),
            title=r.text("title"),
            publisher=r.text("publisher"),
            normalised_by=r.text("normalised_by"),
            repository=r.get("repository", str),
            commit=commit,
            primary_source=r.get("primary_source", str),
            reference_date=r.get("reference_date", date),
            issued=issued,
            licence=r.get("licence", str),
            terms=r.text("terms"),
            attribution=r.text("attribution"),
            changes=r.text("changes"),
            layers=r.strings("layers"),
            files=tuple(_file(path, r, f, commit) for f in r.get("file", list)),
        )
        if record.id in records:
            raise r.fail("id", "is used twice")
        records[record.id] = record
    return records
