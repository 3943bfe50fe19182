"""Every IRI resolves: 303 to a page or a document, by content negotiation, on both backends.

Raw HTTP checks of each status and header the site promises (303 See Other, Vary, Link
alternates, 406, 404 with a helpful page, ETag and 304, Cache-Control, HEAD), and real clients
dereferencing IRIs: rdflib's ``Graph().parse(url)`` and pyld's JSON-LD processor.
"""

from __future__ import annotations

import requests
from pyld import jsonld
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, VOID

from ..support import Server

BASE = "https://w3id.org/ikkan/"
IKKAN = Namespace(BASE + "ontology#")
OTOME = "district/092088-otome"
OTOME_JHS = "school/092088-otome-jhs"
RDF_TYPES = {
    "text/turtle": ".ttl",
    "application/ld+json": ".jsonld",
    "application/n-triples": ".nt",
    "application/rdf+xml": ".rdf",
}


def get(site: Server, path: str, accept: str | None = None, **kwargs: object) -> requests.Response:
    headers = {"Accept": accept} if accept else {}
    headers.update(kwargs.pop("headers", {}))  # type: ignore[arg-type]
    return requests.get(
        site.base + path, headers=headers, allow_redirects=False, timeout=30, **kwargs
    )


def links(response: requests.Response) -> dict[str, str]:
    """media type -> target of every ``Link: rel="alternate"``."""
    found = {}
    for part in response.headers.get("Link", "").split(", <"):
        target, _, params = part.lstrip("<").partition(">;")
        if 'rel="alternate"' in params:
            media = params.split('type="', 1)[1].split('"', 1)[0]
            found[media] = target
    return found


