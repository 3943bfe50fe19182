"""Virtuoso's durations (numbers of seconds or months) read back as XSD durations.

Pure tests of :mod:`ikkan.store.durations`: the canonical form of each number, the rewriting of
SPARQL XML and N-Triples (and nothing else), and the stream, read in pieces of every size.
``tests/engines/test_virtuoso.py`` holds that a real Virtuoso's answers come back as loaded.
"""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest

from ikkan.store.durations import DurationStream, canonical, rewrite

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(
    ("number", "kind", "form"),
    [
        ("86400.0", "duration", "P1D"),
        ("604800.0", "duration", "P7D"),
        ("5400.0", "duration", "PT1H30M"),
        ("90061.5", "duration", "P1DT1H1M1.5S"),
        ("-86400.0", "duration", "-P1D"),
        ("0.0", "duration", "PT0S"),
        ("1", "duration", "P1M"),
        ("14", "duration", "P1Y2M"),
        ("0", "duration", "P0M"),
        ("-12", "duration", "-P1Y"),
        ("12", "yearMonthDuration", "P1Y"),
        ("86400", "dayTimeDuration", "P1D"),
        ("183.0", "dayTimeDuration", "PT3M3S"),
    ],
)
def test_each_number_is_the_canonical_form_of_its_value(number: str, kind: str, form: str) -> None:
    assert canonical(number, kind) == form


def test_what_is_not_one_of_virtuosos_numbers_is_left_alone() -> None:
    assert canonical("1.5", "yearMonthDuration") is None
    data = (
        b'<a> <p> "P1D"^^<http://www.w3.org/2001/XMLSchema#duration> .\n'
        b'<a> <p> "86400.0"^^<http://www.w3.org/2001/XMLSchema#double> .\n'
        b'<a> <p> "say \\"1\\"^^<http://www.w3.org/2001/XMLSchema#duration>" .\n'
        b'<a> <p> "86400.0" .\n'
    )
    assert rewrite(data) == data


def test_xml_and_ntriples_are_rewritten() -> None:
    xml = (
        b'<binding name="d"><literal datatype="http://www.w3.org/2001/XMLSchema#duration">'
        b"86400.0</literal></binding>\n"
        b'<binding name="e"><literal datatype="http://www.w3.org/2001/XMLSchema#'
        b'yearMonthDuration">12</literal></binding>\n'
    )
    assert rewrite(xml) == xml.replace(b">86400.0<", b">P1D<").replace(b">12<", b">P1Y<")
    nt = b'<a>\t<p>\t"5400.0"^^<http://www.w3.org/2001/XMLSchema#dayTimeDuration> .\n'
    assert rewrite(nt) == nt.replace(b'"5400.0"', b'"PT1H30M"')
    rdfxml = b'    <ns2:p rdf:datatype="http://www.w3.org/2001/XMLSchema#duration">1</ns2:p>\n'
    assert rewrite(rdfxml) == rdfxml.replace(b">1<", b">P1M<")


class Trickle(io.BytesIO):
    """A body that arrives a few bytes at a time, as a network may deliver it."""

    def read(self, size: int | None = -1) -> bytes:
        return super().read(min(7, size if size is not None and size >= 0 else 7))


@pytest.mark.parametrize("piece", [1, 5, 64, 100_000, -1])
def test_the_stream_never_cuts_a_literal(piece: int) -> None:
    lines = [
        f'<http://e/s{i}> <http://e/p> "{i * 86400}.0"^^<{XSD}duration> .\n' for i in range(1, 300)
    ]
    stream = DurationStream(Trickle("".join(lines).encode()))
    stream.CHUNK = 13
    out = b""
    while chunk := stream.read(piece):
        out += chunk
        if piece < 0:
            break
    triples = list(ox.parse(out, ox.RdfFormat.N_TRIPLES))
    assert [t.object.value for t in triples] == [f"P{i}D" for i in range(1, 300)]


def test_pyoxigraph_reads_the_stream() -> None:
    body = (
        '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
        '<head><variable name="d"/></head><results>\n'
        f'<result><binding name="d"><literal datatype="{XSD}duration">604800.0</literal>'
        "</binding></result>\n</results></sparql>\n"
    ).encode()
    solutions = ox.parse_query_results(DurationStream(io.BytesIO(body)), ox.QueryResultsFormat.XML)
    assert [row["d"] for row in solutions] == [
        ox.Literal("P7D", datatype=ox.NamedNode(XSD + "duration"))
    ]
