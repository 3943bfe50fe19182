"""What each query of an entity page costs, inside the query process, on a graph of N schools.

An entity page is one task in a query process (:mod:`ikkan.store.tasks`): its queries are asked
of the engine there, so the page's time is theirs plus the Python that joins them. This
benchmark runs that task in this process, over the engine the server would open (the synthetic
graph of ``ikkan bench compare``, generated or reused at ``--schools N``, default 5,000), for
``--repeat`` different schools (uncached: each page once, after one warm-up page), and prints
the median time of each named query of :mod:`ikkan.site.queries` per page (with how many times a
page asks it) and of the whole task. ``IKKAN_BENCH_IN_MEMORY=1`` loads the graph into memory
first, as ``ikkan serve --in-memory`` does. It passes or fails nothing.

``ikkan bench page_queries [--schools N] [--repeat N]``
"""

from __future__ import annotations

import os
import re
import statistics
import string
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from compare import prepare
from ikkan.namespaces import default_prefixes
from ikkan.settings import Settings
from ikkan.site import queries
from ikkan.site.entity_page import entity_page
from ikkan.store.base import StoreInfo
from ikkan.store.embedded import EmbeddedEngine
from ikkan.store.manifest import manifest_from_json
from ikkan.store.tasks import EngineStore


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Each named query of the site, as a pattern that its filled-in texts match."""
    found = []
    for name, template in vars(queries).items():
        if not name.isupper() or not isinstance(template, str):
            continue
        parts = []
        for literal, field, _spec, _conversion in string.Formatter().parse(template):
            parts.append(re.escape(literal))
            if field is not None:
                parts.append(".*?")
        found.append((name, re.compile("".join(parts) + r"\Z", re.DOTALL)))
    # The longest templates first: a short one may match a longer one's text.
    return sorted(found, key=lambda item: -len(item[1].pattern))


class TimedStore(EngineStore):
    """The query process's store, timing every query by the name of its template."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.patterns = _patterns()
        self.times: dict[str, list[float]] = defaultdict(list)

    def _name(self, query: str) -> str:
        return next((n for n, p in self.patterns if p.match(query)), "(other)")

    def _timed(self, method: Any, query: str, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return method(query, **kwargs)
        finally:
            self.times[self._name(query)].append((time.perf_counter() - started) * 1000)

    def select(self, query: str, **kwargs: Any) -> Any:
        return self._timed(super().select, query, **kwargs)

    def ask(self, query: str, **kwargs: Any) -> Any:
        return self._timed(super().ask, query, **kwargs)

    def construct(self, query: str, **kwargs: Any) -> Any:
        return self._timed(super().construct, query, **kwargs)


def run(settings: Settings, repeat: int) -> int:
    schools = int(os.environ.get("IKKAN_BENCH_SCHOOLS", "5000"))
    in_memory = os.environ.get("IKKAN_BENCH_IN_MEMORY", "") not in ("", "0", "false")
    cache = Path(os.environ.get("IKKAN_BENCH_DIR") or Path.home() / ".cache" / "ikkan-bench")
    data = prepare(schools, cache)
    started = time.perf_counter()
    engine = EmbeddedEngine.open(
        data.build / "store", in_memory=in_memory, base_iri=settings.base_iri
    )
    print(
        f"{engine.description}, opened in {time.perf_counter() - started:.1f} s; "
        f"{data.quads:,} quads; {repeat} school pages, each once, after one warm-up page"
    )
    store = TimedStore(
        engine,
        prefixes=default_prefixes(),
        allowed_services=frozenset(),
        max_results=settings.max_results,
        info=StoreInfo(engine.description, "bench", "bench", data.quads),
        manifest=manifest_from_json("{}"),
    )
    pages = [*data.subjects.schools[: repeat + 1]]
    totals: list[float] = []
    for number, school in enumerate(pages):
        if number == 1:
            store.times.clear()
        started = time.perf_counter()
        entity_page(store, iri=school, lang="ja", base=settings.base_iri, in_page=1)
        if number:
            totals.append((time.perf_counter() - started) * 1000)
    measured = max(len(totals), 1)
    print(f"{'query':<22} {'asked per page':>14} {'median ms':>10} {'max ms':>9}")
    by_cost = sorted(store.times.items(), key=lambda item: -sum(item[1]))
    for name, times in by_cost:
        print(
            f"{name:<22} {len(times) / measured:>14.1f} "
            f"{statistics.median(times):>10.2f} {max(times):>9.2f}"
        )
    if totals:
        queries_ms = sum(sum(t) for t in store.times.values()) / measured
        mean = statistics.fmean(totals)
        print(
            f"whole task: median {statistics.median(totals):.1f} ms, max {max(totals):.1f} ms; "
            f"on average {mean:.1f} ms a page, of which its queries {queries_ms:.1f} ms and "
            f"the Python around them {mean - queries_ms:.1f} ms"
        )
    return 0
