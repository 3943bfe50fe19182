"""What a query process does with one job: check, evaluate, serialise, count.

A job arrives as a JSON object (query text, graphs, formats per result kind, limits) and
leaves as a header (kind, media type, rows, size, or an error class and message) plus the
serialised body. This module runs inside the killable query processes of
:mod:`ikkan.store.processes`, so everything that can take long — the SERVICE check's full parse, the
evaluation, the serialisation — happens here, under the time limit, never in a web thread.
"""

from __future__ import annotations

import pickle
import sys
import traceback
from typing import IO, Any, cast

import pyoxigraph as ox

from ..sparql import errors, guard
from . import tasks
from .base import (
    Engine,
    Evaluation,
    GraphSelection,
    NotAcceptable,
    QueryError,
    QueryFailed,
    ResultKind,
    StoreInfo,
)
from .manifest import manifest_from_json
from .serialize import (
    BOOLEAN_WRITERS,
    GRAPH_WRITERS,
    SOLUTIONS_WRITERS,
    ReorderedSolutions,
    Solutions,
    Spool,
)

Job = dict[str, Any]
Header = dict[str, Any]

# Errors travel between processes by class name; only these may be raised on the other side.
ERROR_CLASSES: dict[str, type[QueryError]] = {
    cls.__name__: cls
    for cls in (
        errors.QuerySyntaxError,
        errors.QueryRefused,
        errors.NotAcceptable,
        errors.QueryTimeout,
        errors.ResultTooLarge,
        errors.QueryFailed,
        errors.StoreBusy,
        errors.StoreUnavailable,
    )
}


def prepare() -> None:
    """Import, once in the zygote, what jobs may need, so every query process shares it."""
    guard.check_services("SELECT * {}", frozenset())  # compiles the guard's expressions


def error_header(exc: QueryError) -> Header:
    header: Header = {"error": type(exc).__name__, "message": str(exc)}
    for name in ("line", "column"):
        if getattr(exc, name, None) is not None:
            header[name] = getattr(exc, name)
    if isinstance(exc, NotAcceptable) and exc.kind is not None:
        header["kind"] = exc.kind.value
    return header


def raise_from_header(header: Header) -> None:
    """Raise, in the web process, the error a query process reported."""
    cls = ERROR_CLASSES.get(str(header.get("error")), QueryFailed)
    message = str(header.get("message", "the query failed"))
    if cls is errors.QuerySyntaxError:
        raise errors.QuerySyntaxError(message, header.get("line"), header.get("column"))
    if cls is NotAcceptable:
        kind = header.get("kind")
        raise NotAcceptable(message, ResultKind(kind) if kind else None)
    raise cls(message)


def kind_of(evaluation: Evaluation) -> ResultKind:
    if isinstance(evaluation, ox.QuerySolutions):
        return ResultKind.SOLUTIONS
    if isinstance(evaluation, ox.QueryBoolean):
        return ResultKind.BOOLEAN
    return ResultKind.GRAPH


def in_text_order(solutions: ox.QuerySolutions, query: str) -> Solutions:
    """SELECT *'s columns in the order their variables first appear in the query text (the
    engine gives them alphabetically); variables not found there keep their place after."""
    names = [v.value for v in solutions.variables]
    present = set(names)
    order = [name for name in guard.variable_order(query) if name in present]
    order += [name for name in names if name not in set(order)]
    if order == names:
        return solutions
    return ReorderedSolutions(solutions, order)


def _run_task(engine: Engine, job: Job) -> tuple[Header, bytes]:
    """Run a registered task against the engine directly; its result, pickled."""
    info = job["info"]
    store = tasks.EngineStore(
        engine,
        prefixes=job.get("prefixes") or {},
        allowed_services=frozenset(job.get("allowed_services", ())),
        max_results=int(job["max_results"]),
        info=StoreInfo(info["backend"], info["version"], info["built"], info["triples"]),
        manifest=manifest_from_json(job.get("manifest") or "{}"),
    )
    try:
        result = tasks.run(store, str(job["task"]), job.get("args") or {})
    except SyntaxError as exc:
        raise QueryFailed(f"The store's answer was cut short or malformed: {exc}") from exc
    except OSError as exc:
        traceback.print_exc(file=sys.stderr)
        raise QueryFailed("The store could not be read while building the page.") from exc
    payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    return {"kind": "task", "queries": store.queries, "size": len(payload)}, payload


