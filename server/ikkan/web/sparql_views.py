"""``/sparql``: the SPARQL 1.1 Protocol endpoint, as a Flask blueprint.

One view takes every method: the protocol module turns GET, POST form and POST direct into one
request; without a query the endpoint describes itself (Service Description in RDF, or an HTML
page for browsers); with one, the guard reads its head, the negotiation module picks the format,
and the store runs it in a killable process and hands back a complete, size-checked result that
is sent to the client. The data is read-only, so a result is fixed by its tag (data set version,
query, graphs, formats): a GET or HEAD answer carries it as its ETag, and ``If-None-Match`` with
it gets 304 Not Modified without running anything; complete results up to an eighth of the
result cache are kept in it and sent again as they are (an error never is), and the answer's
``X-Ikkan-Cache`` header says which it was (``hit`` or ``miss``). A query calling SERVICE or a
function like NOW() or RAND() is not fixed by the data: it has no tag and is never kept. Errors
are ``text/plain`` messages with the protocol's status codes. Every response allows any origin
to read it (CORS) and varies by Accept. One log line per query.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import IO

from flask import Blueprint, Response, render_template, request

from ..site.service_description import description_triples, limits_text
from ..sparql import conneg
from ..sparql.filenames import content_disposition, query_hash
from ..sparql.protocol import METHODS, ProtocolError, SparqlRequest, parse_request
from ..store.base import (
    NotAcceptable,
    QueryError,
    QueryResult,
    ResultKind,
    StoreBusy,
    StoreUnavailable,
)
from ..store.plan import QueryPlan, plan_query
from .caching import CACHE_HEADER, repeatable, respond, result_tag
from .fast_path import ENVIRON_KEY, Kept
from .responses import cacheable, document, html, link_header, text
from .state import CachedResult, get_state, public_url

bp = Blueprint("sparql", __name__)
log = logging.getLogger("ikkan.sparql")

_CONTENT_TYPES = {f.media_type: f.content_type for t in conneg.TABLES.values() for f in t}
_ALL_METHODS = [*METHODS, "PUT", "DELETE", "PATCH"]


@bp.after_request
def _common_headers(response: Response) -> Response:
    response.vary.add("Accept")
    return response


def _query_hash(query: str | None) -> str:
    return query_hash(query) if query else "-"


def _log(
    status: int,
    start: float,
    query: str | None,
    rows: int = 0,
    size: int = 0,
    error: Exception | None = None,
) -> None:
    log.log(
        logging.WARNING if status >= 500 else logging.INFO,
        "query client=%s status=%d ms=%.1f rows=%d bytes=%d hash=%s%s",
        request.remote_addr or "-",
        status,
        (time.monotonic() - start) * 1000,
        rows,
        size,
        _query_hash(query),
        f" error={type(error).__name__}" if error else "",
    )


# A body a little over the limit is read to its end before the 413 is sent: closing a socket
# with unread data makes the kernel reset the connection, and the client then sees no answer.
_DRAIN_BYTES = 4 * 1024 * 1024


def _drain(stream: IO[bytes], limit: int) -> bool:
    """Read and drop up to ``limit`` bytes; whether the body ended."""
    while limit > 0:
        chunk = stream.read(min(limit, 64 * 1024))
        if not chunk:
            return True
        limit -= len(chunk)
    return False


def _read_body(limit: int) -> bytes:
    message = f"The request body is larger than {limit:,} bytes."
    length = request.content_length
    if length is not None and length > limit + _DRAIN_BYTES:
        raise ProtocolError(413, message, {"Connection": "close"})
    data = request.stream.read(limit + 1)
    if len(data) > limit:
        ended = _drain(request.stream, _DRAIN_BYTES)
        raise ProtocolError(413, message, {} if ended else {"Connection": "close"})
    return data


@bp.route("/sparql", methods=_ALL_METHODS)
def sparql() -> Response:
    if request.method == "OPTIONS":
        return _preflight()
    start = time.monotonic()
    settings = get_state().settings
    try:
        body = _read_body(settings.max_request_bytes) if request.method == "POST" else b""
        sparql_request = parse_request(
            request.method,
            request.headers.get("Content-Type"),
            request.query_string,
            body,
            settings.max_request_bytes,
        )
    except ProtocolError as exc:
        _log(exc.status, start, None, error=exc)
        return text(exc.status, str(exc), exc.headers)
    if sparql_request.query is None:
        return _describe(sparql_request)
    state = get_state()
    try:
        plan = _plan(sparql_request)
        if not repeatable(plan.query):
            return _uncached(_execute(plan, sparql_request), sparql_request, start)
        # Only a GET or HEAD answer names its representation (a POST's is never reused).
        conditional = request.method in ("GET", "HEAD")
        tag = result_tag(
            state.version,
            plan.query,
            sparql_request.default_graphs,
            sparql_request.named_graphs,
            {kind.value: media for kind, media in plan.options.formats.items()},
        )
        if conditional and request.if_none_match.contains(tag):
            _log(304, start, sparql_request.query)
            return _cacheable_result(Response(status=304), tag)
        cached = state.result_cache.get(tag)
        hit = cached is not None
        if cached is None:
            result = _execute(plan, sparql_request)
            if not state.result_cache.keeps(result.size):
                return _uncached(result, sparql_request, start, tag if conditional else None)
            with result:
                cached = CachedResult(result.media_type, result.rows, result.read())
            state.result_cache.put(tag, cached)
    except QueryError as exc:
        _log(exc.status, start, sparql_request.query, error=exc)
        headers = {"Retry-After": "2"} if isinstance(exc, StoreBusy) else None
        if isinstance(exc, StoreUnavailable):
            headers = {"Retry-After": "5"}
        return text(exc.status, str(exc), headers)
    _log(200, start, sparql_request.query, cached.rows, len(cached.body))
    if conditional:
        # The same request again is answered before Flask (ikkan.web.fast_path).
        request.environ[ENVIRON_KEY] = Kept(
            "result", tag, cached.rows, _query_hash(sparql_request.query)
        )
    response = Response(cached.body, status=200)
    _result_headers(response, cached.media_type, sparql_request, tag if conditional else None)
    response.headers[CACHE_HEADER] = "hit" if hit else "miss"
    return response


def _result_headers(
    response: Response, media_type: str, sparql_request: SparqlRequest, tag: str | None
) -> None:
    response.content_type = _CONTENT_TYPES[media_type]
    if sparql_request.format and sparql_request.query:
        # A browser's download link (the query page's) saves under a sensible file name.
        response.headers["Content-Disposition"] = content_disposition(
            sparql_request.query, media_type
        )
    if tag is not None:
        _cacheable_result(response, tag)


def _cacheable_result(response: Response, tag: str) -> Response:
    """A result's ETag, and the one max-age every cacheable answer of the server has."""
    response.set_etag(tag)
    return cacheable(response)


