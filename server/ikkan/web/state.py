"""What every request of one server process shares: the settings, the store and its caches.

:class:`IkkanState` lives in ``app.extensions["ikkan"]``; :func:`get_state` hands it to a view.
Everything a process keeps between requests is here, keyed by the data set version where it
depends on the data: the rendered-page cache, the SPARQL result cache, the editor's completions,
the reconciliation service's index, the list of named graphs. The data is read-only, so nothing
here can go stale while the version holds.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from flask import current_app, request

from ..reconcile import Service
from ..settings import Settings
from ..site.query_page.completions import Term
from ..site.search_index import INDEX_FILE
from ..store import Store

log = logging.getLogger(__name__)

# Named graphs are listed for the service description; a national graph has ~2,000.
_NAMED_GRAPHS_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } } ORDER BY ?g LIMIT 10000"
CACHE_ENTRIES = 256

T = TypeVar("T")


@dataclass(frozen=True)
class CachedResponse:
    """A rendered answer, kept to be sent again."""

    body: bytes
    status: int
    headers: tuple[tuple[str, str], ...]


class PageCache:
    """A bounded, thread-safe LRU of rendered responses, keyed by their ETag."""

    def __init__(self, size: int = CACHE_ENTRIES) -> None:
        self._size = size
        self._items: OrderedDict[str, CachedResponse] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> CachedResponse | None:
        with self._lock:
            entry = self._items.get(key)
            if entry is not None:
                self._items.move_to_end(key)
            return entry

    def put(self, key: str, entry: CachedResponse) -> None:
        with self._lock:
            self._items[key] = entry
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


@dataclass(frozen=True)
class CachedResult:
    """A complete SPARQL result (never an error, never a part of one), kept to be sent again."""

    media_type: str
    rows: int
    body: bytes


# What an entry costs beside its body: its key, the objects that hold it.
_ENTRY_OVERHEAD = 256


class ResultCache:
    """A bounded, thread-safe LRU of SPARQL results, keyed by the result's tag (which names the
    data set version, the query, its graphs and formats: :func:`ikkan.web.caching.result_tag`).

    It holds at most ``max_bytes`` (bodies and a fixed cost per entry); a result larger than
    an eighth of that is not kept, so that one large answer cannot empty it.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_bytes // 8
        self._items: OrderedDict[str, CachedResult] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def _cost(entry: CachedResult) -> int:
        return len(entry.body) + _ENTRY_OVERHEAD

    @property
    def size(self) -> int:
        """Bytes held now."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)

    def keeps(self, size: int) -> bool:
        """Whether a result of ``size`` bytes would be kept."""
        return size + _ENTRY_OVERHEAD <= self.max_entry_bytes

    def get(self, key: str) -> CachedResult | None:
        with self._lock:
            entry = self._items.get(key)
            if entry is not None:
                self._items.move_to_end(key)
            return entry

    def put(self, key: str, entry: CachedResult) -> None:
        cost = self._cost(entry)
        if cost > self.max_entry_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= self._cost(old)
            self._items[key] = entry
            self._bytes += cost
            while self._bytes > self.max_bytes:
                _, evicted = self._items.popitem(last=False)
                self._bytes -= self._cost(evicted)


class PerVersion(Generic[T]):
    """One value computed once per data set version (the data is read-only). Threads that
    ask while it is being computed wait for that computation rather than start their own
    (the reconciliation index takes seconds on the national list)."""

    def __init__(self) -> None:
        self._version: str | None = None
        self._value: T | None = None
        self._lock = threading.Lock()
        self._computing = threading.Lock()

    def _current(self, version: str) -> T | None:
        with self._lock:
            return self._value if self._version == version else None

    def get(self, version: str, compute: Callable[[], T]) -> T:
        value = self._current(version)
        if value is not None:
            return value
        with self._computing:
            value = self._current(version)
            if value is not None:
                return value
            value = compute()
            with self._lock:
                self._version, self._value = version, value
            return value


@dataclass
class IkkanState:
    """What every request of this process shares."""

    settings: Settings
    store: Store
    page_cache: PageCache = field(default_factory=PageCache, repr=False)
    result_cache: ResultCache = field(init=False, repr=False)
    completions: PerVersion[list[Term]] = field(default_factory=PerVersion, repr=False)
    reconcile: PerVersion[Service] = field(default_factory=PerVersion, repr=False)
    _named_graphs: tuple[str, ...] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.result_cache = ResultCache(self.settings.result_cache_bytes)

    @property
    def version(self) -> str:
        return self.store.info().version

    @property
    def search_index(self) -> str:
        """The build's text index, when there is one beside the store ("" otherwise)."""
        path = self.settings.build_path / INDEX_FILE
        return str(path) if path.is_file() else ""

    def named_graphs(self) -> tuple[str, ...]:
        """The store's named graphs, asked once per process (the data is read-only)."""
        if self._named_graphs is None:
            try:
                rows = self.store.select(_NAMED_GRAPHS_QUERY, timeout=10)
                self._named_graphs = tuple(str(row["g"].value) for row in rows if row["g"])
            except Exception:
                # The description is still useful without the list; try again next time.
                log.warning("could not list the named graphs", exc_info=True)
                return ()
        return self._named_graphs


def get_state() -> IkkanState:
    state: IkkanState = current_app.extensions["ikkan"]
    return state


def public_url(path: str) -> str:
    """The absolute URL of a local ``path``: on the public base URL when one is set, else on
    the host the request came to."""
    public = get_state().settings.public_base
    return (public or request.host_url.rstrip("/")) + path
