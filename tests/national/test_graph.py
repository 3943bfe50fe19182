"""The national layer's graphs, built from the sample files and read back with SPARQL."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from ikkan.national.curated import Curated, read_curated
from ikkan.national.graph.quads import GraphWriter, escape
from ikkan.national.iris import Iris
from ikkan.national.layers import (
    Layer,
    estat_layer,
    history_layer,
    municipalities_layer,
    placement_layer,
    schools_layer,
    wikidata_layer,
)
from ikkan.national.localgov import LocalGovernments
from ikkan.national.mext.parse import read_school_codes
from ikkan.national.sources.records import SourceRecord, read_records
from ikkan.national.wikidata import read_wikidata

from .conftest import FIXTURES, SCHOOLS, WIKIDATA, WriteRows, code, row

PROJECT = Path(__file__).resolve().parents[2]
BASE = "https://w3id.org/ikkan/"
ID = BASE + "id/"
PREFIXES = """PREFIX ikkan: <https://w3id.org/ikkan/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX school: <https://w3id.org/ikkan/id/school/>
"""
GOLDEN = FIXTURES / "golden"


@pytest.fixture(scope="module")
def oyama() -> Graph:
    graph = Graph()
    for path in sorted((PROJECT / "data" / "oyama").glob("*.ttl")):
        graph.parse(path)
    return graph


@pytest.fixture(scope="module")
def records() -> dict[str, SourceRecord]:
    return read_records(PROJECT / "data" / "national" / "sources.toml")


def _layers(
    governments: LocalGovernments,
    records: dict[str, SourceRecord],
    curated: Curated,
    extra: list[Path] = (),  # type: ignore[assignment]
) -> list[Layer]:
    iris = Iris(BASE, curated.schools)
    schools = read_school_codes([SCHOOLS, *extra])
    mext, local = records["mext-school-codes"], records["localgovjp"]
    placement, _ = placement_layer(iris, schools, governments, [mext, local])
    return [
        municipalities_layer(iris, governments, local, curated=curated),
        estat_layer(iris, governments, local),
        wikidata_layer(
            iris,
            governments,
            read_wikidata([WIKIDATA]),
            records["wikidata-municipalities"],
            curated=curated,
        ),
        schools_layer(iris, schools, mext, curated=curated),
        history_layer(iris, schools, mext),
        placement,
    ]


@pytest.fixture(scope="module")
def store(
    governments: LocalGovernments, records: dict[str, SourceRecord], oyama: Graph
) -> ox.Store:
    store = ox.Store()
    for layer in _layers(governments, records, read_curated(oyama)):
        layer.load_into(store)
    data = oyama.serialize(format="nt", encoding="utf-8")
    store.bulk_load(
        data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(BASE + "graph/oyama")
    )
    return store


def _select(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    solutions = store.query(PREFIXES + query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    return sorted(
        tuple(term.value if term is not None else "" for term in solution) for solution in solutions
    )


def test_the_seed_schools_are_the_same_entities_as_their_rows(store: ox.Store) -> None:
    found = _select(
        store,
        "SELECT DISTINCT ?s WHERE { ?s ikkan:schoolCode ?c ; a ikkan:ElementarySchool . "
        'FILTER(?c IN ("B109210001590", "B109210001509", "B109210001527", "B109210001536")) }',
    )
    assert [s for (s,) in found] == [
        ID + "school/092088-ajito-es",
        ID + "school/092088-otome-es",
        ID + "school/092088-toyoda-kita-es",
        ID + "school/092088-toyoda-minami-es",
    ]
    assert (
        _select(
            store, f"ASK {{ <{ID}school/b109210001590> ?p ?o }}".replace("ASK", "SELECT ?p WHERE")
        )
        == []
    )


def test_no_entity_gets_a_second_japanese_label(store: ox.Store) -> None:
    twice = _select(
        store,
        "SELECT ?s (COUNT(DISTINCT ?l) AS ?n) WHERE { ?s rdfs:label ?l FILTER(lang(?l) = 'ja') } "
        "GROUP BY ?s HAVING (COUNT(DISTINCT ?l) > 1)",
    )
    assert twice == []
    labels = _select(
        store, "SELECT ?l WHERE { school:092088-otome-es rdfs:label ?l FILTER(lang(?l) = 'ja') }"
    )
    assert labels == [("乙女小学校",)]  # the seed's label; the list's name is on the record
    assert _select(store, "SELECT ?l WHERE { school:b109210003507 rdfs:label ?l }") == [
        ("小山市立豊田小学校",)
    ]


def test_the_registry_record_keeps_what_the_list_writes(store: ox.Store) -> None:
    found = _select(
        store,
        f"""SELECT DISTINCT ?label ?name ?address ?postal ?status ?set ?abolished ?successor
              ?succ_name
           WHERE {{
            <{ID}registry-record/mext-B109210001509> rdfs:label ?label ; ikkan:nameInRecord ?name ;
              ikkan:addressInRecord ?address ; ikkan:postalCodeInRecord ?postal ;
              ikkan:statusInRecord ?status ; ikkan:setDateInRecord ?set ;
              ikkan:abolishedInRecord ?abolished ; ikkan:successorInRecord ?successor ;
              ikkan:successorNameInRecord ?succ_name ;
              ikkan:recordOf school:092088-ajito-es . FILTER(lang(?label) = "ja") }}""",
    )
    assert found == [
        (
            # as data/oyama/later-sources.ttl writes it
            "学校コード一覧の記載：小山市立網戸小学校（廃止）",
            "小山市立網戸小学校",
            "栃木県小山市網戸１５１４",
            "3290215",
            "廃止",
            "2020-12-22",
            "2025-05-01",
            ID + "school/092088-otome-es",
            "小山市立乙女小学校",
        )
    ]
    address = _select(
        store,
        f"SELECT ?a WHERE {{ <{ID}registry-record/mext-C220221200026> ikkan:addressInRecord ?a }}",
    )
    assert address == [("（前期）長野県大町市八坂１０９０\n（後期）長野県大町市八坂１１６４８",)]


def test_kind_founder_and_status_are_concepts_with_the_list_codes(store: ox.Store) -> None:
    found = _select(
        store,
        """SELECT ?kind ?founder ?status WHERE {
             school:092088-ajito-es ikkan:schoolKind/skos:notation ?kind ;
               ikkan:founderCategory/skos:prefLabel ?founder ;
               ikkan:listStatus/skos:prefLabel ?status .
             FILTER(lang(?founder) = 'ja' && lang(?status) = 'ja') }""",
    )
    assert found == [("B1", "公立", "廃止")]
    kinds = _select(
        store,
        f"SELECT ?n WHERE {{ ?k skos:inScheme <{ID}scheme/school-kind> ; skos:notation ?n }}",
    )
    assert len(kinds) == 13


def test_successor_chains_and_the_merger_event(store: ox.Store) -> None:
    chain = _select(
        store, "SELECT ?next WHERE { school:092088-toyoda-minami-es ikkan:successor+ ?next }"
    )
    assert chain == [(ID + "school/b109210003507",)]
    merger = _select(
        store,
        """SELECT ?event ?into ?count ?date (GROUP_CONCAT(STR(?member); separator=" ") AS ?members)
           WHERE { ?event a ikkan:SchoolMerger ; ikkan:resultingSchool ?into ;
                   ikkan:mergedSchoolCount ?count ; ikkan:recordDate ?date ;
                   ikkan:mergedSchool ?member ; ikkan:identifierSource ?source }
           GROUP BY ?event ?into ?count ?date""",
    )
    assert merger == [
        (
            ID + "merger/mext-b109210003507-2022-05-01",
            ID + "school/b109210003507",
            "2",
            "2022-05-01",
            f"{ID}school/092088-toyoda-kita-es {ID}school/092088-toyoda-minami-es",
        )
    ]
    assert _select(store, "SELECT ?m WHERE { school:b109210001901 ikkan:branchOf ?m }") == [
        (ID + "school/b109210001858",)
    ]


def test_places_and_their_links(store: ox.Store) -> None:
    assert _select(store, "SELECT ?m WHERE { school:092088-otome-es ikkan:locatedIn ?m }") == [
        (ID + "municipality/092088",)
    ]
    oyama = _select(
        store,
        f"""SELECT DISTINCT ?code ?reading ?pref ?wd ?estat WHERE {{
              <{ID}municipality/092088> ikkan:localGovernmentCode ?code ;
                ikkan:kanaReading ?reading ; ikkan:inPrefecture ?pref ;
                skos:exactMatch ?wd ; skos:closeMatch ?estat }}""",
    )
    assert oyama == [
        ("092088", "おやまし", ID + "prefecture/090000", "http://www.wikidata.org/entity/Q374511",
         "http://data.e-stat.go.jp/lod/sac/C09208")
    ]  # fmt: skip
    ward = _select(
        store,
        f"SELECT ?city ?label ?short WHERE {{ <{ID}ward/011011> a ikkan:DesignatedCityWard ; "
        "ikkan:wardOf ?city ; "
        "rdfs:label ?label ; skos:altLabel ?short }",
    )
    assert ward == [(ID + "municipality/011002", "札幌市中央区", "中央区")]
    tochigi = _select(store, f"SELECT ?l WHERE {{ <{ID}prefecture/090000> rdfs:label ?l }}")
    assert sorted(label for (label,) in tochigi) == ["Tochigi Prefecture", "Tochigi-ken", "栃木県"]


def test_link_sets_are_described_with_their_source(store: ox.Store) -> None:
    found = _select(
        store,
        """SELECT ?graph ?predicate ?target ?created WHERE {
             ?graph a void:Linkset ; void:linkPredicate ?predicate ;
             void:objectsTarget ?target ; <http://purl.org/dc/terms/created> ?created ;
             <http://purl.org/dc/terms/source> ?source }""",
    )
    assert (BASE + "graph/municipalities-wikidata", "http://www.w3.org/2004/02/skos/core#exactMatch",
            "http://www.wikidata.org/entity/", "2026-08-22") in found  # fmt: skip
    assert any(g == BASE + "graph/municipalities-estat" for g, *_ in found)


