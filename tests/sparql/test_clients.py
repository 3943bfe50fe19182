"""Real clients against a real server on each backend: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import csv
import io
from xml.dom.minidom import Document

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    POST,
    POSTDIRECTLY,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from .conftest import Server

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

SCHOOLS = (
    "PREFIX schema: <http://schema.org/>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?school ?label WHERE { ?school a schema:School ; rdfs:label ?label "
    'FILTER(lang(?label) = "ja") } ORDER BY ?school'
)
CONSTRUCT = (
    "PREFIX schema: <http://schema.org/>\n"
    "CONSTRUCT { ?s a schema:School } WHERE { ?s a schema:School }"
)
SHAPES = [
    pytest.param(GET, URLENCODED, id="GET"),
    pytest.param(POST, URLENCODED, id="POST-form"),
    pytest.param(POST, POSTDIRECTLY, id="POST-direct"),
]


def wrapper(server: Server, method: str, request_method: str) -> SPARQLWrapper:
    client = SPARQLWrapper(server.sparql)
    client.setMethod(method)
    client.setRequestMethod(request_method)
    return client


@pytest.mark.parametrize(("method", "request_method"), SHAPES)
def test_sparqlwrapper_json(endpoint: Server, method: str, request_method: str) -> None:
    client = wrapper(endpoint, method, request_method)
    client.setQuery(SCHOOLS)
    client.setReturnFormat(JSON)
    result = client.query().convert()
    assert isinstance(result, dict)
    labels = [b["label"]["value"] for b in result["results"]["bindings"]]
    assert "小山第二中学校" in labels and len(labels) == 5


@pytest.mark.parametrize(("method", "request_method"), SHAPES)
def test_sparqlwrapper_xml(endpoint: Server, method: str, request_method: str) -> None:
    client = wrapper(endpoint, method, request_method)
    client.setQuery(SCHOOLS)
    client.setReturnFormat(XML)
    document = client.query().convert()
    assert isinstance(document, Document)
    assert len(document.getElementsByTagName("result")) == 5


@pytest.mark.parametrize(("method", "request_method"), SHAPES)
def test_sparqlwrapper_csv(endpoint: Server, method: str, request_method: str) -> None:
    client = wrapper(endpoint, method, request_method)
    client.setQuery(SCHOOLS)
    client.setReturnFormat(CSV)
    data = client.query().convert()
    table = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert table[0] == ["school", "label"] and len(table) == 6


@pytest.mark.parametrize(("method", "request_method"), SHAPES)
def test_sparqlwrapper_ask(endpoint: Server, method: str, request_method: str) -> None:
    client = wrapper(endpoint, method, request_method)
    client.setQuery('ASK { ?s ?p "小山市"@ja }')
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


@pytest.mark.parametrize(("method", "request_method"), SHAPES)
@pytest.mark.parametrize("fmt", [TURTLE, JSONLD, XML])
def test_sparqlwrapper_graphs(endpoint: Server, method: str, request_method: str, fmt: str) -> None:
    client = wrapper(endpoint, method, request_method)
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(fmt)
    result = client.query().convert()
    graph = (
        result
        if isinstance(result, rdflib.Graph)
        else rdflib.Graph().parse(data=result, format="turtle")
    )
    assert len(graph) == 5


def test_sparqlwrapper_reports_bad_queries(endpoint: Server) -> None:
    client = SPARQLWrapper(endpoint.sparql)
    client.setQuery("SELECT ?s WHERE { ?s ?p }")
    client.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed, match="line 1, column"):
        client.query()


def test_rdflib_sparqlstore(endpoint: Server) -> None:
    store = SPARQLStore(query_endpoint=endpoint.sparql)
    graph = rdflib.Graph(store=store)
    rows = list(graph.query(SCHOOLS))
    assert len(rows) == 5
    assert rdflib.Literal("小山小学校", lang="ja") in {row[1] for row in rows}  # type: ignore[index]
    assert graph.query('ASK { ?s ?p "小山市"@ja }').askAnswer is True
    constructed = graph.query(CONSTRUCT).graph
    assert constructed is not None and len(constructed) == 5
    label = rdflib.URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    city = rdflib.URIRef("https://w3id.org/ikkan/id/municipality/092088")
    assert rdflib.Literal("Oyama", lang="en") in set(graph.objects(city, label))
    store.close()


def test_sparqlwrapper_that_takes_a_query_for_an_update_is_told_how_to_fix_it(
    endpoint: Server,
) -> None:
    sparql = SPARQLWrapper(endpoint.sparql)
    # SPARQLWrapper strips every other comment line, and "address" contains ADD: it sends this
    # query as an update.
    sparql.setQuery("# Schools\n# the address of each\nSELECT * WHERE { ?s ?p ?o } LIMIT 1")
    sparql.setReturnFormat(JSON)
    assert sparql.isSparqlUpdateRequest()
    with pytest.raises(QueryBadFormed) as caught:
        sparql.query()
    assert "sparql.queryType" in str(caught.value)
    sparql.queryType = "SELECT"  # the fix the message gives
    assert sparql.query().convert()["results"]["bindings"]
