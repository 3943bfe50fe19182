"""What became of closed schools: successor links, merger events and successor chains.

The list gives a closed school (status 9) the code of the school that took over
(移行後の学校コード). From those links this module finds:

- successor links whose target is not in the rows read (kept, and reported);
- merger events: every group of two or more schools closed on one date (the list's
  abolition date) into one successor. A single school closed into a successor is left as a
  successor link only, because the list uses the same column for a change of kind
  (a kindergarten becoming a 認定こども園) as for an absorption, and one row cannot tell which;
- successor chains (A → B → C), followed until a school without a successor, a school outside
  the rows, or a cycle (reported).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from .mext.parse import SchoolRow
from .problems import WARNING, Problem


@dataclass(frozen=True, slots=True)
class Merger:
    """Schools closed on one date into one successor."""

    successor: str
    closed_on: date
    members: tuple[str, ...]  # sorted codes


@dataclass
class History:
    successor: dict[str, str] = field(default_factory=dict)  # code → successor code
    predecessors: dict[str, list[str]] = field(default_factory=dict)
    mergers: list[Merger] = field(default_factory=list)
    unresolved: dict[str, str] = field(default_factory=dict)  # code → successor not in rows
    problems: list[Problem] = field(default_factory=list)

    def chain(self, code: str) -> list[str]:
        """``code`` and its successors in order, stopping before a repeat (a cycle)."""
        seen = [code]
        while (after := self.successor.get(seen[-1])) is not None and after not in seen:
            seen.append(after)
        return seen


def read_history(rows: Sequence[SchoolRow]) -> History:
    """Successors, predecessors, merger events and unresolved links of ``rows``."""
    known = {row.code: row for row in rows}
    history = History()
    groups: dict[tuple[str, date], list[str]] = defaultdict(list)
    for row in rows:
        if not row.successor_code or row.successor_code == row.code:
            continue
        history.successor[row.code] = row.successor_code
        history.predecessors.setdefault(row.successor_code, []).append(row.code)
        if row.successor_code not in known:
            history.unresolved[row.code] = row.successor_code
            history.problems.append(
                Problem(
                    f"school {row.code}: successor {row.successor_code} is not in the list read",
                    row.file,
                    row.line,
                    22,
                    WARNING,
                )
            )
        if row.abolished_date is not None:
            groups[(row.successor_code, row.abolished_date)].append(row.code)
    for (successor, closed_on), members in sorted(groups.items()):
        if len(members) >= 2:
            history.mergers.append(Merger(successor, closed_on, tuple(sorted(members))))
    for codes in history.predecessors.values():
        codes.sort()
    for code in sorted(history.successor):
        chain = history.chain(code)
        after = history.successor.get(chain[-1])
        if after is not None and after in chain and chain[0] == min(chain):
            row = known[code]
            history.problems.append(
                Problem(
                    f"successor links form a cycle: {' → '.join([*chain, after])}",
                    row.file,
                    row.line,
                    22,
                    WARNING,
                )
            )
    return history
