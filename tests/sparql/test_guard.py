"""The guard reads the query text as no parser would need to: linear, and not to be fooled.

The SERVICE check must refuse every text that an engine could read as a call to an endpoint off
the allow-list, whatever the engine's lexer makes of comments, escapes, line terminators and
keywords run together; the nesting check must never count less than the engine's parser
recurses; and no check may take more than linear time.
"""

from __future__ import annotations

import time

import pytest

from ikkan.sparql.errors import QueryRefused, QuerySyntaxError
from ikkan.sparql.guard import (
    HEAD_TOKENS,
    MAX_NESTING,
    check_nesting,
    check_services,
    mentions_service,
    precheck,
    variable_order,
)


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("# a comment\nPREFIX ex: <http://e/>\nBASE <http://b/>\nask {}", "ASK"),
        ("construct where { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://e/x>", "DESCRIBE"),
        ("\\u0053ELECT * {}", "SELECT"),
        ("not sparql", None),
    ],
)
def test_form(query: str, form: str | None) -> None:
    assert precheck(query).form == form


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <a> <b> <c> }",
        "PREFIX ex: <http://e/> DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "drop all",
        "CLEAR DEFAULT",
        "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "CREATE GRAPH <http://g>",
        "COPY DEFAULT TO <http://g>",
    ],
)
def test_updates_are_recognised(query: str) -> None:
    assert precheck(query).update


def test_engine_pragmas_are_recognised() -> None:
    assert precheck('DEFINE get:soft "replace" SELECT * FROM <http://e/> {}').pragma == "DEFINE"


def test_dataset_clauses() -> None:
    head = precheck(
        "PREFIX g: <https://w3id.org/ikkan/graph/>\n"
        "SELECT (EXISTS { ?a ?b ?c } AS ?e) FROM g:oyama FROM NAMED <https://x/n> WHERE { }"
    )
    assert head.has_dataset
    assert head.from_graphs == ("https://w3id.org/ikkan/graph/oyama",)
    assert head.from_named == ("https://x/n",)
    head = precheck("BASE <http://b/> CONSTRUCT { ?s ?p ?o } FROM <g> WHERE { ?s ?p ?o }")
    assert head.from_graphs == ("http://b/g",)
    # FROM inside a string, an IRI or a variable is not a dataset clause
    assert not precheck('SELECT ?from WHERE { ?s <http://e/FROM> "FROM <x>" }').has_dataset
    # a head that ends with the text is read to its end
    assert not precheck("DESCRIBE <http://e/x>").has_dataset


def test_a_head_past_the_token_budget_is_left_to_the_engine() -> None:
    head = precheck("SELECT " + "?v " * (HEAD_TOKENS + 10) + "FROM <http://g/> WHERE {}")
    assert head.form == "SELECT"
    assert head.has_dataset and not head.dataset_readable and head.from_graphs == ()


def test_select_all_and_its_variable_order() -> None:
    assert precheck("SELECT * { ?s ?p ?o }").select_all
    assert precheck("select distinct * { ?s ?p ?o }").select_all
    assert not precheck("SELECT ?s { ?s ?p ?o }").select_all
    query = "SELECT * { ?s ?p ?o . ?o $q 'not ?a variable' # nor ?this\n FILTER(?p != <x?y>) }"
    assert variable_order(query) == ["s", "p", "o", "q"]


def test_mentions_service_errs_towards_yes() -> None:
    assert mentions_service("SELECT * { SERVICE <x> {} }")
    assert mentions_service("SELECT * { SERV\\u0049CE <x> {} }")
    assert mentions_service("SELECT * { ſervice <x> {} }")  # long s folds to s
    assert not mentions_service("SELECT * { ?s ?p ?o }")


TRAP = "http://127.0.0.1:9/internal"
ALLOWED = frozenset({"http://127.0.0.1:9/sparql"})
# Every line terminator SPARQL and Unicode know.
TERMINATORS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"]


