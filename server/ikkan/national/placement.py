"""Placing every school of the list in its municipality, with the figures and the report.

Runs :class:`~.addresses.AddressMatcher` over every row (all kinds, all founders), counts how
many public elementary, junior-high and compulsory-education schools were placed (the figure
the build prints and the issue sets a goal for: 99.5 %), and writes every unplaced row, with the
reason and the candidates, to a CSV report, sorted by school code so that it is byte-identical
from build to build.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .addresses import AddressMatcher, Placement, Unplaced
from .localgov import LocalGovernments
from .mext.parse import SchoolRow, public_compulsory

REPORT_HEADER = (
    "school_code",
    "school_name",
    "kind",
    "founder",
    "status",
    "address",
    "reason",
    "candidates",
)


@dataclass
class Placements:
    placed: dict[str, Placement] = field(default_factory=dict)
    unplaced: dict[str, Unplaced] = field(default_factory=dict)

    def count(self, rows: Sequence[SchoolRow]) -> tuple[int, int]:
        """How many of ``rows`` were placed, and how many there are."""
        return sum(r.code in self.placed for r in rows), len(rows)


def place_schools(rows: Sequence[SchoolRow], governments: LocalGovernments) -> Placements:
    """The municipality of every row whose address matches, and why the others do not."""
    matcher = AddressMatcher(governments)
    result = Placements()
    for row in rows:
        found = matcher.place(row.address, row.prefecture)
        if isinstance(found, Placement):
            result.placed[row.code] = found
        else:
            result.unplaced[row.code] = found
    return result


def _percent(done: int, total: int) -> str:
    return f"{100 * done / total:.2f} %" if total else "n/a"


def summary(result: Placements, rows: Sequence[SchoolRow]) -> str:
    """One line of figures for the build's output."""
    goal_done, goal_total = result.count(public_compulsory(rows))
    done, total = result.count(rows)
    return (
        f"placed {goal_done} of {goal_total} public elementary, junior-high and "
        f"compulsory-education schools ({_percent(goal_done, goal_total)}); "
        f"all rows {done} of {total} ({_percent(done, total)}); "
        f"{len(result.unplaced)} unplaced row(s) in the report"
    )


def write_report(result: Placements, rows: Sequence[SchoolRow], path: Path) -> None:
    """Every unplaced row, one per line, as UTF-8 CSV (written whole, then moved in place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(REPORT_HEADER)
        for row in sorted(rows, key=lambda r: r.code):
            miss = result.unplaced.get(row.code)
            if miss is None:
                continue
            writer.writerow(
                (
                    row.code,
                    row.name,
                    row.kind.code,
                    row.founder.ja,
                    row.status.ja,
                    row.address,
                    miss.reason,
                    " ".join(miss.candidates),
                )
            )
    partial.replace(path)
