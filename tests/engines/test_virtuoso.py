"""What the remote backend does about Virtuoso's own ways (``IKKAN_TEST_ENGINES=virtuoso``).

A Virtuoso of its own, with sixty-two graphs, a row limit of 5 and a time limit of 1 s (both
far below ikkan's), so that its limits are the ones reached: a result Virtuoso cut short, or
stopped at its time limit, must reach the client as an error, never as the part it sent. The
endpoint and site suites run over Virtuoso too (their ``endpoint`` and ``site`` fixtures); this
adds what only Virtuoso does.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from ikkan.engines import virtuoso

from .. import support
from . import ENGINES
from . import virtuoso as virtuoso_engine

pytestmark = pytest.mark.skipif(
    "virtuoso" not in ENGINES, reason="Virtuoso runs when IKKAN_TEST_ENGINES=virtuoso"
)

G = "https://w3id.org/ikkan/graph/"
EX = "https://w3id.org/ikkan/id/school/"
SCHOOL = "<http://schema.org/School>"
XSD = "http://www.w3.org/2001/XMLSchema#"
# Canonical XSD forms, each of a kind Virtuoso keeps as a number (of seconds or of months).
DURATIONS = (
    ("P1D", "duration"),
    ("PT1H30M", "duration"),
    ("P1M", "duration"),
    ("P1Y2M", "duration"),
    ("-P7D", "duration"),
    ("P2DT3M", "dayTimeDuration"),
    ("P1Y", "yearMonthDuration"),
    ("P1Y2M3DT4H", "duration"),  # both kinds: Virtuoso keeps the text
)
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o }"


def _nquads(path: Path) -> int:
    lines = []
    for i in range(10):
        graph = f"<{G}{'east' if i % 2 else 'west'}>"
        lines.append(f"<{EX}s{i}> a {SCHOOL} {graph} .")
        lines.append(
            f'<{EX}s{i}> <http://www.w3.org/2000/01/rdf-schema#label> "S{i}"@ja-Latn {graph} .'
        )
        lines.append(f'<{EX}s{i}> <{EX}open> "{str(i % 3 == 0).lower()}"^^<{XSD}boolean> {graph} .')
    lines += [
        f'<{EX}d{i}> <{EX}length> "{form}"^^<{XSD}{kind}> <{G}west> .'
        for i, (form, kind) in enumerate(DURATIONS)
    ]
    # Sixty more graphs: more than Python's HTTP client would take response headers for, were
    # they sent as parameters (Virtuoso repeats each in a header).
    lines += [f'<{EX}r{i}> <{EX}name> "R{i}" <{G}region-{i}> .' for i in range(60)]
    path.write_text(
        "\n".join(lines).replace(" a ", " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ")
        + "\n"
    )
    return len(lines)


@pytest.fixture(scope="module")
def small_virtuoso(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[support.Server, int]]:
    folder = tmp_path_factory.mktemp("virtuoso-limits")
    nquads = folder / "schools.nq"
    quads = _nquads(nquads)
    with virtuoso_engine.running(folder, nquads, time_limit=1, max_rows=5) as store:
        server = support.start_server(
            {
                "IKKAN_BUILD_DIR": str(folder / "build"),
                "IKKAN_STORE_URL": store.sparql_url,
                "IKKAN_WORKERS": "1",
                "IKKAN_QUERY_TIMEOUT": "20",
            },
            backend="virtuoso",
        )
        try:
            yield server, quads
        finally:
            server.stop()


def ask(
    server: support.Server, query: str, accept: str = "application/sparql-results+json"
) -> requests.Response:
    return requests.post(
        server.sparql, data={"query": query}, headers={"Accept": accept}, timeout=60
    )


def test_a_result_virtuoso_cut_at_its_row_limit_is_an_error(
    small_virtuoso: tuple[support.Server, int],
) -> None:
    server, _quads = small_virtuoso
    whole = ask(server, f"SELECT ?s WHERE {{ ?s a {SCHOOL} }} LIMIT 4")
    assert whole.status_code == 200 and len(whole.json()["results"]["bindings"]) == 4
    cut = ask(server, f"SELECT ?s WHERE {{ ?s a {SCHOOL} }}")
    assert cut.status_code == 500, cut.text
    assert "ResultSetMaxRows" in cut.text and "nothing was sent" in cut.text
    graph = ask(server, f"CONSTRUCT WHERE {{ ?s a {SCHOOL} }}", "application/n-triples")
    assert graph.status_code == 500 and "ResultSetMaxRows" in graph.text


def test_a_query_virtuoso_stopped_at_its_time_limit_is_an_error(
    small_virtuoso: tuple[support.Server, int],
) -> None:
    server, _quads = small_virtuoso
    slow = ask(server, SLOW)
    assert slow.status_code == 500, slow.text
    assert "time limit" in slow.text
    # The server's log is read from its output by another thread: give the line time to come.
    deadline = time.monotonic() + 10
    while not any("error=QueryTimeout" in line for line in server.query_log()):
        assert time.monotonic() < deadline, server.query_log()[-3:]
        time.sleep(0.05)


def test_the_default_graph_is_the_builds_graphs_only(
    small_virtuoso: tuple[support.Server, int],
) -> None:
    server, quads = small_virtuoso
    count = ask(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").json()
    assert int(count["results"]["bindings"][0]["n"]["value"]) == quads
    graphs = ask(server, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(graphs.json()["results"]["bindings"][0]["n"]["value"]) == 62
    others = ask(server, f'ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(!STRSTARTS(STR(?g), "{G}")) }}')
    assert others.json()["boolean"] is False  # none of Virtuoso's own graphs


def test_booleans_and_language_tags_come_back_as_the_embedded_store_gives_them(
    small_virtuoso: tuple[support.Server, int],
) -> None:
    server, _quads = small_virtuoso
    query = (
        f"SELECT ?open ?label WHERE {{ <{EX}s3> <{EX}open> ?open ; ?p ?label . "
        'FILTER(isLiteral(?label) && lang(?label) != "") }'
    )
    rows = ask(server, query).json()["results"]["bindings"]
    assert rows[0]["open"] == {"type": "literal", "datatype": XSD + "boolean", "value": "true"}
    assert rows[0]["label"]["xml:lang"] == "ja-latn"  # pyoxigraph lower-cases tags too


def test_durations_come_back_as_they_were_loaded(
    small_virtuoso: tuple[support.Server, int],
) -> None:
    server, _quads = small_virtuoso
    loaded = {f"{EX}d{i}": (form, XSD + kind) for i, (form, kind) in enumerate(DURATIONS)}
    subjects = sorted(loaded)
    # Four at a time: this Virtuoso cuts any answer at five rows.
    for part in (subjects[:4], subjects[4:]):
        values = " ".join(f"<{s}>" for s in part)
        query = f"SELECT ?s ?d WHERE {{ VALUES ?s {{ {values} }} ?s <{EX}length> ?d }}"
        for accept in ("application/sparql-results+json", "application/sparql-results+xml"):
            answer = ask(server, query, accept)
            assert answer.status_code == 200, answer.text
            if "json" in accept:
                rows = answer.json()["results"]["bindings"]
                got = {r["s"]["value"]: (r["d"]["value"], r["d"]["datatype"]) for r in rows}
            else:
                got = {
                    str(s.value): (d.value, d.datatype.value)
                    for s, d in ox.parse_query_results(answer.content, ox.QueryResultsFormat.XML)
                }
            assert got == {s: loaded[s] for s in part}, accept
        graph = ask(
            server,
            f"CONSTRUCT {{ ?s <{EX}length> ?d }} WHERE {{ VALUES ?s {{ {values} }} "
            f"?s <{EX}length> ?d }}",
            "application/n-triples",
        )
        assert graph.status_code == 200, graph.text
        triples = ox.parse(graph.content, ox.RdfFormat.N_TRIPLES)
        got = {t.subject.value: (t.object.value, t.object.datatype.value) for t in triples}
        assert got == {s: loaded[s] for s in part}
    # Virtuoso compares them by value, as SPARQL does.
    match = ask(server, f'SELECT ?s WHERE {{ ?s <{EX}length> "PT24H"^^<{XSD}duration> }}')
    assert [r["s"]["value"] for r in match.json()["results"]["bindings"]] == [f"{EX}d0"]


def test_the_dba_password_is_never_read_by_isql_as_an_option() -> None:
    # Runs without Virtuoso: the password is drawn before isql ever sees it.
    drawn = {virtuoso.new_dba_password() for _ in range(2000)}
    assert len(drawn) == 2000
    assert all(p and not p.startswith("-") and p.isalnum() for p in drawn)