def test_a_school_in_a_ward_is_placed_in_its_city_and_its_ward(
    governments: LocalGovernments, records: dict[str, SourceRecord], write_rows: WriteRows
) -> None:
    sapporo = row(
        code("B1", "01", "2", 1000001),
        "テスト札幌小学校",
        address="北海道札幌市中央区北１条西２丁目",
    )
    layers = {
        layer.name: layer
        for layer in _layers(governments, records, Curated(), [write_rows([sapporo])])
    }
    quads = layers["school-municipalities"].quads()
    placed = {(q.subject.value, q.predicate.value.rsplit("#")[-1], q.object.value) for q in quads}
    school = ID + "school/" + sapporo[0].lower()
    assert (school, "locatedIn", ID + "municipality/011002") in placed
    assert (school, "locatedInWard", ID + "ward/011011") in placed


def test_without_curated_data_the_mext_source_is_described(
    governments: LocalGovernments, records: dict[str, SourceRecord]
) -> None:
    layers = {layer.name: layer for layer in _layers(governments, records, Curated())}
    source = ox.NamedNode(ID + "identifier-source/mext-school-codes-2026-05")
    described = {
        q.predicate.value.rsplit("#")[-1].rsplit("/")[-1]
        for q in layers["mext-school-codes"].quads()
        if q.subject == source
    }
    assert {
        "repository",
        "path",
        "commit",
        "primarySource",
        "license",
        "bibliographicCitation",
        "description",
    } <= described
    assert layers["municipalities-wikidata"].problems[0].message.startswith("code 016951")