def _service_failed(exc: OSError) -> QueryFailed:
    return QueryFailed(f"A SERVICE call of this query failed: {exc}")


def graphs_from_job(job: Job) -> GraphSelection:
    graphs = job.get("graphs") or {}
    return GraphSelection(
        source=graphs.get("source", "union"),
        default_graphs=tuple(graphs.get("default", ())),
        named_graphs=tuple(graphs.get("named", ())),
    )


def graphs_to_job(graphs: GraphSelection) -> dict[str, Any]:
    return {
        "source": graphs.source,
        "default": list(graphs.default_graphs),
        "named": list(graphs.named_graphs),
    }


def run_job(engine: Engine, job: Job) -> tuple[Header, bytes | IO[bytes]]:
    """Answer one job; never raises (errors become an error header)."""
    try:
        return _run(engine, job)
    except QueryError as exc:
        return error_header(exc), b""
    except Exception:
        # A bug, not the client's fault: log it in full here, tell the client only that it
        # happened (the web process answers 500 and logs the query).
        traceback.print_exc(file=sys.stderr)
        return error_header(QueryFailed("Internal error while evaluating the query.")), b""


def _run(engine: Engine, job: Job) -> tuple[Header, bytes | IO[bytes]]:
    if "task" in job:
        return _run_task(engine, job)
    query = str(job["query"])
    # Both checks read the whole text: here, under the time limit, before the engine sees it.
    guard.check_services(query, frozenset(job.get("allowed_services", ())))
    guard.check_nesting(query)
    calls_services = guard.mentions_service(query)
    formats: dict[str, str | None] = job["formats"]
    max_results = int(job["max_results"])
    out = Spool(int(job["max_bytes"]))
    try:
        evaluation = engine.evaluate(query, graphs_from_job(job), job.get("prefixes") or {})
    except QueryFailed as exc:
        if calls_services and isinstance(exc.__cause__, OSError):
            raise _service_failed(exc.__cause__) from exc
        raise
    kind = kind_of(evaluation)
    media_type = formats.get(kind.value)
    if media_type is None:
        raise NotAcceptable(f"No acceptable format for {kind.value} results.", kind)
    try:
        if kind is ResultKind.SOLUTIONS:
            solutions: Solutions = cast(ox.QuerySolutions, evaluation)
            if job.get("select_all"):
                solutions = in_text_order(cast(ox.QuerySolutions, evaluation), query)
            rows = SOLUTIONS_WRITERS[media_type](out, solutions, max_results)
        elif kind is ResultKind.BOOLEAN:
            BOOLEAN_WRITERS[media_type](out, bool(evaluation))
            rows = 1
        else:
            triples = cast("list[ox.Triple]", evaluation)
            rows = GRAPH_WRITERS[media_type](out, triples, max_results)
    except SyntaxError as exc:
        # A remote engine's response that broke off mid-stream, as Oxigraph's does on timeout.
        raise QueryFailed(f"The store's answer was cut short or malformed: {exc}") from exc
    except OSError as exc:
        if calls_services:
            raise _service_failed(exc) from exc
        traceback.print_exc(file=sys.stderr)
        raise QueryFailed("The store could not be read while evaluating the query.") from exc
    except (ValueError, RuntimeError) as exc:
        raise QueryFailed(f"The query failed while being evaluated: {exc}") from exc
    header: Header = {"kind": kind.value, "media_type": media_type, "rows": rows, "size": out.size}
    return header, out.result()
