"""How many round trips to a query process an entity page costs, and how long it takes.

For a handful of entity pages of the built store, the page's work (:func:`ikkan.site.entity_page
.entity_page`) is run two ways over the same query processes: as the web process used to run
it, each query a round trip to a query process ("before"), and as it runs now, one task whose
queries the query process asks of its own engine ("after"). It prints, per page, the round
trips and queries of each way and the median time over ``--repeat`` runs (after a warm-up).
``ikkan bench page_round_trips [--repeat N] [--build-dir DIR | --store-url URL]``.
"""

from __future__ import annotations

import statistics
import sys
import time
from typing import Any

import pyoxigraph as ox

from ikkan.settings import Settings
from ikkan.site.entity_page import entity_page
from ikkan.store import is_built, open_store
from ikkan.store.base import UNION, GraphSelection, Store

PAGES = (
    "https://w3id.org/ikkan/id/municipality/092088",
    "https://w3id.org/ikkan/id/district/092088-otome",
    "https://w3id.org/ikkan/id/school/092088-kinu-ces",
    "https://w3id.org/ikkan/id/school/092088-fukura-es",
    "https://w3id.org/ikkan/id/grade/7",
)


class CountingStore:
    """A store that counts the round trips asked of it (each a job for a query process)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.round_trips = 0

    def select(
        self, query: str, *, timeout: float | None = None, graphs: GraphSelection = UNION
    ) -> list[ox.QuerySolution]:
        self.round_trips += 1
        return self._store.select(query, timeout=timeout, graphs=graphs)

    def ask(
        self, query: str, *, timeout: float | None = None, graphs: GraphSelection = UNION
    ) -> bool:
        self.round_trips += 1
        return self._store.ask(query, timeout=timeout, graphs=graphs)

    def construct(
        self, query: str, *, timeout: float | None = None, graphs: GraphSelection = UNION
    ) -> list[ox.Triple]:
        self.round_trips += 1
        return self._store.construct(query, timeout=timeout, graphs=graphs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def _median_ms(fn: Any, repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run(settings: Settings, repeat: int) -> int:
    if not settings.store_url and not is_built(settings):
        print(f"No store at {settings.store_path}: run `ikkan build` first.", file=sys.stderr)
        return 2
    store = open_store(settings)
    base = settings.base_iri
    try:
        print(f"{repeat} runs per page after a warm-up; {store.info().backend}")
        print(
            f"{'page':<44} {'before: trips':>13} {'ms':>8}   {'after: trips':>12} "
            f"{'queries':>8} {'ms':>8}"
        )
        for iri in PAGES:
            counting = CountingStore(store)
            arguments: dict[str, Any] = {"iri": iri, "lang": "ja", "base": base, "in_page": 1}
            if entity_page(counting, **arguments) is None:
                print(f"{iri}: not in this store", file=sys.stderr)
                continue
            before_trips = counting.round_trips
            before_ms = _median_ms(
                lambda a=arguments: entity_page(CountingStore(store), **a),
                repeat,
            )
            store.run_task("entity_page", **arguments)
            after_queries = getattr(store, "task_queries", 0)
            after_ms = _median_ms(lambda a=arguments: store.run_task("entity_page", **a), repeat)
            short = iri.split("/id/", 1)[-1]
            print(
                f"{short:<44} {before_trips:>13} {before_ms:>8.1f}   {1:>12} "
                f"{after_queries:>8} {after_ms:>8.1f}"
            )
    finally:
        store.close()
    return 0
