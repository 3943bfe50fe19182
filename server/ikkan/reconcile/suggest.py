"""The suggest services (entities, types, properties) and the property proposals of data
extension.

Suggest answers ``prefix`` (and ``cursor``, the number of suggestions to skip) as the API asks:
entities whose name, reading or code starts with the prefix (乙女 finds 乙女小学校 and
乙女中学校, B1092 the schools whose codes begin so; an entity's id or IRI finds it), exact names
first, open schools before closed ones; types and properties whose id or name (Japanese or
English) contains it. Property proposals list what data extension can fetch for a type.
"""

from __future__ import annotations

from typing import Any

from .entities import PROPERTIES, TYPES, PropertyInfo, TypeInfo, type_of
from .index import Index
from .query import type_info
from .text import exact_key

DEFAULT_SUGGESTIONS = 10
MAX_SUGGESTIONS = 50
_BROADER = {"B1": "School", "C1": "School", "C2": "School"}


def type_entry(info: TypeInfo) -> dict[str, Any]:
    """A type as the API writes it, with its broader type."""
    entry: dict[str, Any] = {"id": info.id, "name": info.name}
    if info.school_kinds and info.id not in ("School", "EducationalInstitution"):
        broader = [TYPES["EducationalInstitution"]]
        kind = next(iter(info.school_kinds))
        if kind in _BROADER:
            broader.insert(0, TYPES[_BROADER[kind]])
        entry["broader"] = [{"id": b.id, "name": b.name} for b in broader]
    elif info.id == "School":
        broadest = TYPES["EducationalInstitution"]
        entry["broader"] = [{"id": broadest.id, "name": broadest.name}]
    return entry


def suggest_entities(
    index: Index, prefix: str, cursor: int, limit: int, type_id: str | None
) -> dict[str, Any]:
    wanted = type_info(type_id) if type_id else None
    found = index.suggest(prefix)
    # An entity's own id (or IRI) as the prefix finds it first, as the API expects.
    named = index.lookup_code(prefix) if prefix.strip() else None
    if named is not None:
        found = [named, *(i for i in found if i != named)]
    if wanted is not None:
        found = [i for i in found if wanted.admits(index.entities[i])]
    result = []
    for entity_id in found[cursor : cursor + limit]:
        entity = index.entities[entity_id]
        notable = type_of(entity)
        result.append(
            {
                "id": entity.id,
                "name": entity.name,
                "description": index.describe(entity),
                "notable": [{"id": notable.id, "name": notable.name}],
            }
        )
    return {"result": result}


def _contains(prefix: str, *texts: str) -> bool:
    key = exact_key(prefix)
    return any(key in exact_key(text) for text in texts)


def suggest_types(prefix: str, cursor: int, limit: int) -> dict[str, Any]:
    found = [t for t in TYPES.values() if _contains(prefix, t.id, t.ja, t.en)]
    return {"result": [type_entry(t) for t in found[cursor : cursor + limit]]}


def property_entry(info: PropertyInfo) -> dict[str, str]:
    entry = {"id": info.id, "name": info.name}
    if info.description:
        entry["description"] = info.description
    return entry


def suggest_properties(prefix: str, cursor: int, limit: int) -> dict[str, Any]:
    found = [p for p in PROPERTIES.values() if _contains(prefix, p.id, p.ja, p.en)]
    return {"result": [property_entry(p) for p in found[cursor : cursor + limit]]}


def propose_properties(type_id: str, limit: int) -> dict[str, Any]:
    """What data extension can fetch for entities of ``type_id`` (every property when the
    type is unknown to us)."""
    info = type_info(type_id)
    kinds = info.kinds if info is not None else None
    found = [p for p in PROPERTIES.values() if p.extend and (kinds is None or p.kinds & kinds)]
    return {
        "type": type_id,
        "limit": limit,
        "properties": [{"id": p.id, "name": p.name} for p in found[:limit]],
    }
