"""The three request shapes of the SPARQL 1.1 Protocol, funnelled into one request object.

A query arrives as GET with ``query=``, as POST of an HTML form
(``application/x-www-form-urlencoded``), or as POST of the bare query
(``application/sparql-query``, with or without ``charset=utf-8``). :func:`parse_request` takes the
raw method, Content-Type, query string and body and returns a :class:`SparqlRequest`, or raises
:class:`ProtocolError` with the status and a message the client can act on: 400 (malformed),
403 (an update: this endpoint is read-only; a query sent as ``update=`` is a 400 that says how to
fix the client), 405 (method), 414/413 (too long), 415 (media type).
"""

from __future__ import annotations

import math
import urllib.parse
from dataclasses import dataclass, field

import pyoxigraph as ox

from .conneg import known_format
from .guard import precheck

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
METHODS = ("GET", "HEAD", "POST", "OPTIONS")
# Parameters some clients add to say which format they want (SPARQLWrapper sends all three).
FORMAT_PARAMS = ("format", "output", "results")
READ_ONLY = (
    "This endpoint is read-only: SPARQL Update ({what}) is refused. "
    "It answers SPARQL 1.1 queries (SELECT, ASK, CONSTRUCT, DESCRIBE)."
)


QUERY_AS_UPDATE = (
    "The update= parameter carries a query ({form}), not an update: send a query as query=. "
    "SPARQLWrapper sends a query as an update when a word of it contains an update keyword "
    '("address" contains ADD) outside the comments it strips: after setQuery(), set '
    'sparql.queryType = "{form}", or reword the text.'
)


class ProtocolError(Exception):
    """A request the protocol does not allow; ``str()`` is the message for the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


@dataclass(frozen=True)
class SparqlRequest:
    """What a protocol request asks, whatever its shape.

    ``query`` is None for a GET without one (the service description is wanted then).
    """

    query: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    timeout: float | None = None
    format: str | None = None
    params: dict[str, list[str]] = field(default_factory=dict)

    @property
    def has_protocol_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


def _media_type(content_type: str) -> tuple[str, dict[str, str]]:
    media, *rest = (part.strip() for part in content_type.split(";"))
    params = {}
    for part in rest:
        key, _, value = part.partition("=")
        params[key.strip().lower()] = value.strip().strip('"').lower()
    return media.lower(), params


def _parse_params(raw: bytes, where: str) -> list[tuple[str, str]]:
    try:
        # Percent-escapes decode to UTF-8; raw bytes outside ASCII are not allowed either.
        return urllib.parse.parse_qsl(
            raw.decode("ascii"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=200,
        )
    except UnicodeDecodeError:
        raise ProtocolError(
            400, f"The {where} is not valid UTF-8 (percent-encode the UTF-8 bytes)."
        ) from None
    except ValueError:
        raise ProtocolError(400, f"The {where} has too many parameters.") from None


def _check_charset(params: dict[str, str], media: str) -> None:
    charset = params.get("charset", "utf-8")
    if charset not in ("utf-8", "utf8"):
        raise ProtocolError(
            415, f"{media} must be sent in UTF-8 (charset={charset} is not accepted)."
        )


def _graph_iris(values: list[str], name: str) -> tuple[str, ...]:
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError:
            raise ProtocolError(400, f"{name} must be an absolute IRI: {value[:200]!r}") from None
    return tuple(values)


def _timeout(values: list[str]) -> float | None:
    if not values:
        return None
    try:
        seconds = float(values[-1])
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds <= 0:
        raise ProtocolError(400, f"timeout must be a positive number of seconds: {values[-1]!r}")
    return seconds


def parse_request(
    method: str, content_type: str | None, query_string: bytes, body: bytes, max_bytes: int
) -> SparqlRequest:
    """Read one protocol request; the body must already be limited to ``max_bytes``."""
    method = method.upper()
    if method not in METHODS:
        raise ProtocolError(
            405,
            f"{method} is not a SPARQL Protocol method: use GET or POST.",
            {"Allow": ", ".join(METHODS)},
        )
    if len(query_string) > max_bytes:
        raise ProtocolError(414, f"The URL is longer than {max_bytes:,} bytes: POST the query.")
    pairs = _parse_params(query_string, "query string")
    direct_query: str | None = None
    if method == "POST":
        media, media_params = _media_type(content_type or "")
        if media == FORM:
            _check_charset(media_params, media)
            pairs += _parse_params(body, "form body")
        elif media == DIRECT:
            _check_charset(media_params, media)
            try:
                direct_query = body.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ProtocolError(
                    400, f"The query is not valid UTF-8 (byte {exc.start})."
                ) from None
        elif media == UPDATE:
            raise ProtocolError(403, READ_ONLY.format(what=UPDATE))
        elif not media:
            raise ProtocolError(415, f"A POST needs a Content-Type: {FORM} or {DIRECT}.")
        else:
            raise ProtocolError(
                415, f"Content-Type {media[:100]} is not accepted: use {FORM} or {DIRECT}."
            )
    params: dict[str, list[str]] = {}
    for key, value in pairs:
        params.setdefault(key, []).append(value)
    for update in params.get("update", []):
        form = precheck(update).form
        if form is not None:
            raise ProtocolError(400, QUERY_AS_UPDATE.format(form=form))
    if "update" in params or "using-graph-uri" in params or "using-named-graph-uri" in params:
        raise ProtocolError(403, READ_ONLY.format(what="the update parameter"))
    queries = params.get("query", [])
    if direct_query is not None:
        queries = [*queries, direct_query]
    if len(queries) > 1:
        raise ProtocolError(400, "The request has more than one query; send exactly one.")
    query = queries[0] if queries else None
    if query is not None and not query.strip():
        raise ProtocolError(400, "The query is empty.")
    if query is None and method == "POST":
        raise ProtocolError(400, "The request has no query (a query= parameter or a body).")
    if query is not None and len(query.encode("utf-8")) > max_bytes:
        raise ProtocolError(413, f"The query is longer than {max_bytes:,} bytes.")
    fmt = None
    for name in FORMAT_PARAMS:
        values = params.get(name)
        # format= is ours and must name a format; output= and results= are only honoured
        # when they do (clients send them with values meant for other servers).
        if values and (name == "format" or known_format(values[0])):
            fmt = values[0]
            break
    return SparqlRequest(
        query=query,
        default_graphs=_graph_iris(params.get("default-graph-uri", []), "default-graph-uri"),
        named_graphs=_graph_iris(params.get("named-graph-uri", []), "named-graph-uri"),
        timeout=_timeout(params.get("timeout", [])),
        format=fmt,
        params=params,
    )
