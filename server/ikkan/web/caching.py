"""Conditional requests and caching for the site: ETag, 304 Not Modified, Cache-Control, Vary.

The graph is read-only and versioned, so a response is fixed by the data set version and the
request: its ETag hashes (version, path, query string, chosen language, chosen format). The tag
is known before anything is rendered, so a client revalidating with ``If-None-Match`` gets a 304
at the cost of one hash; rendered answers are also kept in the process's page cache under the
same key (:class:`~ikkan.web.state.PageCache`), so a popular page is rendered once per version;
``X-Ikkan-Cache: hit`` or ``miss`` on an answer says which it was.
SPARQL results are tagged the same way (:func:`result_tag`): by the version, the query text, its
graphs and the format chosen for each kind of result, and kept by that tag in the process's
result cache (:class:`~ikkan.web.state.ResultCache`), unless the query's answer is not fixed by
the data (:func:`repeatable`: SERVICE, NOW(), RAND(), fresh blank nodes and UUIDs).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping

from flask import Response, request

from ..sparql import guard
from .fast_path import ENVIRON_KEY, Kept
from .responses import cacheable
from .state import CachedResponse, get_state

CACHE_MAX_BYTES = 2 * 1024 * 1024
# Says whether an answer came from the process's cache ("hit") or was made for it ("miss"):
# for people and benchmarks checking what a repeated request costs, never for correctness.
CACHE_HEADER = "X-Ikkan-Cache"


def etag_for(*parts: str) -> str:
    """The tag of this request's answer: version, host, path, query string, ``parts``."""
    state = get_state()
    version = state.store.info().version
    host = state.settings.public_base or request.host
    text = "\x1f".join(
        (version, host, request.path, request.query_string.decode("latin-1"), *parts)
    )
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def result_tag(
    version: str,
    query: str,
    default_graphs: Iterable[str],
    named_graphs: Iterable[str],
    formats: Mapping[str, str | None],
) -> str:
    """The tag of a SPARQL result: everything that decides its bytes. The server's limits and
    prefixes are the same for every request of a process, and a time limit decides only whether
    an answer comes, not what it is; the host, the path and other parameters change nothing."""
    parts = [
        version,
        query,
        "\x1e".join(default_graphs),
        "\x1e".join(named_graphs),
        "\x1e".join(f"{kind}={media or ''}" for kind, media in sorted(formats.items())),
    ]
    text = "\x1f".join(parts)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


# Functions whose value is not fixed by the data: a query calling one may answer differently
# each time (NOW, RAND, fresh blank nodes and UUIDs).
_UNREPEATABLE = re.compile(r"\b(?:now|rand|uuid|struuid|bnode)\s*\(")


def repeatable(query: str) -> bool:
    """Whether ``query``'s result is fixed by the data set version: it calls no SERVICE (another
    server's data may change) and none of the functions whose value changes from call to call.
    Read conservatively: the words anywhere (a comment, a string) make a query unrepeatable."""
    if guard.mentions_service(query):
        return False
    folded = unicodedata.normalize("NFKC", guard.unescape_codepoints(query)).casefold()
    return _UNREPEATABLE.search(folded) is None and _UNREPEATABLE.search(query.casefold()) is None


def _headers(response: Response, etag: str, vary: Iterable[str]) -> Response:
    response.set_etag(etag)
    cacheable(response)
    for name in vary:
        response.vary.add(name)
    if not get_state().settings.public_base:
        # Absolute links in the answer were made from the Host header: a shared cache must
        # not hand one host's answer to another.
        response.vary.add("Host")
    return response


def respond(parts: Iterable[str], vary: Iterable[str], build: Callable[[], Response]) -> Response:
    """A 304 when the client holds this version; else the cached or freshly built answer,
    with ETag, Cache-Control and Vary. Only complete 200 answers are cached."""
    vary = tuple(vary)
    etag = etag_for(*parts)
    if request.if_none_match.contains(etag):
        return _headers(Response(status=304), etag, vary)
    cache = get_state().page_cache
    entry = cache.get(etag)
    if entry is not None:
        request.environ[ENVIRON_KEY] = Kept("page", etag)
        response = Response(entry.body, status=entry.status)
        for name, value in entry.headers:
            response.headers[name] = value
        response.headers[CACHE_HEADER] = "hit"
        return _headers(response, etag, vary)
    response = build()
    if response.status_code == 200 and not response.direct_passthrough:
        body = response.get_data()
        if len(body) <= CACHE_MAX_BYTES:
            kept = tuple(
                (k, v) for k, v in response.headers.items() if k.lower() != "content-length"
            )
            cache.put(etag, CachedResponse(body, 200, kept))
            request.environ[ENVIRON_KEY] = Kept("page", etag)
    if response.status_code == 200:
        response.headers[CACHE_HEADER] = "miss"
        _headers(response, etag, vary)
    return response
