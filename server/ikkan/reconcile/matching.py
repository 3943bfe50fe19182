"""Matching one query: candidates, their features and scores, and when a match is certain.

A query's name is read every way it can be (:mod:`.text`): with a trailing 「（小山市）」 as a
hint, without a prefecture (栃木県), a founder (小山市立) or a municipality (小山市) in front —
each of which becomes a hint too — and with or without an ending that says the kind of school
(乙女小 is 乙女 + 小学校). Each reading is looked up in the index, exactly and then with old
and variant kanji folded; a name met nowhere is compared with the schools that share character
pairs with it (or every school of the municipality given).

Each candidate gets features (the API's ``features``): how its name matched (``name_exact``,
``name_variant``, ``name_stem`` — the name without its kind, when nothing says which kind —,
``name_similarity``), and, for every hint the query gives, whether the candidate agrees
(``type_match``, ``kind_match``, ``municipality_match``, ``prefecture_match``,
``status_match``, ``postal_code_match``), whether the school is ``open``, and how many
``namesakes`` share its name. The score (0–100) is the name's score times a penalty for each
disagreement. ``match`` is true for exactly one candidate or none: the single candidate whose
name is the same (exactly, else by variants) and that agrees with everything the query says,
with no other candidate like it. A school named the same in two municipalities is no match
until the municipality is given; a name that only resembles one is never a match.

A closed school is a candidate like any other, and the school its successor chain ends in is
offered beside it (``successor_of_candidate``), never as the match.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..national.mext.codes import KINDS
from .entities import (
    ABOLISHED,
    BRANCH,
    CLOSED,
    MAIN,
    MUNICIPALITY,
    OPEN,
    PREFECTURE,
    SCHOOL,
    WARD,
    Entity,
    TypeInfo,
)
from .index import Index, NameEntry
from .query import Query, Value
from .text import (
    KIND_SUFFIXES,
    bigrams,
    digits,
    exact_key,
    fold,
    founder_split,
    kind_readings,
    parentheses,
    similarity,
)

EXACT, VARIANT, STEM, STEM_VARIANT, FUZZY, CODE, SUCCESSOR = (
    "exact",
    "variant",
    "stem",
    "stem_variant",
    "fuzzy",
    "code",
    "successor",
)
NAME_SCORES = {EXACT: 1.0, CODE: 1.0, VARIANT: 0.97, STEM: 0.9, STEM_VARIANT: 0.87}
FUZZY_WEIGHT = 0.85
FUZZY_FLOOR = 0.5  # below this similarity a name is no candidate
FUZZY_POOL = 40  # schools compared per query, by shared character pairs
FUZZY_OTHER_KIND = 0.8  # a school of another kind than the name's ending says
PENALTIES = {
    "type_match": 0.5,
    "kind_match": 0.5,
    "municipality_match": 0.3,
    "prefecture_match": 0.3,
    "status_match": 0.6,
    "postal_code_match": 0.85,
}
UNRESOLVED_PENALTY = 0.9  # a municipality or prefecture given that names no place we know
CLOSED_PENALTY = 0.98  # closed, and the query says nothing of status: an open namesake first
SUCCESSOR_FACTOR = 0.9
POSTAL_BONUS = 3.0
_CERTAIN = (EXACT, VARIANT, CODE)

_KIND_WORDS: dict[str, frozenset[str]] = {}
for _suffix, _kind in KIND_SUFFIXES:
    _KIND_WORDS.setdefault(exact_key(_suffix), frozenset())
    _KIND_WORDS[exact_key(_suffix)] |= {_kind}
for _code, _k in KINDS.items():
    for _word in (_code, _k.ja, _k.en, _k.ontology_class, *_k.source_labels):
        _KIND_WORDS[exact_key(_word)] = frozenset({_code})
_KIND_WORDS.update(
    {
        exact_key(w): frozenset({c})
        for w, c in (
            ("elementary", "B1"),
            ("junior high", "C1"),
            ("junior high school", "C1"),
            ("middle school", "C1"),
            ("compulsory education school", "C2"),
            ("義務", "C2"),
            ("特支", "E1"),
        )
    }
)
_STATUS_WORDS = {
    **dict.fromkeys(("本校", "main", "1"), frozenset({MAIN, OPEN})),
    **dict.fromkeys(("分校", "branch", "2"), frozenset({BRANCH})),
    **dict.fromkeys(
        ("廃止", "閉校", "廃校", "closed", "abolished", "9"), frozenset({ABOLISHED, CLOSED})
    ),
    **dict.fromkeys(("open", "現存", "開校", "運営中"), frozenset({MAIN, BRANCH, OPEN})),
}


@dataclass
class Candidate:
    """One entity proposed for a query."""

    entity: Entity
    level: str
    name_score: float
    features: dict[str, bool | float | int] = field(default_factory=dict)
    score: float = 0.0
    match: bool = False
    successor_of: str | None = None

    @property
    def consistent(self) -> bool:
        """Agrees with every hint the query gives (and names no place we do not know)."""
        return not self.features.get("place_unknown") and all(
            self.features.get(name, True) for name in PENALTIES
        )


@dataclass
class Hints:
    """What a query says besides the name, resolved against the index."""

    types: tuple[TypeInfo, ...] = ()
    kinds: frozenset[str] | None = None
    municipalities: list[set[str]] = field(default_factory=list)  # each a set of places
    prefectures: list[set[str]] = field(default_factory=list)
    statuses: frozenset[str] | None = None
    postal: str | None = None
    codes: list[str] = field(default_factory=list)
    unresolved: bool = False  # a municipality or prefecture we cannot find

    @property
    def single_kind(self) -> str | None:
        if self.kinds is not None and len(self.kinds) == 1:
            return next(iter(self.kinds))
        return None


def kind_codes(value: str) -> frozenset[str] | None:
    """The kinds of school a word names: 小学校, 小, B1, ElementarySchool, elementary…"""
    key = exact_key(value)
    return _KIND_WORDS.get(key) or _KIND_WORDS.get(key.removesuffix("school"))


def status_codes(value: str) -> frozenset[str] | None:
    return _STATUS_WORDS.get(exact_key(value))


def _text(value: Value) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(int(value))
    if isinstance(value, str):
        return value
    return None


class Matcher:
    """Answers queries against one :class:`Index`."""

    def __init__(self, index: Index) -> None:
        self.index = index

    # -- hints -----------------------------------------------------------------------------

    def _places(self, value: Value, kinds: frozenset[str]) -> set[str]:
        if isinstance(value, dict):
            found = self.index.lookup_code(value["id"])
            if found and self.index.entities[found].kind in kinds:
                return {found}
            value = value.get("name", "")
        text = _text(value)
        return self.index.resolve_place(text, kinds) if text and text.strip() else set()

    def hints(self, query: Query) -> Hints:
        hints = Hints(types=query.types)
        for value in query.properties.get("inPrefecture", []):
            found = self._places(value, frozenset({PREFECTURE}))
            hints.prefectures.append(found)
            hints.unresolved |= not found
        prefectures = set().union(*hints.prefectures) if hints.prefectures else set()
        for value in query.properties.get("locatedIn", []):
            found = self._places(value, frozenset({MUNICIPALITY, WARD}))
            if prefectures and len(found) > 1:
                found = {i for i in found if self.index.entities[i].prefecture in prefectures}
            hints.municipalities.append(found)
            hints.unresolved |= not found
        kinds: set[str] = set()
        for value in query.properties.get("schoolKind", []):
            text = _text(value) if not isinstance(value, dict) else value.get("name", "")
            named = kind_codes(text or "")
            if named is None:
                hints.unresolved = True
            else:
                kinds |= named
        for info in query.types:
            if info.school_kinds:
                kinds = (kinds & info.school_kinds) if kinds else set(info.school_kinds)
        hints.kinds = frozenset(kinds) if kinds else None
        statuses: set[str] = set()
        for value in query.properties.get("listStatus", []):
            named = status_codes(_text(value) or "")
            if named:
                statuses |= named
        hints.statuses = frozenset(statuses) if statuses else None
        for value in query.properties.get("postalCode", []):
            number = digits(_text(value) or "")
            if len(number) == 7:
                hints.postal = number
        for value in query.properties.get("code", []):
            text = value["id"] if isinstance(value, dict) else _text(value)
            if text:
                hints.codes.append(text)
        return hints

    # -- names -----------------------------------------------------------------------------

    def _readings(
        self, text: str, hints: Hints
    ) -> tuple[list[tuple[str, str | None]], list[str], str | None]:
        """Every (name, kind) reading of the query, most literal first; the readings of its
        core (without the places in front) for comparing with names that differ, and the kind
        of school its ending says, if any; the places named in it become hints."""
        key, brackets = parentheses(exact_key(text))
        for bracket in brackets:
            self._add_place_hint(bracket, hints)
        forms = [key]
        for prefix, prefecture in self.index._prefecture_prefix(key):
            forms.append(key[len(prefix) :])
            hints.prefectures.append({prefecture})
        for form in list(forms):
            split = founder_split(form)
            if split:
                founder, rest = split
                if self._add_place_hint(founder, hints, quiet=True):
                    forms.append(rest)
                    continue
            place = self.index.municipality_prefix(form)
            if place is not None and self._add_place_hint(place, hints, quiet=True):
                rest = form[len(place) :]
                forms.append(rest[1:] if rest.startswith("立") and len(rest) > 1 else rest)
        readings: list[tuple[str, str | None]] = []
        for form in forms:
            for reading in kind_readings(form):
                if reading not in readings:
                    readings.append(reading)
        ends = kind_readings(forms[-1])[:2]
        core = [fold(text) for text, _ in ends]
        return readings, core, ends[-1][1]

    def _add_place_hint(self, text: str, hints: Hints, quiet: bool = False) -> bool:
        """Add the place ``text`` names as a hint; whether it named one."""
        found = self.index.resolve_place(text, frozenset({MUNICIPALITY, WARD}))
        if found:
            hints.municipalities.append(found)
            return True
        found = self.index.resolve_place(text, frozenset({PREFECTURE}))
        if found:
            hints.prefectures.append(found)
            return True
        if not quiet:
            hints.unresolved = True
        return False

    def _name_hits(
        self, readings: list[tuple[str, str | None]], hints: Hints
    ) -> dict[str, tuple[str, float]]:
        hits: dict[str, tuple[str, float]] = {}

        def keep(entity_id: str, level: str) -> None:
            score = NAME_SCORES[level]
            if entity_id not in hits or hits[entity_id][1] < score:
                hits[entity_id] = (level, score)

        for table, whole, stem in (
            (self.index.exact, EXACT, STEM),
            (self.index.variant, VARIANT, STEM_VARIANT),
        ):
            for text, kind in readings:
                key = text if table is self.index.exact else fold(text)
                for entry in table.get(key, ()):
                    level = self._level(entry, kind, hints, whole, stem)
                    if level:
                        keep(entry.entity, level)
        for text, kind in readings:
            if kind is not None:
                continue
            for key, level in ((text, EXACT), (fold(text), VARIANT)):
                for place in self.index.place_exact.get(key, ()) or self.index.place_variant.get(
                    key, ()
                ):
                    keep(place, level)
                if not hits:
                    for place in self.index.place_short.get(key, ()):
                        keep(place, VARIANT)
        return hits

    @staticmethod
    def _level(
        entry: NameEntry, kind: str | None, hints: Hints, whole: str, stem: str
    ) -> str | None:
        if entry.kind is None:  # a whole name
            return whole if kind is None else None
        if kind is not None:  # the query's ending says a kind
            return whole if kind == entry.kind else None
        if entry.naming or hints.single_kind == entry.kind:
            return whole
        return stem

    def _fuzzy(self, keys: list[str], hints: Hints, kind: str | None) -> dict[str, float]:
        """Schools whose names resemble the query's core: of the municipality given, else
        those sharing the most character pairs with it; a school of another kind than the
        name's ending says (栃木第1小: not 栃木東中学校) resembles it less."""
        keys = [key for key in keys if key]
        pool: set[str] = set()
        for places in hints.municipalities:
            for place in places:
                pool.update(self.index.schools_in.get(place, ()))
        if not pool:
            counts: Counter[str] = Counter()
            for key in keys:
                for gram in bigrams(key):
                    posting = self.index.grams.get(gram, ())
                    if len(posting) < 5000:
                        counts.update(posting)
            pool = {entity_id for entity_id, _ in counts.most_common(FUZZY_POOL)}
        found: dict[str, float] = {}
        for entity_id in pool:
            forms = self.index.forms.get(entity_id, ())
            best = max((similarity(k, f) for k in keys for f in forms), default=0.0)
            school_kind = self.index.entities[entity_id].school_kind
            if kind is not None and school_kind is not None and school_kind != kind:
                best *= FUZZY_OTHER_KIND
            if best >= FUZZY_FLOOR:
                found[entity_id] = best
        return found

    # -- features and score ------------------------------------------------------------------

    def _features(self, candidate: Candidate, hints: Hints) -> None:
        entity, features = candidate.entity, candidate.features
        features["name_exact"] = candidate.level in (EXACT, CODE)
        features["name_variant"] = candidate.level == VARIANT
        features["name_stem"] = candidate.level in (STEM, STEM_VARIANT)
        features["name_similarity"] = round(candidate.name_score, 3)
        if hints.types:
            features["type_match"] = any(t.admits(entity) for t in hints.types)
        if entity.kind == SCHOOL:
            if hints.kinds is not None:
                features["kind_match"] = entity.school_kind in hints.kinds
            if hints.municipalities:
                places = {entity.municipality, entity.ward} - {None}
                features["municipality_match"] = all(
                    bool(places & found) for found in hints.municipalities if found
                )
            if hints.statuses is not None:
                features["status_match"] = entity.status in hints.statuses
            if hints.postal is not None and entity.postal_code:
                features["postal_code_match"] = entity.postal_code == hints.postal
            features["open"] = not entity.is_closed
        elif hints.municipalities and entity.kind == WARD:
            features["municipality_match"] = all(
                bool({entity.id, entity.municipality} & found)
                for found in hints.municipalities
                if found
            )
        if hints.prefectures:
            features["prefecture_match"] = all(
                entity.prefecture in found for found in hints.prefectures if found
            )
        if hints.unresolved:
            features["place_unknown"] = True
        score = 100 * candidate.name_score
        for name, penalty in PENALTIES.items():
            if features.get(name) is False:
                score *= penalty
        if hints.unresolved:
            score *= UNRESOLVED_PENALTY
        if entity.is_closed and hints.statuses is None:
            score *= CLOSED_PENALTY
        if features.get("postal_code_match") is True:
            score = min(100.0, score + POSTAL_BONUS)
        candidate.score = round(score, 1)

    # -- one query ---------------------------------------------------------------------------

    def match(self, query: Query) -> list[Candidate]:
        """The candidates of ``query``, best first, at most its limit (and the successors of
        closed ones among them)."""
        hints = self.hints(query)
        found: dict[str, tuple[str, float]] = {}
        for text in [*hints.codes, query.text]:
            code = self.index.lookup_code(text) if text.strip() else None
            if code:
                found[code] = (CODE, 1.0)
        readings, core, kind = (
            self._readings(query.text, hints) if query.text.strip() else ([], [], None)
        )
        for entity_id, hit in self._name_hits(readings, hints).items():
            if entity_id not in found or found[entity_id][1] < hit[1]:
                found[entity_id] = hit
        if readings and not any(level in _CERTAIN for level, _ in found.values()):
            for entity_id, ratio in self._fuzzy(core, hints, kind).items():
                if entity_id not in found:
                    found[entity_id] = (FUZZY, FUZZY_WEIGHT * ratio)
        candidates = []
        for entity_id, (level, score) in found.items():
            entity = self.index.entities[entity_id]
            if hints.types and not any(entity.kind in t.kinds for t in hints.types):
                continue  # a school is never a municipality, whatever the name
            candidate = Candidate(entity, level, score)
            self._features(candidate, hints)
            candidates.append(candidate)
        self._namesakes(candidates)
        candidates.sort(key=_rank)
        self._decide(candidates)
        chosen = candidates[: query.limit]
        return self._with_successors(chosen, hints)

    def _namesakes(self, candidates: list[Candidate]) -> None:
        same = Counter(c.level for c in candidates if c.level in _CERTAIN)
        for candidate in candidates:
            if candidate.level in _CERTAIN:
                candidate.features["namesakes"] = same[candidate.level] - 1

    @staticmethod
    def _decide(candidates: list[Candidate]) -> None:
        for level in (CODE, EXACT, VARIANT):
            agreeing = [c for c in candidates if c.level == level and c.consistent]
            if agreeing:
                if len(agreeing) == 1:
                    agreeing[0].match = True
                return

    def _with_successors(self, chosen: list[Candidate], hints: Hints) -> list[Candidate]:
        out = list(chosen)
        present = {c.entity.id for c in out}
        for candidate in chosen:
            if not candidate.entity.is_closed:
                continue
            chain = self.index.successor_chain(candidate.entity)
            if not chain or chain[-1].id in present:
                continue
            successor = Candidate(chain[-1], SUCCESSOR, candidate.name_score)
            self._features(successor, hints)
            successor.features["successor_of_candidate"] = True
            successor.features["name_similarity"] = 0.0
            successor.score = round(candidate.score * SUCCESSOR_FACTOR, 1)
            successor.successor_of = candidate.entity.id
            present.add(successor.entity.id)
            out.insert(out.index(candidate) + 1, successor)
        return out


def _rank(candidate: Candidate) -> tuple[float, int, bool, int, str]:
    order = (CODE, EXACT, VARIANT, STEM, STEM_VARIANT, FUZZY, SUCCESSOR).index(candidate.level)
    entity = candidate.entity
    return (-candidate.score, order, entity.is_closed, len(entity.name), entity.id)
