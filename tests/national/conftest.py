"""Fixtures of the national layer's tests: the sample files, and invented rows of the list."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from ikkan.national.checkdigits import school_code_check_digit
from ikkan.national.localgov import LocalGovernments, read_local_governments
from ikkan.national.mext.codes import FOUNDERS, KINDS, STATUSES
from ikkan.national.mext.parse import HEADER

FIXTURES = Path(__file__).parent / "fixtures"
SCHOOLS = FIXTURES / "schools-sample.csv"
PREFECTURES = FIXTURES / "prefjp-sample.csv"
MUNICIPALITIES = FIXTURES / "localgovjp-sample.csv"
WIKIDATA = FIXTURES / "municipality-wikidata-sample.csv"


def code(kind: str, prefecture: str, founder: str, number: int) -> str:
    """A school code with its check digit (for invented test rows)."""
    head = f"{kind}{prefecture}{founder}{number:07d}"
    return head + str(school_code_check_digit(head + "0"))


def row(
    school_code: str,
    name: str,
    *,
    status: str = "1",
    address: str = "栃木県小山市テスト町１",
    set_date: str = "2020-12-22",
    abolished: str = "",
    successor: str = "",
    kind_label: str | None = None,
) -> list[str]:
    """A row of the list in its 23 columns, consistent with ``school_code``."""
    kind = KINDS[school_code[:2]]
    founder = FOUNDERS[school_code[4]]
    state = STATUSES[status]
    return [
        school_code, name, kind.code, kind_label or kind.source_labels[0], kind.ja, kind.en,
        school_code[2:4], "栃木", founder.code, founder.source_label, founder.ja, founder.en,
        state.code, state.source_label, state.ja, state.en, address, "3230000", set_date,
        abolished, "", successor, "test.csv",
    ]  # fmt: skip


WriteRows = Callable[..., Path]


@pytest.fixture
def write_rows(tmp_path: Path) -> WriteRows:
    """Writes invented rows under the list's header to a CSV file and returns its path."""

    def write(rows: list[list[str]], name: str = "schools-test.csv", header: bool = True) -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            if header:
                writer.writerow(HEADER)
            writer.writerows(rows)
        return path

    return write


@pytest.fixture(scope="session")
def governments() -> LocalGovernments:
    return read_local_governments(PREFECTURES, MUNICIPALITIES)
