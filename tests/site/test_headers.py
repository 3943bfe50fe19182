"""Headers every route shares: CORS preflights, the content security policy, the public base
URL and trusted hosts, and the dumps' media types. Flask's test client over the real build."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ikkan.settings import Settings
from ikkan.web.app import create_app
from ikkan.web.responses import CONTENT_SECURITY_POLICY
from ikkan.web.state import get_state

OTOME = "/id/school/092088-otome-jhs"
PUBLIC = "https://data.example.org"


def _app(settings: Settings) -> Iterator[Flask]:
    app = create_app(settings)
    app.testing = True
    yield app
    with app.app_context():
        get_state().store.close()


@pytest.fixture(scope="module")
def client(built: Settings) -> Iterator[FlaskClient]:
    for app in _app(built.replace(query_workers=1)):
        yield app.test_client()


@pytest.fixture(scope="module")
def public(built: Settings) -> Iterator[FlaskClient]:
    settings = built.replace(
        query_workers=1, public_base_url=PUBLIC + "/", trusted_hosts="data.example.org"
    )
    for app in _app(settings):
        yield app.test_client()


@pytest.mark.parametrize(
    "path", [OTOME, "/page/school/092088-otome-jhs", "/ontology", "/search", "/", "/sparql"]
)
def test_a_cross_origin_preflight_passes_on_every_get_route(client: FlaskClient, path: str) -> None:
    r = client.options(
        path,
        headers={
            "Origin": "https://notebook.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match, accept-language",
        },
    )
    assert r.status_code in (200, 204)
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in r.headers["Access-Control-Allow-Methods"]
    allowed = r.headers["Access-Control-Allow-Headers"].lower()
    assert "if-none-match" in allowed and "accept-language" in allowed


@pytest.mark.parametrize(
    "path", ["/", "/query", "/page/school/092088-otome-jhs", "/sparql", "/search?q=x", "/nope"]
)
def test_every_page_has_the_content_security_policy(client: FlaskClient, path: str) -> None:
    r = client.get(path, headers={"Accept": "text/html"})
    policy = r.headers["Content-Security-Policy"]
    if path == "/query":
        # The editor's own <style> element is admitted by a nonce, fresh for every answer.
        nonce = re.search(r"style-src 'self' 'nonce-([\w-]+)'", policy)
        assert nonce and f'data-style-nonce="{nonce[1]}"' in r.get_data(as_text=True)
        policy = policy.replace(nonce[0] + "; ", "")
    assert policy == CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in r.headers["Content-Security-Policy"]
    html = r.get_data(as_text=True)
    # Nothing the policy would block: no inline script or style, no handlers.
    assert " style=" not in html and "<style" not in html and " onclick=" not in html
    assert "<script>" not in html


def test_without_a_public_base_url_cached_answers_vary_by_host(client: FlaskClient) -> None:
    r = client.get("/.well-known/void", headers={"Accept": "text/turtle", "Host": "a.example"})
    assert "<http://a.example/sparql>" in r.get_data(as_text=True)
    assert "Host" in r.headers["Vary"]


def test_the_public_base_url_is_used_in_links_and_redirects(public: FlaskClient) -> None:
    host = {"Host": "data.example.org"}
    void = public.get("/.well-known/void", headers={"Accept": "text/turtle", **host})
    assert f"<{PUBLIC}/sparql>" in void.get_data(as_text=True)
    assert "Host" not in void.headers.get("Vary", "")
    described = public.get("/sparql", headers={"Accept": "text/turtle", **host})
    assert f"<{PUBLIC}/sparql>" in described.get_data(as_text=True)
    data = public.get("/data/school/092088-otome-jhs.ttl", headers=host)
    assert f"<{PUBLIC}/data/school/092088-otome-jhs.ttl>" in data.get_data(as_text=True)
    see_other = public.get(OTOME, headers={"Accept": "text/html", **host})
    assert see_other.status_code == 303
    assert see_other.headers["Location"] == f"{PUBLIC}/page/school/092088-otome-jhs"


def test_an_untrusted_host_is_refused(public: FlaskClient) -> None:
    assert public.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert public.get("/", headers={"Host": "data.example.org"}).status_code == 200


def test_checksums_are_plain_text_in_utf_8_once(client: FlaskClient) -> None:
    r = client.get("/downloads/SHA256SUMS")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/plain; charset=utf-8"
