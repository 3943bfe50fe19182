"""The research questions in ``queries/``: read from the files, with their bilingual headers.

Each ``queries/NN-name.rq`` starts with grlc-style header lines (``#+ title_ja: …``,
``#+ title_en: …``, ``#+ description_ja: …``, ``#+ description_en: …``, ``#+ tags: a, b``)
followed by the query. :func:`load_examples` parses every file of a folder into
:class:`Example` objects, and keeps them until a file is added, removed or changed (it compares
names, sizes and modification times on each call), so the query page's gallery is always
generated from the files themselves and the tests read the headers exactly as the page does.
Tags are written in English, one short vocabulary for every question; ``queries/tags.csv``
gives each its Japanese name (:func:`load_tag_names`), so a Japanese page shows Japanese tags.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from dataclasses import dataclass
from pathlib import Path

HEADER_LINE = re.compile(r"#\+ (\w+):(.*)")
# Names a gallery link may carry: the file name without ``.rq`` (no folders, no dots).
NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


class HeaderError(ValueError):
    """A query file whose header cannot be read (a key given twice)."""


@dataclass(frozen=True)
class Example:
    """One research question: its file name (without ``.rq``), full text and header."""

    name: str
    text: str
    header: dict[str, str]
    body_start: int  # index of the first line after the header

    def title(self, lang: str) -> str:
        return self.header.get(f"title_{lang}") or self.header.get("title_ja") or self.name

    def description(self, lang: str) -> str:
        return self.header.get(f"description_{lang}") or self.header.get("description_ja", "")

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(t.strip() for t in self.header.get("tags", "").split(",") if t.strip())

    def tag_labels(self, lang: str, names: dict[str, str]) -> list[tuple[str, str]]:
        """(text, its language) of each tag: Japanese from ``names`` (English tag → Japanese)
        on a Japanese page; the English tag, said to be English, where a name is missing."""
        if lang == "en":
            return [(tag, "en") for tag in self.tags]
        return [(names[tag], "ja") if tag in names else (tag, "en") for tag in self.tags]

    @property
    def query(self) -> str:
        """The query without its header lines (the page shows the header as text)."""
        return "\n".join(self.text.splitlines()[self.body_start :]).strip("\n") + "\n"

    @property
    def number(self) -> str:
        """The leading number of the file name ("01"), or "" when it has none."""
        head = self.name.split("-", 1)[0]
        return head if head.isdigit() else ""


def parse_header(text: str) -> tuple[dict[str, str], int]:
    """The ``#+ key: value`` lines at the top of a query, and the index of the line after them."""
    header: dict[str, str] = {}
    lines = text.splitlines()
    index = len(lines)
    for number, line in enumerate(lines):
        match = HEADER_LINE.fullmatch(line)
        if match is None:
            index = number
            break
        key, value = match.group(1), match.group(2).strip()
        if key in header:
            raise HeaderError(f"{key} given twice")
        header[key] = value
    return header, index


def read_example(path: Path) -> Example:
    text = path.read_text(encoding="utf-8")
    try:
        header, start = parse_header(text)
    except HeaderError as exc:
        raise HeaderError(f"{path.name}: {exc}") from None
    return Example(path.stem, text, header, start)


_Signature = tuple[tuple[str, int, int], ...]
_cache: dict[Path, tuple[_Signature, dict[str, Example]]] = {}
_lock = threading.Lock()


def _signature(paths: list[Path]) -> _Signature:
    out = []
    for path in paths:
        stat = path.stat()
        out.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(out)


def load_examples(directory: Path) -> dict[str, Example]:
    """Every ``*.rq`` of ``directory`` by name, in file-name order; re-read when a file changes."""
    paths = sorted(p for p in directory.glob("*.rq") if NAME.fullmatch(p.stem))
    signature = _signature(paths)
    with _lock:
        cached = _cache.get(directory)
        if cached is not None and cached[0] == signature:
            return dict(cached[1])
    examples = {path.stem: read_example(path) for path in paths}
    with _lock:
        _cache[directory] = (signature, examples)
    return dict(examples)


TAGS_FILE = "tags.csv"
_tag_cache: dict[Path, tuple[tuple[int, int], dict[str, str]]] = {}


def load_tag_names(directory: Path) -> dict[str, str]:
    """English tag → Japanese name, from ``tags.csv`` (columns ``en``, ``ja``) in ``directory``;
    empty when there is no such file. Re-read when the file changes."""
    path = directory / TAGS_FILE
    try:
        stat = path.stat()
    except FileNotFoundError:
        return {}
    signature = (stat.st_size, stat.st_mtime_ns)
    with _lock:
        cached = _tag_cache.get(path)
        if cached is not None and cached[0] == signature:
            return dict(cached[1])
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    names = {
        (row.get("en") or "").strip(): (row.get("ja") or "").strip()
        for row in rows
        if (row.get("en") or "").strip() and (row.get("ja") or "").strip()
    }
    with _lock:
        _tag_cache[path] = (signature, names)
    return dict(names)
