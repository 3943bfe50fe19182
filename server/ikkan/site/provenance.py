"""Where a fact came from: the source sections an entity cites, with its quoted words marked.

Each ``ikkan:statedIn`` section comes with its heading path (its ``dcterms:isPartOf`` chain up
to the source document), its line range, and its full text (``ikkan:text``, added by the
build). The entity's ``ikkan:quote`` is found in that text and marked: the page shows the lines
that hold it, numbered as in the source, and the whole section behind a disclosure. Text is
returned as plain segments (``marked`` or not); the template escapes every one of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..store.base import Store
from . import queries
from .entity import Value
from .labels import fetch_labels
from .links import page_href
from .page_context import PageContext
from .sparql_terms import values

MAX_SECTIONS = 50
CONTEXT_LINES = 1


@dataclass(frozen=True)
class Segment:
    text: str
    marked: bool = False


@dataclass
class Line:
    number: int
    segments: list[Segment]

    @property
    def marked(self) -> bool:
        return any(s.marked for s in self.segments)


@dataclass
class Section:
    iri: str
    href: str | None
    heading: str
    path: list[Value]
    line_start: int | None
    line_end: int | None
    lines: list[Line] = field(default_factory=list)
    excerpt: list[Line] = field(default_factory=list)
    quotes_found: list[str] = field(default_factory=list)
    document: Value | None = None


def _int(term: object) -> int | None:
    value = getattr(term, "value", None)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def mark(text: str, quotes: Iterable[str], first_line: int) -> tuple[list[Line], list[str]]:
    """The lines of ``text`` numbered from ``first_line``, with every occurrence of a quote
    marked; and the quotes that were found."""
    spans: list[tuple[int, int]] = []
    found = []
    for quote in quotes:
        if not quote:
            continue
        start = text.find(quote)
        if start >= 0:
            found.append(quote)
        while start >= 0:
            spans.append((start, start + len(quote)))
            start = text.find(quote, start + len(quote))
    marked = [False] * len(text)
    for start, end in spans:
        for i in range(start, end):
            marked[i] = True
    lines = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=first_line):
        segments: list[Segment] = []
        for i, char in enumerate(line):
            flag = marked[offset + i]
            if segments and segments[-1].marked == flag:
                segments[-1] = Segment(segments[-1].text + char, flag)
            else:
                segments.append(Segment(char, flag))
        lines.append(Line(number, segments))
        offset += len(line) + 1
    return lines, found


def _excerpt(lines: list[Line]) -> list[Line]:
    keep: set[int] = set()
    for i, line in enumerate(lines):
        if line.marked:
            keep.update(range(i - CONTEXT_LINES, i + CONTEXT_LINES + 1))
    return [line for i, line in enumerate(lines) if i in keep]


def sections(ctx: PageContext, entity: str, quotes: list[str]) -> list[Section]:
    """The sections ``entity`` cites, ordered as in the source, with its quotes marked."""
    store, lang, base = ctx.store, ctx.lang, ctx.base
    rows = store.select(queries.SECTIONS.format(e=values("e", [entity]), limit=MAX_SECTIONS))
    found: dict[str, Section] = {}
    texts: dict[str, str] = {}
    for row in rows:
        sec = row["sec"].value
        if sec in found:
            continue
        heading = row["heading"]
        found[sec] = Section(
            sec,
            page_href(sec, base),
            heading.value if heading is not None else "",
            [],
            _int(row["start"]),
            _int(row["end"]),
        )
        text = row["text"]
        if text is not None:
            texts[sec] = text.value
    if not found:
        return []
    parents = _parents(store, list(found))
    chain_nodes = set(parents) | set(parents.values()) | set(found)
    labels = fetch_labels(store, chain_nodes, lang)
    for sec, section in found.items():
        chain: list[str] = []
        node = parents.get(sec)
        while node is not None and node not in chain and len(chain) < 10:
            chain.append(node)
            node = parents.get(node)
        path = [
            Value(labels.get(n, (n, ""))[0], labels.get(n, ("", ""))[1], page_href(n, base), n)
            for n in reversed(chain)
        ]
        if path:
            section.document, section.path = path[0], path[1:]
        if not section.heading:
            section.heading = labels.get(sec, (sec.rsplit("/", 1)[-1], ""))[0]
        if sec in texts:
            section.lines, section.quotes_found = mark(texts[sec], quotes, section.line_start or 1)
            section.excerpt = _excerpt(section.lines)
    return list(found.values())


def _parents(store: Store, sections: list[str]) -> dict[str, str]:
    """Each section's and ancestor's ``dcterms:isPartOf`` parent."""
    rows = store.select(queries.SECTION_PARENTS.format(sections=values("sec", sections)))
    return {r["a"].value: r["up"].value for r in rows if r["a"] is not None and r["up"]}
