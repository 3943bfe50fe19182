"""Successor links, merger events and successor chains, from the list's successor column."""

from __future__ import annotations

from datetime import date

from ikkan.national.history import read_history
from ikkan.national.mext.parse import read_school_codes

from .conftest import SCHOOLS, WriteRows, code, row


def test_the_sample_history() -> None:
    history = read_history(read_school_codes([SCHOOLS]).rows)
    assert history.successor == {
        "B109210001509": "B109210001590",  # 網戸小 → 乙女小
        "B109210001527": "B109210003507",  # 豊田南小 → 豊田小
        "B109210001536": "B109210003507",  # 豊田北小 → 豊田小
    }
    [merger] = history.mergers  # 網戸小 alone into 乙女小 is a successor link, not a merger
    assert (merger.successor, merger.closed_on, merger.members) == (
        "B109210003507",
        date(2022, 5, 1),
        ("B109210001527", "B109210001536"),
    )
    assert history.predecessors["B109210003507"] == ["B109210001527", "B109210001536"]
    assert history.unresolved == {} and history.problems == []


def test_chains_are_followed_and_cycles_and_dangling_links_reported(write_rows: WriteRows) -> None:
    a, b, c, d = (code("B1", "09", "2", 1000001 + i) for i in range(4))
    x, y, outside = (code("C1", "09", "2", 1000101 + i) for i in range(3))
    rows = [
        row(a, "テストA", status="9", abolished="2022-05-01", successor=b),
        row(b, "テストB", status="9", abolished="2024-05-01", successor=c),
        row(c, "テストC", status="9", abolished="2025-05-01", successor=d),
        row(d, "テストD"),
        row(x, "テストX", status="9", abolished="2023-05-01", successor=y),
        row(y, "テストY", status="9", abolished="2023-05-01", successor=x),
        row(
            outside,
            "テスト外",
            status="9",
            abolished="2023-05-01",
            successor=code("C2", "09", "2", 1000999),
        ),
    ]
    history = read_history(read_school_codes([write_rows(rows)]).rows)
    assert history.chain(a) == [a, b, c, d]
    assert history.chain(d) == [d]
    assert history.chain(x) == [x, y]
    assert history.mergers == []  # no two schools close into one successor on one date
    assert list(history.unresolved) == [outside]
    messages = [p.message for p in history.problems]
    assert any("is not in the list read" in m for m in messages)
    assert [m for m in messages if "cycle" in m] == [
        f"successor links form a cycle: {x} → {y} → {x}"
    ]
    assert all(p.severity == "Warning" and p.column == 22 for p in history.problems)


def test_a_merger_needs_one_date_and_one_successor(write_rows: WriteRows) -> None:
    new, other = code("C2", "09", "2", 1000001), code("C2", "09", "2", 1000002)
    members = [code("B1", "09", "2", 1000010 + i) for i in range(4)]
    rows = [
        row(new, "テスト学園"),
        row(other, "テスト別学園"),
        row(members[0], "テスト1", status="9", abolished="2023-05-01", successor=new),
        row(members[1], "テスト2", status="9", abolished="2023-05-01", successor=new),
        row(members[2], "テスト3", status="9", abolished="2023-05-01", successor=new),
        row(members[3], "テスト4", status="9", abolished="2024-05-01", successor=new),
    ]
    history = read_history(read_school_codes([write_rows(rows)]).rows)
    [merger] = history.mergers
    assert merger.members == tuple(members[:3]) and merger.closed_on == date(2023, 5, 1)