def test_n_quads_escape_what_must_be_escaped() -> None:
    writer = GraphWriter(BASE + "graph/test")
    tricky = 'a "quoted" \\ back\nslash\r上陽北?学園'
    writer.text("<urn:s>", "<urn:p>", tricky, "ja")
    [quad] = ox.parse(writer.nquads(), format=ox.RdfFormat.N_QUADS)
    assert isinstance(quad.object, ox.Literal) and quad.object.value == tricky
    assert escape("\n") == "\\n"


@pytest.mark.parametrize(
    "name", ["mext-school-codes", "mext-school-history", "school-municipalities"]
)
def test_the_graphs_are_byte_identical_to_the_golden_files(
    governments: LocalGovernments, records: dict[str, SourceRecord], oyama: Graph, name: str
) -> None:
    first = {layer.name: layer for layer in _layers(governments, records, read_curated(oyama))}
    second = {layer.name: layer for layer in _layers(governments, records, read_curated(oyama))}
    assert first[name].nquads == second[name].nquads
    golden = GOLDEN / f"{name}.nq"
    if os.environ.get("IKKAN_UPDATE_GOLDEN"):
        golden.write_bytes(first[name].nquads)
    assert first[name].nquads == golden.read_bytes(), f"{golden} differs; see fixtures/README.md"
