"""The :class:`~ikkan.store.base.Store` every caller gets: an engine behind killable processes.

Whichever engine answers (embedded or remote), queries run in the processes of
:mod:`ikkan.store.processes`, so the time limit, the row and byte limits and the SERVICE allow-list
hold the same way for both. Pages' helpers (:meth:`ProcessStore.select` and friends) ask for an
internal format and parse it back into pyoxigraph types, so they see exactly the types the
engine produced; a page's work goes as one task (:mod:`ikkan.store.tasks`), its queries asked
of the engine in the query process itself.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import pyoxigraph as ox

from ..namespaces import default_prefixes
from ..settings import Settings
from .base import UNION, GraphSelection, QueryOptions, QueryResult, ResultKind, StoreInfo
from .manifest import Manifest
from .plan import plan_query
from .processes import ProcessPool
from .worker import graphs_to_job, raise_from_header

_JSON = "application/sparql-results+json"
T = TypeVar("T")
_NTRIPLES = "application/n-triples"


class ProcessStore:
    """A :class:`~ikkan.store.base.Store` over a :class:`~ikkan.store.processes.ProcessPool`."""

    def __init__(self, pool: ProcessPool, settings: Settings, manifest: Manifest) -> None:
        self._pool = pool
        self._settings = settings
        self._manifest = manifest
        self._manifest_json = manifest.to_json()
        #: How many queries the last task asked the engine (the benchmarks print it).
        self.task_queries = 0
        self._remembered: dict[tuple[str, str], Any] = {}
        self._remember_lock = threading.Lock()

    def execute(self, query: str, options: QueryOptions) -> QueryResult:
        job = {
            "query": query,
            "graphs": graphs_to_job(options.graphs),
            "formats": {kind.value: media for kind, media in options.formats.items()},
            "max_results": options.max_results,
            "max_bytes": options.max_bytes,
            "allowed_services": sorted(options.allowed_services),
            "prefixes": dict(options.prefixes),
            "select_all": options.select_all,
        }
        header, body = self._pool.run(job, options.timeout)
        if "error" in header:
            if not isinstance(body, bytes):
                body.close()
            raise_from_header(header)
        return QueryResult(
            ResultKind(header["kind"]),
            str(header["media_type"]),
            int(header["rows"]),
            int(header["size"]),
            body,
        )

    def _read(
        self,
        query: str,
        kind: ResultKind,
        media: str,
        timeout: float | None,
        graphs: GraphSelection,
    ) -> bytes:
        formats = {k: (media if k is kind else None) for k in ResultKind}
        plan = plan_query(
            query,
            self._settings,
            formats,
            default_graphs=graphs.default_graphs if graphs.source == "protocol" else (),
            named_graphs=graphs.named_graphs if graphs.source == "protocol" else (),
            timeout=timeout,
        )
        with self.execute(plan.query, plan.options) as result:
            return result.read()

    def select(
        self, query: str, *, timeout: float | None = None, graphs: GraphSelection = UNION
    ) -> list[ox.QuerySolution]:
        data = self._read(query, ResultKind.SOLUTIONS, _JSON, timeout, graphs)
        solutions = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
        assert isinstance(solutions, ox.QuerySolutions)
        return list(solutions)

    def ask(
        self, query: str, *, timeout: float | None = None, graphs: GraphSelection = UNION
    ) -> bool:
        data = self._read(query, ResultKind.BOOLEAN, _JSON, timeout, graphs)
        return bool(ox.parse_query_results(data, ox.QueryResultsFormat.JSON))

    def construct(
        self, query: str, *, timeout: float | None = None, graphs: GraphSelection = UNION
    ) -> list[ox.Triple]:
        data = self._read(query, ResultKind.GRAPH, _NTRIPLES, timeout, graphs)
        return [quad.triple for quad in ox.parse(data, ox.RdfFormat.N_TRIPLES)]

    def manifest(self) -> Manifest:
        return self._manifest

    def run_task(self, name: str, timeout: float | None = None, **arguments: Any) -> Any:
        settings = self._settings
        info = self.info()
        job = {
            "task": name,
            "args": arguments,
            "prefixes": dict(default_prefixes()),
            "allowed_services": sorted(settings.service_endpoints),
            "max_results": settings.max_results,
            "info": {
                "backend": info.backend,
                "version": info.version,
                "built": info.built,
                "triples": info.triples,
            },
            "manifest": self._manifest_json,
        }
        limit = min(timeout or settings.query_timeout, settings.query_timeout)
        header, body = self._pool.run(job, limit)
        if "error" in header:
            if not isinstance(body, bytes):
                body.close()
            raise_from_header(header)
        if not isinstance(body, bytes):
            with body:
                body = body.read()
        self.task_queries = int(header.get("queries", 0))
        return pickle.loads(body)

    def remember(self, key: str, compute: Callable[[], T]) -> T:
        slot = (self._manifest.version, key)
        with self._remember_lock:
            if slot in self._remembered:
                value: T = self._remembered[slot]
                return value
        value = compute()
        with self._remember_lock:
            self._remembered[slot] = value
        return value

    def info(self) -> StoreInfo:
        m = self._manifest
        return StoreInfo(self._pool.description, m.version, m.built, m.triples)

    def close(self) -> None:
        self._pool.close()
