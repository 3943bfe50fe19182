"""`ikkan build` and `ikkan validate` as a curator meets them: stable output, clear failures.

The commands run for real, as subprocesses, on a copy of this checkout's ontology, data and shapes.
Two builds with different hash seeds give byte-identical dumps and manifests; a Turtle syntax
error is reported with file, line and column; a bad table cell with file and line; a blank node, a
changed source document and a dangling section reference are refused; and a failed build leaves
the previous store and dumps exactly as they were.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

PROJECT = Path(__file__).resolve().parents[2]
IKKAN = [sys.executable, "-m", "ikkan.cli"]


def run(project: Path, *args: str, seed: str = "0") -> subprocess.CompletedProcess[str]:
    # An empty sources folder: the curated layers alone, whatever the caller's environment
    # says (the national layer's build is tested in test_national_build.py).
    no_sources = project.parent / "no-sources"
    no_sources.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "PYTHONHASHSEED": seed,
        "IKKAN_PROJECT_DIR": str(project),
        "IKKAN_SOURCES_DIR": str(no_sources),
    }
    return subprocess.run(
        [*IKKAN, *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the checkout's inputs, safe to break."""
    copy = tmp_path / "project"
    for folder in ("ontology", "data", "shapes"):
        if (PROJECT / folder).is_dir():
            shutil.copytree(PROJECT / folder, copy / folder)
    return copy


def test_two_builds_give_byte_identical_dumps(project: Path) -> None:
    first = run(project, "build", "-q", seed="1")
    assert first.returncode == 0, first.stderr
    dist_one = digests(project / "dist")
    manifest_one = (project / "build/manifest.json").read_bytes()
    second = run(project, "build", "-q", seed="4242")
    assert second.returncode == 0, second.stderr
    assert digests(project / "dist") == dist_one
    assert (project / "build/manifest.json").read_bytes() == manifest_one
    assert {
        "ikkan.ttl",
        "ikkan.nt",
        "ikkan.nt.gz",
        "ikkan.jsonld",
        "ikkan.trig",
        "SHA256SUMS",
    } <= set(dist_one)


def test_build_reports_progress_and_writes_a_queryable_store(project: Path) -> None:
    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    assert "[1/8] parsing ontology and data" in result.stderr
    assert "built ikkan" in result.stderr
    store = ox.Store.read_only(str(project / "build/store"))
    answer = store.query(
        'ASK { ?s <http://www.w3.org/2000/01/rdf-schema#label> "小山市"@ja }',
        use_default_graph_as_union=True,
    )
    assert bool(answer)


def _build_then_break(
    project: Path, path: str, old: str, new: str
) -> tuple[subprocess.CompletedProcess[str], dict[str, str], bytes]:
    assert run(project, "build", "-q").returncode == 0
    before = digests(project / "dist")
    manifest = (project / "build/manifest.json").read_bytes()
    target = project / path
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return run(project, "build"), before, manifest


def _untouched(project: Path, before: dict[str, str], manifest: bytes) -> None:
    assert digests(project / "dist") == before
    assert (project / "build/manifest.json").read_bytes() == manifest
    store = ox.Store.read_only(str(project / "build/store"))
    assert len(store) > 5000


def test_turtle_syntax_error_names_file_line_and_column(project: Path) -> None:
    result, before, manifest = _build_then_break(
        project,
        "data/oyama/otome.ttl",
        'rdfs:label "乙女中学校区"@ja ,',
        'rdfs:label "乙女中学校区@ja ,',
    )
    assert result.returncode == 1
    line = next(
        n
        for n, text in enumerate(
            (project / "data/oyama/otome.ttl").read_text(encoding="utf-8").split("\n"), start=1
        )
        if '"乙女中学校区@ja' in text
    )
    assert f"data/oyama/otome.ttl:{line}:" in result.stderr
    assert "Turtle syntax error" in result.stderr
    assert "untouched" in result.stderr
    _untouched(project, before, manifest)


def test_table_error_names_file_and_line(project: Path) -> None:
    result, before, manifest = _build_then_break(
        project, "data/oyama/enrollment.csv", ",pupils,79,", ",pupils,seventy-nine,"
    )
    assert result.returncode == 1
    assert "data/oyama/enrollment.csv:2" in result.stderr
    assert "'seventy-nine' is not a non-negative integer" in result.stderr
    _untouched(project, before, manifest)


