"""Everything an entity's page shows, gathered in one task (one round trip to the store).

:func:`entity_page` runs inside a query process (:mod:`ikkan.store.tasks`): it asks whether
the entity exists, then its triples and the links into it, where it sits, what it links out to,
the passages of the source it cites, its figures and its history, and its RDF document for the
page's embedded JSON-LD, each labelled in the reader's language; the queries are those of
:mod:`.queries`. A place's page adds its schools (:mod:`.places`), a school's page what the
school-code list records of it and its successor chain (:mod:`.school_record`,
:mod:`.succession`). The web process renders the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..store.base import Store
from ..store.tasks import task
from . import (
    context,
    disambiguation,
    entity,
    places,
    provenance,
    school_record,
    statistics,
    succession,
    timeline,
)
from .documents import jsonld_object
from .page_context import PageContext
from .sparql_terms import IKKAN

_QUOTE = IKKAN + "quote"
_SCHOOL = IKKAN + "School"
_MUNICIPALITIES = (IKKAN + "Municipality", IKKAN + "DesignatedCityWard")
_PREFECTURE = IKKAN + "Prefecture"


@dataclass
class SchoolHistory:
    """What the school-code list records of a school, and its place in successions."""

    records: list[school_record.Record]
    chain: succession.Chain
    predecessors: list[tuple[int, succession.Step]]

    def __bool__(self) -> bool:
        return bool(self.records or len(self.chain.steps) > 1 or self.predecessors)


@dataclass
class EntityPage:
    """What an entity's page shows (the template's variables, less the server's own)."""

    described: entity.Described
    incoming: entity.Incoming
    crumbs: list[entity.Value]
    outbound: context.Outbound
    sections: list[provenance.Section]
    tables: list[statistics.Table]
    history: list[timeline.Entry]
    jsonld: dict[str, Any]
    schools: places.MunicipalitySchools | None = None
    prefecture: places.PrefectureSchools | None = None
    school: SchoolHistory | None = None


@task("entity_page")
def entity_page(store: Store, *, iri: str, lang: str, base: str, in_page: int) -> EntityPage | None:
    """The page of ``iri``, or None when the graph knows nothing of it."""
    if not entity.exists(store, iri):
        return None
    ctx = PageContext(store, lang, base)
    described = entity.describe(ctx, iri)
    links = entity.incoming_links(store, iri)
    incoming = entity.incoming(ctx, iri, in_page, links)
    # Two values of one name in one list (two sections headed 「ねらい」) are told apart.
    rows = [*described.properties, *described.derived, *incoming.rows]
    qualified = disambiguation.qualify(store, [r.values for r in rows], lang)
    for row, values in zip(rows, qualified, strict=True):
        row.values = values
    quotes = [str(o.value) for p, o in described.outgoing if p == _QUOTE and hasattr(o, "value")]
    types = set(described.type_iris)
    return EntityPage(
        described=described,
        incoming=incoming,
        crumbs=context.breadcrumbs(ctx, iri),
        outbound=context.outbound(ctx, described.outgoing),
        sections=provenance.sections(ctx, iri, quotes),
        tables=statistics.tables(ctx, iri),
        history=timeline.timeline(ctx, iri),
        jsonld=jsonld_object(entity.document_triples(store, iri, links)),
        schools=places.municipality_schools(ctx, iri) if types & set(_MUNICIPALITIES) else None,
        prefecture=places.prefecture_schools(ctx, iri) if _PREFECTURE in types else None,
        school=_school_history(ctx, iri) if _SCHOOL in types else None,
    )


def _school_history(ctx: PageContext, iri: str) -> SchoolHistory:
    chains = succession.of_school(ctx, iri)
    return SchoolHistory(
        records=school_record.records(ctx, iri),
        chain=chains.chain(iri),
        predecessors=chains.ancestry(iri),
    )
