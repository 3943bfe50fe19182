"""A page read the fast way is the page the engine would have given.

An entity page sorts, counts and pages the links into its entity itself when they are few, and
looks the ontology's hierarchies up once per data set version instead of asking on every page
(:mod:`ikkan.site.hierarchy`). Both are only faster: for every entity of the real build that has
links into it or derived triples, the page equals the one built the old way (the engine sorting
with ORDER BY, judging derived links with FILTER NOT EXISTS and the property paths on each
page), and so does the entity's RDF document.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ikkan.namespaces import default_prefixes
from ikkan.settings import Settings
from ikkan.site import entity, hierarchy
from ikkan.site.entity_page import EntityPage, entity_page
from ikkan.store.base import StoreInfo
from ikkan.store.embedded import EmbeddedEngine
from ikkan.store.manifest import Manifest
from ikkan.store.tasks import EngineStore

BASE = "https://w3id.org/ikkan/"


def _store(settings: Settings) -> EngineStore:
    """A query process's store, over an engine of its own (so nothing it keeps is shared)."""
    engine = EmbeddedEngine.open(settings.store_path, in_memory=False, base_iri=BASE)
    return EngineStore(
        engine,
        prefixes=default_prefixes(),
        allowed_services=frozenset(),
        max_results=100_000,
        info=StoreInfo(engine.description, "test", "test", None),
        manifest=Manifest(),
    )


_SUB_PROPERTY = "<http://www.w3.org/2000/01/rdf-schema#subPropertyOf>"
_OURS = f'FILTER(isIRI(?e) && STRSTARTS(STR(?e), "{BASE}id/"))'
PER_KIND = 2


def _by_kind(store: EngineStore, query: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for row in store.select(query):
        iri = str(row["e"].value)
        found.setdefault(iri[len(BASE) + 3 :].split("/")[0], []).append(iri)
    return found


@pytest.fixture(scope="module")
def entities(built: Settings) -> list[str]:
    """The first entities of every kind, and of every kind the first with a link into it, or a
    property of its own, that the build derived from a subproperty stated beside it."""
    store = _store(built)
    every = _by_kind(
        store, f"SELECT DISTINCT ?e WHERE {{ {{ ?e ?p ?o }} UNION {{ ?s ?p ?e }} {_OURS} }}"
    )
    derived = _by_kind(
        store,
        "SELECT DISTINCT ?e WHERE { { ?s ?sub ?e . ?s ?p ?e } UNION { ?e ?sub ?o . ?e ?p ?o } "
        f"?sub {_SUB_PROPERTY}+ ?p {_OURS} }}",
    )
    assert len(every) > 30 and len(derived) > 10
    return sorted(
        {
            iri
            for kinds in (every, derived)
            for iris in kinds.values()
            for iri in sorted(iris)[:PER_KIND]
        }
    )


def _normalised(page: EntityPage) -> EntityPage:
    # Properties with as many links each are listed in the engine's order (unspecified) by the
    # old way, by their IRI by the new one.
    page.incoming.counts.sort(key=lambda item: (-item[1], item[0].iri))
    return page


def _pages(settings: Settings, iris: list[str]) -> dict[str, tuple[object, list[ox.Triple]]]:
    store = _store(settings)
    pages: dict[str, tuple[object, list[ox.Triple]]] = {}
    for iri in iris:
        page = entity_page(store, iri=iri, lang="ja", base=BASE, in_page=1)
        assert page is not None, iri
        second = entity_page(store, iri=iri, lang="en", base=BASE, in_page=2)
        assert second is not None, iri
        document = sorted(entity.document_triples(store, iri), key=str)
        pages[iri] = ((_normalised(page), _normalised(second)), document)
    return pages


def test_pages_and_documents_are_the_ones_the_engine_would_give(
    built: Settings, entities: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _pages(built, entities)
    assert hierarchy.hierarchy(_store(built)) is not None  # the fast way was taken
    monkeypatch.setattr(entity, "INCOMING_SORTED_HERE", 0)
    monkeypatch.setattr(hierarchy, "MAX_PAIRS", 0)
    assert hierarchy.hierarchy(_store(built)) is None
    slow = _pages(built, entities)
    for iri in entities:
        assert fast[iri] == slow[iri], iri


def test_more_links_than_a_page_sorts_itself_are_paged_by_the_engine(
    built: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(built)
    district = BASE + "id/district/092088-otome"
    links = entity.incoming_links(store, district)
    assert links is not None and len(links) > 3
    fast = entity_page(store, iri=district, lang="ja", base=BASE, in_page=1)
    monkeypatch.setattr(entity, "INCOMING_SORTED_HERE", 3)
    assert entity.incoming_links(store, district) is None
    slow = entity_page(store, iri=district, lang="ja", base=BASE, in_page=1)
    assert fast is not None and slow is not None
    assert _normalised(fast) == _normalised(slow)
