"""Reading MEXT's school-code list: values kept as written, rows checked, faults located."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ikkan.national.mext.branches import link_branches
from ikkan.national.mext.codes import KINDS
from ikkan.national.mext.parse import HEADER, read_school_codes

from .conftest import SCHOOLS, WriteRows, code, row


def test_sample_rows_are_read_as_the_list_writes_them() -> None:
    schools = read_school_codes([SCHOOLS])
    rows = schools.by_code()
    assert len(rows) == 10
    assert not [p for p in schools.problems if p.is_error]
    ajito = rows["B109210001509"]
    assert ajito.name == "小山市立網戸小学校"
    assert ajito.prefecture_label == "栃木"  # the short label, as the list writes it
    assert ajito.status.ja == "廃止" and ajito.is_abolished
    assert ajito.set_date == date(2020, 12, 22)
    assert ajito.abolished_date == date(2025, 5, 1)
    assert ajito.successor_code == "B109210001590"
    assert ajito.survey_number == "090288"
    assert ajito.postal_code == "3290215"
    assert rows["C240221000015"].name == "八女市立上陽北?学園"  # a literal ? is kept
    assert rows["B109210003507"].set_date == date(2022, 5, 1)
    assert rows["B109210003507"].survey_number == ""


def test_a_quoted_line_break_stays_in_the_address_and_lines_count_on() -> None:
    schools = read_school_codes([SCHOOLS])
    rows = schools.by_code()
    two_sites = rows["C220221200026"]
    assert (
        two_sites.address == "（前期）長野県大町市八坂１０９０\n（後期）長野県大町市八坂１１６４８"
    )
    lines = SCHOOLS.read_text(encoding="utf-8").split("\n")
    assert lines[two_sites.line - 1].startswith("C220221200026,")
    after = rows["C240221000015"]
    assert lines[after.line - 1].startswith("C240221000015,")
    assert after.line == two_sites.line + 2


def test_a_check_digit_the_third_party_rule_rejects_is_a_warning_and_the_row_stays() -> None:
    schools = read_school_codes([SCHOOLS])
    assert "C109210001571" in schools.by_code()
    [warning] = [p for p in schools.problems if "C109210001571" in p.message]
    assert warning.severity == "Warning" and warning.column == 1
    assert warning.file == SCHOOLS and warning.line == schools.by_code()["C109210001571"].line


def test_every_kind_of_the_list_is_read_with_its_class(write_rows: WriteRows) -> None:
    rows = [row(code(k, "09", "2", 1000000 + i), f"テスト{k}") for i, k in enumerate(KINDS)]
    rows.append(row(code("E1", "09", "2", 1000100), "テスト聾", kind_label="E1(特支聾)"))
    schools = read_school_codes([write_rows(rows)])
    assert schools.problems == []
    kinds = {r.kind.code: r.kind.ontology_class for r in schools.rows}
    assert kinds["B1"] == "ElementarySchool" and kinds["C2"] == "CompulsoryEducationSchool"
    assert kinds["A1"] == "Kindergarten" and kinds["F1"] == "University"
    assert len(kinds) == 13
    assert {r.kind_label for r in schools.rows if r.kind.code == "E1"} == {
        "E1(特支盲)",
        "E1(特支聾)",
    }


def _only_problem(path: Path) -> tuple[int | None, int | None, str]:
    schools = read_school_codes([path])
    [problem] = schools.problems
    assert problem.is_error and problem.file == path
    assert schools.rows == [] or all(r.line != problem.line for r in schools.rows)
    return problem.line, problem.column, problem.message


@pytest.mark.parametrize(
    ("change", "column", "words"),
    [
        (lambda r: r.__setitem__(0, "B10921000159"), 1, "13 characters"),
        (lambda r: r.__setitem__(1, " "), 2, "no name"),
        (lambda r: r.__setitem__(2, "C1"), 3, "differs from the code"),
        (lambda r: r.__setitem__(3, "B1(小)"), 4, "is not one of"),
        (lambda r: r.__setitem__(6, "10"), 7, "differs from the code"),
        (lambda r: r.__setitem__(9, "2(私)"), 10, "the list writes"),
        (lambda r: r.__setitem__(12, "3"), 13, "is not one of"),
        (lambda r: r.__setitem__(18, "2020-13-01"), 19, "is not a date"),
        (lambda r: r.__setitem__(19, "1.5.2025"), 20, "is not a date"),
        (lambda r: r.__setitem__(21, "X109210001590"), 22, "unknown kind"),
        (lambda r: r.pop(), 23, "23 fields, this one 22"),
    ],
)
def test_a_malformed_row_is_reported_with_file_line_and_column(
    write_rows: WriteRows, change: object, column: int, words: str
) -> None:
    good = row(code("B1", "09", "2", 1000001), "テスト第一小学校")
    bad = row(code("B1", "09", "2", 1000002), "テスト第二小学校")
    change(bad)  # type: ignore[operator]
    path = write_rows([good, bad])
    line, found_column, message = _only_problem(path)
    assert (line, found_column) == (3, column)
    assert words in message


def test_a_wrong_header_and_a_repeated_code_are_errors(write_rows: WriteRows) -> None:
    path = write_rows(
        [["school_code", "name"], row(code("B1", "09", "2", 1000001), "テスト")], header=False
    )
    schools = read_school_codes([path])
    assert [(p.line, p.column) for p in schools.problems] == [(1, 2)]
    same = row(code("B1", "09", "2", 1000001), "テスト")
    schools = read_school_codes([write_rows([same]), write_rows([same], name="schools-b.csv")])
    [twice] = schools.problems
    assert "listed twice" in twice.message and twice.file is not None and twice.line == 2
    assert len(schools.rows) == 1


def test_a_byte_order_mark_and_crlf_line_ends_are_read(tmp_path: Path) -> None:
    text = (
        ",".join(HEADER) + "\r\n" + ",".join(row(code("B1", "09", "2", 1000001), "テスト")) + "\r\n"
    )
    path = tmp_path / "schools.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    schools = read_school_codes([path])
    assert schools.problems == [] and schools.rows[0].source_file == "test.csv"


def test_doubtful_rows_are_kept_with_warnings(write_rows: WriteRows) -> None:
    closed_without_date = row(code("B1", "09", "2", 1000001), "テスト", status="9")
    dated_but_open = row(code("B1", "09", "2", 1000002), "テスト", abolished="2024-05-01")
    backwards = row(
        code("B1", "09", "2", 1000003),
        "テスト",
        status="9",
        set_date="2024-05-01",
        abolished="2023-05-01",
    )
    schools = read_school_codes([write_rows([closed_without_date, dated_but_open, backwards])])
    assert len(schools.rows) == 3
    assert [p.severity for p in schools.problems] == ["Warning"] * 3
    assert [p.column for p in schools.problems] == [20, 13, 20]


def test_a_branch_school_is_linked_to_its_main_school_by_its_name(write_rows: WriteRows) -> None:
    schools = read_school_codes([SCHOOLS])
    links, unlinked = link_branches(schools.rows)
    assert links == {"B109210001901": "B109210001858"}  # 金丸小学校北金丸分校 → 金丸小学校
    assert unlinked == []
    main = row(code("B1", "09", "2", 1000001), "テスト市立甲小学校")
    twin = row(code("B1", "09", "2", 1000002), "テスト市立甲小学校", status="9")
    branch = row(code("B1", "09", "2", 1000003), "テスト市立甲小学校乙分校", status="2")
    orphan = row(code("B1", "09", "2", 1000004), "テスト市立丙小学校丁分校", status="2")
    other_kind = row(code("C1", "09", "2", 1000005), "テスト市立丙小学校", status="1")
    links, unlinked = link_branches(
        read_school_codes([write_rows([main, twin, branch, orphan, other_kind])]).rows
    )
    assert links == {}
    assert {u.code: u.reason.split(":")[0] for u in unlinked} == {
        branch[0]: "several rows bear the name",
        orphan[0]: "no main school's name begins it",
    }
