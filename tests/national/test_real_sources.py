"""The national layer on the real extracts of ``../shared/sources`` (IKKAN_SOURCES_DIR).

Skipped where no sources folder is there; the figures asserted are counted from the files
(their SOURCE.md states the row counts) and from the issue's goal (≥ 99.5 % of public
elementary, junior-high and compulsory-education schools placed in their municipality).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from ikkan.national.layers import National, build_national
from ikkan.national.mext.parse import public_compulsory, read_school_codes
from ikkan.national.sources.resolve import SourceSettings, sources_dir_from

PROJECT = Path(__file__).resolve().parents[2]
BASE = "https://w3id.org/ikkan/"
SEED_CODES = {
    "B109210001590": "092088-otome-es",
    "B109210001493": "092088-shimonamai-es",
    "B109210001509": "092088-ajito-es",
    "B109210001527": "092088-toyoda-minami-es",
    "B109210001536": "092088-toyoda-kita-es",
    "C109210000731": "092088-otome-jhs",
    "C109210000688": "092088-toyoda-jhs",
    "C209210000017": "092088-kinu-ces",
}


def _sources() -> Path | None:
    for folder in (sources_dir_from(), PROJECT.parent / "shared" / "sources"):
        if folder is not None and (folder / "mext-school-codes").is_dir():
            return folder
    return None


SOURCES = _sources()
pytestmark = pytest.mark.skipif(SOURCES is None, reason="no sources folder (IKKAN_SOURCES_DIR)")


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> National:
    assert SOURCES is not None
    oyama = Graph()
    for path in sorted((PROJECT / "data" / "oyama").glob("*.ttl")):
        oyama.parse(path)
    folder = tmp_path_factory.mktemp("national")
    return build_national(
        PROJECT / "data" / "national" / "sources.toml",
        SourceSettings(cache_dir=folder / "cache", sources_dir=SOURCES),
        BASE,
        oyama,
        folder / "unplaced.csv",
    )


def test_every_source_is_there_and_every_row_read(national: National) -> None:
    assert national.notices == []
    assert [layer.name for layer in national.layers] == [
        "municipalities",
        "municipalities-estat",
        "municipalities-wikidata",
        "mext-school-codes",
        "mext-school-history",
        "school-municipalities",
    ]
    assert not [p for p in national.problems if p.is_error]
    assert "816 schools from 3 file(s), 8 of them entities of curated data" in " ".join(
        national.layers[3].notes
    )


def test_the_placement_goal_is_met() -> None:
    assert SOURCES is not None
    from ikkan.national.localgov import read_local_governments
    from ikkan.national.placement import place_schools

    rows = read_school_codes(sorted((SOURCES / "mext-school-codes").glob("schools-*.csv"))).rows
    governments = read_local_governments(
        SOURCES / "localgovjp" / "prefjp-utf8.csv", SOURCES / "localgovjp" / "localgovjp-utf8.csv"
    )
    goal = public_compulsory(rows)
    placed, total = place_schools(rows, governments).count(goal)
    assert total == 797 and placed / total >= 0.995


def test_what_happened_to_the_seed_schools(national: National) -> None:
    store = ox.Store()
    for layer in national.layers:
        layer.load_into(store)
    school = BASE + "id/school/"
    found = store.query(
        """PREFIX ikkan: <https://w3id.org/ikkan/ontology#>
        SELECT ?code ?school ?abolished ?successor WHERE {
          ?record ikkan:recordOf ?school ; ikkan:schoolCode ?code .
          OPTIONAL { ?record ikkan:abolishedInRecord ?abolished }
          OPTIONAL { ?school ikkan:successor ?successor } }""",
        use_default_graph_as_union=True,
    )
    assert isinstance(found, ox.QuerySolutions)
    rows = {
        s["code"].value: (
            s["school"].value,
            s["abolished"].value if s["abolished"] else None,
            s["successor"].value if s["successor"] else None,
        )
        for s in found
    }
    for code, slug in SEED_CODES.items():
        assert rows[code][0] == school + slug
    assert rows["B109210001509"][1:] == ("2025-05-01", school + "092088-otome-es")
    assert rows["B109210001527"][1:] == ("2022-05-01", school + "b109210003507")
    assert rows["B109210001536"][1:] == ("2022-05-01", school + "b109210003507")
    merger = ox.NamedNode(BASE + "id/merger/mext-b109210003507-" + date(2022, 5, 1).isoformat())
    assert len(list(store.quads_for_pattern(merger, None, None))) > 0
