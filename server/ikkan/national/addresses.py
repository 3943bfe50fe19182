"""Placing a school in its municipality by matching its address against the code list.

An address of the list begins with the prefecture, then the municipality: a city, town or
village (a town or village may follow its district, 郡, or on Tokyo's islands its
subprefecture, 支庁, neither a local government: ``長崎県西彼杵郡長与町``,
``東京都大島支庁利島村``), a special ward of Tokyo, or a designated city followed by one of its
wards (``北海道札幌市中央区``). The matcher reads exactly that: the row's prefecture (from its
school code; an address that names another prefecture is refused), then the longest
municipality name that the text continues with, directly or after a district name, then, for a
designated city, one of its wards. Names are compared after folding the variants the lists write
differently (NFKC width, ヶ/ケ), so ``市`` inside a name (四日市市, 市川市) or ``郡`` inside one
(郡山市, 大和郡山市) is not mistaken for a boundary. An address of several lines (a school with
two sites) is placed only when every line that names a municipality names the same one;
a leading note in brackets (``（前期）``) is skipped. Anything else is not guessed: the school is
left unplaced with the reason, for the report.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from .localgov import LocalGovernments, Municipality

NO_MATCH = "no municipality of the prefecture begins the address"
AMBIGUOUS = "more than one municipality matches"
OTHER_PREFECTURE = "the address names another prefecture than the school code"
SITES_DISAGREE = "the lines of the address name different municipalities"

_FOLD = str.maketrans({"ヶ": "ケ", "ヵ": "カ", "ｹ": "ケ"})
_LEADING_NOTE = re.compile(r"^\s*(?:[（(][^）)]*[）)]\s*)+")
# A district (…郡) or subprefecture (…支庁) name is at most this long, marker excluded.
_DISTRICT_SPAN = 8
_DISTRICT_MARKERS = ("郡", "支庁")


def fold(text: str) -> str:
    """``text`` as names are compared: NFKC, ヶ → ケ."""
    return unicodedata.normalize("NFKC", text).translate(_FOLD)


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an address lies: its municipality (the city, for a ward) and its ward, if any."""

    municipality: str
    ward: str | None
    matched: str  # the folded text that was matched


@dataclass(frozen=True, slots=True)
class Unplaced:
    reason: str
    candidates: tuple[str, ...] = ()


class AddressMatcher:
    """Matches addresses against one list of local governments."""

    def __init__(self, governments: LocalGovernments) -> None:
        self._prefecture_names: dict[str, str] = {}  # folded name → two-digit number
        for p in governments.prefectures.values():
            self._prefecture_names[fold(p.name)] = p.number
        self._by_prefecture: dict[str, dict[str, list[Municipality]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self._wards: dict[str, dict[str, list[Municipality]]] = defaultdict(
            lambda: defaultdict(list)
        )
        longest = 1
        for m in governments.municipalities.values():
            number = m.prefecture[:2]
            if m.city is None:
                self._by_prefecture[number][fold(m.name)].append(m)
            else:
                self._wards[m.city][fold(m.own_name)].append(m)
            longest = max(longest, len(m.own_name))
        self._longest = longest
        self._prefecture_longest = max(map(len, self._prefecture_names), default=0)

    def _names_at(
        self, table: dict[str, list[Municipality]], text: str, start: int
    ) -> list[tuple[int, Municipality]]:
        found = []
        for end in range(start + 1, min(len(text), start + self._longest) + 1):
            for m in table.get(text[start:end], ()):
                found.append((end, m))
        return found

    def _segment(self, text: str, prefecture: str) -> Placement | Unplaced:
        text = _LEADING_NOTE.sub("", fold(text))
        start = 0
        for end in range(2, min(len(text), self._prefecture_longest) + 1):
            number = self._prefecture_names.get(text[:end])
            if number is not None:
                if number != prefecture:
                    return Unplaced(OTHER_PREFECTURE, (text[:end],))
                start = end
                break
        table = self._by_prefecture.get(prefecture, {})
        candidates = self._names_at(table, text, start)
        for at in range(start + 1, min(len(text), start + _DISTRICT_SPAN + 1)):
            for marker in _DISTRICT_MARKERS:
                if text.startswith(marker, at):
                    candidates += [
                        (end, m)
                        for end, m in self._names_at(table, text, at + len(marker))
                        if m.name.endswith(("町", "村"))
                    ]
        if not candidates:
            return Unplaced(NO_MATCH)
        best = max(end for end, _ in candidates)
        chosen = {m.code: m for end, m in candidates if end == best}
        if len(chosen) > 1:
            return Unplaced(AMBIGUOUS, tuple(sorted(chosen)))
        municipality = next(iter(chosen.values()))
        wards = self._wards.get(municipality.code)
        if wards:
            found = self._names_at(wards, text, best)
            if found:
                ward_end = max(end for end, _ in found)
                ward = {m.code for end, m in found if end == ward_end}
                if len(ward) > 1:
                    return Unplaced(AMBIGUOUS, tuple(sorted(ward)))
                return Placement(municipality.code, ward.pop(), text[:ward_end])
        return Placement(municipality.code, None, text[:best])

    def place(self, address: str, prefecture: str) -> Placement | Unplaced:
        """Where ``address`` of a school of prefecture ``prefecture`` (two digits) lies."""
        lines = [line for line in address.splitlines() if line.strip()]
        if not lines:
            return Unplaced("the address is empty")
        results = [self._segment(line, prefecture) for line in lines]
        placed = {(r.municipality, r.ward): r for r in results if isinstance(r, Placement)}
        refused = [r for r in results if isinstance(r, Unplaced) and r.reason != NO_MATCH]
        if refused:
            return refused[0]
        if len(placed) == 1:
            return next(iter(placed.values()))
        if len(placed) > 1:
            codes = tuple(sorted({c for key in placed for c in key if c}))
            return Unplaced(SITES_DISAGREE, codes)
        return results[0]
