"""What MEXT's school-code list records of a school, field by field, with the list as its source.

A school that is a row of the list has a registry record (``ikkan:RegistryRecord``,
``ikkan:recordOf`` the school) that keeps the row's own words: name, kind, status, address,
postal code, the date MEXT set the row, the date it abolished it, the successor's code and name.
A school page shows them as the list's statements, in the list's order, cited to the list
(``ikkan:identifierSource``: publisher's title, reference date, terms), apart from what a curated
source document says of the same school, which the page cites to its sections. The date the
row was set is the list's date, never an opening date: the list gives 2020-12-22 to every row
that existed when it began.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from . import queries
from .entity import Value, language_tag
from .labels import fetch_labels
from .links import page_href
from .page_context import PageContext
from .sparql_terms import IKKAN, compact, iri, values

# The record's fields in the order of the list, with what the page calls them (ja, en).
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("schoolCode", "学校コード", "School code"),
    ("nameInRecord", "学校名（一覧の表記）", "Name in the list"),
    ("kindInRecord", "学校種（一覧の表記）", "Kind in the list"),
    ("statusInRecord", "本分校・廃止の別（一覧の表記）", "Status in the list"),
    ("addressInRecord", "所在地（一覧の表記）", "Address in the list"),
    ("postalCodeInRecord", "郵便番号", "Postal code"),
    ("setDateInRecord", "一覧の属性情報設定年月日", "Date the list set this row"),
    ("abolishedInRecord", "一覧の廃止年月日", "Date the list records it abolished"),
    ("successorCode", "移行後の学校コード", "Successor's school code"),
    ("successorInRecord", "移行後の学校", "Successor school"),
    ("successorNameInRecord", "移行後の学校名（一覧の表記）", "Successor's name in the list"),
    ("surveyNumberInRecord", "旧学校調査番号", "Former survey number"),
)
_SOURCE = IKKAN + "identifierSource"
_WANTED = [IKKAN + name for name, _, _ in FIELDS] + [_SOURCE]


@dataclass
class RecordField:
    label: str
    values: list[Value]
    note: str = ""


@dataclass
class Record:
    """One registry record of the school: its fields and the list it was read from."""

    iri: str
    href: str | None
    fields: list[RecordField]
    sources: list[Value] = field(default_factory=list)


def records(ctx: PageContext, school: str) -> list[Record]:
    """The list's records of ``school`` (one per edition of the list the graph holds)."""
    store, lang, base = ctx.store, ctx.lang, ctx.base
    query = queries.RECORDS.format(
        schools=values("s", [school]),
        properties=", ".join(iri(p) for p in _WANTED),
        limit=500,
    )
    found: dict[str, dict[str, list[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]]] = {}
    for row in store.select(query):
        r, p, o = row["r"], row["p"], row["o"]
        if r is None or p is None or o is None:
            continue
        by_property = found.setdefault(r.value, {})
        terms = by_property.setdefault(p.value, [])
        if o not in terms:
            terms.append(o)
    if not found:
        return []
    linked = {
        o.value
        for by_property in found.values()
        for terms in by_property.values()
        for o in terms
        if isinstance(o, ox.NamedNode)
    }
    labels = fetch_labels(store, linked, lang)
    ja = lang == "ja"

    def shown(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Value:
        if isinstance(term, ox.NamedNode):
            text, language = labels.get(term.value, (compact(term.value), ""))
            return Value(text, language_tag(language), page_href(term.value, base), term.value)
        if isinstance(term, ox.Literal):
            return Value(term.value, language_tag(term.language or ""))
        return Value(str(term))

    out = []
    for record, by_property in sorted(found.items()):
        fields = []
        for name, label_ja, label_en in FIELDS:
            stated = by_property.get(IKKAN + name)
            if not stated:
                continue
            note = ""
            if name == "setDateInRecord":
                note = (
                    "文部科学省が一覧にこの行を設定した日。開校日ではない"
                    "（一覧の開始時にあった学校はすべて 2020-12-22）。"
                    if ja
                    else "The date MEXT set this row of the list, not an opening date "
                    "(every school that existed when the list began has 2020-12-22)."
                )
            fields.append(
                RecordField(label_ja if ja else label_en, [shown(t) for t in stated], note)
            )
        sources = [shown(t) for t in by_property.get(_SOURCE, [])]
        out.append(Record(record, page_href(record, base), fields, sources))
    return out
