"""One reconciliation service per data set version: the index and everything that reads it.

:func:`load_service` asks the store for every school and place (the task of :mod:`.graph`, one
round trip, under the store's time limit) and builds the :class:`~.index.Index`; the web
process keeps the service for as long as the data set version holds, and ``ikkan link`` builds
one per run. The methods are the API's operations, each answering in its JSON shapes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from ..store.base import Store
from . import answers, extension, suggest
from .entities import Entity
from .index import Index
from .matching import Candidate, Matcher
from .preview import Preview, preview
from .query import Query, parse_batch


@dataclass
class Service:
    index: Index
    matcher: Matcher
    built_in: float = 0.0  # seconds to read the graph and build the index

    @classmethod
    def from_entities(cls, entities: list[Entity], built_in: float = 0.0) -> Service:
        index = Index(entities)
        return cls(index, Matcher(index), built_in)

    def reconcile(self, batch: str, max_batch: int, time_limit: float) -> dict[str, Any]:
        """The result batch of a ``queries`` parameter."""
        queries = parse_batch(batch, max_batch)
        return answers.answer_batch(self.index, self.matcher, queries, time_limit)

    def match(self, query: Query) -> list[Candidate]:
        return self.matcher.match(query)

    def extend(self, text: str, max_ids: int) -> dict[str, Any]:
        ids, pids = extension.parse_extension(text, max_ids)
        return extension.extend(self.index, ids, pids)

    def suggest_entities(
        self, prefix: str, cursor: int, limit: int, type_id: str | None
    ) -> dict[str, Any]:
        return suggest.suggest_entities(self.index, prefix, cursor, limit, type_id)

    def preview(self, entity_id: str) -> Preview | None:
        return preview(self.index, entity_id)


def load_service(store: Store, base_iri: str) -> Service:
    """Read the graph and build its service (seconds on the whole MEXT list)."""
    start = time.monotonic()
    entities: list[Entity] = store.run_task("reconcile_entities", base=base_iri)
    return Service.from_entities(entities, time.monotonic() - start)
