"""The few facts a table or a chain shows of many schools at once, in two bounded queries.

Code, kind, the list's status (本校 / 分校 / 廃止), the seed's status, and from the list's record
the date its row was set and the date it was abolished: asked for a batch of schools by a
``VALUES`` block, the school's own triples in one query and its record's in another (apart,
each is a few index lookups per school; joined with OPTIONALs, Oxigraph scans).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..store.base import Store
from . import queries
from .sparql_terms import IKKAN, iri, values

BATCH = 500
# The key a page reads each fact by, and the property that states it.
OWN = {
    "code": IKKAN + "schoolCode",
    "kind": IKKAN + "schoolKind",
    "listed": IKKAN + "listStatus",
    "seed": IKKAN + "status",
}
RECORDED = {
    "set": IKKAN + "setDateInRecord",
    "abolished": IKKAN + "abolishedInRecord",
}


def school_facts(store: Store, schools: Iterable[str]) -> dict[str, dict[str, str]]:
    """school IRI → {key: value} for the keys of :data:`OWN` and :data:`RECORDED` it has (one
    value each: the smallest, so a page is the same from run to run)."""
    wanted = sorted(set(schools))
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for template, table in ((queries.SCHOOL_FACTS, OWN), (queries.RECORD_FACTS, RECORDED)):
        key_of = {p: k for k, p in table.items()}
        properties = ", ".join(iri(p) for p in table.values())
        for start in range(0, len(wanted), BATCH):
            batch = wanted[start : start + BATCH]
            query = template.format(
                schools=values("s", batch), properties=properties, limit=len(batch) * 20
            )
            for row in store.select(query):
                s, p, o = row["s"], row["p"], row["o"]
                if s is None or p is None or o is None or p.value not in key_of:
                    continue
                facts = found[s.value]
                key = key_of[p.value]
                if key not in facts or o.value < facts[key]:
                    facts[key] = o.value
    return {s: dict(found.get(s, {})) for s in wanted}
