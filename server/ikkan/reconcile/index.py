"""The reconciliation index: every name of every school and place, keyed for lookup.

Built once per data set version from the entities of :mod:`.graph` (about a second for the
whole MEXT list), then read by every query: a query is a few dictionary lookups and, when no
name is the same, a comparison with the schools that share character pairs with it, so a
hundred queries take milliseconds, not a hundred round trips to the store.

For a school, every Japanese name (the label, other labels, the name in the list) is keyed as a
whole (小山市立乙女小学校), without its founder (乙女小学校), as its branch or campus part
(北金丸分校, 六戸学園), and as its stem with the kind of school its ending says (乙女 + 小学校),
each by :func:`~.text.exact_key` and by :func:`~.text.variant_key`. A place is keyed by its
name, its own name (中央区 of 札幌市中央区), its name without 市・町・村・区 (小山), its reading,
its prefecture with its name (栃木県小山市) and its codes (092088, and the five digits without
the check digit, 09208, as many tables write them). A school without a municipality in the graph
is placed by the founder its name gives (「宇都宮市立」) when that names one municipality of its
prefecture. Prefix search for suggest services walks one sorted list of keys.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .entities import MUNICIPALITY, PREFECTURE, SCHOOL, STATUS_NAMES, WARD, Entity, type_of
from .text import (
    bigrams,
    exact_key,
    fold,
    founder_split,
    kind_stem,
    name_forms,
    parentheses,
)

SCHOOL_CODE = re.compile(r"[a-h][0-9]{12}")
# Stems that are names on their own: 東郷学園 of 東郷学園義務教育学校 is what people call it.
_NAMING_ENDS = ("学園", "学院", "学舎", "学校", "分校", "校舎")
_PLACE_ENDS = ("市", "町", "村", "区")
# Endings of romanised and English place names (Tochigi-ken, Oyama City), as keys.
_LATIN_ENDS = (
    "prefecture", "city", "town", "village", "ward", "ken", "to", "fu", "shi", "machi", "cho",
    "chou", "mura", "son", "ku",
)  # fmt: skip
SUGGEST_SCAN = 2000


@dataclass(frozen=True, slots=True)
class NameEntry:
    """One key of one entity: a whole name (``kind`` None) or a stem with its kind."""

    entity: str
    kind: str | None
    naming: bool = False  # a stem that is a name on its own (東郷学園)


def _place_keys(entity: Entity, prefecture_names: Iterable[str]) -> tuple[set[str], set[str]]:
    """Full keys (names, readings, prefecture + name) and short ones (小山 for 小山市)."""
    full: set[str] = set()
    short: set[str] = set()
    for name in (*entity.names, entity.kana or ""):
        key = exact_key(name)
        if not key:
            continue
        full.add(key)
        for prefix in prefecture_names:
            full.add(prefix + key)
        if entity.kind != PREFECTURE and key.endswith(_PLACE_ENDS) and len(key) > 1:
            short.add(key[:-1])
    for name in entity.latin:
        key = exact_key(name)
        full.add(key)
        for ending in _LATIN_ENDS:
            if key.endswith(ending) and len(key) > len(ending):
                full.add(key[: -len(ending)])
    if entity.kind == PREFECTURE and entity.code:
        number = entity.code[:2]
        full |= {number, str(int(number)), entity.code, f"jp-{number}"}
    elif entity.code:
        full |= {entity.code, entity.code[:5]}
    return full, short


class Index:
    """Every school and place, keyed for reconciliation and suggest."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.entities: dict[str, Entity] = {e.id: e for e in entities}
        self.by_code: dict[str, str] = {}
        self.exact: dict[str, list[NameEntry]] = defaultdict(list)
        self.variant: dict[str, list[NameEntry]] = defaultdict(list)
        self.forms: dict[str, tuple[str, ...]] = {}  # school → its variant keys, for fuzzy
        self.grams: dict[str, list[str]] = defaultdict(list)
        self.place_exact: dict[str, set[str]] = defaultdict(set)
        self.place_variant: dict[str, set[str]] = defaultdict(set)
        self.place_short: dict[str, set[str]] = defaultdict(set)
        self.municipality_prefixes: set[str] = set()  # full names: 小山市, 札幌市中央区
        self.prefecture_prefixes: dict[str, str] = {}  # 栃木県 → prefecture id
        self.schools_in: dict[str, list[str]] = defaultdict(list)  # municipality or ward
        self.predecessors: dict[str, list[str]] = defaultdict(list)  # school → closed into it
        self._suggest: list[tuple[str, str]] = []
        self._places()
        self._prefecture_numbers = {
            p.code[:2]: p.id for p in self.prefectures() if p.code and len(p.code) == 6
        }
        self._schools()
        self._suggest.sort()
        self._suggest_keys = [key for key, _ in self._suggest]

    # -- places ----------------------------------------------------------------------------

    def _places(self) -> None:
        places = [e for e in self.entities.values() if e.kind != SCHOOL]
        for entity in places:
            if entity.kind == WARD and entity.prefecture is None and entity.municipality:
                city = self.entities.get(entity.municipality)
                entity.prefecture = city.prefecture if city else None
        for entity in places:
            prefecture = self.entities.get(entity.prefecture or "")
            prefixes = (
                [exact_key(n) for n in prefecture.names]
                if prefecture is not None and entity.kind != PREFECTURE
                else []
            )
            full, short = _place_keys(entity, prefixes)
            for key in full:
                self.place_exact[key].add(entity.id)
                self.place_variant[fold(key)].add(entity.id)
            for key in short:
                self.place_short[key].add(entity.id)
                self.place_short[fold(key)].add(entity.id)
            if entity.code:
                self.by_code[entity.code] = entity.id
                if entity.kind != PREFECTURE:
                    self.by_code.setdefault(entity.code[:5], entity.id)
            for name in entity.names:
                key = exact_key(name)
                if entity.kind == PREFECTURE and key.endswith(("都", "道", "府", "県")):
                    self.prefecture_prefixes[key] = entity.id
                elif entity.kind != PREFECTURE and key.endswith(_PLACE_ENDS):
                    self.municipality_prefixes.add(key)
                self._suggest.append((key, entity.id))
            if entity.kana:
                self._suggest.append((exact_key(entity.kana), entity.id))
            if entity.code:
                self._suggest.append((entity.code, entity.id))

    def resolve_place(self, text: str, kinds: frozenset[str] | None = None) -> set[str]:
        """The places a name, reading or code may mean (小山市, 小山, おやまし, 092088, 09208,
        栃木県小山市, 下都賀郡野木町), limited to ``kinds``; empty when none."""
        key, _ = parentheses(exact_key(text))
        readings = self._place_readings(key)
        if key.isdigit() and 3 <= len(key) <= 5:
            # A spreadsheet writes the codes 092088 and 09208 as the numbers 92088 and 9208.
            readings += [key.zfill(6), key.zfill(5)]
        for candidate in readings:
            # Each table is asked with the kinds already applied: 栃木 is the prefecture in
            # one table and 栃木市 in the next, and a municipality column means the city.
            for table, lookup in (
                (self.place_exact, candidate),
                (self.place_variant, fold(candidate)),
                (self.place_short, candidate),
                (self.place_short, fold(candidate)),
            ):
                found = self._of_kinds(table.get(lookup, set()), kinds)
                if found:
                    return found
        return set()

    def _of_kinds(self, found: set[str], kinds: frozenset[str] | None) -> set[str]:
        return found if kinds is None else {i for i in found if self.entities[i].kind in kinds}

    def _place_readings(self, key: str) -> list[str]:
        readings = [key]
        for prefix, _ in self._prefecture_prefix(key):
            readings.append(key[len(prefix) :])
        for reading in list(readings):
            county = re.match(r"^(.+?郡)(.+[市町村])$", reading)
            if county:
                readings.append(county.group(2))
        return readings

    def _prefecture_prefix(self, key: str) -> list[tuple[str, str]]:
        return [
            (prefix, ident)
            for prefix, ident in self.prefecture_prefixes.items()
            if key.startswith(prefix) and len(key) > len(prefix)
        ]

    def municipality_prefix(self, key: str) -> str | None:
        """The longest full municipality name (小山市, 下都賀郡野木町) ``key`` starts with,
        when more follows it."""
        county = re.match(r"^(.+?郡)", key)
        start = len(county.group(1)) if county else 0
        for end in range(min(len(key) - 1, start + 12), start + 1, -1):
            if key[start:end] in self.municipality_prefixes:
                return key[:end]
        return None

    # -- schools ---------------------------------------------------------------------------

    def _schools(self) -> None:
        for entity in self.entities.values():
            if entity.kind != SCHOOL:
                continue
            if entity.code:
                self.by_code[entity.code.lower()] = entity.id
                self._suggest.append((entity.code.lower(), entity.id))
            if entity.prefecture is None:
                entity.prefecture = self._school_prefecture(entity)
            if entity.municipality is None:
                self._place_by_founder(entity)
            if entity.successor:
                self.predecessors[entity.successor].append(entity.id)
            for place in {entity.municipality, entity.ward} - {None}:
                assert place is not None
                self.schools_in[place].append(entity.id)
            cores: set[str] = set()  # the names without founder, folded: for fuzzy matching
            for name in entity.names:
                key, _ = parentheses(exact_key(name))
                split = founder_split(key)
                core = split[1] if split else key
                whole = {key, core, *name_forms(core)}
                for form in whole:
                    self._add(form, NameEntry(entity.id, None))
                    if form != key or not split:
                        cores.add(fold(form))
                    if entity.school_kind:
                        stem = kind_stem(form, entity.school_kind)
                        if stem:
                            naming = stem.endswith(_NAMING_ENDS)
                            self._add(stem, NameEntry(entity.id, entity.school_kind, naming))
                            cores.add(fold(stem))
                    self._suggest.append((form, entity.id))
            self.forms[entity.id] = tuple(sorted(cores))
            for gram in {g for v in cores for g in bigrams(v)}:
                self.grams[gram].append(entity.id)

    def _add(self, key: str, entry: NameEntry) -> None:
        if entry not in self.exact[key]:
            self.exact[key].append(entry)
        folded = fold(key)
        if entry not in self.variant[folded]:
            self.variant[folded].append(entry)

    def _school_prefecture(self, entity: Entity) -> str | None:
        if entity.code and SCHOOL_CODE.fullmatch(entity.code.lower()):
            found = self._prefecture_numbers.get(entity.code[2:4])
            if found:
                return found
        municipality = self.entities.get(entity.municipality or "")
        return municipality.prefecture if municipality else None

    def _place_by_founder(self, entity: Entity) -> None:
        for name in entity.names:
            split = founder_split(parentheses(exact_key(name))[0])
            if not split:
                continue
            places = {
                i
                for i in self.resolve_place(split[0], frozenset({MUNICIPALITY, WARD}))
                if self.entities[i].prefecture == entity.prefecture
            }
            if len(places) == 1:
                place = self.entities[places.pop()]
                if place.kind == WARD:
                    entity.ward, entity.municipality = place.id, place.municipality
                else:
                    entity.municipality = place.id
                entity.placed_by_name = True
                return

    # -- reading ---------------------------------------------------------------------------

    def prefectures(self) -> list[Entity]:
        return [e for e in self.entities.values() if e.kind == PREFECTURE]

    def lookup_code(self, text: str) -> str | None:
        """The entity a school code, local-government code, id or IRI names."""
        key = exact_key(text)
        found = self.by_code.get(key)
        if found:
            return found
        for entity_id in (text.strip(), text.strip().rsplit("/id/", 1)[-1]):
            if entity_id in self.entities:
                return entity_id
        return None

    def successor_chain(self, entity: Entity) -> list[Entity]:
        """The successors of a school, one after the other (A → B → C), without cycles."""
        chain: list[Entity] = []
        seen = {entity.id}
        current = entity
        while current.successor and current.successor not in seen:
            nxt = self.entities.get(current.successor)
            if nxt is None:
                break
            chain.append(nxt)
            seen.add(nxt.id)
            current = nxt
        return chain

    def place_name(self, entity: Entity) -> str:
        """Where a school or place is: 栃木県小山市 (a ward: 北海道札幌市中央区)."""
        parts = []
        prefecture = self.entities.get(entity.prefecture or "")
        if prefecture is not None and entity.kind != PREFECTURE:
            parts.append(prefecture.name)
        place = self.entities.get(entity.ward or entity.municipality or "")
        if entity.kind == SCHOOL and place is not None:
            parts.append(place.name)
        return "".join(parts)

    def describe(self, entity: Entity) -> str:
        """One line that tells an entity apart from its namesakes."""
        parts = [type_of(entity).ja]
        where = self.place_name(entity)
        if where:
            parts.append(where)
        if entity.kind == SCHOOL:
            if entity.status:
                status = STATUS_NAMES[entity.status][0]
                parts.append(f"{status} {entity.abolished}" if entity.abolished else status)
            if entity.code:
                parts.append(entity.code)
            chain = self.successor_chain(entity)
            if chain:
                last = chain[-1]
                parts.append(f"移行先：{last.name}" + (f"（{last.code}）" if last.code else ""))
        else:
            if entity.code:
                parts.append(entity.code)
            if entity.kana:
                parts.append(entity.kana)
        return "・".join(parts)

    def suggest(self, prefix: str) -> list[str]:
        """Entities with a name, reading or code that starts with ``prefix``, best first."""
        key = exact_key(prefix)
        if not key:
            return []
        start = bisect.bisect_left(self._suggest_keys, key)
        found: dict[str, bool] = {}
        for position in range(start, min(start + SUGGEST_SCAN, len(self._suggest))):
            name, entity_id = self._suggest[position]
            if not name.startswith(key):
                break
            found[entity_id] = found.get(entity_id, False) or name == key

        def rank(entity_id: str) -> tuple[int, int, int, str]:
            entity = self.entities[entity_id]
            return (not found[entity_id], entity.is_closed, len(entity.name), entity.name)

        return sorted(found, key=rank)
