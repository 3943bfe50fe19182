"""Open the graph: the one place that chooses the backend from the settings.

``open_store(settings)`` returns a :class:`~ikkan.store.base.Store`: the embedded Oxigraph
store that ``ikkan build`` wrote (the default), or the SPARQL endpoint at ``store_url``. Both run
behind the same killable query processes, so nothing else in ikkan knows or asks which it got.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from ..settings import Settings
from .base import Engine, Store, StoreMissing
from .embedded import EmbeddedEngine
from .manifest import is_built, read_manifest
from .process_store import ProcessStore
from .processes import ProcessPool
from .remote import RemoteEngine


def open_store(settings: Settings) -> Store:
    """Open the store the settings name; raise :class:`StoreMissing` when it was never built."""
    factory: Callable[[], Engine]
    if settings.store_url:
        # The pool kills a query at its limit, which closes the connection to the store; the
        # socket timeout only guards a silent peer, and the store is told the limit too.
        factory = partial(
            RemoteEngine,
            settings.store_url,
            settings.query_timeout + 30,
            time_limit=settings.query_timeout,
            timeout_parameter=settings.store_timeout_parameter,
            graph_namespace=settings.base_iri + "graph/",
        )
    else:
        if not is_built(settings):
            raise missing_store(settings)
        factory = partial(
            EmbeddedEngine.open,
            settings.store_path,
            in_memory=settings.in_memory,
            base_iri=settings.base_iri,
        )
    # An embedded store with no SERVICE endpoint allowed needs no network at all: the query
    # processes are denied it, so no query text can make them connect anywhere.
    confine = not settings.store_url and not settings.service_endpoints
    pool = ProcessPool(factory, settings.query_workers, settings.query_wait, confine=confine)
    return ProcessStore(pool, settings, read_manifest(settings))


def missing_store(settings: Settings) -> StoreMissing:
    return StoreMissing(
        f"No store at {settings.store_path}: run `ikkan build` first "
        "(or set IKKAN_STORE_URL to serve from a SPARQL endpoint)."
    )


__all__ = ["Store", "StoreMissing", "is_built", "missing_store", "open_store"]
