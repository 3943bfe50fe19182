"""The remote backend: any SPARQL 1.1 endpoint over HTTP (Oxigraph server, Fuseki, Virtuoso…).

This is how a deployment outgrows one machine: ``--store-url`` points at a bigger engine and the
rest of ikkan does not change. Queries are POSTed as forms (no URL length limit), the answer is
parsed *as it streams in* by pyoxigraph into the same solution, boolean and triple types the
embedded store gives, so limits, formats and pages behave identically on both backends. The
remote engine must present the union of its named graphs as its default graph (Oxigraph:
``serve-read-only --union-default-graph``); when a request or query names graphs, they are sent
as ``default-graph-uri`` / ``named-graph-uri``, which take precedence over that union. What
an engine needs beyond the protocol (Virtuoso's union of every graph, its truncated answers,
its error texts) is its dialect's business (:mod:`ikkan.store.dialects`).

A query stopped at its time limit dies with its query process, and with it the connection to
the store; engines that stop a query whose client went away stop there. The others must limit
their queries themselves (Oxigraph server: ``--timeout-s``), or be told the limit with each
query (``store_timeout_parameter``: Fuseki's ``timeout`` in seconds, Virtuoso's in ms).
"""

from __future__ import annotations

import contextlib
import http.client
import logging
import re
import urllib.parse
from collections.abc import Iterator, Mapping

import pyoxigraph as ox

from ..namespaces import DEFAULT_BASE
from .base import (
    Evaluation,
    GraphSelection,
    QueryFailed,
    QueryRefused,
    QuerySyntaxError,
    StoreUnavailable,
)
from .dialects import Dialect, detect
from .embedded import syntax_error

_RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
log = logging.getLogger(__name__)
_ERROR_AT = re.compile(r"error at \d+:\d+:")


def declarations(query: str, prefixes: Mapping[str, str]) -> str:
    """One line of PREFIX declarations for the known prefixes the query may use undeclared (a
    remote engine knows none of ours); the query's own declarations come later and win."""
    used = [p for p in prefixes if f"{p}:" in query]
    if not used:
        return ""
    return " ".join(f"PREFIX {p}: <{prefixes[p]}>" for p in used) + "\n"


def _triples(quads: Iterator[ox.Quad]) -> Iterator[ox.Triple]:
    for quad in quads:
        yield quad.triple


class RemoteEngine:
    """Evaluates queries by the SPARQL 1.1 Protocol (see :class:`ikkan.store.base.Engine`)."""

    def __init__(
        self,
        url: str,
        socket_timeout: float,
        *,
        time_limit: float | None = None,
        timeout_parameter: str = "",
        graph_namespace: str = DEFAULT_BASE + "graph/",
    ) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreUnavailable("the store URL must be an http(s) URL")
        self._limit_param: tuple[str, str] | None = None
        if timeout_parameter and time_limit:
            name, _, unit = timeout_parameter.partition(":")
            value = time_limit * 1000 if unit == "ms" else time_limit
            self._limit_param = (name, f"{value:g}")
        self.url = url
        self.description = f"SPARQL endpoint {url}"
        self._parts = parts
        self._socket_timeout = socket_timeout
        self._response: http.client.HTTPResponse | None = None
        self._graph_namespace = graph_namespace
        self._dialect: Dialect | None = None
        with contextlib.suppress(StoreUnavailable):
            # Here, once, before the query processes are forked from this one (they inherit
            # it); a store not up yet is asked again by each query process.
            self._dialect = detect(self._connect, self._path(), graph_namespace)

    def _path(self) -> str:
        path = self._parts.path or "/"
        return path + ("?" + self._parts.query if self._parts.query else "")

    def _connect(self) -> http.client.HTTPConnection:
        cls = (
            http.client.HTTPSConnection
            if self._parts.scheme == "https"
            else http.client.HTTPConnection
        )
        return cls(self._parts.hostname or "", self._parts.port, timeout=self._socket_timeout)

    def evaluate(
        self, query: str, graphs: GraphSelection, prefixes: Mapping[str, str]
    ) -> Evaluation:
        # The previous answer has been read to its end by now; let it go.
        if self._response is not None:
            self._response.close()
            self._response = None
        path = self._path()
        if self._dialect is None:
            self._dialect = detect(self._connect, path, self._graph_namespace)
        dialect = self._dialect
        prologue = declarations(query, prefixes)
        text, dataset = dialect.prepare(prologue + query, graphs)
        params = [("query", text), *dataset]
        if self._limit_param:
            params.append(self._limit_param)
        body = urllib.parse.urlencode(params).encode("utf-8")
        connection = self._connect()
        try:
            connection.request(
                "POST",
                path,
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": dialect.accept_for(query),
                    "User-Agent": "ikkan",
                },
            )
            response = connection.getresponse()
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            # Where the store is, is the operator's business: the log says, the client not.
            log.warning("the store at %s could not be reached: %s", self.url, exc)
            raise StoreUnavailable("The store (a SPARQL endpoint) could not be reached.") from exc
        if response.status != 200:
            text = response.read(64 * 1024).decode("utf-8", "replace").strip()
            connection.close()
            offset = 1 if prologue else 0
            raise dialect.error(response.status, text, query, offset) or self._error(
                response.status, text, query, offset
            )
        self._response = response
        try:
            dialect.check(response)
        except Exception:
            connection.close()
            raise
        media_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        stream = dialect.stream(response)
        if media_type in _RESULT_FORMATS:
            try:
                return ox.parse_query_results(stream, _RESULT_FORMATS[media_type])
            except SyntaxError as exc:
                raise QueryFailed(f"The store sent a malformed result: {exc}") from exc
        if media_type in _GRAPH_FORMATS:
            return dialect.graph(_triples(ox.parse(stream, _GRAPH_FORMATS[media_type])))
        connection.close()
        raise QueryFailed(f"The store answered in an unexpected format: {media_type!r}")

    def _error(self, status: int, text: str, query: str, line_offset: int) -> Exception:
        if status == 400:
            if _ERROR_AT.search(text):
                return syntax_error(text[text.find("error at") :], query, line_offset)
            return QuerySyntaxError(f"Malformed query: {text[:1000]}")
        if status == 403:
            return QueryRefused(f"The store refused the query: {text[:1000]}")
        if status in (502, 503, 504):
            log.warning("the store at %s answered %d: %s", self.url, status, text[:500])
            return StoreUnavailable(f"The store is unavailable (HTTP {status}).")
        return QueryFailed(f"The store failed to answer (HTTP {status}): {text[:1000]}")
