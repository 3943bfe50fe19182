"""Repeated requests answered before Flask: an index from the raw request to a kept answer.

Flask's routing, request objects, negotiation and response handlers cost most of a millisecond,
more than the answer itself once it is in the result or page cache. This WSGI middleware sits in
front of the app: when a view sends an answer it keeps (a SPARQL result in the result cache, a
page in the page cache), it marks the WSGI environment with the answer's tag, and the middleware
remembers the status and headers under the raw request, that is, everything any view reads from
a GET: the path and query string as sent, ``Accept``, ``Accept-Language`` and ``Host``. The
same request again, for the same data set version, is answered with those headers and the body
the cache still holds under the tag, without entering Flask; when the cache has let the body go,
or for anything else (HEAD, POST, a conditional or ranged request, a body), the app answers.

The index holds no bodies (they stay in the byte-bounded caches, so memory is bounded there) and
at most :data:`ENTRIES` requests of at most :data:`MAX_KEY_CHARS` characters. A repeated query is
still logged, in the endpoint's format.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .state import IkkanState

log = logging.getLogger("ikkan.sparql")

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

#: Requests remembered (each a few hundred bytes of headers, no body).
ENTRIES = 4096
#: A longer request (a long query in the URL) is not remembered.
MAX_KEY_CHARS = 8192
#: The WSGI environment key a view sets to say that its answer is kept: a :class:`Kept`.
ENVIRON_KEY = "ikkan.kept"

_SKIP = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_IF_RANGE",
    "HTTP_RANGE",
)


@dataclass(frozen=True)
class Kept:
    """What a view says of an answer it keeps: in which cache, under which tag, and for the log
    line of a query (its rows and hash; ``query_hash`` is "" for a page)."""

    cache: str  # "result" or "page"
    tag: str
    rows: int = 0
    query_hash: str = ""


@dataclass(frozen=True)
class _Entry:
    version: str
    kept: Kept
    status: str
    headers: tuple[tuple[str, str], ...]


class FastPath:
    """The middleware (see the module's description); ``hits`` counts answers it gave."""

    def __init__(self, app: WSGIApp, state: IkkanState, entries: int = ENTRIES) -> None:
        self.app = app
        self.state = state
        self.entries = entries
        self.hits = 0
        self._index: OrderedDict[tuple[str, ...], _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._index)

    def _key(self, environ: dict[str, Any]) -> tuple[str, ...] | None:
        if environ.get("REQUEST_METHOD") != "GET" or any(name in environ for name in _SKIP):
            return None
        if environ.get("CONTENT_LENGTH") not in (None, "", "0"):
            return None
        # The path as sent (gunicorn's RAW_URI also holds the query string; some servers' not).
        raw = environ.get("RAW_URI") or environ.get("REQUEST_URI") or environ.get("PATH_INFO")
        key = (
            str(raw or ""),
            environ.get("QUERY_STRING", ""),
            environ.get("HTTP_ACCEPT", ""),
            environ.get("HTTP_ACCEPT_LANGUAGE", ""),
            environ.get("HTTP_HOST", ""),
            environ.get("wsgi.url_scheme", ""),
        )
        return key if sum(map(len, key)) <= MAX_KEY_CHARS else None

    def _body(self, kept: Kept) -> bytes | None:
        if kept.cache == "result":
            result = self.state.result_cache.get(kept.tag)
            return None if result is None else result.body
        page = self.state.page_cache.get(kept.tag)
        return None if page is None else page.body

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        start = time.monotonic()
        key = self._key(environ)
        if key is None:
            return self.app(environ, start_response)
        version = self.state.version
        with self._lock:
            entry = self._index.get(key)
            if entry is not None:
                self._index.move_to_end(key)
        if entry is not None and entry.version == version:
            body = self._body(entry.kept)
            if body is not None:
                self.hits += 1
                start_response(entry.status, list(entry.headers))
                if entry.kept.query_hash:
                    _log(environ, start, entry.kept, len(body))
                return [body]
        caught: dict[str, Any] = {}

        def remember(status: str, headers: list[tuple[str, str]], *exc: Any) -> Any:
            caught["status"], caught["headers"] = status, headers
            return start_response(status, headers, *exc)

        answer = self.app(environ, remember)
        kept = environ.get(ENVIRON_KEY)
        if isinstance(kept, Kept) and str(caught.get("status", "")).startswith("200"):
            headers = tuple(
                (name, "hit" if name.lower() == "x-ikkan-cache" else value)
                for name, value in caught["headers"]
            )
            self._remember(key, _Entry(version, kept, caught["status"], headers))
        return answer

    def _remember(self, key: tuple[str, ...], entry: _Entry) -> None:
        with self._lock:
            self._index[key] = entry
            self._index.move_to_end(key)
            while len(self._index) > self.entries:
                self._index.popitem(last=False)


def _log(environ: dict[str, Any], start: float, kept: Kept, size: int) -> None:
    if log.isEnabledFor(logging.INFO):
        log.info(
            "query client=%s status=200 ms=%.1f rows=%d bytes=%d hash=%s",
            environ.get("REMOTE_ADDR") or "-",
            (time.monotonic() - start) * 1000,
            kept.rows,
            size,
            kept.query_hash,
        )
