"""What the build derives: fiscal years with era names, instants, and aligned types.

Fiscal years (年度) run from 1 April to 31 March and are named after the era in force on their
first day, except FY2019, which is officially 令和元年度. The build also materialises the
superclasses and superproperties the ontology declares, so that schema.org and PROV queries work.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from ikkan.builder.calendar import (
    derive_calendar,
    era_fiscal_year_label,
    era_fiscal_year_range_label,
)
from ikkan.builder.vocab import IKKAN

from ..conftest import select


@pytest.mark.parametrize(
    ("year", "label"),
    [
        (1988, "昭和63年度"),
        (1989, "平成元年度"),
        (2007, "平成19年度"),
        (2013, "平成25年度"),
        (2018, "平成30年度"),
        (2019, "令和元年度"),
        (2020, "令和2年度"),
    ],
)
def test_fiscal_year_names(year: int, label: str) -> None:
    assert era_fiscal_year_label(year) == label


@pytest.mark.parametrize(
    ("first", "last", "label"),
    [
        (2007, 2009, "平成19～21年度"),
        (2013, 2016, "平成25～28年度"),
        (2018, 2020, "平成30年度～令和2年度"),
        (2019, 2021, "令和元～3年度"),
    ],
)
def test_fiscal_year_run_names(first: int, last: int, label: str) -> None:
    assert era_fiscal_year_range_label(first, last) == label


def test_a_run_of_fiscal_years_is_derived_from_its_iri_and_a_backward_one_is_refused() -> None:
    base = "https://example.org/id/"
    graph = Graph()
    thing = URIRef(base + "thing")
    graph.add((thing, IKKAN.period, URIRef(base + "fiscal-year/2019-2021")))
    graph.add((thing, IKKAN.period, URIRef(base + "fiscal-year/2021-2019")))
    derived, problems = derive_calendar(graph, base, set())
    run = URIRef(base + "fiscal-year/2019-2021")
    assert (run, RDFS.label, Literal("令和元～3年度", lang="ja")) in derived
    assert (
        run,
        RDFS.label,
        Literal("FY2019–FY2021 (April 2019 – March 2022)", lang="en"),
    ) in derived
    assert set(derived.objects(run, IKKAN.fiscalYear)) == {
        URIRef(f"{base}fiscal-year/{year}") for year in (2019, 2020, 2021)
    }
    assert str(derived.value(run, IKKAN.endDate)) == "2022-03-31"
    assert [p.focus for p in problems] == [base + "fiscal-year/2021-2019"]
    assert "2021 is not before 2019" in problems[0].message


def test_fiscal_years_used_by_the_data_are_described(store: ox.Store) -> None:
    rows = select(
        store,
        """
        PREFIX ikkan: <https://w3id.org/ikkan/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX time: <http://www.w3.org/2006/time#>
        SELECT ?label ?start ?end ?begin WHERE {
          <https://w3id.org/ikkan/id/fiscal-year/2013> a ikkan:FiscalYear ; rdfs:label ?label ;
            ikkan:startDate ?start ; ikkan:endDate ?end ;
            time:hasBeginning/time:inXSDDate ?begin .
          FILTER(lang(?label) = "ja") }""",
    )
    assert rows == [
        {"label": "平成25年度", "start": "2013-04-01", "end": "2014-03-31", "begin": "2013-04-01"}
    ]


def test_stages_are_owl_time_intervals(store: ox.Store) -> None:
    rows = select(
        store,
        """
        PREFIX ikkan: <https://w3id.org/ikkan/ontology#>
        PREFIX time: <http://www.w3.org/2006/time#>
        SELECT ?n ?begin ?end WHERE {
          ?stage a time:ProperInterval ; ikkan:stageNumber ?n ;
            time:hasBeginning/time:inXSDDate ?begin ; time:hasEnd/time:inXSDDate ?end .
        } ORDER BY ?n""",
    )
    assert rows == [
        {"n": "1", "begin": "2007-04-01", "end": "2010-03-31"},
        {"n": "2", "begin": "2010-04-01", "end": "2013-03-31"},
        {"n": "3", "begin": "2013-04-01", "end": "2017-03-31"},
    ]


def test_generic_vocabularies_find_the_schools(store: ox.Store) -> None:
    rows = select(
        store,
        """
        PREFIX schema: <http://schema.org/>
        PREFIX org: <http://www.w3.org/ns/org#>
        SELECT (COUNT(DISTINCT ?s) AS ?schools) (COUNT(DISTINCT ?m) AS ?members) WHERE {
          ?s a schema:School . OPTIONAL { ?s org:memberOf ?d . ?d org:hasMember ?m } }""",
    )
    assert rows == [{"schools": "12", "members": "12"}]


def test_citations_are_prov_derivations(store: ox.Store) -> None:
    answer = store.query(
        """
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        ASK { <https://w3id.org/ikkan/id/school/092088-kinu-ces>
                prov:wasDerivedFrom <https://w3id.org/ikkan/id/section/oyama-kinu-1> ;
                dcterms:source <https://w3id.org/ikkan/id/section/oyama-kinu-1> }""",
        use_default_graph_as_union=True,
    )
    assert bool(answer)
