"""Reading a reconciliation query batch, checked as version 0.2 of the API defines it.

A batch is a JSON object of queries keyed by the client's ids (``{"q0": {…}, "q1": {…}}``). A
query has ``query`` (the name), or ``properties`` (at least one), or both; ``type`` (a type id
or a list of them), ``limit`` (a positive number of candidates) and ``type_strict`` (any,
should, all) are optional, and nothing else may be there. A property is ``{"pid": …, "v": …}``
whose value is a string, a number, a boolean, an entity ``{"id": …, "name": …}`` or a list of
those. Anything else is a :class:`ReconcileError` with status 400 that says which query and
which field; a batch with more queries than the limit is a 413 (the manifest's ``batchSize``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .entities import PROPERTIES, PROPERTY_ALIASES, TYPES, TypeInfo

MAX_QUERY_CHARS = 500
MAX_PROPERTIES = 20
MAX_VALUES = 20
DEFAULT_LIMIT = 5
MAX_LIMIT = 25
QUERY_FIELDS = ("query", "type", "limit", "properties", "type_strict")


class ReconcileError(Exception):
    """A request the service cannot answer; ``str()`` says why, ``status`` is the HTTP status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


Value = str | int | float | bool | dict[str, str]


@dataclass
class Query:
    """One query of a batch, checked."""

    key: str
    text: str = ""
    types: tuple[TypeInfo, ...] = ()
    limit: int = DEFAULT_LIMIT
    properties: dict[str, list[Value]] = field(default_factory=dict)  # by canonical pid


def type_info(type_id: str) -> TypeInfo | None:
    """The type a client names: ``ElementarySchool``, ``ikkan:ElementarySchool`` or the IRI."""
    local = type_id.strip().rsplit("#", 1)[-1]
    local = local.split(":", 1)[1] if local.startswith("ikkan:") else local
    return TYPES.get(local)


def property_id(pid: str) -> str | None:
    """The canonical id of a query property (its own, or an alias such as 市区町村)."""
    pid = pid.strip()
    if pid in PROPERTIES and PROPERTIES[pid].query:
        return pid
    local = pid.rsplit("#", 1)[-1]
    return local if local in PROPERTIES and PROPERTIES[local].query else PROPERTY_ALIASES.get(pid)


def _value(value: Any, where: str) -> Value:
    if isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return {"id": value["id"], "name": str(value.get("name", ""))}
    raise ReconcileError(
        f"{where}: a value is a string, a number, a boolean or an entity "
        '{"id": …, "name": …}, not ' + json.dumps(value, ensure_ascii=False)[:80]
    )


def _properties(items: Any, where: str) -> dict[str, list[Value]]:
    if not isinstance(items, list):
        raise ReconcileError(f"{where}: properties is a list of {{pid, v}} objects")
    if len(items) > MAX_PROPERTIES:
        raise ReconcileError(f"{where}: more than {MAX_PROPERTIES} properties")
    found: dict[str, list[Value]] = {}
    for number, item in enumerate(items):
        at = f"{where}, property {number}"
        if not isinstance(item, dict) or "pid" not in item or "v" not in item:
            raise ReconcileError(f"{at}: a property is an object with pid and v")
        if not isinstance(item["pid"], str):
            raise ReconcileError(f"{at}: pid is a string")
        pid = property_id(item["pid"])
        if pid is None:
            known = ", ".join(p.id for p in PROPERTIES.values() if p.query)
            raise ReconcileError(f"{at}: unknown property {item['pid'][:80]!r} (known: {known})")
        values = item["v"] if isinstance(item["v"], list) else [item["v"]]
        if len(values) > MAX_VALUES:
            raise ReconcileError(f"{at}: more than {MAX_VALUES} values")
        found.setdefault(pid, []).extend(_value(v, at) for v in values)
    return found


def _types(value: Any, where: str) -> tuple[TypeInfo, ...]:
    items = value if isinstance(value, list) else [value]
    types = []
    for item in items:
        if not isinstance(item, str):
            raise ReconcileError(f"{where}: type is a type id or a list of type ids")
        info = type_info(item)
        if info is None:
            known = ", ".join(TYPES)
            raise ReconcileError(f"{where}: unknown type {item[:80]!r} (known: {known})")
        types.append(info)
    return tuple(types)


def parse_query(key: str, body: Any) -> Query:
    where = f"query {key[:40]!r}"
    if not isinstance(body, dict):
        raise ReconcileError(f"{where}: a query is a JSON object")
    unknown = [name for name in body if name not in QUERY_FIELDS]
    if unknown:
        raise ReconcileError(
            f"{where}: unknown field {unknown[0][:40]!r} (a query has {', '.join(QUERY_FIELDS)})"
        )
    query = Query(key)
    if "query" in body:
        if not isinstance(body["query"], str):
            raise ReconcileError(f"{where}: query is a string")
        if len(body["query"]) > MAX_QUERY_CHARS:
            raise ReconcileError(f"{where}: query is longer than {MAX_QUERY_CHARS} characters")
        query.text = body["query"]
    if "properties" in body:
        query.properties = _properties(body["properties"], where)
    if not query.text.strip() and not query.properties:
        raise ReconcileError(f"{where}: give a query (a name) or at least one property")
    if "type" in body:
        query.types = _types(body["type"], where)
    if "limit" in body:
        limit = body["limit"]
        if isinstance(limit, bool) or not isinstance(limit, int | float) or limit < 1:
            raise ReconcileError(f"{where}: limit is a positive number")
        query.limit = min(int(limit), MAX_LIMIT)
    if "type_strict" in body and body["type_strict"] not in ("any", "should", "all"):
        raise ReconcileError(f"{where}: type_strict is any, should or all")
    return query


def parse_batch(text: str, max_batch: int) -> list[Query]:
    """The queries of a batch (the ``queries`` parameter's JSON text)."""
    try:
        batch = json.loads(text)
    except ValueError as exc:
        raise ReconcileError(f"queries is not JSON: {exc}") from None
    if not isinstance(batch, dict):
        raise ReconcileError('queries is a JSON object of queries: {"q0": {"query": "…"}}')
    if len(batch) > max_batch:
        raise ReconcileError(
            f"The batch has {len(batch):,} queries; this service takes at most {max_batch:,} "
            "at once (batchSize in its manifest): send smaller batches.",
            413,
        )
    return [parse_query(str(key), body) for key, body in batch.items()]