def test_browsers_are_sent_to_the_page(site: Server) -> None:
    r = get(site, f"/id/{OTOME}", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
    assert r.status_code == 303
    assert r.headers["Location"] == f"/page/{OTOME}"
    assert "Accept" in r.headers["Vary"]
    assert set(links(r)) == {"text/html", *RDF_TYPES}
    kept = get(site, f"/id/{OTOME}?lang=en", "text/html")
    assert kept.headers["Location"] == f"/page/{OTOME}?lang=en"


def test_programs_are_sent_to_the_data(site: Server) -> None:
    for media, suffix in RDF_TYPES.items():
        r = get(site, f"/id/{OTOME}", media)
        assert r.status_code == 303, media
        assert r.headers["Location"] == f"/data/{OTOME}{suffix}"
        doc = get(site, r.headers["Location"])
        assert doc.status_code == 200
        assert doc.headers["Content-Type"].split(";")[0] == media
        others = links(doc)
        assert media not in others and "text/html" in others
        # Every other format, except on JSON-LD (pyld cannot read a repeated rel="alternate").
        assert len(others) == (1 if suffix == ".jsonld" else 4)
        assert doc.headers["ETag"] and "max-age" in doc.headers["Cache-Control"]
    by_param = get(site, f"/id/{OTOME}?format=nt")
    assert by_param.headers["Location"] == f"/data/{OTOME}.nt"


def test_nothing_acceptable_is_406(site: Server) -> None:
    r = get(site, f"/id/{OTOME}", "image/png")
    assert r.status_code == 406
    assert "text/turtle" in r.text
    assert "Accept" in r.headers["Vary"]


def test_unknown_iri_is_404_with_help(site: Server) -> None:
    page = get(site, "/id/school/092088-otome-elementary-annex", "text/html")
    assert page.status_code == 404
    assert 'action="/search"' in page.text
    assert "/page/school/092088-otome-es" in page.text  # a suggestion from search ("otome")
    plain = get(site, "/id/school/nowhere", "text/turtle")
    assert plain.status_code == 404
    assert plain.headers["Content-Type"].startswith("text/plain")
    assert get(site, "/data/school/nowhere.ttl").status_code == 404
    assert get(site, "/page/school/nowhere").status_code == 404
    assert get(site, f"/data/{OTOME}.exe").status_code == 404


def test_head_works_everywhere(site: Server) -> None:
    for path, status in [
        (f"/id/{OTOME}", 303),
        (f"/page/{OTOME}", 200),
        (f"/data/{OTOME}.ttl", 200),
        ("/ontology", 200),
        ("/search?q=otome", 200),
        ("/downloads", 200),
        ("/.well-known/void", 200),
        ("/", 200),
    ]:
        r = requests.head(site.base + path, allow_redirects=False, timeout=30)
        assert r.status_code == status, path
        assert r.content == b""


def test_etag_and_not_modified(site: Server) -> None:
    for path in (f"/page/{OTOME}", f"/data/{OTOME}.ttl", "/ontology", "/", "/search?q=otome"):
        first = get(site, path)
        assert first.status_code == 200
        etag = first.headers["ETag"]
        assert first.headers["Cache-Control"] == "public, max-age=300"
        again = get(site, path, headers={"If-None-Match": etag})
        assert again.status_code == 304, path
        assert again.headers["ETag"] == etag
    english = get(site, f"/page/{OTOME}?lang=en")
    assert english.headers["ETag"] != get(site, f"/page/{OTOME}").headers["ETag"]
    assert "Accept-Language" in get(site, f"/page/{OTOME}").headers["Vary"]


def test_the_document_holds_outgoing_incoming_labels_and_dataset(site: Server) -> None:
    graph = Graph().parse(data=get(site, f"/data/{OTOME}.ttl").text, format="turtle")
    district = URIRef(BASE + "id/" + OTOME)
    school = URIRef(BASE + "id/school/092088-otome-es")
    assert (district, RDFS.label, Literal("乙女中学校区", lang="ja")) in graph
    assert (school, IKKAN.district, district) in graph  # incoming
    city = URIRef(BASE + "id/municipality/092088")
    assert (district, IKKAN.municipality, city) in graph
    assert (city, RDFS.label, Literal("小山市", lang="ja")) in graph  # label of a linked node
    assert (None, VOID.inDataset, URIRef(BASE + "id/dataset/ikkan")) in graph


def test_rdflib_dereferences_an_iri(site: Server) -> None:
    graph = Graph()
    graph.parse(f"{site.base}/id/{OTOME_JHS}")
    school = URIRef(BASE + "id/" + OTOME_JHS)
    assert (school, RDF.type, IKKAN.JuniorHighSchool) in graph
    assert (school, RDFS.label, Literal("Otome Junior High School", lang="en")) in graph


def test_pyld_dereferences_an_iri(site: Server) -> None:
    expanded = jsonld.expand(f"{site.base}/id/{OTOME_JHS}")
    ids = {node.get("@id") for node in expanded}
    assert BASE + "id/" + OTOME_JHS in ids
    school = next(node for node in expanded if node.get("@id") == BASE + "id/" + OTOME_JHS)
    labels = {v["@value"] for v in school[str(RDFS.label)]}
    assert "乙女中学校" in labels


def test_graph_iris_and_the_root_resolve(site: Server) -> None:
    r = get(site, "/graph/oyama", "text/turtle")
    assert r.status_code == 303
    assert r.headers["Location"] == "/data/_graph/oyama.ttl"
    graph = Graph().parse(data=get(site, r.headers["Location"]).text, format="turtle")
    assert (URIRef(BASE + "graph/oyama"), RDF.type, VOID.Dataset) in graph
    assert get(site, "/page/_graph/oyama").status_code == 200
    root = get(site, "/id/", "text/turtle")
    assert root.status_code == 303 and root.headers["Location"].startswith("/.well-known/void")


def test_vocabulary_concepts_are_ordinary_entities(site: Server) -> None:
    r = get(site, "/id/grade/7", "text/html")
    assert r.status_code == 303
    page = get(site, r.headers["Location"])
    assert page.status_code == 200 and "第7学年" in page.text


def test_every_answer_is_open_to_other_origins(live_server: Server) -> None:
    """A browser-based client (YASGUI, Comunica) must be able to follow a 303 and read Link."""
    for path, accept in (
        ("/id/school/092088-kinu-ces", "text/turtle"),
        ("/data/school/092088-kinu-ces.ttl", "text/turtle"),
        ("/page/school/092088-kinu-ces", "text/html"),
        ("/id/school/no-such-school", "text/turtle"),
        ("/.well-known/void", "text/turtle"),
        ("/sparql", "text/turtle"),
    ):
        r = requests.get(
            live_server.base + path, headers={"Accept": accept}, allow_redirects=False, timeout=30
        )
        assert r.headers["Access-Control-Allow-Origin"] == "*", path
        assert "Link" in r.headers["Access-Control-Expose-Headers"], path
        assert r.headers["X-Content-Type-Options"] == "nosniff", path