def _uncached(
    result: QueryResult, sparql_request: SparqlRequest, start: float, tag: str | None = None
) -> Response:
    """A result not kept (too large, or not fixed by the data), sent from where the query
    process left it."""
    _log(200, start, sparql_request.query, result.rows, result.size)
    response = Response(_stream(result), status=200, direct_passthrough=True)
    response.content_length = result.size
    _result_headers(response, result.media_type, sparql_request, tag)
    response.headers[CACHE_HEADER] = "miss"
    response.call_on_close(result.close)
    return response


def _stream(result: QueryResult) -> Iterator[bytes]:
    try:
        yield from result.chunks()
    finally:
        result.close()


def _plan(sparql_request: SparqlRequest) -> QueryPlan:
    """Negotiate and plan one query; raise :class:`QueryError` when it cannot be run."""
    state = get_state()
    accept = request.headers.get("Accept")
    fmt = sparql_request.format
    if fmt and not any(conneg.find_format(table, fmt) for table in conneg.TABLES.values()):
        names = sorted({f.name for t in conneg.TABLES.values() for f in t})
        raise NotAcceptable(f"Unknown format={fmt[:100]!r}; use one of {', '.join(names)}.")
    choices = conneg.negotiate_kinds(accept, fmt)
    try:
        return plan_query(
            sparql_request.query or "",
            state.settings,
            {kind: (f.media_type if f else None) for kind, f in choices.items()},
            default_graphs=sparql_request.default_graphs,
            named_graphs=sparql_request.named_graphs,
            timeout=sparql_request.timeout,
        )
    except NotAcceptable as exc:
        # Say which formats would do for this kind of result.
        raise conneg.not_acceptable(exc.kind or ResultKind.SOLUTIONS, accept, fmt) from None


def _execute(plan: QueryPlan, sparql_request: SparqlRequest) -> QueryResult:
    """Run a planned query in a query process; raise :class:`QueryError` when it fails."""
    try:
        return get_state().store.execute(plan.query, plan.options)
    except NotAcceptable as exc:
        # Known only after evaluation: the formats for the kind it turned out to be.
        raise conneg.not_acceptable(
            exc.kind or ResultKind.SOLUTIONS, request.headers.get("Accept"), sparql_request.format
        ) from None


def _describe(sparql_request: SparqlRequest) -> Response:
    """A GET without a query: the service description, or the HTML page for browsers."""
    state = get_state()
    try:
        fmt = conneg.negotiate(
            conneg.DESCRIPTION, request.headers.get("Accept"), sparql_request.format
        )
    except NotAcceptable as exc:
        return text(406, str(exc))
    endpoint = public_url(request.path)
    alternates = [(f"{endpoint}?format={f.name}", f.media_type) for f in conneg.DESCRIPTION]

    def build() -> Response:
        if fmt is conneg.HTML:
            return _description_page(endpoint, alternates)
        triples = description_triples(
            endpoint, state.settings, state.store.info(), state.named_graphs()
        )
        return document(triples, fmt, alternates)

    return respond([fmt.name], ("Accept",), build)


def _description_page(endpoint: str, alternates: list[tuple[str, str]]) -> Response:
    state = get_state()
    response = html(
        render_template(
            "sparql.html",
            endpoint=endpoint,
            settings=state.settings,
            info=state.store.info(),
            limits=limits_text(state.settings),
            tables=[
                ("SELECT", conneg.SOLUTIONS),
                ("ASK", conneg.BOOLEAN),
                ("CONSTRUCT / DESCRIBE", conneg.GRAPH),
            ],
        )
    )
    response.headers["Link"] = link_header(alternates)
    return response


def _preflight() -> Response:
    response = Response(status=204)
    del response.headers["Content-Type"]
    response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = request.headers.get(
        "Access-Control-Request-Headers", "Accept, Content-Type"
    )[:1000]
    response.headers["Access-Control-Max-Age"] = "86400"
    return response
