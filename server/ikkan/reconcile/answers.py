"""Answering a batch of queries: candidates as the API writes them, within a time limit.

Each query is matched on its own (:mod:`.matching`); each candidate becomes ``{"id", "name",
"description", "type", "score", "match", "features"}``, best first. The batch has a time limit:
the clock is read between queries, and a batch past it is refused whole (503) with a message
that says how far it got (no half-answered batch reaches the client, who could not tell which
queries were left out).
"""

from __future__ import annotations

import time
from typing import Any

from .entities import type_of
from .index import Index
from .matching import Candidate, Matcher
from .query import Query, ReconcileError


def type_json(entity_type: Any) -> dict[str, str]:
    return {"id": entity_type.id, "name": entity_type.name}


def candidate_json(index: Index, candidate: Candidate) -> dict[str, Any]:
    entity = candidate.entity
    return {
        "id": entity.id,
        "name": entity.name,
        "description": index.describe(entity),
        "type": [type_json(type_of(entity))],
        "score": candidate.score,
        "match": candidate.match,
        "features": [{"id": name, "value": value} for name, value in candidate.features.items()],
    }


def answer_batch(
    index: Index, matcher: Matcher, queries: list[Query], time_limit: float
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """The result batch of ``queries``; a :class:`ReconcileError` past ``time_limit`` seconds."""
    start = time.monotonic()
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for done, query in enumerate(queries):
        # Read after each query: the first is always asked (one query is quick), and a batch
        # overruns its limit by one query at most.
        if done and time.monotonic() - start > time_limit:
            raise ReconcileError(
                f"The batch ran past its time limit of {time_limit:g} s after {done} of "
                f"{len(queries)} queries; send smaller batches.",
                503,
            )
        candidates = matcher.match(query)
        out[query.key] = {"result": [candidate_json(index, c) for c in candidates]}
    return out
