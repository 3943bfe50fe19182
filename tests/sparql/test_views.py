"""Fine-grained checks of the /sparql view through Flask's test client."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ikkan.settings import load_settings
from ikkan.web.app import create_app
from ikkan.web.state import get_state

from .conftest import Built


@pytest.fixture(scope="module")
def app(built: Built) -> Iterator[Flask]:
    settings = load_settings(
        {"build_dir": str(built.build_dir), "query_workers": 1, "max_request_bytes": 2000},
        environ={},
    )
    application = create_app(settings)
    yield application
    with application.app_context():
        get_state().store.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_request_text_is_escaped_in_html(client: FlaskClient) -> None:
    hostile = "<script>alert(1)</script>"
    r = client.get(
        "/sparql",
        query_string={"format": "html", "x": hostile},
        headers={"Host": "ikkan.example"},
    )
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert hostile not in page
    assert "http://ikkan.example/sparql" in page


def test_every_response_allows_cors_and_varies(client: FlaskClient) -> None:
    for r in (
        client.get("/sparql", query_string={"query": "ASK {}"}),
        client.get("/sparql", query_string={"query": "ASK {"}),
        client.delete("/sparql"),
        client.get("/sparql", headers={"Accept": "image/png"}),
    ):
        assert r.headers["Access-Control-Allow-Origin"] == "*"
        assert "Accept" in r.headers["Vary"]
    assert client.get("/sparql", headers={"Accept": "image/png"}).status_code == 406


def test_head_of_the_description(client: FlaskClient) -> None:
    r = client.head("/sparql", headers={"Accept": "application/n-triples"})
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/n-triples; charset=utf-8"
    assert r.get_data() == b""


def test_oversized_body_without_length(client: FlaskClient) -> None:
    # As gunicorn presents a chunked body: no Content-Length, input terminated by the server.
    r = client.post(
        "/sparql",
        input_stream=io.BytesIO(b"query=" + b"x" * 10_000),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert r.status_code == 413
    assert r.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_timeout_parameter_is_validated(client: FlaskClient) -> None:
    r = client.get("/sparql", query_string={"query": "ASK {}", "timeout": "-1"})
    assert r.status_code == 400
    assert "timeout" in r.get_data(as_text=True)
