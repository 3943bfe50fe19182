"""Telling apart two things of the same name in one list: the nearest container that differs.

The source repeats its headings (each district's chapter has its own 「ねらい」 and 「形態・施設」),
so a list of sections, or of anything named alike, can show one name twice for two things.
:func:`qualify` gives each such value a qualifier: the label of its nearest container
(``dcterms:isPartOf``, ``ikkan:district``, … as in the breadcrumbs) at the first level where
its container differs from the others': 「形態・施設（…乙女中学校区…）」 beside
「形態・施設（…豊田中学校区…）」.
Things with no such container (an ontology class and a property with one label) are told apart
by their compact IRI (or their path under ``/id/``). Values whose name is not repeated within
their list are left as they are, and a list without repeats costs no query.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence

from ..store.base import Store
from . import queries
from .context import PARENT_PROPERTIES
from .entity import Value
from .labels import fetch_labels
from .sparql_terms import compact, values
from .sparql_terms import iri as iri_term

MAX_LEVELS = 4
MAX_NODES = 500


def _repeated(items: Sequence[Value]) -> list[set[str]]:
    """The groups of IRIs that share one text in ``items``."""
    by_text: dict[str, set[str]] = defaultdict(set)
    for value in items:
        if value.iri:
            by_text[value.text].add(value.iri)
    return [iris for iris in by_text.values() if len(iris) > 1]


def _parents(store: Store, nodes: set[str]) -> dict[str, str]:
    """Each node's most specific container, for the nodes that have one."""
    if not nodes:
        return {}
    rows = store.select(
        queries.CONTAINERS.format(
            nodes=values("s", sorted(nodes)[:MAX_NODES]),
            parents=", ".join(iri_term(p) for p in PARENT_PROPERTIES),
        )
    )
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for row in rows:
        if row["s"] is not None and row["p"] is not None and row["parent"] is not None:
            found[row["s"].value][row["p"].value] = row["parent"].value
    return {
        node: next(by_prop[p] for p in PARENT_PROPERTIES if p in by_prop)
        for node, by_prop in found.items()
    }


def _qualifiers(store: Store, groups: list[set[str]], lang: str) -> dict[str, str]:
    chains: dict[str, list[str]] = {iri: [] for group in groups for iri in group}
    frontier = {iri: iri for iri in chains}
    for _ in range(MAX_LEVELS):
        parents = _parents(store, set(frontier.values()))
        frontier = {iri: parents[top] for iri, top in frontier.items() if top in parents}
        for iri, parent in frontier.items():
            chains[iri].append(parent)
        if not frontier:
            break
    labels = fetch_labels(store, {p for chain in chains.values() for p in chain}, lang)

    def name(iri: str, level: int) -> str | None:
        chain = chains[iri]
        if len(chain) <= level:
            return None
        return labels.get(chain[level], (compact(chain[level]), ""))[0]

    found = {}
    for group in groups:
        for member in group:
            others = group - {member}
            for level in range(MAX_LEVELS):
                own = name(member, level)
                if own is not None and own not in {name(o, level) for o in others}:
                    found[member] = own
                    break
            else:
                found[member] = _short(member)
    return found


def _short(iri: str) -> str:
    """The compact IRI, or for an entity the path after ``/id/`` (``section/oyama-otome-3-1``)."""
    short = compact(iri)
    if short != iri:
        return short
    return iri.split("/id/", 1)[1] if "/id/" in iri else iri


def qualify(store: Store, lists: Sequence[list[Value]], lang: str) -> list[list[Value]]:
    """``lists`` with a qualifier on every value whose name another value of its list shares."""
    groups = [group for items in lists for group in _repeated(items)]
    if not groups:
        return [list(items) for items in lists]
    qualifiers = _qualifiers(store, groups, lang)
    out = []
    for items in lists:
        repeated = {iri for group in _repeated(items) for iri in group}
        out.append(
            [
                dataclasses.replace(v, qualifier=qualifiers.get(v.iri, ""))
                if v.iri in repeated
                else v
                for v in items
            ]
        )
    return out
