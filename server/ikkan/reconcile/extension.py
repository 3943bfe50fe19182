"""Data extension: the values of chosen properties for reconciled entities.

A query is ``{"ids": […], "properties": [{"id": …, "settings": {…}}]}``; the answer has
``meta`` (each property's id, name, and the type of its values when they are entities) and
``rows`` (for each id, for each property, a list of values: ``{"str": …}``, ``{"date": …}`` or an
entity ``{"id": …, "name": …}`` of this service's identifier space). An id the graph does not
hold gets empty lists; an unknown property, or a query that is not this shape, is a 400.
Dates are the list's days, written as the API's date pattern requires (midnight, Japan time).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..national.mext.codes import KINDS
from .entities import PROPERTIES, STATUS_NAMES, TYPES, Entity
from .index import Index
from .query import ReconcileError

ValueList = list[dict[str, Any]]


def _entity(index: Index, entity_id: str | None) -> ValueList:
    entity = index.entities.get(entity_id or "")
    return [{"id": entity.id, "name": entity.name}] if entity is not None else []


def _text(value: str | None) -> ValueList:
    return [{"str": value}] if value else []


def _municipality(index: Index, entity: Entity) -> Entity | None:
    return index.entities.get(entity.municipality or "")


VALUES: dict[str, Callable[[Index, Entity], ValueList]] = {
    "code": lambda index, e: _text(e.code),
    "locatedIn": lambda index, e: _entity(index, e.municipality) if e.is_school else [],
    "municipalityCode": lambda index, e: _text(
        m.code if (m := _municipality(index, e)) and e.is_school else None
    ),
    "locatedInWard": lambda index, e: _entity(index, e.ward) if e.is_school else [],
    "inPrefecture": lambda index, e: _entity(index, e.prefecture) if e.kind != "prefecture" else [],
    "schoolKind": lambda index, e: _text(KINDS[e.school_kind].ja if e.school_kind else None),
    "listStatus": lambda index, e: _text(STATUS_NAMES[e.status][0] if e.status else None),
    "postalCode": lambda index, e: _text(e.postal_code),
    "address": lambda index, e: _text(e.address),
    "abolished": lambda index, e: (
        [{"date": f"{e.abolished}T00:00:00+09:00"}] if e.abolished else []
    ),
    "successor": lambda index, e: _entity(index, e.successor),
    "currentSuccessor": lambda index, e: (
        _entity(index, chain[-1].id) if (chain := index.successor_chain(e)) else []
    ),
    "wikidata": lambda index, e: _text(e.wikidata),
    "municipalityWikidata": lambda index, e: _text(
        m.wikidata if (m := _municipality(index, e)) and e.is_school else None
    ),
    "kanaReading": lambda index, e: _text(e.kana),
    "wardOf": lambda index, e: _entity(index, e.municipality) if e.kind == "ward" else [],
}


def parse_extension(text: str, max_ids: int) -> tuple[list[str], list[str]]:
    """The ids and property ids of an extend query (its JSON text)."""
    try:
        body = json.loads(text)
    except ValueError as exc:
        raise ReconcileError(f"extend is not JSON: {exc}") from None
    if not isinstance(body, dict) or not isinstance(body.get("ids"), list):
        raise ReconcileError('extend is {"ids": […], "properties": [{"id": …}]}')
    ids = body["ids"]
    if not all(isinstance(i, str) for i in ids):
        raise ReconcileError("extend: ids is a list of strings")
    if len(ids) > max_ids:
        raise ReconcileError(
            f"extend: {len(ids):,} ids; this service takes at most {max_ids:,} at once", 413
        )
    properties = body.get("properties")
    if not isinstance(properties, list) or not all(
        isinstance(p, dict) and isinstance(p.get("id"), str) for p in properties
    ):
        raise ReconcileError('extend: properties is a list of {"id": …} objects')
    pids = []
    for item in properties:
        if item["id"] not in VALUES:
            known = ", ".join(VALUES)
            raise ReconcileError(f"extend: unknown property {item['id'][:80]!r} (known: {known})")
        if "settings" in item and not isinstance(item["settings"], dict):
            raise ReconcileError(f"extend: the settings of {item['id']!r} are an object")
        pids.append(item["id"])
    return ids, pids


def extend(index: Index, ids: list[str], pids: list[str]) -> dict[str, Any]:
    meta = []
    for pid in pids:
        info = PROPERTIES[pid]
        entry: dict[str, Any] = {"id": pid, "name": info.name}
        if info.entity_type is not None:
            value_type = TYPES[info.entity_type]
            entry["type"] = {"id": value_type.id, "name": value_type.name}
        meta.append(entry)
    rows: dict[str, dict[str, ValueList]] = {}
    for entity_id in ids:
        entity = index.entities.get(entity_id) or index.entities.get(
            index.lookup_code(entity_id) or ""
        )
        rows[entity_id] = {
            pid: (VALUES[pid](index, entity) if entity is not None else []) for pid in pids
        }
    return {"meta": meta, "rows": rows}
