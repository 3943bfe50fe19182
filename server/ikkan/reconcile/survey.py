"""Reading a researcher's table for ``ikkan link``, and writing it back with the links.

Tables come from Excel and from government sites, so the encoding is found rather than assumed:
a byte-order mark says UTF-8 or UTF-16; a file that is valid UTF-8 is read as UTF-8; else one
valid in Shift_JIS (Windows code page 932, what Excel in Japan saves as "CSV") is read as that,
and the reader says so. A file that is neither gets an error naming the line and the byte, with
the command that converts it. Tab-separated text is recognised by its header. The CSV is read
strictly (an unclosed quote is an error), and a row with more or fewer fields than the header
is an error naming its line: nothing is dropped or shifted silently. The output is UTF-8 with a
byte-order mark, which Excel opens correctly, every input column kept as it was.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ENCODINGS = {"auto", "utf-8", "utf-8-sig", "cp932", "shift_jis", "euc-jp", "utf-16"}
_NAMES = {"cp932": "Shift_JIS (Windows code page 932)", "utf-16": "UTF-16"}


class TableError(Exception):
    """A table that cannot be read; ``str()`` says what is wrong and where."""


@dataclass
class Table:
    path: Path
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # the line each row starts on
    encoding: str = "utf-8"
    delimiter: str = ","
    notes: list[str] = field(default_factory=list)

    def column(self, name: str, option: str) -> int:
        """The position of the column ``name`` (given by ``option``)."""
        found = [i for i, h in enumerate(self.header) if h.strip() == name.strip()]
        if not found:
            columns = ", ".join(h for h in self.header if h.strip()) or "(none)"
            raise TableError(
                f"{self.path}: line 1: no column {name!r} ({option}); the columns are: {columns}"
            )
        if len(found) > 1:
            raise TableError(f"{self.path}: line 1: {len(found)} columns are called {name!r}")
        return found[0]


def _line_of(data: bytes, position: int) -> tuple[int, int]:
    """The line (from 1) and column (from 1, in bytes) of a byte position."""
    line_start = data.rfind(b"\n", 0, position) + 1
    return data.count(b"\n", 0, position) + 1, position - line_start + 1


def _undecodable(path: Path, data: bytes, error: UnicodeDecodeError, tried: str) -> TableError:
    line, column = _line_of(data, error.start)
    byte = data[error.start : error.start + 1].hex()
    return TableError(
        f"{path}: line {line}, byte {column} (0x{byte}): the file is not {tried}. Save it as "
        f"UTF-8 (Excel: 「CSV UTF-8」), convert it, e.g. `iconv -f CP932 -t UTF-8 "
        f"{path.name} > {path.stem}-utf8.csv`, or name its encoding with --encoding."
    )


def decode(path: Path, data: bytes, encoding: str = "auto") -> tuple[str, str, list[str]]:
    """The text of a file, the encoding it was read in, and notes for the reader."""
    if encoding != "auto":
        try:
            return codecs.decode(data, encoding), encoding, []
        except UnicodeDecodeError as error:
            raise _undecodable(path, data, error, encoding) from None
        except LookupError:
            raise TableError(f"unknown encoding {encoding!r}") from None
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", "strict"), "utf-8-sig", []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16", [f"read {path.name} as UTF-16"]
        except UnicodeDecodeError as error:
            raise _undecodable(path, data, error, "UTF-16") from None
    try:
        return data.decode("utf-8", "strict"), "utf-8", []
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp932", "strict")
        except UnicodeDecodeError:
            raise _undecodable(path, data, utf8_error, "UTF-8, nor Shift_JIS") from None
        note = f"read {path.name} as {_NAMES['cp932']}: it is not UTF-8"
        return text, "cp932", [note]


def read_table(path: Path, encoding: str = "auto") -> Table:
    """Every row of a CSV (or tab-separated) file with a header line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TableError(f"{path}: {exc.strerror or exc}") from None
    text, used, notes = decode(path, data, encoding)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            raise TableError(f"{path}: line 1: the file has no header line")
        table = Table(path, header, encoding=used, delimiter=delimiter, notes=notes)
        start = reader.line_num + 1
        for values in reader:
            line, start = start, reader.line_num + 1
            if not values or (len(values) == 1 and not values[0].strip()):
                continue
            if len(values) != len(header):
                raise TableError(
                    f"{path}: line {line}: {len(values)} fields, the header (line 1) has "
                    f"{len(header)}; check the quotes and the separators on that line"
                )
            table.rows.append(values)
            table.lines.append(line)
    except csv.Error as error:
        raise TableError(f"{path}: line {reader.line_num}: malformed CSV: {error}") from None
    return table


def write_table(
    target: Path | None, header: Sequence[str], rows: Iterable[Sequence[str]], delimiter: str
) -> None:
    """Write the table to ``target`` (UTF-8 with a byte-order mark, for Excel), or to standard
    output (without the mark) when ``target`` is None; a file is replaced only when whole."""
    if target is None:
        writer = csv.writer(sys.stdout, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return
    staged = target.with_name(f".{target.name}.partial")
    with staged.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    staged.replace(target)
