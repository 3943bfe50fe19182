"""The one interface every part of ikkan uses to ask the graph, whichever engine answers.

:class:`Store` is what the web app, the ``ikkan query`` command and the benchmarks see. Each
method returns the same types whichever backend runs: a serialised, size-checked result ready to
stream (:meth:`Store.execute`, for the SPARQL endpoint), or pyoxigraph terms (:meth:`Store.select`,
:meth:`Store.ask`, :meth:`Store.construct`, for pages). Every call has a time limit and a result
limit; when one is hit the call raises a :class:`QueryError` subclass, never returns a truncated
result. :class:`Engine` is the narrower thing a backend provides (evaluate one query, inside a
query process); :mod:`ikkan.store.processes` turns an engine into a :class:`Store`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any, Literal, Protocol, TypeVar

import pyoxigraph as ox

from ..sparql.errors import (
    NotAcceptable,
    QueryError,
    QueryFailed,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    QueryTooLong,
    ResultKind,
    ResultTooLarge,
    StoreBusy,
    StoreMissing,
    StoreUnavailable,
)
from .manifest import Manifest

# What an engine's evaluation gives back, in pyoxigraph's own types.
Evaluation = ox.QuerySolutions | ox.QueryBoolean | Iterable[ox.Triple]
T = TypeVar("T")


@dataclass(frozen=True)
class GraphSelection:
    """Which graphs a query sees.

    ``union``: the default graph is the union of every named graph (the ikkan convention);
    ``protocol``: exactly the graphs of ``default-graph-uri`` / ``named-graph-uri``;
    ``query``: the query's own FROM / FROM NAMED (the IRIs are repeated here, when they could be
    read, so a remote engine configured with a union default graph can be told them explicitly).
    """

    source: Literal["union", "protocol", "query"] = "union"
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


UNION = GraphSelection()


@dataclass(frozen=True)
class QueryOptions:
    """How one query is to be run and answered.

    ``formats`` maps each result kind to the media type to serialise it in, or to ``None`` when
    the client accepts no format for that kind (the query is then refused as not acceptable
    before it is evaluated, when its kind is known, or after).
    """

    formats: dict[ResultKind, str | None]
    timeout: float
    max_results: int
    max_bytes: int
    graphs: GraphSelection = UNION
    # SERVICE endpoints the query may call; every spelling of SERVICE in the text is checked
    # against them before evaluation.
    allowed_services: frozenset[str] = field(default_factory=frozenset)
    # Prefixes the query may use without declaring them (its own PREFIX lines win).
    prefixes: Mapping[str, str] = field(default_factory=dict)
    # SELECT *: put the columns in the order the variables first appear in the text.
    select_all: bool = False


@dataclass(frozen=True)
class StoreInfo:
    """What the server says about the data it serves (from the build's manifest.json)."""

    backend: str
    version: str
    built: str
    triples: int | None


class QueryResult:
    """A complete, size-checked result held in memory or in an anonymous temporary file.

    Iterate :meth:`chunks` to stream it; always :meth:`close` it (it is a context manager).
    """

    def __init__(
        self,
        kind: ResultKind,
        media_type: str,
        rows: int,
        size: int,
        body: bytes | IO[bytes],
    ) -> None:
        self.kind = kind
        self.media_type = media_type
        self.rows = rows
        self.size = size
        self._body = body

    def chunks(self, chunk_size: int = 64 * 1024) -> Iterator[bytes]:
        body = self._body
        if isinstance(body, bytes):
            if body:
                yield body
            return
        body.seek(0)
        while chunk := body.read(chunk_size):
            yield chunk

    def read(self) -> bytes:
        return b"".join(self.chunks())

    def close(self) -> None:
        if not isinstance(self._body, bytes):
            self._body.close()

    def __enter__(self) -> QueryResult:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Engine(Protocol):
    """One backend, as seen from inside a query process."""

    #: Short description for logs and the service description, e.g. "embedded (read-only)".
    description: str

    def evaluate(
        self, query: str, graphs: GraphSelection, prefixes: Mapping[str, str]
    ) -> Evaluation:
        """Evaluate one query, with ``prefixes`` known unless the query declares its own;
        raise :class:`QueryError` subclasses for known failures."""
        ...


class Store(Protocol):
    """The graph, as every other part of ikkan asks it."""

    def execute(self, query: str, options: QueryOptions) -> QueryResult:
        """Evaluate ``query`` and serialise its result in the format ``options`` gives for its
        kind, checking the time, row and byte limits; raise :class:`QueryError` otherwise."""
        ...

    def select(
        self, query: str, *, timeout: float | None = None, graphs: GraphSelection = UNION
    ) -> list[ox.QuerySolution]:
        """Rows of a SELECT query, read whole."""
        ...

    def ask(
        self, query: str, *, timeout: float | None = None, graphs: GraphSelection = UNION
    ) -> bool:
        """The answer of an ASK query."""
        ...

    def construct(
        self, query: str, *, timeout: float | None = None, graphs: GraphSelection = UNION
    ) -> list[ox.Triple]:
        """Triples of a CONSTRUCT or DESCRIBE query."""
        ...

    def info(self) -> StoreInfo:
        """Backend, data set version and size."""
        ...

    def manifest(self) -> Manifest:
        """What the build that wrote the data set says of it (its dumps, its graphs)."""
        ...

    def run_task(self, name: str, timeout: float | None = None, **arguments: Any) -> Any:
        """Run the registered task ``name`` (:mod:`ikkan.store.tasks`) in a query process:
        all of a page's queries, asked of the engine there, in one round trip."""
        ...

    def remember(self, key: str, compute: Callable[[], T]) -> T:
        """The value ``compute()`` gives for ``key``, computed once per data set version and
        kept (by this process, for this engine): facts derived from the data, such as the
        ontology's subproperty closure, cannot change while the version holds."""
        ...

    def close(self) -> None:
        """Stop the query processes; the store cannot be used afterwards."""
        ...


__all__ = [
    "UNION",
    "Engine",
    "Evaluation",
    "GraphSelection",
    "NotAcceptable",
    "QueryError",
    "QueryFailed",
    "QueryOptions",
    "QueryRefused",
    "QueryResult",
    "QuerySyntaxError",
    "QueryTimeout",
    "QueryTooLong",
    "ResultKind",
    "ResultTooLarge",
    "Store",
    "StoreBusy",
    "StoreInfo",
    "StoreMissing",
    "StoreUnavailable",
]
