"""What the pages show, on both backends: entities, home, classes, ontology, search, downloads,
the data set description, the reader's language; and odd paths that must never be a 500."""

from __future__ import annotations

import hashlib
import http.client
import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import requests
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, VOID

from ikkan.settings import Settings

from ..support import Server

BASE = "https://w3id.org/ikkan/"
IKKAN = Namespace(BASE + "ontology#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
NON_NEGATIVE = URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")


def page(site: Server, path: str, **headers: str) -> str:
    r = requests.get(site.base + path, headers=headers, timeout=30)
    assert r.status_code == 200, (path, r.status_code, r.text[:500])
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    return r.text


def json_ld_scripts(html: str) -> list[object]:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(text) for text in found]


def test_district_page(site: Server) -> None:
    html = page(site, "/page/district/092088-otome")
    assert '<h1 lang="ja">乙女中学校区</h1>' in html
    assert "Otome Junior High School District" in html  # English below
    for school in ("乙女小学校", "下生井小学校", "網戸小学校", "乙女中学校"):
        assert school in html
    for group in ("学力向上推進部会", "交流・連携推進部会", "養護教諭部会"):  # its working groups
        assert group in html
    assert 'href="/ontology#SchoolDistrict"' in html  # the type, linked to the ontology
    # statistics: the table and the chart, with its date
    assert 'role="img"' in html and "<title id=" in html
    assert "平成30年5月1日時点" in html and ">692<" in html
    assert "特別支援学級" in html
    # where it sits
    assert re.search(r'class="crumbs".*?小山市', html, re.S)
    # the source passage, highlighted
    assert "<mark>【小山市】乙女中学校区【併設型小学校・中学校】</mark>" in html
    # cite this
    assert "CC BY 4.0" in html and BASE + "id/district/092088-otome" in html
    (doc,) = json_ld_scripts(html)
    assert "@graph" in doc  # type: ignore[operator]
    assert 'rel="describedby"' in html and "/.well-known/void" in html


def test_school_page_has_breadcrumbs_chart_and_links(site: Server) -> None:
    html = page(site, "/page/school/092088-otome-jhs")
    crumbs = re.search(r'<nav class="crumbs".*?</nav>', html, re.S)
    assert crumbs is not None
    assert re.search(r"小山市.*乙女中学校区", crumbs.group(0), re.S)
    assert "<svg" in html and ">88<" in html
    assert re.search(r'<text class="note"[^>]*>3</text>', html) and "棒の下の数字は学級数" in html
    assert "C109210000731" in html  # the school code, with the file it was read from
    assert "kojikomatsuzaki/open-secondary-data" in html
    assert 'class="summary"' in html  # the school template, not only the generic one


def test_incoming_links_are_counted_and_paginated(site: Server) -> None:
    html = page(site, "/page/grade/7")
    total = int(re.search(r'id="incoming".*?\((\d+)\)', html, re.S).group(1))  # type: ignore[union-attr]
    assert total > 0
    grade = page(site, "/page/instant/2018-05-01")
    count = int(re.search(r'id="incoming".*?\((\d+)\)', grade, re.S).group(1))  # type: ignore[union-attr]
    assert count > 50
    assert 'rel="next"' in grade
    second = page(site, "/page/instant/2018-05-01?in_page=2")
    assert 'rel="prev"' in second
    bad = requests.get(site.base + "/page/instant/2018-05-01?in_page=x", timeout=30)
    assert bad.status_code == 400


def test_city_and_kinu_timelines(site: Server) -> None:
    city = page(site, "/page/municipality/092088")
    assert 'class="timeline"' in city
    assert "第1ステージ" in city and "全面実施" in city  # the programme's history
    assert "167,820" in city  # the municipal figures, as a table
    kinu = page(site, "/page/school/092088-kinu-ces")
    assert 'class="timeline"' in kinu
    assert "閉校式" in kinu and "2017年4月" in kinu and "平成29年度" in kinu


def test_language_by_parameter_and_header_with_fallback(site: Server) -> None:
    en = page(site, "/page/school/092088-otome-jhs?lang=en")
    assert '<html lang="en">' in en and '<h1 lang="en">Otome Junior High School</h1>' in en
    assert "Statistics" in en and "Pupils per grade" in en
    header = page(site, "/page/school/092088-otome-jhs", **{"Accept-Language": "en-GB,en;q=0.8"})
    assert '<h1 lang="en">Otome Junior High School</h1>' in header
    ja = page(site, "/page/school/092088-otome-jhs")
    assert '<html lang="ja">' in ja and "統計" in ja
    # a person with no English name: the Japanese one, marked as Japanese
    person = page(site, "/page/person/092088-yamada-nobuo?lang=en")
    assert '<h1 lang="ja">山田信夫</h1>' in person


def test_home_page(site: Server) -> None:
    html = page(site, "/")
    assert "小中一貫教育" in html and "CC BY 4.0" in html
    for href in ("/sparql", "/query", "/ontology", "/downloads", "/.well-known/void"):
        assert f'href="{href}"' in html
    assert "/page/municipality/092088" in html and "/page/district/092088-otome" in html
    assert "/page/school/092088-kinu-ces" in html
    assert 'href="/class/School"' in html


