"""What a query can give back, and every way it can fail, as the whole of ikkan names them.

:class:`ResultKind` says what a query returns; the :class:`QueryError` family says why it
returned nothing, each with the HTTP status the endpoint answers with and a message fit for the
client. They sit at the bottom of the layers (the guard, the negotiation tables, the store and
the web views all raise or catch them) so that no layer needs to import one above it.
"""

from __future__ import annotations

import enum


class ResultKind(enum.StrEnum):
    """What a query returns: solutions (SELECT), a boolean (ASK) or a graph (CONSTRUCT/DESCRIBE)."""

    SOLUTIONS = "solutions"
    BOOLEAN = "boolean"
    GRAPH = "graph"


class QueryError(Exception):
    """A query that could not be answered; ``str()`` is a message fit for the client."""

    #: HTTP status the endpoint answers with.
    status = 500


class QuerySyntaxError(QueryError):
    """The query text is not valid SPARQL 1.1 Query (with position when known)."""

    status = 400

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class QueryTooLong(QueryError):
    """The query text is longer than the server accepts in one request."""

    status = 413


class QueryRefused(QueryError):
    """The query is valid but not allowed here (an update, a SERVICE off the allow-list)."""

    status = 403


class NotAcceptable(QueryError):
    """The client accepts no format this kind of result can be written in."""

    status = 406

    def __init__(self, message: str, kind: ResultKind | None = None) -> None:
        super().__init__(message)
        self.kind = kind


class QueryTimeout(QueryError):
    """The query ran past its time limit and was stopped."""

    status = 500


class ResultTooLarge(QueryError):
    """The result has more rows or bytes than the limits allow; nothing was sent."""

    status = 500


class QueryFailed(QueryError):
    """The engine failed while evaluating the query."""

    status = 500


class StoreBusy(QueryError):
    """Every query process is busy; try again shortly."""

    status = 503


class StoreUnavailable(QueryError):
    """The store cannot be reached or opened."""

    status = 503


class StoreMissing(StoreUnavailable):
    """There is no built store at the configured path (``ikkan build`` has not run)."""
