"""Reading MEXT's school-code list, in the normalised CSV form of open-secondary-data.

The file (``school-codes-jp/mext-school-codes/data/schools.csv``, 23 columns) or any number of
extracts with the same header are read with a CSV parser, because two addresses hold a line
break inside quotes. Values are kept as the list writes them: a name with a literal ``?``
stays so, ``prefecture_name`` holds the short label (栃木, not 栃木県). Every row is checked
against the code tables of :mod:`.codes`; a malformed row is reported with its file, line (where
the record starts) and column (the CSV field, from 1) and left out, a doubtful one (a check
digit the third-party rule does not accept, a closed row without its date) is kept and
reported as a warning. The record-set date (属性情報設定年月日) is when MEXT set the row, not
when the school opened: 2020-12-22 for every row that existed when the list began.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..checkdigits import school_code_check_error, school_code_format_error
from ..problems import VIOLATION, WARNING, Problem
from .codes import ABOLISHED, FOUNDERS, KINDS, STATUSES, Category, Kind

HEADER: tuple[str, ...] = (
    "school_code",
    "school_name",
    "school_type_code",
    "school_type_source_label",
    "school_type_name_ja",
    "school_type_name_en",
    "prefecture_code",
    "prefecture_name",
    "founder_code",
    "founder_source_label",
    "founder_name_ja",
    "founder_name_en",
    "school_status_code",
    "school_status_source_label",
    "school_status_name_ja",
    "school_status_name_en",
    "address",
    "postal_code",
    "attribute_set_date",
    "attribute_abolished_date",
    "obsolete_school_survey_number",
    "successor_school_code",
    "source_file",
)
_COLUMN = {name: number for number, name in enumerate(HEADER, start=1)}


@dataclass(frozen=True, slots=True)
class SchoolRow:
    """One row of the list, checked and typed; strings as the list writes them."""

    code: str
    name: str
    kind: Kind
    kind_label: str
    prefecture: str  # two digits, from the code
    prefecture_label: str  # as written: 栃木
    founder: Category
    status: Category
    address: str
    postal_code: str
    set_date: date | None
    abolished_date: date | None
    survey_number: str
    successor_code: str
    source_file: str
    file: Path
    line: int

    @property
    def is_abolished(self) -> bool:
        return self.status is ABOLISHED


@dataclass
class SchoolList:
    """Every accepted row of the files read, and what was wrong with the rest."""

    rows: list[SchoolRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def by_code(self) -> dict[str, SchoolRow]:
        return {row.code: row for row in self.rows}


class _RowError(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = _COLUMN[column]


def _date(value: str, column: str) -> date | None:
    if not value:
        return None
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise _RowError(column, f"{column} {value!r} is not a date (YYYY-MM-DD)") from None


def _coded(table: dict[str, Category], code: str, label: str, column: str) -> Category:
    entry = table.get(code)
    if entry is None:
        raise _RowError(column, f"{column} {code!r} is not one of {', '.join(table)}")
    if label != entry.source_label:
        raise _RowError(
            column.replace("_code", "_source_label"),
            f"{column} {code}: label {label!r}, the list writes {entry.source_label!r}",
        )
    return entry


def _kind(code: str, type_code: str, label: str) -> Kind:
    if type_code != code[:2]:
        raise _RowError(
            "school_type_code", f"school_type_code {type_code!r} differs from the code's {code[:2]}"
        )
    kind = KINDS[type_code]
    if label not in kind.source_labels:
        raise _RowError(
            "school_type_source_label",
            f"school_type_source_label {label!r} is not one of {', '.join(kind.source_labels)}",
        )
    return kind


def _row(values: list[str], path: Path, line: int, warnings: list[Problem]) -> SchoolRow:
    def warn(column: str, message: str) -> None:
        warnings.append(Problem(message, path, line, _COLUMN[column], WARNING))

    if len(values) != len(HEADER):
        raise _RowError(
            HEADER[min(len(values), len(HEADER) - 1)],
            f"a row has {len(HEADER)} fields, this one {len(values)}",
        )
    v = dict(zip(HEADER, values, strict=True))
    code = v["school_code"]
    wrong = school_code_format_error(code)
    if wrong:
        raise _RowError("school_code", wrong)
    if not v["school_name"].strip():
        raise _RowError("school_name", f"school {code} has no name")
    kind = _kind(code, v["school_type_code"], v["school_type_source_label"])
    if v["prefecture_code"] != code[2:4]:
        raise _RowError(
            "prefecture_code",
            f"prefecture_code {v['prefecture_code']!r} differs from the code's {code[2:4]}",
        )
    if v["founder_code"] != code[4]:
        raise _RowError(
            "founder_code", f"founder_code {v['founder_code']!r} differs from the code's {code[4]}"
        )
    founder = _coded(FOUNDERS, v["founder_code"], v["founder_source_label"], "founder_code")
    status = _coded(
        STATUSES, v["school_status_code"], v["school_status_source_label"], "school_status_code"
    )
    set_date = _date(v["attribute_set_date"], "attribute_set_date")
    abolished = _date(v["attribute_abolished_date"], "attribute_abolished_date")
    successor = v["successor_school_code"]
    if successor:
        wrong = school_code_format_error(successor)
        if wrong:
            raise _RowError("successor_school_code", wrong)
        doubtful = school_code_check_error(successor)
        if doubtful:
            warn("successor_school_code", doubtful)
        if successor == code:
            warn("successor_school_code", f"school {code} names itself as its successor")
    doubtful = school_code_check_error(code)
    if doubtful:
        warn("school_code", doubtful)
    postal = v["postal_code"]
    if postal and not (len(postal) == 7 and postal.isdigit()):
        warn("postal_code", f"postal code {postal!r} of {code} is not seven digits")
    if status is ABOLISHED and abolished is None:
        warn("attribute_abolished_date", f"school {code} is abolished (9) without a date")
    if status is not ABOLISHED and abolished is not None:
        warn("school_status_code", f"school {code} has an abolition date but status {status.ja}")
    if set_date and abolished and abolished < set_date:
        warn(
            "attribute_abolished_date",
            f"school {code}: abolished {abolished} before its record was set {set_date}",
        )
    return SchoolRow(
        code=code,
        name=v["school_name"],
        kind=kind,
        kind_label=v["school_type_source_label"],
        prefecture=code[2:4],
        prefecture_label=v["prefecture_name"],
        founder=founder,
        status=status,
        address=v["address"],
        postal_code=postal,
        set_date=set_date,
        abolished_date=abolished,
        survey_number=v["obsolete_school_survey_number"],
        successor_code=successor,
        source_file=v["source_file"],
        file=path,
        line=line,
    )


def _read_file(path: Path, into: SchoolList, seen: dict[str, tuple[Path, int]]) -> None:
    problems = into.problems
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader, None)
            if header is None:
                problems.append(Problem("the file is empty", path, 1))
                return
            if tuple(header) != HEADER:
                pairs = zip(header, HEADER, strict=False)
                column = next(
                    (i for i, (a, b) in enumerate(pairs, start=1) if a != b),
                    min(len(header), len(HEADER)) + 1,
                )
                problems.append(
                    Problem(
                        f"the header is not the list's {len(HEADER)} columns "
                        f"({','.join(HEADER[:3])},…,{HEADER[-1]})",
                        path,
                        1,
                        column,
                    )
                )
                return
            line = reader.line_num + 1
            for values in reader:
                start, line = line, reader.line_num + 1
                if not values:
                    continue
                try:
                    row = _row(values, path, start, problems)
                except _RowError as error:
                    problems.append(Problem(str(error), path, start, error.column, VIOLATION))
                    continue
                earlier = seen.get(row.code)
                if earlier is not None:
                    problems.append(
                        Problem(
                            f"school code {row.code} is listed twice "
                            f"(first at {earlier[0].name}:{earlier[1]})",
                            path,
                            start,
                            1,
                        )
                    )
                    continue
                seen[row.code] = (path, start)
                into.rows.append(row)
        except csv.Error as error:
            problems.append(Problem(f"malformed CSV: {error}", path, reader.line_num))
        except UnicodeDecodeError as error:
            problems.append(Problem(f"not UTF-8 text: {error.reason}", path))


def read_school_codes(paths: Iterable[Path]) -> SchoolList:
    """Every row of the school-code files ``paths`` (read in the order given)."""
    result = SchoolList()
    seen: dict[str, tuple[Path, int]] = {}
    for path in paths:
        result.files.append(path)
        _read_file(path, result, seen)
    return result


def public_compulsory(rows: Sequence[SchoolRow]) -> list[SchoolRow]:
    """The public elementary, junior-high and compulsory-education schools among ``rows``."""
    return [r for r in rows if r.founder.code == "2" and r.kind.code in ("B1", "C1", "C2")]
