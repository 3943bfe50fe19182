"""Every fact cites the source: each section is cited, each quote is found where it is cited.

These tests read the vendored source document line by line and hold the data to it: every
section the data defines is cited by at least one entity, every numbered heading of the source is
a section, and every ``ikkan:quote`` appears verbatim within the lines of a section its entity
cites. They fail when a curator mistypes a quote or cites the wrong section.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from ..conftest import select

SOURCE = Path(__file__).resolve().parents[2] / "data/oyama/source/000_811a41099ed1d05d.txt"
LINES = SOURCE.read_text(encoding="utf-8").split("\n")

PREFIXES = """
PREFIX ikkan: <https://w3id.org/ikkan/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def _sections(store: ox.Store) -> dict[str, tuple[int, int]]:
    rows = select(
        store,
        PREFIXES
        + """
        SELECT ?s ?start ?end WHERE {
          ?s a ikkan:SourceSection ; ikkan:lineStart ?start ; ikkan:lineEnd ?end . }""",
    )
    return {r["s"]: (int(r["start"]), int(r["end"])) for r in rows}


def test_every_section_of_the_source_is_cited(store: ox.Store) -> None:
    sections = _sections(store)
    assert len(sections) >= 60
    cited = {
        r["s"]
        for r in select(
            store,
            PREFIXES
            + """
        SELECT DISTINCT ?s WHERE { ?entity ikkan:statedIn ?s . }""",
        )
    }
    uncited = sorted(set(sections) - cited)
    assert uncited == [], f"sections no entity cites: {uncited}"


def test_every_numbered_heading_of_the_source_starts_a_section(store: ox.Store) -> None:
    starts = {start for start, _ in _sections(store).values()}
    numbered = re.compile(r"^(\d\.|\(\d\)|[①②③]|【小山市】|小山市立絹)")
    headings = [n for n, line in enumerate(LINES, start=1) if numbered.match(line.strip())]
    # lines 350–352 number the items of a diagram in the Toyoda section, not sections
    headings = [n for n in headings if n not in (350, 351, 352)]
    assert len(headings) >= 25
    missing = [(n, LINES[n - 1]) for n in headings if n not in starts]
    assert missing == [], f"headings with no section: {missing}"


def test_sections_cover_every_line_with_text(store: ox.Store) -> None:
    covered: set[int] = set()
    for start, end in _sections(store).values():
        covered |= set(range(start, end + 1))
    stray = [
        (n, line) for n, line in enumerate(LINES, start=1) if line.strip() and n not in covered
    ]
    assert stray == []


def test_every_quote_is_verbatim_in_a_cited_section(store: ox.Store) -> None:
    sections = _sections(store)
    rows = select(
        store,
        PREFIXES
        + """
        SELECT ?entity ?quote ?section WHERE {
          ?entity ikkan:quote ?quote ; ikkan:statedIn ?section . }""",
    )
    by_quote: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        by_quote.setdefault((row["entity"], row["quote"]), []).append(row["section"])
    assert len(by_quote) >= 180
    wrong = []
    for (entity, quote), cited in sorted(by_quote.items()):
        texts = ["\n".join(LINES[sections[s][0] - 1 : sections[s][1]]) for s in cited]
        if not any(quote in text for text in texts):
            wrong.append((entity, quote))
    assert wrong == [], f"quotes not found in the sections their entity cites: {wrong}"


def test_every_data_entity_cites_its_source(store: ox.Store) -> None:
    rows = select(
        store,
        PREFIXES
        + """
        SELECT DISTINCT ?s WHERE {
          GRAPH <https://w3id.org/ikkan/graph/oyama> { ?s ?p ?o }
          FILTER(STRSTARTS(STR(?s), "https://w3id.org/ikkan/id/"))
          FILTER NOT EXISTS { ?s ikkan:statedIn ?section }
          FILTER NOT EXISTS { ?s ikkan:identifierSource ?idsource }
          FILTER NOT EXISTS { ?s a ikkan:SourceDocument }
          FILTER NOT EXISTS { ?s a ikkan:SourceSection }
          FILTER NOT EXISTS { ?s a ikkan:IdentifierSource }
          FILTER NOT EXISTS { ?s a <http://www.w3.org/2006/time#Instant> }
          FILTER NOT EXISTS { ?s a ikkan:FiscalYear }
          FILTER NOT EXISTS { ?s a ikkan:FiscalYearRange }
        }""",
    )
    assert [r["s"] for r in rows] == []


def test_observations_cite_the_table_they_come_from(store: ox.Store) -> None:
    rows = select(
        store,
        PREFIXES
        + """
        PREFIX qb: <http://purl.org/linked-data/cube#>
        SELECT ?heading (COUNT(?o) AS ?n) WHERE {
          ?o a qb:Observation ; ikkan:statedIn/ikkan:heading ?heading .
        } GROUP BY ?heading ORDER BY ?heading""",
    )
    counts = {r["heading"]: int(r["n"]) for r in rows}
    # 乙女 and 豊田 tables: 14 cells x 2 rows each; 絹: the same; the city: 5 figures
    assert counts == {
        "□児童生徒数（平成30年5月1日時点）": 56,
        "児童生徒数": 28,
        "人口・学校数": 5,
    }
