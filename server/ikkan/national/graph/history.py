"""The history graph: merger events and branch schools, derived from the list.

A merger event (ikkan:SchoolMerger, ``id/merger/mext-<successor>-<date>``) stands for two or
more schools the list closes on one date into one successor: its merged schools, the resulting
school, how many merged, the list's date (ikkan:recordDate: the abolition date of the rows, a
reference date of the list's edition, not necessarily the legal one); it has no status of its
own, since the list records only what has happened. A branch school is linked to its main
school (ikkan:branchOf). Both are the build's reading of the list, kept apart from the list's
own statements in a graph of their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..history import Merger
from ..iris import Iris
from ..mext.parse import SchoolRow
from . import terms as t
from .quads import GraphWriter


def write_history(
    w: GraphWriter,
    iris: Iris,
    rows: Sequence[SchoolRow],
    mergers: Sequence[Merger],
    branches: Mapping[str, str],
    source: str,
) -> None:
    """The merger events and the branch-to-main links."""
    names = {row.code: row.name for row in rows}
    for merger in mergers:
        event = w.node(iris.merger(merger.successor, merger.closed_on))
        count = len(merger.members)
        into = names.get(merger.successor, merger.successor)
        w.add(event, t.TYPE, t.SCHOOL_MERGER)
        w.text(event, t.LABEL, f"{into}への統合（{merger.closed_on.isoformat()}、{count}校）", "ja")
        w.text(
            event,
            t.LABEL,
            f"Merger of {count} schools into {merger.successor} ({merger.closed_on.isoformat()})",
            "en",
        )
        for member in merger.members:
            w.add(event, t.MERGED_SCHOOL, w.node(iris.school(member)))
        w.add(event, t.RESULTING_SCHOOL, w.node(iris.school(merger.successor)))
        w.count(event, t.MERGED_SCHOOL_COUNT, count)
        w.date(event, t.RECORD_DATE, merger.closed_on)
        w.add(event, t.IDENTIFIER_SOURCE, source)
    for branch, main in sorted(branches.items()):
        w.add(w.node(iris.school(branch)), t.BRANCH_OF, w.node(iris.school(main)))
