"""Which main school a branch school (分校) belongs to, where the list says so.

The list marks a branch school by its status (2, 分校) but has no column for its main school;
it says which one in the branch's name, which is the main school's name followed by the
branch's own place name and 分校 (大田原市立金丸小学校北金丸分校 is a branch of
大田原市立金丸小学校). A branch is linked to the row of the same kind in the same prefecture
whose name is the longest such prefix, if exactly one row has that name and is not itself a
branch; otherwise the branch is left unlinked and reported, never guessed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .codes import BRANCH
from .parse import SchoolRow

SUFFIX = "分校"


@dataclass(frozen=True, slots=True)
class Unlinked:
    """A branch school without its main school, and why."""

    code: str
    name: str
    reason: str


def link_branches(rows: Sequence[SchoolRow]) -> tuple[dict[str, str], list[Unlinked]]:
    """Branch code → main-school code, and the branches that could not be linked."""
    by_name: dict[tuple[str, str, str], list[SchoolRow]] = defaultdict(list)
    for row in rows:
        if row.status is not BRANCH:
            by_name[(row.prefecture, row.kind.code, row.name)].append(row)
    links: dict[str, str] = {}
    unlinked: list[Unlinked] = []
    for row in rows:
        if row.status is not BRANCH:
            continue
        if not row.name.endswith(SUFFIX):
            unlinked.append(Unlinked(row.code, row.name, f"the name does not end in {SUFFIX}"))
            continue
        found: list[SchoolRow] | None = None
        for end in range(len(row.name) - len(SUFFIX) - 1, 0, -1):
            found = by_name.get((row.prefecture, row.kind.code, row.name[:end]))
            if found:
                break
        if not found:
            unlinked.append(Unlinked(row.code, row.name, "no main school's name begins it"))
        elif len(found) > 1:
            codes = ", ".join(r.code for r in found)
            unlinked.append(Unlinked(row.code, row.name, f"several rows bear the name: {codes}"))
        else:
            links[row.code] = found[0].code
    return links, unlinked
