"""The national overview of 義務教育学校 (compulsory-education schools), per prefecture.

Every school of the list's kind C2 is counted in the prefecture its school code names (digits
3–4 of the code, the list's own prefecture code, so a school the build could not place in a
municipality still counts), open (本校, 分校) or closed (廃止); with the municipalities that
have an open one (by the build's placement), and for each school how many closed schools the
list names it the successor of (the schools merged into it, where the list says so). Two
queries for the whole country; the page is one task.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..store.base import Store
from ..store.tasks import task
from .entity import Value
from .labels import fetch_labels
from .links import page_href
from .page_context import PageContext
from .places import COMPULSORY_KIND, kind_iri
from .sparql_terms import IKKAN, compact, iri

MAX_SCHOOLS = 50_000
SHADES = 5  # classes of the choropleth table, from none to the most

SCHOOLS = (
    "SELECT ?s ?code ?listed ?m (COUNT(DISTINCT ?x) AS ?absorbed) WHERE {{ "
    f"?s <{IKKAN}schoolKind> {{kind}} ; <{IKKAN}schoolCode> ?code . "
    f"OPTIONAL {{{{ ?s <{IKKAN}listStatus> ?listed }}}} "
    f"OPTIONAL {{{{ ?s <{IKKAN}locatedIn> ?m }}}} "
    f"OPTIONAL {{{{ ?x <{IKKAN}successor> ?s }}}} "
    "}} GROUP BY ?s ?code ?listed ?m LIMIT {limit}"
)
PREFECTURES = (
    f"SELECT ?p ?code WHERE {{ ?p a <{IKKAN}Prefecture> ; <{IKKAN}localGovernmentCode> ?code }} "
    "LIMIT 1000"
)


@dataclass
class School:
    school: Value
    code: str
    municipality: Value | None
    closed: bool
    branch: bool
    absorbed: int


@dataclass
class PrefectureRow:
    prefecture: Value
    code: str  # the two-digit prefecture code
    schools: list[School] = field(default_factory=list)
    shade: int = 0
    bar: float = 0.0  # % of the widest bar

    @property
    def open(self) -> int:
        return sum(1 for s in self.schools if not s.closed)

    @property
    def closed(self) -> int:
        return sum(1 for s in self.schools if s.closed)

    @property
    def municipalities(self) -> int:
        return len({s.municipality.iri for s in self.schools if s.municipality and not s.closed})

    @property
    def absorbed(self) -> int:
        return sum(s.absorbed for s in self.schools)


@dataclass
class Overview:
    kind: Value
    prefectures: list[PrefectureRow]

    @property
    def open(self) -> int:
        return sum(p.open for p in self.prefectures)

    @property
    def closed(self) -> int:
        return sum(p.closed for p in self.prefectures)

    @property
    def municipalities(self) -> int:
        return sum(p.municipalities for p in self.prefectures)

    @property
    def absorbed(self) -> int:
        return sum(p.absorbed for p in self.prefectures)


@task("compulsory_overview")
def compulsory_overview(store: Store, *, lang: str, base: str) -> Overview:
    """Every 義務教育学校 of the list, by prefecture, as one task."""
    return overview(PageContext(store, lang, base))


def overview(ctx: PageContext) -> Overview:
    store, base = ctx.store, ctx.base
    kind = kind_iri(base, COMPULSORY_KIND)
    rows = store.select(SCHOOLS.format(kind=iri(kind), limit=MAX_SCHOOLS))
    prefectures = {
        r["code"].value[:2]: r["p"].value
        for r in store.select(PREFECTURES)
        if r["p"] is not None and r["code"] is not None
    }
    schools = [r["s"].value for r in rows if r["s"] is not None]
    municipalities = {r["m"].value for r in rows if r["m"] is not None}
    labels = fetch_labels(store, [kind, *prefectures.values(), *schools, *municipalities], ctx.lang)

    def value(i: str) -> Value:
        text, lang = labels.get(i, (compact(i), ""))
        return Value(text, lang, page_href(i, base), i)

    # Every prefecture has a row, with or without a 義務教育学校.
    by_prefecture = {code: PrefectureRow(value(p), code) for code, p in prefectures.items()}
    seen: dict[str, School] = {}
    for r in rows:
        s, code = r["s"], r["code"]
        if s is None or code is None:
            continue
        if s.value in seen:  # a school placed in two municipalities (the shapes forbid it)
            continue
        pref = code.value[2:4]
        if pref not in by_prefecture:
            where = prefectures.get(pref)
            shown = value(where) if where else Value(pref)
            by_prefecture[pref] = PrefectureRow(shown, pref)
        listed = r["listed"].value if r["listed"] is not None else ""
        school = School(
            school=value(s.value),
            code=code.value,
            municipality=value(r["m"].value) if r["m"] is not None else None,
            closed=listed.endswith("/abolished"),
            branch=listed.endswith("/branch"),
            absorbed=int(r["absorbed"].value) if r["absorbed"] is not None else 0,
        )
        seen[s.value] = school
        by_prefecture[pref].schools.append(school)
    ordered = [by_prefecture[p] for p in sorted(by_prefecture)]
    for row in ordered:
        row.schools.sort(key=lambda s: (s.closed, s.code))
    _shade(ordered)
    return Overview(value(kind), ordered)


def _shade(rows: list[PrefectureRow]) -> None:
    """Each row's bar (its open schools against the most) and its class in the table's
    colour scale: 0 for none, then equal steps up to the most (a choropleth without a map)."""
    top = max((r.open for r in rows), default=0)
    for r in rows:
        r.bar = round(100 * r.open / top, 1) if top else 0.0
        r.shade = 0 if not r.open else min(SHADES - 1, 1 + (SHADES - 2) * r.open // top)
