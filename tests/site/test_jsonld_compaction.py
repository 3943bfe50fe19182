"""The site's own JSON-LD compaction gives exactly pyld's object, or hands over to pyld.

:func:`ikkan.site.documents.compact_plain` compacts the plain shapes Oxigraph writes by pyld's
rules for a context of prefixes; pyld stays the definition. The whole real build, written as one
document, must come out the same both ways (every IRI, language and datatype the graph holds),
and so must documents made to reach the corners of the rules: an IRI that is a namespace, one
that starts like a compact IRI, blank nodes, several values, datatypes without a prefix.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from ikkan.settings import Settings
from ikkan.site.documents import compact_plain, jsonld_object, pyld_compact

IKKAN = "https://w3id.org/ikkan/ontology#"
SCHEMA = "http://schema.org/"
ID = "https://w3id.org/ikkan/id/"


def _expanded(triples: list[ox.Triple]) -> object:
    return json.loads(ox.serialize(triples, format=ox.RdfFormat.JSON_LD) or b"[]")


def test_the_whole_build_compacts_as_pyld_compacts_it(built: Settings) -> None:
    store = ox.Store.read_only(str(built.store_path))
    triples = sorted(
        {q.triple for q in store.quads_for_pattern(None, None, None, None)},
        key=lambda t: (str(t.subject), str(t.predicate), str(t.object)),
    )
    assert len(triples) > 5000
    expanded = _expanded(triples)
    plain = compact_plain(expanded)
    assert plain is not None, "the build's graph is of the plain shapes"
    assert plain == pyld_compact(expanded)
    assert json.dumps(plain, ensure_ascii=False) == json.dumps(
        pyld_compact(expanded), ensure_ascii=False
    )


def _t(s: object, p: str, o: object) -> ox.Triple:
    return ox.Triple(s, ox.NamedNode(p), o)  # type: ignore[arg-type]


SCHOOL = ox.NamedNode(ID + "school/x")
CORNERS = {
    "a namespace as an object": [_t(SCHOOL, IKKAN + "vocabulary", ox.NamedNode(SCHEMA))],
    "a namespace as a datatype": [
        _t(SCHOOL, IKKAN + "code", ox.Literal("1", datatype=ox.NamedNode(SCHEMA)))
    ],
    "a namespace as a property": [_t(SCHOOL, SCHEMA, ox.Literal("x"))],
    "an IRI that looks compact": [_t(SCHOOL, IKKAN + "see", ox.NamedNode("schema:School"))],
    "blank nodes": [
        _t(ox.BlankNode("b1"), IKKAN + "of", SCHOOL),
        _t(SCHOOL, IKKAN + "has", ox.BlankNode("b2")),
    ],
    "several values, languages and types": [
        _t(SCHOOL, "http://www.w3.org/2000/01/rdf-schema#label", ox.Literal("甲", language="ja")),
        _t(
            SCHOOL,
            "http://www.w3.org/2000/01/rdf-schema#label",
            ox.Literal("Kō", language="ja-Latn"),
        ),
        _t(SCHOOL, "http://www.w3.org/2000/01/rdf-schema#label", ox.Literal("plain")),
        _t(SCHOOL, IKKAN + "n", ox.Literal("7", datatype=ox.NamedNode("http://example.org/dt"))),
        _t(SCHOOL, IKKAN + "n", ox.Literal("true", datatype=ox.NamedNode(SCHEMA + "Boolean"))),
    ],
    "IRIs outside every prefix": [
        _t(ox.NamedNode("urn:isbn:1"), "http://example.org/p", ox.NamedNode("mailto:a@b.c")),
        _t(ox.NamedNode("http://example.org/a/../b"), "http://example.org/p#", SCHOOL),
    ],
    "an empty local name": [_t(SCHOOL, IKKAN + "x", ox.NamedNode(SCHEMA + "#"))],
    "a text that looks like a keyword": [_t(SCHOOL, IKKAN + "note", ox.Literal("@id"))],
    "nothing": [],
}


@pytest.mark.parametrize("corner", sorted(CORNERS))
def test_corners_come_out_as_pyld_makes_them(corner: str) -> None:
    triples = sorted(
        CORNERS[corner], key=lambda t: (str(t.subject), str(t.predicate), str(t.object))
    )
    expanded = _expanded(triples)
    try:
        expected = pyld_compact(expanded)
    except Exception as exc:  # pyld refuses some IRIs; then so must we, the same way
        with pytest.raises(type(exc)):
            jsonld_object(triples)
        return
    assert jsonld_object(triples) == expected
