"""Raw HTTP against a real server on each backend: statuses, headers, formats, datasets."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import rdflib
import requests
from rdflib.namespace import Namespace

from .conftest import GRAPH, Built, Server

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SCHOOLS = "SELECT ?s WHERE { ?s a <http://schema.org/School> } ORDER BY ?s"
COUNT = "SELECT (COUNT(?s) AS ?n) WHERE { ?s a <http://schema.org/School> }"
JSON = "application/sparql-results+json"


def count_of(response: requests.Response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def get(
    server: Server, query: str | None = None, accept: str | None = None, **params: str
) -> requests.Response:
    if query is not None:
        params["query"] = query
    headers = {"Accept": accept} if accept else {}
    return requests.get(server.sparql, params=params, headers=headers, timeout=30)


def test_get_post_form_post_direct_agree(endpoint: Server) -> None:
    by_get = requests.get(endpoint.sparql, params={"query": SCHOOLS}, timeout=30)
    by_form = requests.post(endpoint.sparql, data={"query": SCHOOLS}, timeout=30)
    direct = requests.post(
        endpoint.sparql,
        data=SCHOOLS.encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    with_charset = requests.post(
        endpoint.sparql,
        data=SCHOOLS.encode(),
        headers={"Content-Type": "application/sparql-query; charset=UTF-8"},
        timeout=30,
    )
    bodies = [r.json() for r in (by_get, by_form, direct, with_charset)]
    assert all(r.status_code == 200 for r in (by_get, by_form, direct, with_charset))
    assert bodies[0] == bodies[1] == bodies[2] == bodies[3]
    assert len(bodies[0]["results"]["bindings"]) == 5
    assert by_get.headers["Content-Type"] == "application/sparql-results+json; charset=utf-8"


def test_headers_cors_vary_length(endpoint: Server) -> None:
    r = get(endpoint, SCHOOLS, "text/csv", extra="tolerated")
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "Accept" in r.headers["Vary"]
    assert int(r.headers["Content-Length"]) == len(r.content)
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_head_is_get_without_body(endpoint: Server) -> None:
    r = requests.head(endpoint.sparql, params={"query": SCHOOLS}, timeout=30)
    assert r.status_code == 200
    assert r.content == b""
    assert r.headers["Content-Type"].startswith(JSON)
    assert int(r.headers["Content-Length"]) > 0


def test_cors_preflight(endpoint: Server) -> None:
    r = requests.options(
        endpoint.sparql,
        headers={
            "Origin": "https://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
        timeout=30,
    )
    assert r.status_code == 204
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in r.headers["Access-Control-Allow-Methods"]
    assert "content-type" in r.headers["Access-Control-Allow-Headers"].lower()


@pytest.mark.parametrize(
    ("accept", "params", "media"),
    [
        ("application/sparql-results+xml", {}, "application/sparql-results+xml"),
        ("text/tab-separated-values", {}, "text/tab-separated-values"),
        ("text/csv;q=0.2, application/sparql-results+xml;q=0.1", {}, "text/csv"),
        ("text/*", {}, "text/csv"),
        ("image/png", {"format": "tsv"}, "text/tab-separated-values"),
        (None, {"format": "xml"}, "application/sparql-results+xml"),
        (None, {"output": "csv"}, "text/csv"),
        ("*/*", {"results": "anything", "output": "json"}, JSON),
    ],
)
def test_select_negotiation(
    endpoint: Server, accept: str | None, params: dict[str, str], media: str
) -> None:
    r = get(endpoint, SCHOOLS, accept, **params)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == f"{media}; charset=utf-8"


def test_select_formats_carry_the_same_rows(endpoint: Server) -> None:
    rows = {b["s"]["value"] for b in get(endpoint, SCHOOLS).json()["results"]["bindings"]}
    table = list(csv.reader(io.StringIO(get(endpoint, SCHOOLS, "text/csv").text)))
    assert table[0] == ["s"] and {r[0] for r in table[1:]} == rows
    tsv = get(endpoint, SCHOOLS, "text/tab-separated-values").text.splitlines()
    assert tsv[0] == "?s" and {line.strip("<>") for line in tsv[1:]} == rows
    xml = get(endpoint, SCHOOLS, "application/sparql-results+xml").text
    assert set(re.findall(r"<uri>([^<]+)</uri>", xml)) == rows


@pytest.mark.parametrize(
    ("accept", "fmt", "media"),
    [
        ("application/sparql-results+json", None, JSON),
        ("application/sparql-results+xml", None, "application/sparql-results+xml"),
        (None, "csv", "text/csv"),
        (None, "tsv", "text/tab-separated-values"),
    ],
)
def test_ask_formats(endpoint: Server, accept: str | None, fmt: str | None, media: str) -> None:
    params = {"format": fmt} if fmt else {}
    r = get(endpoint, 'ASK { ?s ?p "小山市"@ja }', accept, **params)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith(media)
    assert "true" in r.text


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_and_describe_formats(endpoint: Server, accept: str, rdflib_format: str) -> None:
    for query in (
        "CONSTRUCT WHERE { ?s a <http://schema.org/School> }",
        "DESCRIBE <https://w3id.org/ikkan/id/school/kaku-gakuen>",
    ):
        r = get(endpoint, query, accept)
        assert r.status_code == 200, r.text
        assert r.headers["Content-Type"] == f"{accept}; charset=utf-8"
        graph = rdflib.Graph().parse(data=r.content, format=rdflib_format)
        assert len(graph) >= 5


def test_406_when_nothing_fits(endpoint: Server) -> None:
    for query, accept in ((SCHOOLS, "text/turtle"), ("CONSTRUCT WHERE { ?s ?p ?o }", "text/csv")):
        r = get(endpoint, query, accept)
        assert r.status_code == 406
        assert r.headers["Content-Type"].startswith("text/plain")
        assert "Available" in r.text
    assert get(endpoint, SCHOOLS, format="excel").status_code == 406
    assert get(endpoint, SCHOOLS, format="html").status_code == 406


def test_default_graph_is_the_union(endpoint: Server) -> None:
    assert count_of(get(endpoint, COUNT)) == 5


def test_protocol_dataset(endpoint: Server) -> None:
    oyama = {"default-graph-uri": GRAPH + "oyama"}
    assert count_of(get(endpoint, COUNT, **oyama)) == 4
    # the protocol's graphs take precedence over the query's FROM
    from_sample = COUNT.replace("WHERE", f"FROM <{GRAPH}sample-town> WHERE")
    assert count_of(get(endpoint, from_sample)) == 1
    assert count_of(get(endpoint, from_sample, **oyama)) == 4
    named = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    r = requests.post(
        endpoint.sparql + f"?named-graph-uri={GRAPH}oyama&named-graph-uri={GRAPH}ontology",
        data=named.encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    assert count_of(r) == 2
    # FROM NAMED alone leaves the default graph empty, as SPARQL says
    only_named = COUNT.replace("WHERE", f"FROM NAMED <{GRAPH}oyama> WHERE")
    assert count_of(get(endpoint, only_named)) == 0


def test_malformed_query_is_400_with_position(endpoint: Server) -> None:
    r = get(endpoint, "SELECT ?s WHERE {\n  ?s a \n}")
    assert r.status_code == 400
    assert r.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert re.search(r"line \d+, column \d+", r.text), r.text
    assert "Traceback" not in r.text


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("GET", {"params": {"query": "INSERT DATA { <a:b> <a:c> <a:d> }"}}),
        ("GET", {"params": {"update": "DROP ALL"}}),
        ("POST", {"data": {"update": "CLEAR ALL"}}),
        ("POST", {"data": {"query": "LOAD <http://example.org/x.ttl>"}}),
        ("POST", {"data": b"DROP ALL", "headers": {"Content-Type": "application/sparql-update"}}),
    ],
)
def test_read_only(endpoint: Server, method: str, kwargs: dict[str, object]) -> None:
    r = requests.request(method, endpoint.sparql, timeout=30, **kwargs)  # type: ignore[arg-type]
    assert r.status_code == 403
    assert "read-only" in r.text


def test_other_methods_are_405(endpoint: Server) -> None:
    r = requests.put(endpoint.sparql, params={"query": "ASK {}"}, timeout=30)
    assert r.status_code == 405
    assert "GET" in r.headers["Allow"]


def test_request_size_limit(endpoint: Server) -> None:
    big = "ASK {} #" + "x" * 70_000
    r = requests.post(endpoint.sparql, data={"query": big}, timeout=30)
    assert r.status_code == 413
    assert "64,000 bytes" in r.text


def test_result_limit_is_an_error_not_a_truncation(endpoint: Server) -> None:
    numbers = " ".join(str(n) for n in range(1, 26))
    many = f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {numbers} }} VALUES ?b {{ {numbers} }} }}"
    r = get(endpoint, many, "text/csv")
    assert r.status_code == 500
    assert r.headers["Content-Type"].startswith("text/plain")
    assert "more than 500 rows" in r.text
    assert get(endpoint, many + " LIMIT 500", "text/csv").text.count("\n") == 501


def test_service_allow_list(endpoint: Server) -> None:
    r = get(endpoint, "SELECT * WHERE { SERVICE <http://169.254.169.254/latest/> { ?s ?p ?o } }")
    assert r.status_code == 403
    assert "<http://169.254.169.254/latest/>" in r.text
    r = get(endpoint, "SELECT * WHERE { SERVICE ?where { ?s ?p ?o } }")
    assert r.status_code == 403


def test_allowed_service_is_called(endpoint: Server, oxigraph: object) -> None:
    url = oxigraph.url
    query = (
        f"SELECT ?name WHERE {{ SERVICE <{url}> {{ "
        f"<https://w3id.org/ikkan/id/municipality/092088> "
        f"<http://www.w3.org/2000/01/rdf-schema#label> ?name }} }}"
    )
    r = get(endpoint, query)
    assert r.status_code == 200, r.text
    names = {b["name"]["value"] for b in r.json()["results"]["bindings"]}
    assert "小山市" in names


def test_service_description(endpoint: Server, built: Built) -> None:
    r = requests.get(
        endpoint.sparql, headers={"Accept": "text/turtle", "Host": "ikkan.example:8443"}, timeout=30
    )
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert "Accept" in r.headers["Vary"] and 'rel="alternate"' in r.headers["Link"]
    graph = rdflib.Graph().parse(data=r.text, format="turtle")
    endpoints = set(graph.objects(None, SD.endpoint))
    assert endpoints == {rdflib.URIRef("http://ikkan.example:8443/sparql")}
    assert (None, SD.feature, SD.UnionDefaultGraph) in graph
    assert (None, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert len(set(graph.objects(None, SD.resultFormat))) == 8
    names = {str(n) for n in graph.objects(None, SD.name)}
    assert names == {GRAPH + g for g in ("ontology", "dataset", "oyama", "sample-town")}
    assert rdflib.Literal(built.triples) in set(graph.objects())
    for accept, fmt in (
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/n-triples", "nt"),
    ):
        other = requests.get(endpoint.sparql, headers={"Accept": accept}, timeout=30)
        assert other.status_code == 200
        assert len(rdflib.Graph().parse(data=other.content, format=fmt)) == len(graph)


def test_browser_gets_the_html_page(endpoint: Server) -> None:
    r = requests.get(
        endpoint.sparql,
        headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
        timeout=30,
    )
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<html lang="ja">' in r.text
    assert f"curl -G {endpoint.sparql}" in r.text
    assert '<form class="query-form" method="get"' in r.text
    css = requests.get(endpoint.base + "/static/style.css", timeout=30)
    assert css.status_code == 200


def test_one_log_line_per_query(endpoint: Server) -> None:
    marker = "# log-marker-7f3a\nASK {}"
    before = len(endpoint.query_log())
    assert get(endpoint, marker).status_code == 200
    assert get(endpoint, "SELEC").status_code == 400
    import hashlib
    import time

    digest = hashlib.sha256(marker.encode()).hexdigest()[:12]
    for _ in range(50):
        lines = endpoint.query_log()[before:]
        if len(lines) >= 2:
            break
        time.sleep(0.05)
    ours = [line for line in lines if f"hash={digest}" in line]
    assert len(ours) == 1
    assert re.search(r"client=127\.0\.0\.1 status=200 ms=[\d.]+ rows=1 bytes=\d+ hash=", ours[0])
    assert any("status=400" in line for line in lines)


def test_json_body_is_valid_json(endpoint: Server) -> None:
    body = get(
        endpoint, "SELECT ?c WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#comment> ?c }"
    ).content
    value = json.loads(body)["results"]["bindings"][0]["c"]
    assert value["value"].startswith('Formed by merging three schools, "in one building"\n')
    assert value["xml:lang"] == "en"


# The shapes of the W3C SPARQL 1.1 Protocol test suite (sparql11/protocol/manifest.ttl), on
# this endpoint's data: (name, method, query string, content type, body, expected status).
W3C_PROTOCOL_CASES = [
    (
        "query_get",
        "GET",
        "query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2Fkasei.us%2Fdata0.rdf",
        None,
        b"",
        200,
    ),
    (
        "query_post_form",
        "POST",
        "default-graph-uri=http%3A%2F%2Fkasei.us%2Fdata0.rdf",
        "application/x-www-form-urlencoded",
        b"query=ASK%20%7B%7D",
        200,
    ),
    ("query_post_direct", "POST", "", "application/sparql-query", b"ASK {}", 200),
    (
        "bad_query_method",
        "PUT",
        "query=ASK%20%7B%7D",
        "application/x-www-form-urlencoded",
        b"",
        405,
    ),
    (
        "bad_multiple_queries",
        "GET",
        "query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D",
        None,
        b"",
        400,
    ),
    ("bad_query_wrong_media_type", "POST", "", "text/plain", b"ASK {}", 415),
    ("bad_query_missing_form_type", "POST", "", None, b"query=ASK%20%7B%7D", 415),
    ("bad_query_missing_direct_type", "POST", "", None, b"ASK {}", 415),
    (
        "bad_query_non_utf8",
        "POST",
        "",
        "application/sparql-query; charset=UTF-16",
        "ASK {}".encode("utf-16"),
        415,
    ),
    ("bad_query_syntax", "GET", "query=ASK%20%7B", None, b"", 400),
    ("bad_update_get", "GET", "update=CLEAR%20ALL", None, b"", 403),
]


@pytest.mark.parametrize(
    ("name", "method", "query_string", "content_type", "body", "status"),
    W3C_PROTOCOL_CASES,
    ids=[case[0] for case in W3C_PROTOCOL_CASES],
)
def test_w3c_protocol_shapes(
    endpoint: Server,
    name: str,
    method: str,
    query_string: str,
    content_type: str | None,
    body: bytes,
    status: int,
) -> None:
    request = requests.Request(method, endpoint.sparql, data=body or None).prepare()
    request.url = endpoint.sparql + ("?" + query_string if query_string else "")
    request.headers.pop("Content-Type", None)
    if content_type:
        request.headers["Content-Type"] = content_type
    with requests.Session() as session:
        r = session.send(request, timeout=30)
    assert r.status_code == status, r.text
    if status == 200:
        assert r.json()["boolean"] is True


@pytest.mark.parametrize(
    ("query", "media_types"),
    [
        (
            "SELECT (1 AS ?value) {}",
            {JSON, "application/sparql-results+xml", "text/csv", "text/tab-separated-values"},
        ),
        ("ASK {}", {JSON, "application/sparql-results+xml"}),
        (
            "DESCRIBE <http://example.org/>",
            {"text/turtle", "application/n-triples", "application/rdf+xml"},
        ),
        (
            "CONSTRUCT { <s:s> <p:p> 1 } WHERE {}",
            {"text/turtle", "application/n-triples", "application/rdf+xml"},
        ),
    ],
)
def test_w3c_appropriate_content_type_without_accept(
    endpoint: Server, query: str, media_types: set[str]
) -> None:
    r = requests.post(
        endpoint.sparql,
        data=query.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": ""},
        timeout=30,
    )
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0] in media_types
