"""The ontology's subproperty and subclass hierarchies, asked once per data set version.

A page sets apart what the build derived from a subproperty or subclass (``dcterms:source``
beside ``ikkan:statedIn``). Asking the graph which of a page's terms are above which others costs
a property-path query on every page; the hierarchies are small and cannot change while the data
set version holds, so each query process asks for them once (``store.remember``) and every page
after looks them up. A graph whose hierarchies are larger than :data:`MAX_PAIRS` pairs is not
kept: its pages ask as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from ..store.base import Store
from . import queries

MAX_PAIRS = 50_000


@dataclass(frozen=True)
class Hierarchy:
    """Every (sub, super) pair along one or more ``rdfs:subPropertyOf`` or ``rdfs:subClassOf``
    steps, by sub and by super."""

    property_pairs: frozenset[tuple[str, str]]
    class_pairs: frozenset[tuple[str, str]]

    @cached_property
    def subproperties(self) -> dict[str, frozenset[str]]:
        """super -> the properties below it."""
        below: dict[str, set[str]] = defaultdict(set)
        for sub, sup in self.property_pairs:
            below[sup].add(sub)
        return {sup: frozenset(subs) for sup, subs in below.items()}

    def supers_among(self, terms: Iterable[str]) -> set[str]:
        """Which of ``terms`` are a superproperty or superclass of another of them."""
        given = set(terms)
        return {
            sup
            for sub, sup in (*self.property_pairs, *self.class_pairs)
            if sub != sup and sub in given and sup in given
        }

    def subproperty_pairs(self, subs: Iterable[str], supers: Iterable[str]) -> set[tuple[str, str]]:
        """The (sub, super) property pairs with sub in ``subs`` and super in ``supers``."""
        below, above = set(subs), set(supers)
        return {(sub, sup) for sub, sup in self.property_pairs if sub in below and sup in above}


def _pairs(store: Store, template: str) -> frozenset[tuple[str, str]] | None:
    rows = store.select(template.format(limit=MAX_PAIRS + 1))
    if len(rows) > MAX_PAIRS:
        return None
    return frozenset(
        (row["sub"].value, row["super"].value)
        for row in rows
        if row["sub"] is not None and row["super"] is not None
    )


def _ask(store: Store) -> Hierarchy | None:
    properties = _pairs(store, queries.SUB_PROPERTY_CLOSURE)
    classes = _pairs(store, queries.SUB_CLASS_CLOSURE)
    if properties is None or classes is None:
        return None
    return Hierarchy(properties, classes)


def hierarchy(store: Store) -> Hierarchy | None:
    """The graph's hierarchies, or None when they are too large to keep."""
    return store.remember("hierarchy", lambda: _ask(store))
