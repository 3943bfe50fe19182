"""The instances of one class, a page at a time, with their labels.

The count comes from the class's VoID partition when the build wrote one (cheap at any scale),
else from a COUNT; the instances are read in IRI order, :data:`PAGE_SIZE` at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..store.base import Store
from .dataset import dataset_iri
from .entity import Value
from .labels import fetch_labels
from .links import page_href
from .sparql_terms import RDF_TYPE, VOID, compact, iri

PAGE_SIZE = 50


@dataclass
class Listing:
    cls: Value
    count: int
    page: int
    pages: int
    items: list[Value]


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


def instances(store: Store, cls: str, lang: str, base: str, page: int) -> Listing:
    """Page ``page`` (from 1) of the instances of ``cls``."""
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

    return Listing(value(cls), total, page, pages, [value(s) for s in subjects])
