"""Work that runs inside a query process: a whole page's queries in one round trip.

An entity page asks the graph a few dozen small questions (its triples, labels, breadcrumbs,
statistics, history…). Asked one by one from the web process, each pays a round trip to a
query process and a serialisation both ways. Instead, the site registers each page's work as a
*task* (:func:`task`); the web process asks ``store.run_task(name, **arguments)``, which sends
the task's name and arguments to a query process as one job; there the task runs against an
:class:`EngineStore`, which asks the process's own engine directly, under the same time limit
(the whole task is killed at it), and the result comes back pickled. The queries a task makes
are the same ones the site would make from the web process: each goes through the guard and,
with the job's prefixes and row limit, is answered in the same pyoxigraph types.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

import pyoxigraph as ox

from ..sparql import guard
from ..sparql.errors import QueryFailed, QueryRefused, ResultTooLarge
from .base import UNION, Engine, GraphSelection, StoreInfo
from .manifest import Manifest

Task = Callable[..., Any]
# name -> function(store, **arguments); filled by the modules that define tasks, at import.
TASKS: dict[str, Task] = {}
T = TypeVar("T")
# What tasks derived from the data and keep, per engine (a query process has one, for its
# whole life) and data set version: (version, key) -> value.
_REMEMBERED: weakref.WeakKeyDictionary[Engine, dict[tuple[str, str], Any]] = (
    weakref.WeakKeyDictionary()
)


def task(name: str) -> Callable[[Task], Task]:
    """Register a function as the task ``name``: ``fn(store, **arguments)``, run in a query
    process. Its arguments and result cross the process boundary (JSON in, pickle out)."""

    def register(fn: Task) -> Task:
        if TASKS.get(name, fn) is not fn:
            raise ValueError(f"two tasks are called {name!r}")
        TASKS[name] = fn
        return fn

    return register


class EngineStore:
    """A :class:`~ikkan.store.base.Store`, inside a query process, over its own engine.

    Every query is checked by the guard and answered whole (a SELECT's rows are read at once,
    up to ``max_results``), so a remote engine's streamed answer is never left half read.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        prefixes: Mapping[str, str],
        allowed_services: frozenset[str],
        max_results: int,
        info: StoreInfo,
        manifest: Manifest,
    ) -> None:
        self._engine = engine
        self._prefixes = prefixes
        self._allowed = allowed_services
        self._max_results = max_results
        self._info = info
        self._manifest = manifest
        #: How many queries this store was asked (the benchmarks print it).
        self.queries = 0

    def _evaluate(self, query: str, graphs: GraphSelection) -> object:
        guard.check_services(query, self._allowed)
        guard.check_nesting(query)
        self.queries += 1
        return self._engine.evaluate(query, graphs, self._prefixes)

    def _bounded(self, items: Any, what: str) -> list[Any]:
        out: list[Any] = []
        for item in items:
            if len(out) == self._max_results:
                raise ResultTooLarge(
                    f"A query of this page has more than {self._max_results:,} {what}."
                )
            out.append(item)
        return out

    def select(
        self, query: str, *, timeout: float | None = None, graphs: GraphSelection = UNION
    ) -> list[ox.QuerySolution]:
        result = self._evaluate(query, graphs)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryFailed("Expected the rows of a SELECT query.")
        return self._bounded(result, "rows")

    def ask(
        self, query: str, *, timeout: float | None = None, graphs: GraphSelection = UNION
    ) -> bool:
        result = self._evaluate(query, graphs)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryFailed("Expected the answer of an ASK query.")
        return bool(result)

    def construct(
        self, query: str, *, timeout: float | None = None, graphs: GraphSelection = UNION
    ) -> list[ox.Triple]:
        result = self._evaluate(query, graphs)
        if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
            raise QueryFailed("Expected the triples of a CONSTRUCT or DESCRIBE query.")
        return self._bounded(cast("list[ox.Triple]", result), "triples")

    def run_task(self, name: str, timeout: float | None = None, **arguments: Any) -> Any:
        return run(self, name, arguments)

    def remember(self, key: str, compute: Callable[[], T]) -> T:
        kept = _REMEMBERED.setdefault(self._engine, {})
        slot = (self._info.version, key)
        if slot not in kept:
            kept[slot] = compute()
        value: T = kept[slot]
        return value

    def info(self) -> StoreInfo:
        return self._info

    def manifest(self) -> Manifest:
        return self._manifest

    def close(self) -> None:
        pass


def run(store: EngineStore, name: str, arguments: Mapping[str, Any]) -> Any:
    """Run the task ``name`` (nested tasks run in place)."""
    fn = TASKS.get(name)
    if fn is None:
        raise QueryRefused(f"There is no task called {name!r}.")
    return fn(store, **arguments)