def test_unknown_measure_and_duplicate_rows_are_refused(project: Path) -> None:
    csv = project / "data/oyama/enrollment.csv"
    lines = csv.read_text(encoding="utf-8").split("\n")
    lines.append(lines[1])  # a duplicate of the first row
    lines.append(lines[2].replace(",pupils,", ",teachers,"))
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(project, "validate")
    assert result.returncode == 1
    assert "duplicate observation" in result.stdout
    assert "measure 'teachers' is not a qb:MeasureProperty" in result.stdout


def test_blank_nodes_are_refused(project: Path) -> None:
    result, before, manifest = _build_then_break(
        project,
        "data/oyama/city.ttl",
        "    ikkan:inPrefecture pref:090000 ;",
        '    ikkan:inPrefecture pref:090000 ;\n    ikkan:address [ ikkan:addressText "x"@ja ] ;',
    )
    assert result.returncode == 1
    assert "blank node" in result.stderr and "data/oyama/city.ttl" in result.stderr
    _untouched(project, before, manifest)


def test_a_changed_source_document_is_refused(project: Path) -> None:
    result, before, manifest = _build_then_break(
        project, "data/oyama/source/000_811a41099ed1d05d.txt", "167,820人", "167,821人"
    )
    assert result.returncode == 1
    assert "SHA-256 of 000_811a41099ed1d05d.txt" in result.stderr
    _untouched(project, before, manifest)


def test_a_heading_that_is_not_in_the_source_is_refused(project: Path) -> None:
    result = _build_then_break(
        project,
        "data/oyama/source.ttl",
        'ikkan:heading "2. 小中一貫教育のねらい"@ja',
        'ikkan:heading "2. ねらい"@ja',
    )[0]
    assert result.returncode == 1
    assert "is not line 17 of the source" in result.stderr


def test_validate_exits_zero_on_the_real_data(project: Path) -> None:
    result = run(project, "validate", "-q")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("valid:")
    assert not (project / "build").exists(), "validate must not write"


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("export") / "project"
    for folder in ("ontology", "data", "shapes"):
        if (PROJECT / folder).is_dir():
            shutil.copytree(PROJECT / folder, copy / folder)
    assert run(copy, "build", "-q").returncode == 0
    return copy


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld"])
def test_export_writes_the_built_graph_in_each_format(built_project: Path, fmt: str) -> None:
    project = built_project
    out = project / f"export.{fmt}"
    result = run(project, "export", "--format", fmt, "-o", str(out))
    assert result.returncode == 0, result.stderr
    rdf_format = {
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "nquads": ox.RdfFormat.N_QUADS,
        "trig": ox.RdfFormat.TRIG,
        "rdfxml": ox.RdfFormat.RDF_XML,
        "jsonld": ox.RdfFormat.JSON_LD,
    }[fmt]
    parsed = list(ox.parse(path=str(out), format=rdf_format))
    manifest_triples = json.loads((project / "build/manifest.json").read_text())["triples"]
    assert len({str(getattr(q, "triple", q)) for q in parsed}) == manifest_triples


def test_export_without_a_build_says_what_to_do(project: Path) -> None:
    result = run(project, "export")
    assert result.returncode == 2
    assert "run `ikkan build` first" in result.stderr


def test_a_date_that_does_not_exist_is_reported_not_raised(project: Path) -> None:
    result, before, manifest = _build_then_break(
        project,
        "data/oyama/city.ttl",
        'ikkan:startDate "2007-04-01"^^xsd:date',
        'ikkan:startDate "2007-02-30"^^xsd:date',
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "'2007-02-30'" in result.stderr and "is not a date" in result.stderr
    _untouched(project, before, manifest)


def test_an_unusable_shape_is_reported_not_raised(project: Path) -> None:
    # SHACL forbids VALUES in a SPARQL constraint; pyshacl then returns its failure, not a report.
    shapes = project / "shapes/programme.ttl"
    text = shapes.read_text(encoding="utf-8")
    broken = text.replace(
        'FILTER(?property IN (ikkan:statement, ikkan:purpose) && lang(?japanese) = "ja")',
        'VALUES ?property { ikkan:statement ikkan:purpose } FILTER(lang(?japanese) = "ja")',
    )
    assert broken != text
    shapes.write_text(broken, encoding="utf-8")
    result = run(project, "validate")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "the shapes cannot be used to validate" in result.stdout
    assert "VALUES" in result.stdout
