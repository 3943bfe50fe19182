"""``ikkan query`` asks the built store through the same interface as the endpoint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ikkan.cli import main

from .conftest import Built

LABEL = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?s ?label WHERE { ?s rdfs:label ?label "
    'FILTER(?label IN ("小山市"@ja, "見本町"@ja)) } ORDER BY ?label'
)


def run(capfd: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["query", *args])
    out, err = capfd.readouterr()
    return code, out, err


def test_table_uses_prefixed_names_and_aligns_japanese(
    built: Built, capfd: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capfd, LABEL, "--build-dir", str(built.build_dir))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split(" | ")[0].strip() == "s"
    assert "<https://w3id.org/ikkan/id/municipality/092088>" not in out
    assert "id:municipality/092088 | 小山市@ja" in out
    # the separator under the header is as wide as the widest cell, counting 小 as two columns
    assert lines[-1] == "(2 rows)"
    assert len(lines[1].split("-+-")[1]) == len("見本町@ja") + 3


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("json", lambda out: len(json.loads(out)["results"]["bindings"]) == 2),
        ("csv", lambda out: out.startswith("s,label\r\n")),
        ("tsv", lambda out: out.startswith("?s\t?label\n")),
        ("xml", lambda out: "<sparql" in out),
    ],
)
def test_machine_formats(
    built: Built, capfd: pytest.CaptureFixture[str], fmt: str, check: object
) -> None:
    code, out, _ = run(capfd, LABEL, "--format", fmt, "--build-dir", str(built.build_dir))
    assert code == 0
    assert check(out)  # type: ignore[operator]


def test_graph_formats_and_ask(built: Built, capfd: pytest.CaptureFixture[str]) -> None:
    describe = "DESCRIBE <https://w3id.org/ikkan/id/municipality/092088>"
    code, out, _ = run(capfd, describe, "--format", "ntriples", "--build-dir", str(built.build_dir))
    assert code == 0 and out.count(" .\n") == 4
    code, out, _ = run(capfd, describe, "--build-dir", str(built.build_dir))
    assert code == 0 and "rdfs:label" in out and "(4 rows)" in out
    code, out, _ = run(capfd, "ASK { ?s ?p ?o }", "--build-dir", str(built.build_dir))
    assert (code, out) == (0, "true\n")


def test_errors(built: Built, capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capfd, "SELECT ?s WHERE {\n ?s ?p \n}", "--build-dir", str(built.build_dir))
    assert code == 1 and "line 3, column" in err
    code, _, err = run(capfd, "DROP ALL", "--build-dir", str(built.build_dir))
    assert code == 1 and "read-only" in err
    code, _, err = run(capfd, "ASK {}", "--format", "turtle", "--build-dir", str(built.build_dir))
    assert code == 1 and "--format turtle" in err
    code, _, err = run(capfd, "ASK {}", "--build-dir", str(tmp_path))
    assert code == 2 and "ikkan build" in err