def test_class_page(site: Server) -> None:
    html = page(site, "/class/School")
    assert html.count("/page/school/") == 12
    assert page(site, "/class/schema:School").count("/page/school/") == 12
    observations = page(site, "/class/qb:Observation")
    assert 'rel="next"' in observations
    assert requests.get(site.base + "/class/NoSuchClass", timeout=30).status_code == 404


class Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)


def test_ontology_page_and_rdf(site: Server) -> None:
    html = page(site, "/ontology")
    anchors = Anchors()
    anchors.feed(html)
    assert {"School", "SchoolDistrict", "statedIn", "refUnit", "pupils"} <= anchors.ids
    school = html[html.index('id="School"') :][:3000]
    assert "学校" in school and "schema:School" in school  # label and alignment
    assert 'href="/class/School">12<' in school  # instances, from VoID
    en = page(site, "/ontology?lang=en")
    assert "Junior-high school district" in en
    r = requests.get(site.base + "/ontology", headers={"Accept": "text/turtle"}, timeout=30)
    graph = Graph().parse(data=r.text, format="turtle")
    assert (IKKAN.School, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in graph
    assert "Vary" in r.headers and "Accept" in r.headers["Vary"]
    for suffix, fmt in (("ttl", "turtle"), ("nt", "nt"), ("rdf", "xml"), ("jsonld", "json-ld")):
        doc = requests.get(f"{site.base}/ontology.{suffix}", timeout=30)
        assert len(Graph().parse(data=doc.text, format=fmt)) > 1000
    term = requests.get(site.base + "/ontology/School", allow_redirects=False, timeout=30)
    assert term.status_code == 303 and term.headers["Location"] == "/ontology#School"
    # rdflib dereferences a term IRI: the fragment is dropped, the ontology comes back
    assert (IKKAN.School, None, None) in Graph().parse(f"{site.base}/ontology#School")


def search_json(site: Server, q: str) -> dict[str, object]:
    r = requests.get(site.base + "/search", params={"q": q, "format": "json"}, timeout=30)
    assert r.status_code == 200
    data: dict[str, object] = r.json()
    return data


def test_search_japanese_substring(site: Server) -> None:
    data = search_json(site, "乙女")
    results = data["results"]
    assert isinstance(results, list)
    iris = [r["iri"] for r in results]
    assert iris[0] == BASE + "id/district/092088-otome"
    for slug in ("school/092088-otome-es", "school/092088-ajito-es", "school/092088-otome-jhs"):
        assert BASE + "id/" + slug in iris
    assert BASE + "id/organization/092088-otome-wg-exchange" in iris  # its working groups
    first = results[0]
    assert set(first) >= {"iri", "label", "lang", "types", "match", "href"}
    assert first["href"] == "/page/district/092088-otome"
    assert str(IKKAN.SchoolDistrict) in first["types"]  # type: ignore[operator]


def test_search_ranks_and_romanised_names(site: Server) -> None:
    city = search_json(site, "小山市")["results"]
    assert city[0]["match"] == "exact" and city[0]["iri"] == BASE + "id/municipality/092088"  # type: ignore[index]
    for q in ("otome", "OTOME", "ＯＴＯＭＥ", "chugakko"):
        iris = [r["iri"] for r in search_json(site, q)["results"]]  # type: ignore[union-attr]
        assert BASE + "id/school/092088-otome-jhs" in iris, q
    matches = [r["match"] for r in search_json(site, "otome")["results"]]  # type: ignore[union-attr]
    # exact before prefix before substring (a part-of match ranks with the substrings)
    rank = {"exact": 0, "prefix": 1, "contains": 2, "part-of": 2}
    assert [rank[m] for m in matches] == sorted(rank[m] for m in matches)
    assert matches[0] == "prefix" and "part-of" in matches


def test_search_limits_and_html(site: Server) -> None:
    long = requests.get(site.base + "/search", params={"q": "乙" * 201}, timeout=30)
    assert long.status_code == 400
    empty = requests.get(site.base + "/search", params={"q": "", "format": "json"}, timeout=30)
    assert empty.status_code == 400
    assert page(site, "/search").count("<form") >= 2  # the header box and the page's form
    html = page(site, "/search?q=%E4%B9%99%E5%A5%B3")
    assert "乙女中学校区" in html and "/page/district/092088-otome" in html
    by_accept = requests.get(
        site.base + "/search?q=kinu", headers={"Accept": "application/json"}, timeout=30
    )
    assert by_accept.headers["Content-Type"].startswith("application/json")


def test_downloads(site: Server, built: Settings) -> None:
    manifest = json.loads((built.build_path / "manifest.json").read_text())
    html = page(site, "/downloads")
    for dump in manifest["dumps"]:
        assert dump["file"] in html and dump["sha256"] in html
        assert f"{dump['bytes']:,}" in html
    assert "CC BY 4.0" in html
    ttl = next(d for d in manifest["dumps"] if d["file"] == "ikkan.ttl")
    r = requests.get(site.base + "/downloads/ikkan.ttl", timeout=30)
    assert r.status_code == 200
    assert hashlib.sha256(r.content).hexdigest() == ttl["sha256"]
    assert int(r.headers["Content-Length"]) == ttl["bytes"]
    assert r.headers["Content-Type"].startswith("text/turtle")
    assert "attachment" in r.headers["Content-Disposition"]
    again = requests.get(
        site.base + "/downloads/ikkan.ttl", headers={"If-None-Match": r.headers["ETag"]}, timeout=30
    )
    assert again.status_code == 304
    gz = requests.get(site.base + "/downloads/ikkan.nt.gz", timeout=30)
    assert gz.headers["Content-Type"] == "application/gzip"
    assert requests.get(site.base + "/downloads/SHA256SUMS", timeout=30).status_code == 200
    assert requests.get(site.base + "/downloads/manifest.json", timeout=30).status_code == 404


def test_void_and_dcat(site: Server, built: Settings) -> None:
    r = requests.get(site.base + "/.well-known/void", headers={"Accept": "text/turtle"}, timeout=30)
    assert r.status_code == 200 and "Accept" in r.headers["Vary"]
    graph = Graph().parse(data=r.text, format="turtle")
    dataset = URIRef(BASE + "id/dataset/ikkan")
    assert (dataset, RDF.type, VOID.Dataset) in graph
    assert graph.value(dataset, VOID.triples) is not None
    assert graph.value(dataset, VOID.entities) is not None
    assert len(list(graph.objects(dataset, VOID.classPartition))) > 50
    assert len(list(graph.objects(dataset, VOID.propertyPartition))) > 50
    assert graph.value(dataset, VOID.sparqlEndpoint) == URIRef(site.base + "/sparql")
    dumps = set(graph.objects(dataset, VOID.dataDump))
    assert URIRef(site.base + "/downloads/ikkan.ttl") in dumps
    assert (dataset, VOID.exampleResource, URIRef(BASE + "id/district/092088-otome")) in graph
    assert (dataset, VOID.vocabulary, URIRef("http://schema.org/")) in graph
    assert list(graph.subjects(RDF.type, VOID.Linkset))
    manifest = json.loads((built.build_path / "manifest.json").read_text())
    for dump in manifest["dumps"]:
        dist = URIRef(BASE + "downloads/" + dump["file"])
        assert (dataset, DCAT.distribution, dist) in graph
        assert graph.value(dist, DCAT.byteSize).toPython() == dump["bytes"]  # type: ignore[union-attr]
        checksum = graph.value(dist, SPDX.checksum)
        assert str(graph.value(checksum, SPDX.checksumValue)) == dump["sha256"]
    assert (None, DCAT.endpointURL, URIRef(site.base + "/sparql")) in graph
    for accept, fmt in (("application/ld+json", "json-ld"), ("application/n-triples", "nt")):
        doc = requests.get(site.base + "/.well-known/void", headers={"Accept": accept}, timeout=30)
        assert len(Graph().parse(data=doc.text, format=fmt)) == len(graph)
    html = page(site, "/.well-known/void", Accept="text/html")
    assert "/downloads/ikkan.ttl" in html and "SPARQL" in html
    assert Literal(manifest["version"]) in set(graph.objects(dataset, None)) or (
        manifest["version"] in r.text
    )
    assert NON_NEGATIVE in {o.datatype for o in graph.objects(None, DCAT.byteSize)}  # type: ignore[attr-defined]


ODD_PATHS = [
    "/id/../etc/passwd",
    "/id/%2e%2e/%2e%2e/etc/passwd",
    "/id/%2e%2e/",
    "/id/a%2Fb",
    "/id/school%2F..%2F..%2Fetc",
    "/id/school/" + "a" * 5000,
    "/page/" + "x/" * 300,
    "/id/%00",
    "/page/school/%00abc",
    "/id/%ff%fe",
    "/data/school/092088-otome-es.%ff",
    "/data/%2e%2e.ttl",
    "/class/%3Cscript%3E",
    "/class/" + "C" * 300,
    "/ontology/%00",
    "/ontology.exe",
    "/downloads/..%2Fmanifest.json",
    "/downloads/%2e%2e",
    "/search?q=%00",
    "/search?q=%ff",
    "/search?page=-1&q=a",
    "/nowhere/at/all",
    "/id/school/092088-otome-es?in_page=99999999999999999999",
    "/page/school/092088-otome-es?in_page=99999999999999999999",
]


@pytest.mark.parametrize("path", ODD_PATHS, ids=range(len(ODD_PATHS)))
def test_odd_paths_are_client_errors(site: Server, path: str) -> None:
    """Sent byte for byte (no client-side normalisation of ``..`` or encodings)."""
    host = urlsplit(site.base)
    connection = http.client.HTTPConnection(host.hostname or "", host.port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.putheader("Accept", "text/html")
        connection.endheaders()
        status = connection.getresponse().status
    finally:
        connection.close()
    assert status in (303, 400, 404, 414) or (status == 200 and path.startswith("/search")), (
        path,
        status,
    )
    assert status != 303 or path.startswith("/id/school/092088-otome-es")
