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
"""

from __future__ import annotations

import contextlib
import http.client
import re
import urllib.parse
from collections.abc import Iterator, Mapping
from typing import IO

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
        self, url: str, socket_timeout: float, *, graph_namespace: str = DEFAULT_BASE + "graph/"
    ) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreUnavailable(f"store URL must be an http(s) URL: {url!r}")
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
        body = urllib.parse.urlencode(params).encode("utf-8")
        connection = self._connect()
        try:
            connection.request(
                "POST",
                path,
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": dialect.accept,
                    "User-Agent": "ikkan",
                },
            )
            response = connection.getresponse()
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            raise StoreUnavailable(f"The store at {self.url} could not be reached: {exc}") from exc
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
        stream: IO[bytes] = response
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
            return StoreUnavailable(f"The store is unavailable (HTTP {status}): {text[:500]}")
        return QueryFailed(f"The store failed to answer (HTTP {status}): {text[:1000]}")
