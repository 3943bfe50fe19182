"""``/reconcile`` over HTTP: the calls OpenRefine makes, replayed against a real server.

OpenRefine adds a service by GETting its manifest; guesses types from a first batch without a
type; reconciles a column in batches of ten, each query with the column's type and the other
columns as properties, POSTed as a form; offers suggest boxes (entity, type, property); shows a
preview in an iframe; and adds columns by data extension, after asking which properties a type
has (as a POST form and as GET parameters). Each answer is checked against the API's JSON
Schemas (``schemas.py``). Then the errors and limits (400 malformed, 413 a batch or body too
large, 503 a batch past its time limit, each with a message) and CORS on every endpoint.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from ikkan.settings import Settings

from .. import support
from ..support import Server
from .conftest import CHAIN
from .schemas import check, check_batch, check_extension

FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"}


def reconcile_url(server: Server) -> str:
    return server.base + "/reconcile"


def post(server: Server, **form: Any) -> requests.Response:
    data = {k: json.dumps(v, ensure_ascii=False) for k, v in form.items()}
    return requests.post(reconcile_url(server), data=data, headers=FORM, timeout=30)


def test_the_manifest(reconcile_server: Server) -> None:
    response = requests.get(reconcile_url(reconcile_server), timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    manifest = response.json()
    check("manifest", manifest)
    assert manifest["versions"] == ["0.1", "0.2"]
    assert manifest["identifierSpace"] == "https://w3id.org/ikkan/id/"
    assert manifest["schemaSpace"] == "https://w3id.org/ikkan/ontology#"
    assert manifest["batchSize"] == 50
    types = {t["id"]: t["name"] for t in manifest["defaultTypes"]}
    assert {"ElementarySchool", "JuniorHighSchool", "CompulsoryEducationSchool"} <= set(types)
    assert {"Municipality", "Prefecture"} <= set(types)
    assert types["ElementarySchool"].startswith("小学校")
    base = reconcile_url(reconcile_server)
    assert manifest["view"]["url"] == base + "/view?id={{id}}"
    assert manifest["preview"]["url"] == base + "/preview?id={{id}}"
    for kind in ("entity", "type", "property"):
        assert manifest["suggest"][kind] == {
            "service_url": base,
            "service_path": f"/suggest/{kind}",
        }
    assert manifest["extend"]["propose_properties"]["service_path"] == "/propose_properties"


def test_type_guessing_then_a_batch_of_ten_with_a_type_and_a_property(
    reconcile_server: Server,
) -> None:
    # First OpenRefine sends a few cells without a type and reads the candidates' types.
    guess = {f"q{i}": {"query": name, "limit": 6} for i, name in enumerate(["乙女小", "網戸小"])}
    answer = post(reconcile_server, queries=guess).json()
    check_batch(guess, answer)
    assert answer["q0"]["result"][0]["type"] == [
        {"id": "ElementarySchool", "name": "小学校 (Elementary school)"}
    ]
    # Then the column, ten rows a batch: the type chosen, the municipality column as property.
    rows = [
        ("乙女小", "小山市", "school/092088-otome-es"),
        # a municipality column reconciled first: OpenRefine sends its cells as entities
        ("網戸小学校", {"id": "municipality/092088", "name": "小山市"}, "school/092088-ajito-es"),
        ("豊田小", "小山市", "school/b109210003507"),
        ("テスト中央小", "大田原市", "school/b109299900416"),
        ("テスト中央小", "札幌市中央区", "school/b101299900110"),
        ("テスト第1小", "小山市", "school/b109299900112"),
        ("テスト國學小", "092088", "school/b109299900210"),
        ("金丸小学校", "大田原市", "school/b109210001858"),
        ("テスト旧一小学校", "小山", "school/" + CHAIN[0].lower()),
        ("テスト中央小", "", None),  # three schools of that name: no match
    ]
    queries = {
        f"q{i}": {
            "query": name,
            "type": "ElementarySchool",
            "type_strict": "should",
            "properties": [{"pid": "locatedIn", "v": municipality}] if municipality else [],
        }
        for i, (name, municipality, _) in enumerate(rows)
    }
    queries["q9"].pop("properties")
    response = post(reconcile_server, queries=queries)
    assert response.status_code == 200, response.text
    answer = response.json()
    check_batch(queries, answer)
    for i, (name, _, expected) in enumerate(rows):
        result = answer[f"q{i}"]["result"]
        chosen = [c["id"] for c in result if c["match"]]
        assert chosen == ([expected] if expected else []), name
        if expected:
            assert result[0]["id"] == expected
            features = {f["id"]: f["value"] for f in result[0]["features"]}
            assert features["municipality_match"] is True and features["type_match"] is True
    closed = answer["q8"]["result"]
    assert "移行先" in closed[0]["description"]
    assert closed[1]["id"] == "school/" + CHAIN[2].lower()
    # The same batch as a GET parameter gives the same answer.
    again = requests.get(
        reconcile_url(reconcile_server),
        params={"queries": json.dumps(queries, ensure_ascii=False)},
        timeout=30,
    )
    assert again.json() == answer


def test_suggest_entities_types_and_properties(reconcile_server: Server) -> None:
    base = reconcile_url(reconcile_server)
    found = requests.get(base + "/suggest/entity", params={"prefix": "乙女"}, timeout=30).json()
    check("suggest-entities", found)
    ids = [s["id"] for s in found["result"]]
    assert {"school/092088-otome-es", "school/092088-otome-jhs"} <= set(ids)
    assert found["result"][0]["notable"][0]["id"] in ("ElementarySchool", "JuniorHighSchool")
    only = requests.get(
        base + "/suggest/entity",
        params={"prefix": "乙女", "type": "JuniorHighSchool"},
        timeout=30,
    ).json()
    assert [s["id"] for s in only["result"]] == ["school/092088-otome-jhs"]
    by_code = requests.get(
        base + "/suggest/entity", params={"prefix": "C1092100007"}, timeout=30
    ).json()
    assert "school/092088-otome-jhs" in [s["id"] for s in by_code["result"]]
    # An entity's id, or its IRI, as the prefix finds the entity first.
    for prefix in ("school/092088-otome-jhs", "https://w3id.org/ikkan/id/school/092088-otome-jhs"):
        by_id = requests.get(base + "/suggest/entity", params={"prefix": prefix}, timeout=30)
        check("suggest-entities", by_id.json())
        assert by_id.json()["result"][0]["id"] == "school/092088-otome-jhs", prefix
    place = requests.get(base + "/suggest/entity", params={"prefix": "おやま"}, timeout=30).json()
    assert place["result"][0]["id"] == "municipality/092088"
    first = requests.get(
        base + "/suggest/entity", params={"prefix": "テスト", "limit": 2}, timeout=30
    ).json()
    rest = requests.get(
        base + "/suggest/entity", params={"prefix": "テスト", "cursor": 2, "limit": 2}, timeout=30
    ).json()
    assert len(first["result"]) == 2 and len(rest["result"]) == 2
    assert not {s["id"] for s in first["result"]} & {s["id"] for s in rest["result"]}

    types = requests.get(base + "/suggest/type", params={"prefix": "小学"}, timeout=30).json()
    check("suggest-types", types)
    assert types["result"][0]["id"] == "ElementarySchool"
    assert {"School", "EducationalInstitution"} <= {b["id"] for b in types["result"][0]["broader"]}
    english = requests.get(base + "/suggest/type", params={"prefix": "munic"}, timeout=30).json()
    assert english["result"][0]["id"] == "Municipality"
    by_type_id = requests.get(
        base + "/suggest/type", params={"prefix": "JuniorHighSchool"}, timeout=30
    ).json()
    assert by_type_id["result"][0]["id"] == "JuniorHighSchool"

    props = requests.get(
        base + "/suggest/property", params={"prefix": "市区町村"}, timeout=30
    ).json()
    check("suggest-properties", props)
    assert props["result"][0]["id"] == "locatedIn"
    by_property_id = requests.get(
        base + "/suggest/property", params={"prefix": "postalCode"}, timeout=30
    ).json()
    check("suggest-properties", by_property_id)
    assert by_property_id["result"][0]["id"] == "postalCode"


def test_preview_and_view(reconcile_server: Server) -> None:
    base = reconcile_url(reconcile_server)
    # OpenRefine encodes the id as a URI component: school%2F092088-ajito-es
    response = requests.get(base + "/preview?id=school%2F092088-ajito-es", timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    body = response.text
    assert "網戸小学校" in body and "B109210001509" in body and "廃止（2025-05-01）" in body
    assert "移行先" in body and "乙女小学校" in body
    assert re.search(r'href="http://127\.0\.0\.1:\d+/page/school/092088-ajito-es"', body)
    successor = requests.get(base + "/preview", params={"id": "school/092088-otome-es"}, timeout=30)
    assert "移行元" in successor.text and "網戸小学校" in successor.text
    place = requests.get(base + "/preview", params={"id": "municipality/092088"}, timeout=30)
    assert "Q374511" in place.text and "おやまし" in place.text
    missing = requests.get(base + "/preview", params={"id": "school/nothing"}, timeout=30)
    assert missing.status_code == 404

    view = requests.get(
        base + "/view?id=school%2F092088-otome-es", allow_redirects=False, timeout=30
    )
    assert view.status_code == 303
    assert view.headers["Location"].endswith("/page/school/092088-otome-es")
    page = requests.get(base + "/view?id=school%2F092088-otome-es", timeout=30)
    assert page.status_code == 200 and "乙女小学校" in page.text


def test_data_extension(reconcile_server: Server) -> None:
    base = reconcile_url(reconcile_server)
    proposal = requests.get(
        base + "/propose_properties", params={"type": "ElementarySchool", "limit": 20}, timeout=30
    ).json()
    check("property-proposal", proposal)
    offered = {p["id"] for p in proposal["properties"]}
    assert {"code", "locatedIn", "listStatus", "successor", "currentSuccessor"} <= offered
    assert "kanaReading" not in offered
    places = requests.get(
        base + "/propose_properties", params={"type": "Municipality"}, timeout=30
    ).json()
    assert {"code", "kanaReading", "wikidata"} <= {p["id"] for p in places["properties"]}

    query = {
        "ids": ["school/092088-ajito-es", "school/" + CHAIN[0].lower(), "school/nothing"],
        "properties": [
            {"id": "code"},
            {"id": "locatedIn"},
            {"id": "municipalityCode"},
            {"id": "listStatus"},
            {"id": "abolished"},
            {"id": "successor"},
            {"id": "currentSuccessor"},
            {"id": "municipalityWikidata"},
            {"id": "postalCode", "settings": {}},
        ],
    }
    response = post(reconcile_server, extend=query)
    assert response.status_code == 200, response.text
    answer = response.json()
    check_extension(query, answer)
    assert next(m for m in answer["meta"] if m["id"] == "locatedIn")["type"]["id"] == (
        "Municipality"
    )
    ajito = answer["rows"]["school/092088-ajito-es"]
    assert ajito["code"] == [{"str": "B109210001509"}]
    assert ajito["locatedIn"] == [{"id": "municipality/092088", "name": "小山市"}]
    assert ajito["municipalityCode"] == [{"str": "092088"}]
    assert ajito["listStatus"] == [{"str": "廃止"}]
    assert ajito["abolished"] == [{"date": "2025-05-01T00:00:00+09:00"}]
    assert ajito["successor"] == [{"id": "school/092088-otome-es", "name": "乙女小学校"}]
    assert ajito["municipalityWikidata"] == [{"str": "Q374511"}]
    assert ajito["postalCode"] == [{"str": "3290215"}]
    chain = answer["rows"]["school/" + CHAIN[0].lower()]
    assert chain["successor"][0]["id"] == "school/" + CHAIN[1].lower()
    assert chain["currentSuccessor"][0]["id"] == "school/" + CHAIN[2].lower()
    assert all(v == [] for v in answer["rows"]["school/nothing"].values())
    # The same query as a GET parameter gives the same answer.
    again = requests.get(base, params={"extend": json.dumps(query, ensure_ascii=False)}, timeout=30)
    assert again.status_code == 200 and again.json() == answer


def test_bad_requests_get_a_clear_error(reconcile_server: Server) -> None:
    url = reconcile_url(reconcile_server)

    def error(response: requests.Response, status: int) -> str:
        assert response.status_code == status, response.text
        assert response.headers["Content-Type"].startswith("application/json")
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        message: str = response.json()["error"]
        return message

    malformed = requests.post(url, data={"queries": '{"q0": {"query": "乙女"'}, timeout=30)
    assert "queries is not JSON" in error(malformed, 400)
    unknown = post(reconcile_server, queries={"q0": {"query": "乙女", "props": []}})
    assert "unknown field 'props'" in error(unknown, 400)
    empty = post(reconcile_server, queries={"q1": {"limit": 1}})
    assert "give a query" in error(empty, 400)
    bad_type = post(reconcile_server, queries={"q0": {"query": "乙女", "type": "Q5"}})
    assert "unknown type 'Q5'" in error(bad_type, 400)
    bad_property = post(
        reconcile_server, queries={"q0": {"query": "乙女", "properties": [{"pid": "P31", "v": 1}]}}
    )
    assert "unknown property 'P31'" in error(bad_property, 400)
    big = post(reconcile_server, queries={f"q{i}": {"query": "乙女小"} for i in range(51)})
    assert "at most 50" in error(big, 413)
    many_ids = post(reconcile_server, extend={"ids": ["x"] * 51, "properties": [{"id": "code"}]})
    assert "at most 50" in error(many_ids, 413)
    bad_extend = post(reconcile_server, extend={"ids": ["x"], "properties": [{"id": "P31"}]})
    assert "unknown property 'P31'" in error(bad_extend, 400)
    nothing = requests.post(url, data={"other": "1"}, timeout=30)
    assert "queries=" in error(nothing, 400)
    cursor = requests.get(
        url + "/suggest/entity", params={"prefix": "a", "cursor": "x"}, timeout=30
    )
    assert "cursor" in error(cursor, 400)
    # The server still answers.
    assert requests.get(url, timeout=30).status_code == 200


def test_cors_preflight(reconcile_server: Server) -> None:
    response = requests.options(
        reconcile_url(reconcile_server),
        headers={
            "Origin": "http://localhost:3333",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
        timeout=30,
    )
    assert response.status_code == 204
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_a_request_body_past_the_size_limit_is_refused(reconcile_server: Server) -> None:
    # IKKAN_MAX_REQUEST_BYTES is 1,000,000 by default.
    queries = {"q0": {"query": "乙" * 1_100_000}}
    response = requests.post(
        reconcile_url(reconcile_server),
        data={"queries": json.dumps(queries, ensure_ascii=False)},
        timeout=30,
    )
    assert response.status_code == 413
    assert response.json() == {"error": "The request body is larger than 1,000,000 bytes."}
    assert requests.get(reconcile_url(reconcile_server), timeout=30).status_code == 200


@pytest.fixture(scope="module")
def hurried_server(reconcile_build: Settings) -> Iterator[Server]:
    """A server whose batches have a time limit no batch of two queries can keep."""
    server = support.start_server(
        {
            "IKKAN_PROJECT_DIR": str(reconcile_build.project_dir),
            "IKKAN_BUILD_DIR": str(reconcile_build.build_path),
            "IKKAN_DIST_DIR": str(reconcile_build.dist_path),
            "IKKAN_WORKERS": "1",
            "IKKAN_RECONCILE_TIMEOUT": "0.000001",
        }
    )
    yield server
    server.stop()


def test_a_batch_past_its_time_limit_gets_503_and_a_message(hurried_server: Server) -> None:
    queries = {f"q{i}": {"query": "乙女小"} for i in range(3)}
    response = post(hurried_server, queries=queries)
    assert response.status_code == 503, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    message = response.json()["error"]
    assert "time limit of 1e-06 s" in message and "send smaller batches" in message
    # The process is well and answers what fits in the limit: one query.
    one = post(hurried_server, queries={"q0": {"query": "乙女小"}})
    assert one.status_code == 200
    check_batch({"q0": {"query": "乙女小"}}, one.json())


def test_every_endpoint_answers_cross_origin(reconcile_server: Server) -> None:
    """The API asks for CORS on every endpoint alike: answers, redirects and errors."""
    base = reconcile_url(reconcile_server)
    origin = {"Origin": "http://localhost:3333"}
    queries = json.dumps({"q0": {"query": "乙女小"}}, ensure_ascii=False)
    extend = json.dumps({"ids": ["school/092088-otome-es"], "properties": [{"id": "code"}]})
    calls = [
        ("GET", base, {}, 200),
        ("GET", base, {"queries": queries}, 200),
        ("POST", base, {"queries": queries}, 200),
        ("GET", base, {"extend": extend}, 200),
        ("POST", base, {"extend": extend}, 200),
        ("POST", base, {"queries": "{"}, 400),
        ("GET", base + "/suggest/entity", {"prefix": "乙女"}, 200),
        ("GET", base + "/suggest/type", {"prefix": "小"}, 200),
        ("GET", base + "/suggest/property", {"prefix": "市"}, 200),
        ("GET", base + "/propose_properties", {"type": "ElementarySchool"}, 200),
        ("GET", base + "/propose_properties", {}, 400),
        ("GET", base + "/preview", {"id": "school/092088-otome-es"}, 200),
        ("GET", base + "/preview", {"id": "school/nothing"}, 404),
        ("GET", base + "/view", {"id": "school/092088-otome-es"}, 303),
    ]
    for method, url, params, status in calls:
        if method == "GET":
            response = requests.get(
                url, params=params, headers=origin, allow_redirects=False, timeout=30
            )
        else:
            response = requests.post(url, data=params, headers=origin, timeout=30)
        where = f"{method} {url} {sorted(params)}"
        assert response.status_code == status, where
        assert response.headers["Access-Control-Allow-Origin"] == "*", where
    for path in ("", "/suggest/entity", "/preview", "/propose_properties"):
        preflight = requests.options(
            base + path,
            headers={**origin, "Access-Control-Request-Method": "GET"},
            timeout=30,
        )
        assert preflight.status_code == 204, path
        assert preflight.headers["Access-Control-Allow-Origin"] == "*", path
        assert "GET" in preflight.headers["Access-Control-Allow-Methods"], path
