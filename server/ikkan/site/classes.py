"""The instances of one class, a page at a time, as a table: name, the facts a reader compares
them by, identifier.

The count comes from the class's VoID partition when the build wrote one (cheap at any scale),
else from a COUNT; the instances are read in IRI order, :data:`PAGE_SIZE` at a time. Schools
(``ikkan:School`` and its subclasses) are listed with their district, kind (the most specific
kind of school they are), status and school code, in one more query for the page; other classes
with name and identifier. Two instances of one name are told apart
(:mod:`ikkan.site.disambiguation`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..store.base import Store
from ..store.tasks import task
from .dataset import dataset_iri
from .disambiguation import qualify
from .entity import Value
from .labels import fetch_labels
from .links import page_href
from .page_context import PageContext
from .sparql_terms import IKKAN, RDF_TYPE, RDFS, VOID, compact, iri, values

PAGE_SIZE = 50
SCHOOL = IKKAN + "School"
KIND = "kind"  # the column of the instance's most specific class
# The columns of a table of schools: a property, or KIND.
SCHOOL_COLUMNS = (IKKAN + "district", KIND, IKKAN + "status", IKKAN + "schoolCode")


@dataclass
class Column:
    """One column of the table: its header and each instance's values."""

    key: str
    header: str
    cells: dict[str, list[Value]] = field(default_factory=dict)


@dataclass
class Listing:
    cls: Value
    count: int
    page: int
    pages: int
    items: list[Value]
    columns: list[Column] = field(default_factory=list)


def count(store: Store, cls: str, base: str) -> int:
    node = iri(cls)
    rows = store.select(
        f"SELECT ?n WHERE {{ GRAPH {iri(base + 'graph/dataset')} {{ "
        f"{iri(dataset_iri(base))} <{VOID}classPartition> ?part . "
        f"?part <{VOID}class> {node} ; <{VOID}entities> ?n }} }} LIMIT 1"
    )
    for row in rows:
        return int(row["n"].value)
    rows = store.select(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a {node} }}")
    return next((int(row["n"].value) for row in rows), 0)


def _is_school_class(store: Store, cls: str) -> bool:
    return store.ask(f"ASK {{ {iri(cls)} <{RDFS}subClassOf>* {iri(SCHOOL)} }}")


def _school_columns(store: Store, subjects: list[str], lang: str, base: str) -> list[Column]:
    """District, kind, status and code of each school."""
    properties = [c for c in SCHOOL_COLUMNS if c != KIND]
    rows = store.select(
        f"SELECT ?s ?p ?o WHERE {{ {values('s', subjects)} {{ "
        f"{values('p', properties)} ?s ?p ?o }} UNION {{ "
        f"?s <{RDF_TYPE}> ?o . ?o <{RDFS}subClassOf>+ {iri(SCHOOL)} BIND({iri(RDF_TYPE)} AS ?p) "
        f"FILTER NOT EXISTS {{ ?s <{RDF_TYPE}> ?narrower . "
        f"?narrower <{RDFS}subClassOf>+ ?o FILTER(?narrower != ?o) }} }} }}"
    )
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row["s"] is None or row["p"] is None or row["o"] is None:
            continue
        key = KIND if row["p"].value == RDF_TYPE else row["p"].value
        found[key][row["s"].value].append(row["o"].value if row["o"] else "")
    objects = {o for by_subject in found.values() for os in by_subject.values() for o in os}
    labels = fetch_labels(store, [*objects, *properties], lang)
    columns = []
    for key in SCHOOL_COLUMNS:
        header = (
            ("種別" if lang == "ja" else "Kind")
            if key == KIND
            else labels.get(key, (compact(key), ""))[0]
        )
        column = Column(key, header[:1].upper() + header[1:])
        for subject, objects_of in found.get(key, {}).items():
            column.cells[subject] = sorted(
                (
                    Value(labels[o][0], labels[o][1], page_href(o, base), o)
                    if o in labels
                    else Value(o)
                    for o in objects_of
                ),
                key=lambda v: v.text,
            )
        columns.append(column)
    return columns


@task("class_page")
def class_page(store: Store, *, cls: str, lang: str, base: str, page: int) -> Listing:
    """The class page as one task: page ``page`` (from 1) of the instances of ``cls``."""
    return instances(PageContext(store, lang, base), cls, page)


def instances(ctx: PageContext, cls: str, page: int) -> Listing:
    """Page ``page`` (from 1) of the instances of ``cls``."""
    store, lang, base = ctx.store, ctx.lang, ctx.base
    total = count(store, cls, base)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = store.select(
        f"SELECT DISTINCT ?s WHERE {{ ?s <{RDF_TYPE}> {iri(cls)} FILTER(isIRI(?s)) }} "
        f"ORDER BY ?s LIMIT {PAGE_SIZE} OFFSET {(page - 1) * PAGE_SIZE}"
    )
    subjects = [r["s"].value for r in rows if r["s"] is not None]
    labels = fetch_labels(store, [*subjects, cls], lang)

    def value(i: str) -> Value:
        text, language = labels.get(i, (compact(i), ""))
        return Value(text, language, page_href(i, base), i)

    (items,) = qualify(store, [[value(s) for s in subjects]], lang)
    listing = Listing(value(cls), total, page, pages, items)
    if subjects and _is_school_class(store, cls):
        listing.columns = _school_columns(store, subjects, lang, base)
    return listing
