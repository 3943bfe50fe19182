"""Run a researcher's query for the query page, under the endpoint's own limits.

The query goes through the same plan as ``/sparql`` (:func:`ikkan.store.plan.plan_query`): the
same read-only check, dataset rules, prefixes, time, row and byte limits and SERVICE allow-list,
so the page and the endpoint give the same answer or the same refusal. The page asks for SPARQL
JSON (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE) and reads it back into pyoxigraph terms.

Pagination cuts the *complete* result into pages rather than wrapping the query in a subquery
with LIMIT/OFFSET: a subquery's ORDER BY need not survive the outer query, FROM cannot stand in
a subquery, and the endpoint's row limit must apply to the whole answer, so that a result past
it is refused with the endpoint's message instead of paging silently through a truncated one.
Solutions are streamed from the size-checked result and only the current page is kept; the
total row count comes with the result.
"""

from __future__ import annotations

import io
import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, cast

import pyoxigraph as ox

from ...namespaces import RDF_TYPE
from ...settings import Settings
from ...store.base import QueryFailed, ResultKind, Store
from ...store.plan import plan_query

PAGE_ROWS = 100
PAGE_TRIPLES = 500
_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
# What the page reads back into terms: SPARQL JSON, or N-Triples for graphs.
PAGE_FORMATS = {
    ResultKind.SOLUTIONS: _JSON,
    ResultKind.BOOLEAN: _JSON,
    ResultKind.GRAPH: _NTRIPLES,
}

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class Pager:
    """Which slice of ``total`` items page ``number`` (from 1) of ``size`` items shows."""

    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def start(self) -> int:
        return (self.number - 1) * self.size

    @property
    def end(self) -> int:
        return min(self.start + self.size, self.total)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def pager(requested: int, size: int, total: int) -> Pager:
    """The page asked for, moved into the pages that exist."""
    last = max(1, -(-total // size))
    return Pager(min(max(requested, 1), last), size, total)


@dataclass
class Answer:
    """One page of a query's complete answer, and how long the query took."""

    kind: ResultKind
    elapsed: float
    total: int
    page: Pager
    variables: list[str] = field(default_factory=list)
    rows: list[list[Term | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)


def normalise(text: str) -> str:
    """Browsers send a textarea's line breaks as CRLF; queries and permalinks use LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _ChunkReader(io.RawIOBase):
    """A readable file over an iterator of byte chunks, so results parse as they stream."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        super().__init__()
        self._chunks = chunks
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            self._pending = next(self._chunks, b"")
            if not self._pending:
                return 0
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def run(store: Store, settings: Settings, query: str, page: int = 1) -> Answer:
    """Run ``query`` and keep page ``page`` of its answer; raise :class:`QueryError`."""
    plan = plan_query(query, settings, PAGE_FORMATS)
    started = time.monotonic()
    with store.execute(plan.query, plan.options) as result:
        elapsed = time.monotonic() - started
        reader = cast(IO[bytes], io.BufferedReader(_ChunkReader(result.chunks())))
        try:
            return _read(result.kind, result.rows, reader, elapsed, page)
        except SyntaxError as exc:  # the store's own output: a bug or a broken remote engine
            raise QueryFailed(f"The store's answer could not be read: {exc}") from exc


def _read(kind: ResultKind, total: int, reader: IO[bytes], elapsed: float, page: int) -> Answer:
    if kind is ResultKind.GRAPH:
        return _graph_answer(reader, elapsed, page)
    parsed = ox.parse_query_results(reader, ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        return Answer(ResultKind.BOOLEAN, elapsed, 1, pager(1, 1, 1), boolean=bool(parsed))
    shown = pager(page, PAGE_ROWS, total)
    variables = [v.value for v in parsed.variables]
    rows = [
        [solution[name] for name in variables]
        for solution in itertools.islice(parsed, shown.start, shown.end)
    ]
    return Answer(ResultKind.SOLUTIONS, elapsed, total, shown, variables=variables, rows=rows)


def _graph_answer(reader: IO[bytes], elapsed: float, page: int) -> Answer:
    triples = [quad.triple for quad in ox.parse(reader, ox.RdfFormat.N_TRIPLES)]
    # Grouped by subject, its types first, so each page reads as compact Turtle.
    triples.sort(
        key=lambda t: (str(t.subject), t.predicate.value != RDF_TYPE, str(t.predicate), str(t))
    )
    shown = pager(page, PAGE_TRIPLES, len(triples))
    return Answer(
        ResultKind.GRAPH, elapsed, len(triples), shown, triples=triples[shown.start : shown.end]
    )
