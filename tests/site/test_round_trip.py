"""Every triple of the build comes back through ``/sparql`` exactly as the build wrote it, on each
backend: the same IRIs, the same lexical forms, datatypes and language tags (an engine that
canonicalised ``"007"^^xsd:integer`` or merged equal values of different types would fail)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import requests

from ..support import Server

GRAPHS = ("ontology", "dataset", "oyama")


@pytest.mark.parametrize("name", GRAPHS)
def test_every_triple_comes_back_as_built(site: Server, store: ox.Store, name: str) -> None:
    graph = f"https://w3id.org/ikkan/graph/{name}"
    built = {q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))}
    assert built
    for accept, fmt in (
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("text/turtle", ox.RdfFormat.TURTLE),
    ):
        response = requests.post(
            site.sparql,
            data={"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"},
            headers={"Accept": accept},
            timeout=60,
        )
        assert response.status_code == 200, response.text
        served = {q.triple for q in ox.parse(response.content, fmt)}
        assert served == built, (len(served - built), len(built - served))
    response = requests.post(
        site.sparql,
        data={"query": f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"},
        headers={"Accept": "application/sparql-results+xml"},
        timeout=60,
    )
    solutions = ox.parse_query_results(response.content, ox.QueryResultsFormat.XML)
    assert isinstance(solutions, ox.QuerySolutions)
    rows = {ox.Triple(s["s"], s["p"], s["o"]) for s in solutions}
    assert rows == built
