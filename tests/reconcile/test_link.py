"""``ikkan link``: a researcher's table in, the same table with the graph's identifiers out.

The tables are written by the tests (UTF-8, Shift_JIS, tab-separated, broken ones); the graph is
the fixture graph of ``conftest.py``. One run goes through the installed ``ikkan`` command as a
user types it; the others call the command's entry point in this process.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ikkan.cli import main
from ikkan.settings import Settings

from .conftest import CHAIN

HEADER = ["番号", "学校名", "市区町村", "学校種"]
ROWS = [
    ["1", "乙女小", "小山市", "小学校"],
    ["2", "小山市立乙女中学校", "", ""],
    ["3", "テスト中央小", "大田原市", ""],
    ["4", "テスト中央小", "", ""],  # three schools of that name
    ["5", "網戸小学校", "小山市", ""],  # closed, its successor is 乙女小
    ["6", "テスト旧一小", "09208", "小"],  # closed, a chain of two successors
    ["7", "存在しない学校", "小山市", ""],
    ["8", "", "小山市", ""],
    ["9", "テスト国学小", "小山", ""],
    ["10", "小山市", "", ""],  # a place
]


def write_csv(
    path: Path, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    with path.open("w", encoding=encoding, newline="") as out:
        csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return path


def link(settings: Settings, *args: str) -> int:
    return main(
        [
            "link",
            *args,
            "--project-dir",
            str(settings.project_dir),
            "--build-dir",
            str(settings.build_path),
            "--query-workers",
            "1",
        ]
    )


def read_linked(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, for Excel
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def check_linked(rows: list[dict[str, str]]) -> None:
    by = {r["番号"]: r for r in rows}
    assert [r["番号"] for r in rows] == [r[0] for r in ROWS]  # every row, in its order
    assert by["1"]["ikkan_match"] == "yes"
    assert by["1"]["ikkan_iri"] == "https://w3id.org/ikkan/id/school/092088-otome-es"
    assert by["1"]["ikkan_school_code"] == "B109210001590"
    assert by["1"]["ikkan_municipality_code"] == "092088"
    assert by["1"]["ikkan_wikidata"] == "Q374511"
    assert by["1"]["ikkan_score"] == "100" and by["1"]["学校名"] == "乙女小"
    assert by["2"]["ikkan_school_code"] == "C109210000731"
    assert by["3"]["ikkan_iri"].endswith("/school/b109299900416")
    assert by["3"]["ikkan_municipality_code"] == "092100"
    unsure = by["4"]
    assert unsure["ikkan_match"] == "review" and unsure["ikkan_iri"] == ""
    assert unsure["ikkan_school_code"] == "" and unsure["ikkan_candidates"] == "3"
    assert "大田原市立テスト中央小学校" in unsure["ikkan_note"]
    assert by["5"]["ikkan_match"] == "yes" and by["5"]["ikkan_school_code"] == "B109210001509"
    assert "廃止 2025-05-01" in by["5"]["ikkan_note"] and "乙女小学校" in by["5"]["ikkan_note"]
    assert by["6"]["ikkan_school_code"] == CHAIN[0]
    assert CHAIN[1] in by["6"]["ikkan_note"] and CHAIN[2] in by["6"]["ikkan_note"]
    assert by["7"]["ikkan_match"] in ("none", "review") and by["7"]["ikkan_iri"] == ""
    assert by["8"]["ikkan_match"] == "none" and "no name" in by["8"]["ikkan_note"]
    assert by["9"]["ikkan_school_code"] == "B109299900210"
    assert by["10"]["ikkan_iri"] == "https://w3id.org/ikkan/id/municipality/092088"
    assert by["10"]["ikkan_municipality_code"] == "092088"
    assert by["10"]["ikkan_school_code"] == ""


def test_a_table_is_linked_through_the_installed_command(
    reconcile_build: Settings, tmp_path: Path
) -> None:
    table = write_csv(tmp_path / "survey.csv", [HEADER, *ROWS])
    out = tmp_path / "linked.csv"
    command = Path(sys.executable).with_name("ikkan")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("IKKAN_")},
        "IKKAN_PROJECT_DIR": str(reconcile_build.project_dir),
        "IKKAN_BUILD_DIR": str(reconcile_build.build_path),
        "IKKAN_QUERY_WORKERS": "1",
    }
    done = subprocess.run(
        [str(command), "link", str(table), "--name", "学校名", "--municipality", "市区町村",
         "--kind", "学校種", "-o", str(out)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    check_linked(read_linked(out))
    assert "10 rows: 7 linked" in done.stderr
    assert "\r" not in done.stderr  # no progress bar when standard error is not a terminal


def test_shift_jis_is_read_as_such_and_said(
    reconcile_build: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = write_csv(tmp_path / "survey-sjis.csv", [HEADER, *ROWS], encoding="cp932")
    out = tmp_path / "linked.csv"
    args = ["--name", "学校名", "--municipality", "市区町村", "--kind", "学校種", "-o", str(out)]
    assert link(reconcile_build, str(table), *args, "--progress") == 0
    check_linked(read_linked(out))
    err = capsys.readouterr().err
    assert "as Shift_JIS" in err
    assert "\rlinking" in err and "10/10" in err and "100%" in err


def test_tab_separated_and_standard_output(
    reconcile_build: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = write_csv(tmp_path / "survey.tsv", [HEADER, *ROWS[:2]], delimiter="\t")
    assert link(reconcile_build, str(table), "--name", "学校名") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t")[-9:] == [
        "ikkan_match", "ikkan_iri", "ikkan_name", "ikkan_school_code",
        "ikkan_municipality_code", "ikkan_wikidata", "ikkan_score", "ikkan_candidates",
        "ikkan_note",
    ]  # fmt: skip
    assert lines[1].split("\t")[4:6] == ["yes", "https://w3id.org/ikkan/id/school/092088-otome-es"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "学校名,市区町村\r\n乙女小,小山市\r\n".encode() + b"\x80\xfe\xff,x\r\n",
            "line 3, byte 1 (0x80): the file is not UTF-8, nor Shift_JIS",
        ),
        ('学校名,市区町村\n乙女小,小山市\n"乙女中,小山市\n'.encode(), "line 3"),
        ("学校名,市区町村\n乙女小,小山市\n乙女中,小山市,余分\n".encode(), "line 3: 3 fields"),
        ("学校名,市区町村\n乙女小\n".encode(), "line 2: 1 fields, the header (line 1) has 2"),
        ("名前,市区町村\n乙女小,小山市\n".encode(), "no column '学校名' (--name); the columns"),
        (b"", "no header line"),
        ("学校名,ikkan_iri\n乙女小,x\n".encode(), "already has the column ikkan_iri"),
    ],
)
def test_a_table_that_cannot_be_read_gets_an_error_naming_the_line(
    reconcile_build: Settings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    message: str,
) -> None:
    table = tmp_path / "broken.csv"
    table.write_bytes(content)
    out = tmp_path / "linked.csv"
    assert link(reconcile_build, str(table), "--name", "学校名", "-o", str(out)) == 1
    err = capsys.readouterr().err
    assert message in err and str(table) in err
    assert not out.exists()


def test_undecodable_bytes_name_the_fix(
    reconcile_build: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "survey.csv"
    table.write_bytes("学校名\n乙女小\n".encode("cp932") + b"\x82")
    assert link(reconcile_build, str(table), "--name", "学校名") == 1
    err = capsys.readouterr().err
    assert "iconv -f CP932 -t UTF-8 survey.csv > survey-utf8.csv" in err
    assert "--encoding" in err
    table.write_bytes(b"name\n" + "乙女小\n".encode("cp932"))
    assert link(reconcile_build, str(table), "--name", "name", "--encoding", "utf-8") == 1
    assert "line 2, byte 1" in capsys.readouterr().err


def test_no_store_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = write_csv(tmp_path / "survey.csv", [HEADER, *ROWS[:1]])
    code = main(["link", str(table), "--name", "学校名", "--build-dir", str(tmp_path / "none")])
    assert code == 2
    assert "ikkan build" in capsys.readouterr().err
