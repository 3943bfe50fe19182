"""The list's code tables as SKOS concept schemes: kinds of school, founders, statuses.

Each table of :mod:`..mext.codes` becomes a scheme (``id/scheme/school-kind``, …) whose
concepts carry the list's code as ``skos:notation`` and its Japanese and English names, so that
a count by kind, founder or status groups on one IRI per value. The schemes are written into
the MEXT graph from the same tables the parser checks rows against.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..iris import Iris
from ..mext.codes import FOUNDERS, KINDS, STATUSES
from . import terms as t
from .quads import GraphWriter

SCHEMES = {
    "school-kind": ("学校種", "Kinds of school"),
    "founder-category": ("設置区分", "Founder categories"),
    "list-status": ("本分校・廃止の区分", "Statuses in the school-code list"),
}
DEFINITIONS = {
    "school-kind": (
        "文部科学省の学校コードの学校種（A1 幼稚園 … H2 各種学校）。",
        "The kinds of school of MEXT's school codes (A1 kindergarten … H2 miscellaneous school).",
    ),
    "founder-category": (
        "学校コードの設置区分（1 国立、2 公立、3 私立）。",
        "The founder categories of the school codes (1 national, 2 public, 3 private).",
    ),
    "list-status": (
        "学校コード一覧の本分校の区分（1 本校、2 分校、9 廃止）。",
        "The status column of the school-code list (1 main school, 2 branch school, 9 abolished).",
    ),
}


class Concepts:
    """The concept nodes of the three schemes, by code."""

    def __init__(self, iris: Iris) -> None:
        self.kind = {c: t.node(iris.concept("school-kind", k.slug)) for c, k in KINDS.items()}
        self.founder = {
            c: t.node(iris.concept("founder-category", f.slug)) for c, f in FOUNDERS.items()
        }
        self.status = {c: t.node(iris.concept("list-status", s.slug)) for c, s in STATUSES.items()}


def write_schemes(w: GraphWriter, iris: Iris, concepts: Concepts) -> None:
    """The three schemes and their concepts."""
    tables: Iterable[tuple[str, dict[str, str], dict[str, tuple[str, str]]]] = (
        ("school-kind", concepts.kind, {c: (k.ja, k.en) for c, k in KINDS.items()}),
        ("founder-category", concepts.founder, {c: (f.ja, f.en) for c, f in FOUNDERS.items()}),
        ("list-status", concepts.status, {c: (s.ja, s.en) for c, s in STATUSES.items()}),
    )
    for name, nodes, labels in tables:
        scheme = w.node(iris.scheme(name))
        w.add(scheme, t.TYPE, t.CONCEPT_SCHEME)
        w.text(scheme, t.PREF_LABEL, SCHEMES[name][0], "ja")
        w.text(scheme, t.PREF_LABEL, SCHEMES[name][1], "en")
        w.text(scheme, t.DEFINITION, DEFINITIONS[name][0], "ja")
        w.text(scheme, t.DEFINITION, DEFINITIONS[name][1], "en")
        for code, concept in nodes.items():
            w.add(concept, t.TYPE, t.CONCEPT)
            w.add(concept, t.IN_SCHEME, scheme)
            w.add(concept, t.TOP_CONCEPT_OF, scheme)
            w.add(scheme, t.HAS_TOP_CONCEPT, concept)
            w.string(concept, t.NOTATION, code)
            w.text(concept, t.PREF_LABEL, labels[code][0], "ja")
            w.text(concept, t.PREF_LABEL, labels[code][1], "en")