def forbidden_calls(target: str = TRAP) -> list[str]:
    """Texts that an engine could read as a call to ``target``."""
    group = "{ ?s ?p ?o }"
    call = f"SERVICE <{target}> {group}"
    placements = [
        f"SELECT * WHERE {{ {call} }}",
        f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ {call} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c MINUS {{ {call} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c FILTER EXISTS {{ {call} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c FILTER NOT EXISTS {{ {call} }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ {call} }} }} }}",
        f"SELECT * WHERE {{ {{ ?a ?b ?c }} UNION {{ {call} }} }}",
        f"SELECT * WHERE {{ GRAPH ?g {{ {call} }} }}",
        f"SELECT * WHERE {{ BIND(EXISTS {{ {call} }} AS ?x) }}",
        f"SELECT * WHERE {{ VALUES ?e {{ <{target}> }} SERVICE ?e {group} }}",
        f"ASK {{ {call} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {call} }}",
        f"DESCRIBE ?s WHERE {{ {call} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{target}> {group} }}",
        f"SELECT * WHERE {{ service silent <{target}> {group} }}",
        f"SELECT * WHERE {{ SeRvIcE <{target}> {group} }}",
        f"SELECT * WHERE {{ SERVICE<{target}>{group} }}",
        f"SELECT * WHERE {{ SERVICESILENT<{target}>{group} }}",
    ]
    tricks = [
        # the two vectors
        f"SELECT * WHERE {{ #x\r{call}\n}}",
        f"SELECT * WHERE {{ VALUES ?x {{ 'a\\u0027 ' }} {call} VALUES ?y {{ ' \\u0027b' }} }}",
        # escapes in every form SPARQL knows
        f"SELECT * WHERE {{ SERV\\u0049CE <{target}> {group} }}",
        f"SELECT * WHERE {{ SERV\\U00000049CE <{target}> {group} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{target}> {group} }}",
        f'SELECT * WHERE {{ VALUES ?x {{ "a\\u0022 " }} {call} VALUES ?y {{ " \\u0022b" }} }}',
        f"SELECT * WHERE {{ SERVICE <{target.replace(':9', chr(92) + 'u003A9')}> {group} }}",
        # keywords run into their neighbours, as a backtracking parser reads them
        f"SELECT * WHERE {{ ?s ?p trueSERVICE <{target}> {group} }}",
        f"SELECT * WHERE {{ ?s ?p 1SERVICE <{target}> {group} }}",
        f"PREFIX ex: <{target}/> SELECT * WHERE {{ SERVICEex:x {group} }}",
        f"PREFIX ex: <{target}/> SELECT * WHERE {{ SERVICE ex:x {group} }}",
        f"PREFIX : <{target}/> SELECT * WHERE {{ SERVICE :x {group} }}",
        f"BASE <{target}/> SELECT * WHERE {{ SERVICE <x> {group} }}",
        f"SELECT * WHERE {{ ?s ?p ?o . # \\\n {call} }}",
        # compatibility and case folding
        f"SELECT * WHERE {{ ＳＥＲＶＩＣＥ <{target}> {group} }}",
        f"SELECT * WHERE {{ ſervice <{target}> {group} }}",
        # an escaped quote in a local name does not open a string
        f"PREFIX e: <http://e/> SELECT * WHERE {{ ?s ?p e:a\\' . {call} . ?s ?p e:b\\' }}",
    ]
    tricks += [f"SELECT * WHERE {{ ?s ?p ?o #x{t}{call}{t}}}" for t in TERMINATORS]
    tricks += [f"SELECT * WHERE {{ ?s ?p 'x{t}{call} # '}}" for t in TERMINATORS]
    return placements + tricks


@pytest.mark.parametrize("query", forbidden_calls())
@pytest.mark.parametrize("allowed", [frozenset(), ALLOWED], ids=["empty", "allow-list"])
def test_service_off_the_allow_list_is_refused(query: str, allowed: frozenset[str]) -> None:
    with pytest.raises(QueryRefused) as caught:
        check_services(query, allowed)
    assert caught.value.status == 403
    assert "SERVICE" in str(caught.value)


@pytest.mark.parametrize("query", forbidden_calls())
def test_beside_an_allowed_call_a_forbidden_one_is_refused(query: str) -> None:
    allowed_call = "SERVICE <http://127.0.0.1:9/sparql> { ?a ?b ?c }"
    with pytest.raises(QueryRefused):
        check_services(query.replace("WHERE {", "WHERE { " + allowed_call, 1), ALLOWED)


def test_refusals_say_what_and_where() -> None:
    refused = r"SERVICE <http://evil\.example/> is refused \(line 3, column 3\)"
    with pytest.raises(QueryRefused, match=refused):
        check_services("SELECT *\n{ ?s ?p ?o .\n  SERVICE <http://evil.example/> {} }", ALLOWED)
    with pytest.raises(QueryRefused, match=r"allow-list is empty"):
        check_services("SELECT * { SERVICE <http://evil.example/> {} }", frozenset())
    with pytest.raises(QueryRefused, match=r"SERVICE \?e is refused \(line 1, column 12\)"):
        check_services("SELECT * { SERVICE ?e {} }", ALLOWED)
    with pytest.raises(QueryRefused, match=r"line 2, column 5"):
        check_services("SELECT *\n{   SERVICE ex:a {} }", ALLOWED)


