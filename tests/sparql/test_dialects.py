"""The Virtuoso dialect of the remote backend, without Virtuoso: its error texts, its rewrites.

The error texts are the ones Virtuoso Open Source 7.2 answers (copied from its answers); each
rewrite is checked for meaning by running the query as written and as rewritten on the same
pyoxigraph store and comparing the solutions. ``tests/engines`` runs the real thing.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ikkan.store.base import (
    UNION,
    GraphSelection,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    ResultTooLarge,
)
from ikkan.store.dialects import Dialect, Virtuoso, without_dataset_clauses

G = "https://w3id.org/ikkan/graph/"
EX = "http://example.org/"
SUB = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
VIRTUOSO = Virtuoso((G + "a", G + "b"), G)


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    data = f"""
    <{G}a> {{ <{EX}c1> <{SUB}> <{EX}c2> . <{EX}c2> <{SUB}> <{EX}c3> . <{EX}x> <{EX}p> <{EX}c1> . }}
    <{G}b> {{ <{EX}c1> <{SUB}> <{EX}c4> . <{EX}c4> <{SUB}> <{EX}c3> . <{EX}y> <{EX}p> <{EX}c4> . }}
    """
    store.load(data.encode(), format=ox.RdfFormat.TRIG)
    return store


def rows(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return sorted(tuple(str(s[n]) for n in names) for s in solutions)


def sent(query: str, graphs: GraphSelection = UNION) -> str:
    """The text sent, without the dataset pragmas of the union."""
    text, _params = VIRTUOSO.prepare(query, graphs)
    pragmas = "".join(
        f"define input:default-graph-uri <{g}> define input:named-graph-uri <{g}> "
        for g in VIRTUOSO.graphs
    )
    return text.removeprefix(pragmas) if graphs.source == "union" else text


@pytest.mark.parametrize(
    "query",
    [
        # a path between two variables bound by VALUES (the entity page's superclass query)
        f"SELECT DISTINCT ?super WHERE {{ VALUES ?sub {{ <{EX}c1> <{EX}c2> }} "
        f"VALUES ?super {{ <{EX}c2> <{EX}c3> }} {{ ?sub <{SUB}>+ ?super }} UNION "
        f"{{ ?sub <{EX}p>+ ?super }} FILTER(?sub != ?super) }}",
        # no DISTINCT: two ways from c1 to c3, one solution
        f"SELECT ?a ?b WHERE {{ ?a <{SUB}>+ ?b . }}",
        # a VALUES block alone in a branch of UNION (the statistics' units query)
        f"SELECT DISTINCT ?u WHERE {{ {{ VALUES ?u {{ <{EX}c1> }} }} UNION "
        f"{{ ?u <{EX}p> <{EX}c1> }} UNION {{ ?u <{EX}p> <{EX}c4> }} }}",
        # the named graphs of the dataset
        "SELECT ?g WHERE { GRAPH ?g { } }",
    ],
)
def test_rewrites_keep_the_solutions(store: ox.Store, query: str) -> None:
    rewritten = sent(query)
    assert rewritten != query
    assert rows(store, rewritten) == rows(store, query)


def test_rewrites_leave_other_queries_alone() -> None:
    for query in (
        f"SELECT * WHERE {{ ?s <{SUB}>+ ?o ; <{EX}p> ?x }}",  # a path in a predicate list
        f"SELECT * WHERE {{ VALUES ?u {{ <{EX}c1> }} ?u <{EX}p> ?o }}",
        "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
        'SELECT * WHERE { ?s ?p "GRAPH ?g { } and ?a <p>+ ?b ." }',
    ):
        assert sent(query) == query


def test_union_names_the_builds_graphs_as_default_and_named() -> None:
    text, params = VIRTUOSO.prepare("PREFIX x: <y>\nASK {}", UNION)
    assert params == []
    assert text == (
        f"define input:default-graph-uri <{G}a> define input:named-graph-uri <{G}a> "
        f"define input:default-graph-uri <{G}b> define input:named-graph-uri <{G}b> "
        "PREFIX x: <y>\nASK {}"
    )
    text, _params = Virtuoso((), G).prepare("ASK {}", UNION)  # nothing of ours: nothing
    assert text == (
        f"define input:default-graph-uri <{G}> define input:named-graph-uri <{G}> ASK {{}}"
    )
    assert Dialect().prepare("ASK {}", UNION) == ("ASK {}", [])


def test_protocol_graphs_replace_the_querys_from() -> None:
    query = f"SELECT * FROM <{G}a>\nFROM NAMED <{G}b> WHERE {{ ?s ?p ?o }}"
    protocol = GraphSelection("protocol", (G + "b",), ())
    text, params = VIRTUOSO.prepare(query, protocol)
    assert "FROM" not in text and text.count("\n") == 1
    assert params == [("default-graph-uri", G + "b")]
    # The query's own FROM, with no graphs in the request, is left to the engine.
    assert sent(query, GraphSelection("query", (G + "a",), (G + "b",))) == query


def test_without_dataset_clauses() -> None:
    assert (
        without_dataset_clauses("PREFIX g: <http://g/>\nCONSTRUCT { ?s ?p ?o } FROM g:a WHERE {}")
        == "PREFIX g: <http://g/>\nCONSTRUCT { ?s ?p ?o }   WHERE {}"
    )
    assert without_dataset_clauses("DESCRIBE <x> FROM <y>") == "DESCRIBE <x>  "
    assert without_dataset_clauses("SELECT * FROM ?x WHERE {}") is None


def test_syntax_errors_get_line_and_column() -> None:
    query = "SELECT ?x\nWHERE { ?s ?p ?o } LIMIT 1 BOGUS"
    error = VIRTUOSO.error(
        400,
        "Virtuoso 37000 Error SP030: SPARQL compiler, line 3: syntax error at 'BOGUS' "
        f"before '}}'\n\nSPARQL query:\nPREFIX x: <y>\n{query}",
        query,
        1,
    )
    assert isinstance(error, QuerySyntaxError)
    assert (error.line, error.column) == (2, 28)
    assert "line 2, column 28" in str(error) and "BOGUS" in str(error)


def test_unknown_prefix_is_named() -> None:
    query = "SELECT * WHERE { ?s foo:bar ?o }"
    error = VIRTUOSO.error(
        400,
        "Virtuoso 37000 Error SP030: SPARQL compiler, line 1: Undefined namespace prefix at "
        f"'foo' before '?o'\n\nSPARQL query:\n{query}",
        query,
        0,
    )
    assert isinstance(error, QuerySyntaxError)
    assert "unknown prefix 'foo:' at line 1, column 21" in str(error)


def test_time_limits_and_refusals() -> None:
    timeout = VIRTUOSO.error(
        500, "Virtuoso S1T00 Error SR171: Transaction timed out\n\nSPARQL query:\nq", "q", 0
    )
    assert isinstance(timeout, QueryTimeout)
    refused = VIRTUOSO.error(
        500,
        "Virtuoso 42000 Error SR186:SECURITY: No permission to execute procedure DB.DBA.X",
        "q",
        0,
    )
    assert isinstance(refused, QueryRefused) and "No permission" in str(refused)
    assert VIRTUOSO.error(500, "some other server's text", "q", 0) is None


def test_a_graph_as_long_as_virtuosos_row_limit_is_taken_as_cut() -> None:
    triple = ox.Triple(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal("o"))
    limited = Virtuoso((), G, max_rows=3)
    assert len(list(limited.graph(iter([triple] * 2)))) == 2
    with pytest.raises(ResultTooLarge, match="ResultSetMaxRows"):
        list(limited.graph(iter([triple] * 3)))
    assert len(list(Virtuoso((), G).graph(iter([triple] * 3)))) == 3  # limit unknown


def test_virtuoso_is_asked_for_the_format_of_each_form() -> None:
    # Asked for SPARQL XML first, Virtuoso would send a graph as RDF/XML.
    assert VIRTUOSO.accept_for(
        "PREFIX s: <http://schema.org/> CONSTRUCT WHERE { ?s a s:School }"
    ) == ("application/n-triples")
    assert VIRTUOSO.accept_for("DESCRIBE <http://example.org/a>") == "application/n-triples"
    assert VIRTUOSO.accept_for("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }") == (
        "application/n-triples"
    )
    assert VIRTUOSO.accept_for("SELECT * {}") == "application/sparql-results+xml"
    assert VIRTUOSO.accept_for("ASK {}") == "application/sparql-results+xml"
    assert VIRTUOSO.accept_for("not a query") == VIRTUOSO.accept
    assert Dialect().accept_for("CONSTRUCT WHERE { ?s ?p ?o }") == Dialect.accept
