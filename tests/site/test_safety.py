"""Every value is escaped: a label holding ``<script>`` is shown as text, never run.

The ``hostile`` build is the real project plus one extra name of 乙女中学校,
``<script>alert(1)</script>乙女</textarea>``. It must appear escaped on the entity page, in the
search results (HTML and JSON) and inside the page's JSON-LD copy, where ``</script>`` must not
close the script element.
"""

from __future__ import annotations

import json
import re

from flask.testing import FlaskClient

from ikkan.site.links import safe_href

from .conftest import HOSTILE, HOSTILE_IRIS


def test_entity_page_escapes_the_label(hostile: FlaskClient) -> None:
    r = hostile.get("/page/school/092088-otome-jhs")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;乙女&lt;/textarea&gt;" in html
    # The only script elements are the JSON-LD copy, and it holds the whole document.
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert [attrs for attrs, _ in scripts] == [' type="application/ld+json"']
    data = json.loads(scripts[0][1])
    assert HOSTILE in json.dumps(data, ensure_ascii=False)
    assert "\\u003cscript\\u003e" in scripts[0][1]


def test_search_escapes_the_label(hostile: FlaskClient) -> None:
    html = hostile.get("/search?q=alert").get_data(as_text=True)
    assert "/page/school/092088-otome-jhs" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html
    data = hostile.get("/search?q=alert&format=json").get_json()
    assert data["results"][0]["matched"] == HOSTILE
    echoed = hostile.get("/search?q=%3Cscript%3Ealert(2)").get_data(as_text=True)
    assert "<script>alert(2)" not in echoed and "&lt;script&gt;alert(2)" in echoed


def test_data_documents_carry_the_label_verbatim(hostile: FlaskClient) -> None:
    turtle = hostile.get("/data/school/092088-otome-jhs.ttl").get_data(as_text=True)
    assert HOSTILE in turtle
    not_found = hostile.get("/id/%3Cscript%3E", headers={"Accept": "text/html"})
    assert not_found.status_code in (400, 404)
    assert "<script>" not in not_found.get_data(as_text=True)


def test_only_web_iris_become_links(hostile: FlaskClient) -> None:
    r = hostile.get("/page/school/092088-otome-jhs")
    html = r.get_data(as_text=True)
    hrefs = re.findall(r'<a [^>]*href="([^"]*)"', html)
    assert hrefs and all(h.startswith(("/", "#", "?", "http://", "https://")) for h in hrefs)
    for iri in HOSTILE_IRIS:
        # Shown, as text.
        assert f"<code>{iri}</code>" in html, iri
    data = hostile.get("/data/school/092088-otome-jhs.ttl").get_data(as_text=True)
    assert "<javascript:alert(3)>" in data  # the data keeps what the graph says


def test_safe_href_admits_local_and_http_targets_only() -> None:
    for good in ("/page/x", "?q=1", "#a", "http://example.org/", "HTTPS://example.org/a?b#c"):
        assert safe_href(good) == good
    for bad in (
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "//evil.example/",
        "/\\evil.example/",
        "https://exa mple.org/",
        "",
        None,
    ):
        assert safe_href(bad) is None, bad