@pytest.mark.parametrize(
    "query",
    [
        # the word inside a string, a comment, an IRI, a variable or a local name is no call
        'SELECT * { ?s ?p "customer service" }',
        "SELECT * { ?s ?p ?o } # no SERVICE here",
        "SELECT * { ?s a <http://schema.org/Service> }",
        "SELECT ?service { ?service ?p ?o }",
        "PREFIX ikkan: <https://w3id.org/ikkan/ontology#>\n"
        "SELECT * { ?s a ikkan:TransportService ; ?p etype:service-start }",
        "SELECT * { ?s ?p '''multi-line\nservice''' }",
    ],
)
def test_mere_mentions_pass_even_without_an_allow_list(query: str) -> None:
    check_services(query, frozenset())


def test_allowed_calls_pass_nested_and_silent() -> None:
    inner = "SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o }"
    check_services(f"SELECT * {{ SERVICE <http://127.0.0.1:9/sparql> {{ {inner} }} }}", ALLOWED)
    check_services(
        "SELECT * { SERVICE\n  <http://127.0.0.1:9/sparql> { ?s ?p <http://x/service> } }",
        ALLOWED,
    )


def test_nesting_limit() -> None:
    check_nesting("SELECT * WHERE " + "{" * 50 + "}" * 50)
    check_nesting('SELECT * WHERE { ?s ?p "' + "(" * 1000 + '" }')
    check_nesting("SELECT * WHERE { ?s ?p ?o } # " + "(" * 1000)
    with pytest.raises(QuerySyntaxError):
        check_nesting("SELECT * WHERE " + "{" * (MAX_NESTING + 1))


@pytest.mark.parametrize(
    "query",
    [
        # read as an IRI by one reader, as "<" between expressions by another
        "SELECT * { FILTER(?a<?b&&" + "(" * 300 + "1" + ")" * 300 + "&&?b>?a) }",
        "SELECT * { FILTER(?a<[" + "(" * 300 + "1" + ")" * 300 + ">?a) }",
        # closing brackets hidden where the engine does not read them cannot cancel real ones
        "SELECT * { " + "(<)>" * 300 + " }",
        "PREFIX e: <http://e/> SELECT * { " + "(e:a\\)" * 300 + " }",
        'SELECT * { ")" ' + '(")"' * 300 + " }",
        # a quote inside an IRI does not open a string that would hide brackets
        "SELECT * { <http://e/it's> " + "(" * 300 + " 'x' }",
    ],
)
def test_nesting_cannot_be_hidden(query: str) -> None:
    with pytest.raises(QuerySyntaxError):
        check_nesting(query)


def test_brackets_inside_iris_cost_nothing_when_balanced() -> None:
    iris = " ".join(f"<http://en.wikipedia.org/wiki/Oyama_(city){i}>" for i in range(600))
    check_nesting(f"SELECT * {{ VALUES ?x {{ {iris} }} }}")


def test_a_crash_deep_nesting_is_refused() -> None:
    with pytest.raises(QuerySyntaxError):
        check_nesting("SELECT * WHERE { FILTER(" + "(" * 450_000 + "1" + ")" * 450_000 + ") }")


HOSTILE = {
    "name run": "SELECT " + "a-" * 500_000 + "a WHERE {}",
    "prefixed name run": "SELECT * { ?s ?p e:" + "a-" * 500_000 + "a }",
    "unterminated escapes": 'SELECT * { ?s ?p "a\\"' * 100_000,
    "brackets": "SELECT * WHERE {" + "(" * 1_000_000,
    "iri starts": "SELECT * { " + "<a" * 500_000,
    "comments": "SELECT * { ?s ?p ?o }" + "#\r" * 500_000,
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_megabyte_is_read_before_the_query_process_in_a_blink(name: str) -> None:
    text = HOSTILE[name]
    assert len(text) >= 1_000_000
    started = time.perf_counter()
    precheck(text)
    assert time.perf_counter() - started < 0.1


def test_the_quadratic_name_run_is_checked_whole_in_a_blink() -> None:
    text = HOSTILE["name run"]
    started = time.perf_counter()
    precheck(text)
    check_services(text, frozenset())
    check_nesting(text)
    assert time.perf_counter() - started < 0.1


def test_a_head_past_the_character_budget_is_left_to_the_engine() -> None:
    head = precheck("SELECT (" + "1+" * 40_000 + "1 AS ?n) FROM <http://g/> WHERE {}")
    assert head.form == "SELECT"
    assert head.has_dataset and not head.dataset_readable
