"""The national layer in ``ikkan build``: its graphs, reports, tables and failures.

The build runs on the sample lists of tests/national/fixtures (``built_national``); every
expected figure is counted here from those CSV files, not typed in.
"""

from __future__ import annotations

import csv
import hashlib
import json
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from ikkan.builder.pipeline import run_build
from ikkan.settings import Settings
from ikkan.store.manifest import read_manifest

from ..national.sample import FIXTURES, sample_sources
from ..support import Server

NATIONAL_GRAPHS = {
    "municipalities",
    "municipalities-estat",
    "municipalities-wikidata",
    "mext-school-codes",
    "mext-school-history",
    "school-municipalities",
}


def _sample_rows() -> list[dict[str, str]]:
    with (FIXTURES / "schools-sample.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _table(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark"
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def test_the_national_graphs_sit_beside_the_curated_ones(built_national: Settings) -> None:
    manifest = read_manifest(built_national)
    names = {iri.rsplit("/", 1)[-1] for iri in manifest.graphs}
    assert names >= NATIONAL_GRAPHS
    assert {"oyama", "ontology", "dataset"} <= names
    assert all(manifest.graphs[f"{built_national.base_iri}graph/{n}"] > 0 for n in NATIONAL_GRAPHS)
    assert {s.id for s in manifest.sources} == {
        "mext-school-codes",
        "localgovjp",
        "wikidata-municipalities",
    }


def test_a_build_without_the_lists_has_a_different_version(
    built: Settings, built_national: Settings
) -> None:
    assert read_manifest(built).version != read_manifest(built_national).version
    assert read_manifest(built).sources == ()
    assert not any(iri.endswith("/graph/mext-school-codes") for iri in read_manifest(built).graphs)


def test_warnings_are_listed_with_the_row_they_come_from(built_national: Settings) -> None:
    report = (built_national.reports_path / "warnings.txt").read_text(encoding="utf-8")
    # C109210001571's check digit fails the third-party rule: a warning at its line.
    line = next(
        i for i, r in enumerate(_sample_rows(), start=2) if r["school_code"] == "C109210001571"
    )
    assert f"schools-sample.csv:{line}" in report
    assert "C109210001571" in report
    placement = built_national.reports_path / "school-placement.csv"
    assert placement.read_text(encoding="utf-8").startswith("school_code")


def test_the_schools_table_has_every_row_of_the_list(built_national: Settings) -> None:
    rows = _table(built_national.dist_path / "schools.csv")
    sample = {r["school_code"]: r for r in _sample_rows()}
    assert [r["school_code"] for r in rows] == sorted(sample)
    for row in rows:
        source = sample[row["school_code"]]
        assert row["name"] == source["school_name"]
        assert row["abolished_date"] == source["attribute_abolished_date"]
        assert row["record_set_date"] == source["attribute_set_date"]
        assert row["successor_code"] == source["successor_school_code"]
        assert row["status"] == source["school_status_name_ja"]
        assert row["founder"] == source["founder_name_ja"]
    otome = next(r for r in rows if r["school_code"] == "B109210001590")
    # The seed's school keeps its curated IRI: one entity per real school.
    assert otome["iri"].endswith("/id/school/092088-otome-es")
    assert otome["municipality_code"] == "092088"


def test_the_municipalities_table_counts_schools_by_kind(built_national: Settings) -> None:
    rows = {r["code"]: r for r in _table(built_national.dist_path / "municipalities.csv")}
    oyama = rows["092088"]
    assert oyama["name"] == "小山市" and oyama["wikidata"] == "Q374511"
    counted: Counter[tuple[str, bool]] = Counter(
        (r["school_type_code"], bool(r["attribute_abolished_date"]))
        for r in _sample_rows()
        if r["address"].startswith("栃木県小山市")
    )
    assert int(oyama["elementary_open"]) == counted[("B1", False)]
    assert int(oyama["elementary_closed"]) == counted[("B1", True)]
    assert int(oyama["junior_high_open"]) == counted[("C1", False)]


def test_each_table_is_described_in_csvw(built_national: Settings) -> None:
    for name in ("schools.csv", "municipalities.csv"):
        meta = json.loads((built_national.dist_path / f"{name}-metadata.json").read_text())
        assert meta["url"] == name
        header = _table(built_national.dist_path / name)[0].keys()
        assert [c["name"] for c in meta["tableSchema"]["columns"]] == list(header)
        sources = meta["dc:source"]
        assert any("学校コード" in t["@value"] for s in sources for t in s["dc:title"])
        assert all(s["dc:description"] for s in sources)  # what the build changed


def test_downloads_lists_the_tables_and_names_the_lists(national_server: Server) -> None:
    with urllib.request.urlopen(f"{national_server.base}/downloads") as response:
        page = response.read().decode()
    assert "schools.csv" in page and "municipalities.csv-metadata.json" in page
    assert "文部科学省" in page and "2026-05-01" in page
    with urllib.request.urlopen(f"{national_server.base}/downloads/schools.csv") as response:
        assert response.headers["Content-Type"].startswith("text/csv")
        assert response.read().startswith(b"\xef\xbb\xbf")


def test_a_malformed_row_stops_the_build_and_leaves_the_last_one(
    built_national: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, records = sample_sources(tmp_path / "sources")
    sample = folder / "mext-school-codes" / "schools-sample.csv"
    lines = sample.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",2020-12-22,", ",2020-13-45,", 1)
    sample.write_text("".join(lines), encoding="utf-8")
    # The records accept the file by its checksum: accept the broken one too.
    text = records.read_text(encoding="utf-8")
    broken = hashlib.sha256(sample.read_bytes()).hexdigest()
    original = hashlib.sha256((FIXTURES / "schools-sample.csv").read_bytes()).hexdigest()
    records.write_text(text.replace(original, broken), encoding="utf-8")
    before = (built_national.build_path / "manifest.json").read_bytes()
    dumps_before = (built_national.dist_path / "SHA256SUMS").read_bytes()
    settings = built_national.replace(sources_dir=folder, sources_records=records)
    assert run_build(settings, quiet=True) == 1
    err = capsys.readouterr().err
    assert "schools-sample.csv:4" in err
    assert "the previous store and dumps are untouched" in err
    assert (built_national.build_path / "manifest.json").read_bytes() == before
    assert (built_national.dist_path / "SHA256SUMS").read_bytes() == dumps_before
