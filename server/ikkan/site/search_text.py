"""When two texts are the same to search: one key for a query and for every label it may match.

:func:`search_key` is the rule: NFKC (full-width ``ＹＵＫＩ`` is ``YUKI``, half-width ``ﾕｳｷ`` is
``ユウキ``), case-folded, Latin marks dropped (``ū`` is ``u``, ``Ō`` is ``o``), and separators
dropped — spaces, hyphens and dashes, middle dots, underscores, apostrophes, full stops — so
``yuki tsumugi``, ``Yūki-tsumugi``, ``YUKITSUMUGI`` and ``結城 紬`` / ``結城紬`` each have one key.
A label matches a query when the label's key contains the query's key. Japanese marks that make
a different kana (the dakuten of ``ガ``) are kept.

:func:`label_pattern` writes, for a store that cannot compute the key, a regular expression
(XPath syntax, for SPARQL ``REGEX``) that matches every label whose key contains the query's
key: each character of the key stands for all the characters with that key, and separators may
fall anywhere between them. It may match a little more than the key does, so the caller keeps
only the labels whose key really contains the query's; it misses only labels that spell a
character with one whose key is longer (``ß`` for ``ss``, ``㍻`` for ``平成``). A text index
built with the store would store each label's key and need no pattern.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import defaultdict

# Separator characters beyond the Unicode categories of spaces (Z*), dashes (Pd) and
# connectors (Pc).
_SEPARATORS = frozenset("・·'’‘.")
# Where the characters that can stand for a Latin letter, a digit or a kana are found: Latin
# with its marks, general punctuation (dashes, spaces), kana, CJK punctuation, and the full-
# and half-width forms.
_RANGES = ((0x20, 0x24F), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x3000, 0x30FF), (0xFF00, 0xFFEF))
_HALF_WIDTH_MARKS = ("\uff9e", "\uff9f")  # ﾞ ﾟ
_KANA_MARKS = ("\u3099", "\u309a")  # combining (han)dakuten


def _is_separator(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] == "Z" or category in ("Pd", "Pc") or char in _SEPARATORS


def _drop_latin_marks(text: str) -> str:
    """``ū`` → ``u``, keeping the kana marks that make another letter (``ガ`` stays)."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(c for c in decomposed if not 0x300 <= ord(c) <= 0x36F)
    return unicodedata.normalize("NFC", kept)


def search_key(text: str) -> str:
    """The form of ``text`` that search compares: see the module's docstring."""
    folded = _drop_latin_marks(unicodedata.normalize("NFKC", text).casefold())
    return "".join(c for c in folded if not _is_separator(c))


@functools.cache
def _variants() -> tuple[dict[str, tuple[str, ...]], str]:
    """Each key character's spellings (single characters and kana with a separate mark), and
    the separator characters, from the ranges where variants live."""
    found: dict[str, set[str]] = defaultdict(set)
    separators = []
    for low, high in _RANGES:
        for point in range(low, high + 1):
            char = chr(point)
            if unicodedata.category(char) in ("Cc", "Cn", "Cs", "Co"):
                continue
            key = search_key(char)
            if key == "":
                separators.append(char)
            elif len(key) == 1:
                found[key].add(char)
    for base in [chr(p) for p in range(0xFF66, 0xFF9E)] + [chr(p) for p in range(0x3041, 0x30FB)]:
        for mark in (*_HALF_WIDTH_MARKS, *_KANA_MARKS):
            key = search_key(base + mark)
            if len(key) == 1 and key != search_key(base):
                found[key].add(base + mark)
    variants = {key: tuple(sorted(spellings)) for key, spellings in found.items()}
    return variants, "".join(sorted(separators))


_ESCAPE = set("\\.^$|?*+()[]{}-")


def _escape(text: str) -> str:
    return "".join("\\" + c if c in _ESCAPE else c for c in text)


def _class(chars: list[str]) -> str:
    return "[" + "".join(_escape(c) for c in chars) + "]"


def label_pattern(key: str) -> str:
    """A regular expression matching every text whose key contains ``key``."""
    variants, separators = _variants()
    gap = _class(list(separators)) + "*"
    parts = []
    for char in key:
        spellings = variants.get(char, ()) or (char,)
        single = sorted({s for s in (char, *spellings) if len(s) == 1})
        longer = sorted(s for s in spellings if len(s) > 1)
        one = _class(single) if len(single) > 1 else _escape(single[0])
        parts.append("(" + "|".join([one, *map(_escape, longer)]) + ")" if longer else one)
    return gap.join(parts)
