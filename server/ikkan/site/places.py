"""The schools of a municipality or a prefecture: lists, counts by kind, successor chains.

A municipality's page lists every school placed in it (by the build's matching of the list's
addresses, ``ikkan:locatedIn``; a designated city's ward by ``ikkan:locatedInWard``) and every
curated school the seed links to it, open and closed, as one row per entity: a curated school
that is also a row of MEXT's list is one entity, so it is one row with the list's facts and
the seed's status. Counts by kind split open (the list's 本校 and 分校) from closed (廃止); a
chart draws them, and the successor chains that start among the schools are followed to
their end. A prefecture's page counts its municipalities' schools by kind in one grouped query
and lists its 義務教育学校 with how many closed schools the list names each the successor of.
Each page costs a handful of queries whatever the size of the place.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..store.base import Store
from . import queries, succession
from .charts import NARROWEST, Column, ColumnChart, column_chart, fit
from .entity import Value
from .labels import fetch_labels
from .links import page_href
from .page_context import PageContext
from .school_facts import school_facts
from .sparql_terms import compact, iri, values

MAX_SCHOOLS = 20_000
MAX_MUNICIPALITIES = 2_000
COMPULSORY_KIND = "c2"  # the list's code of 義務教育学校


def kind_iri(base: str, code: str) -> str:
    return f"{base}id/school-kind/{code.lower()}"


def list_status_iri(base: str, name: str) -> str:
    return f"{base}id/list-status/{name}"


@dataclass
class KindCount:
    """Schools of one kind: open (本校, 分校) and closed (廃止), as the list has them."""

    kind: Value
    notation: str
    main: int = 0
    branch: int = 0
    closed: int = 0

    @property
    def open(self) -> int:
        return self.main + self.branch

    @property
    def total(self) -> int:
        return self.open + self.closed


@dataclass
class SchoolRow:
    """One school of a municipality: the list's facts, the seed's status, its chain."""

    school: Value
    code: str
    kind: Value | None
    listed: Value | None  # the list's 本校 / 分校 / 廃止
    set_date: str
    abolished: str
    seed_status: Value | None
    curated: bool  # the seed says something of it
    successors: list[succession.Step] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return self.listed is not None and (self.listed.iri or "").endswith("/abolished")


@dataclass
class MunicipalitySchools:
    rows: list[SchoolRow]
    counts: list[KindCount]
    chart: ColumnChart | None
    chains: list[succession.Chain]
    programme: Value | None

    @property
    def open(self) -> int:
        return sum(c.open for c in self.counts)

    @property
    def closed(self) -> int:
        return sum(c.closed for c in self.counts)


@dataclass
class MunicipalityCounts:
    municipality: Value
    code: str
    counts: dict[str, KindCount]

    @property
    def open(self) -> int:
        return sum(c.open for c in self.counts.values())

    @property
    def closed(self) -> int:
        return sum(c.closed for c in self.counts.values())


@dataclass
class KindSchool:
    """A school of one kind in a prefecture, with the closed schools it took over."""

    school: Value
    municipality: Value
    code: str
    listed: Value | None
    absorbed: int


@dataclass
class PrefectureSchools:
    kinds: list[Value]
    municipalities: list[MunicipalityCounts]
    totals: list[KindCount]
    compulsory: list[KindSchool]

    @property
    def open(self) -> int:
        return sum(c.open for c in self.totals)

    @property
    def closed(self) -> int:
        return sum(c.closed for c in self.totals)

    @property
    def with_schools(self) -> int:
        return sum(1 for m in self.municipalities if m.counts)


def _value(i: str, labels: dict[str, tuple[str, str]], base: str) -> Value:
    text, lang = labels.get(i, (compact(i), ""))
    return Value(text, lang, page_href(i, base), i)


def _notations(store: Store, kinds: set[str]) -> dict[str, str]:
    if not kinds:
        return {}
    rows = store.select(queries.SCHOOL_KINDS.format(kinds=values("kind", kinds)))
    return {r["kind"].value: r["notation"].value for r in rows if r["kind"] and r["notation"]}


def _count(counts: dict[str, KindCount], kind: Value, notation: str, listed: str, n: int) -> None:
    key = kind.iri or ""
    if key not in counts:
        counts[key] = KindCount(kind, notation)
    count = counts[key]
    if listed.endswith("/abolished"):
        count.closed += n
    elif listed.endswith("/branch"):
        count.branch += n
    elif listed:
        count.main += n


def _ordered(counts: dict[str, KindCount]) -> list[KindCount]:
    return sorted(counts.values(), key=lambda c: (c.notation or "~", c.kind.text))


def municipality_schools(ctx: PageContext, place: str) -> MunicipalitySchools | None:
    """Every school of the municipality (or ward), or None when it has none."""
    store, base = ctx.store, ctx.base
    node = iri(place)
    rows = store.select(queries.PLACE_SCHOOLS.format(place=node, limit=MAX_SCHOOLS))
    schools = [r["s"].value for r in rows if r["s"] is not None]
    if not schools:
        return None
    facts = school_facts(store, schools)
    chains = succession.from_schools(ctx, facts)
    objects = {v for f in facts.values() for k, v in f.items() if k in ("kind", "listed", "seed")}
    programme = _programme(store, place)
    labels = fetch_labels(store, [*facts, *objects, *([programme] if programme else [])], ctx.lang)
    notations = _notations(store, {f["kind"] for f in facts.values() if "kind" in f})

    def optional(i: str | None) -> Value | None:
        return None if i is None else _value(i, labels, base)

    school_rows = []
    counts: dict[str, KindCount] = {}
    for s, f in facts.items():
        kind = optional(f.get("kind"))
        chain = chains.chain(s) if s in chains.successors else None
        school_rows.append(
            SchoolRow(
                school=_value(s, labels, base),
                code=f.get("code", ""),
                kind=kind,
                listed=optional(f.get("listed")),
                set_date=f.get("set", ""),
                abolished=f.get("abolished", ""),
                seed_status=optional(f.get("seed")),
                curated="seed" in f,
                successors=list(chain.steps[1:]) if chain else [],
            )
        )
        if kind is not None:
            _count(counts, kind, notations.get(kind.iri or "", ""), f.get("listed", ""), 1)
    ordered = _ordered(counts)
    school_rows.sort(
        key=lambda r: (
            notations.get(r.kind.iri or "", "~") if r.kind else "~",
            r.closed,
            r.code or "~",
            r.school.text,
        )
    )
    return MunicipalitySchools(
        rows=school_rows,
        counts=ordered,
        chart=_chart(ordered, ctx.lang),
        chains=chains.chains(facts),
        programme=optional(programme),
    )


def _programme(store: Store, place: str) -> str | None:
    rows = store.select(queries.PROGRAMMES.format(e=values("e", [place])))
    found = sorted(r["p"].value for r in rows if r["p"] is not None)
    return found[0] if found else None


def _chart(counts: list[KindCount], lang: str) -> ColumnChart | None:
    """Open and closed schools of each kind, side by side."""
    if not counts:
        return None
    ja = lang == "ja"
    columns = []
    # A kind's name stands once, under its open column, and may take the room of its pair of
    # columns in the narrowest chart, no more, so that neighbours never overlap (the legend
    # tells open from closed; the description keeps the whole name).
    room = NARROWEST * 0.9 / len(counts)
    for c in counts:
        groups = ((0, c.open, "開校", "open"), (1, c.closed, "廃止", "closed"))
        for group, n, word_ja, word_en in groups:
            columns.append(
                Column(
                    label=fit(c.kind.text, room) if group == 0 else "",
                    value=n,
                    note=word_ja if ja else word_en,
                    group=group,
                    description=(
                        f"{c.kind.text}（{word_ja}）: {n}校"
                        if ja
                        else f"{c.kind.text} ({word_en}): {n}"
                    ),
                )
            )
    title = "学校種別の学校数（開校・廃止）" if ja else "Schools by kind, open and closed"
    description = (
        "学校コード一覧による学校種ごとの開校中（本校・分校）と廃止の学校数。"
        if ja
        else "Schools of each kind in the school-code list: open (main and branch) and closed."
    )
    return column_chart(title, description, columns)


def prefecture_schools(ctx: PageContext, place: str) -> PrefectureSchools | None:
    """The prefecture's municipalities with their schools counted by kind, and its
    義務教育学校; None when it has no municipality."""
    store, base = ctx.store, ctx.base
    node = iri(place)
    rows = store.select(
        queries.PREFECTURE_MUNICIPALITIES.format(place=node, limit=MAX_MUNICIPALITIES)
    )
    codes = {r["m"].value: r["code"].value for r in rows if r["m"] and r["code"]}
    if not codes:
        return None
    counted = store.select(queries.PREFECTURE_COUNTS.format(place=node, limit=MAX_SCHOOLS))
    compulsory = store.select(
        queries.PREFECTURE_KIND_SCHOOLS.format(
            place=node, kind=iri(kind_iri(base, COMPULSORY_KIND)), limit=MAX_SCHOOLS
        )
    )
    kinds = {r["kind"].value for r in counted if r["kind"]}
    listed = {r["listed"].value for r in compulsory if r["listed"]}
    schools = [r["s"].value for r in compulsory if r["s"]]
    labels = fetch_labels(store, [*codes, *kinds, *listed, *schools], ctx.lang)
    notations = _notations(store, kinds)
    by_municipality: dict[str, dict[str, KindCount]] = defaultdict(dict)
    totals: dict[str, KindCount] = {}
    for r in counted:
        if r["m"] is None or r["kind"] is None or r["n"] is None:
            continue
        kind = _value(r["kind"].value, labels, base)
        notation = notations.get(kind.iri or "", "")
        status = r["listed"].value if r["listed"] is not None else ""
        n = int(r["n"].value)
        _count(by_municipality[r["m"].value], kind, notation, status, n)
        _count(totals, kind, notation, status, n)
    ordered_totals = _ordered(totals)
    municipalities = [
        MunicipalityCounts(_value(m, labels, base), code, by_municipality.get(m, {}))
        for m, code in sorted(codes.items(), key=lambda mc: mc[1])
    ]
    compulsory_schools = [
        KindSchool(
            school=_value(r["s"].value, labels, base),
            municipality=_value(r["m"].value, labels, base),
            code=r["code"].value if r["code"] is not None else "",
            listed=_value(r["listed"].value, labels, base) if r["listed"] is not None else None,
            absorbed=int(r["absorbed"].value) if r["absorbed"] is not None else 0,
        )
        for r in compulsory
        if r["s"] is not None and r["m"] is not None
    ]
    return PrefectureSchools(
        kinds=[c.kind for c in ordered_totals],
        municipalities=municipalities,
        totals=ordered_totals,
        compulsory=compulsory_schools,
    )
