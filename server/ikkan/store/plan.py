"""Turn a request into what the store runs: the one place every door goes through.

``/sparql``, the query page, ``ikkan query`` and the pages' own queries all ask
:func:`plan_query` to turn a query text and what came with it (the protocol's dataset, a
requested time limit, the formats the caller can take per result kind) into the options the
store runs it with. Here, once, for all of them: the size limit; SPARQL Update and engine
pragmas refused; the dataset (the protocol's ``default-graph-uri`` / ``named-graph-uri`` win
over the query's FROM / FROM NAMED, which win over the union of the named graphs); the time
limit (a request may ask for less, never more); the row and byte limits; the SERVICE
allow-list; the prefixes a query may use undeclared; and, when the query form can be read from
its head, a :class:`NotAcceptable` before evaluation if the caller takes no format for it.
The SERVICE and nesting checks read the whole text, so they run in the query process, under
the time limit (:mod:`ikkan.store.worker`), never in a web thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..namespaces import default_prefixes
from ..settings import Settings
from ..sparql import guard
from ..sparql.protocol import READ_ONLY
from .base import (
    UNION,
    GraphSelection,
    NotAcceptable,
    QueryOptions,
    QueryRefused,
    QueryTooLong,
    ResultKind,
)

FORM_KINDS = {
    "SELECT": ResultKind.SOLUTIONS,
    "ASK": ResultKind.BOOLEAN,
    "CONSTRUCT": ResultKind.GRAPH,
    "DESCRIBE": ResultKind.GRAPH,
}


@dataclass(frozen=True)
class QueryPlan:
    """A query ready to run: its text, what its head says, and the options to run it with."""

    query: str
    head: guard.Precheck
    options: QueryOptions

    @property
    def kind(self) -> ResultKind | None:
        """The kind of result, when the head says (else known only after evaluation)."""
        return FORM_KINDS.get(self.head.form or "")


def plan_query(
    query: str,
    settings: Settings,
    formats: Mapping[ResultKind, str | None],
    *,
    default_graphs: tuple[str, ...] = (),
    named_graphs: tuple[str, ...] = (),
    timeout: float | None = None,
) -> QueryPlan:
    """Check ``query`` and decide how to run it; raise a :class:`QueryError` subclass."""
    if len(query.encode("utf-8")) > settings.max_request_bytes:
        raise QueryTooLong(f"The query is longer than {settings.max_request_bytes:,} bytes.")
    head = guard.precheck(query)
    if head.update:
        raise QueryRefused(READ_ONLY.format(what=head.update))
    if head.pragma:
        raise QueryRefused(
            f"{head.pragma} pragmas are an engine's extension, not SPARQL 1.1; this endpoint "
            "does not accept them."
        )
    graphs: GraphSelection = UNION
    if default_graphs or named_graphs:
        graphs = GraphSelection("protocol", default_graphs, named_graphs)
    elif head.has_dataset:
        graphs = GraphSelection("query", head.from_graphs, head.from_named)
    limit = settings.query_timeout if timeout is None else min(timeout, settings.query_timeout)
    options = QueryOptions(
        formats=dict(formats),
        timeout=limit,
        max_results=settings.max_results,
        max_bytes=settings.max_result_bytes,
        graphs=graphs,
        allowed_services=settings.service_endpoints,
        prefixes=default_prefixes(),
        select_all=head.select_all,
    )
    plan = QueryPlan(query, head, options)
    kind = plan.kind
    if kind is not None and formats.get(kind) is None:
        raise NotAcceptable(f"No acceptable format for {kind.value} results.", kind)
    if all(media is None for media in formats.values()):
        raise NotAcceptable("No acceptable format for any kind of result.", kind)
    return plan
