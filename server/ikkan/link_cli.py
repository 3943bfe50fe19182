"""``ikkan link``: add the graph's identifiers to a table of schools, offline.

``ikkan link survey.csv --name 学校名 [--municipality 市区町村] [--kind 学校種] [-o linked.csv]``
reads the table (:mod:`ikkan.reconcile.survey`: UTF-8 or Shift_JIS, found by itself), builds the
reconciliation service over the built store once, matches every row as ``/reconcile`` would
(:mod:`ikkan.reconcile.linking` says which columns are added), and writes the table back with
those columns. Rows are never guessed: a row without one certain match keeps empty identifier
columns and is marked ``review`` or ``none``. A progress bar goes to standard error for tables
of more than :data:`PROGRESS_ROWS` rows when standard error is a terminal (``--progress`` forces
it, ``--no-progress`` silences it). Exit codes: 0 linked, 1 the table could not be read (the
message names the line), 2 the store has not been built.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .reconcile import load_service
from .reconcile.linking import COLUMNS, NONE, REVIEW, YES, RowInput, columns_for
from .reconcile.survey import TableError, read_table, write_table
from .settings import Settings
from .store import open_store
from .store.base import QueryError, StoreMissing

PROGRESS_ROWS = 500
_BAR = 30


@dataclass
class LinkOptions:
    table: Path
    name: str
    municipality: str | None = None
    kind: str | None = None
    prefecture: str | None = None
    postal_code: str | None = None
    output: Path | None = None
    encoding: str = "auto"
    progress: bool | None = None  # None: when stderr is a terminal and the table is large


class Progress:
    """``linking  1,234/10,000 [=====>        ] 12%  850 rows/s  10 s left`` on one line."""

    def __init__(self, total: int, out: TextIO, every: float = 0.1) -> None:
        self.total, self.out, self.every = total, out, every
        self.start = self.last = time.monotonic()

    def update(self, done: int, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < self.every:
            return
        self.last = now
        share = done / self.total if self.total else 1.0
        filled = int(share * _BAR)
        bar = "=" * filled + (">" if filled < _BAR else "") + " " * (_BAR - filled - 1)
        rate = done / max(now - self.start, 1e-9)
        left = (self.total - done) / rate if rate > 0 else 0.0
        self.out.write(
            f"\rlinking {done:>{len(f'{self.total:,}')},}/{self.total:,} [{bar[:_BAR]}] "
            f"{share:4.0%}  {rate:,.0f} rows/s  {left:,.0f} s left "
        )
        self.out.flush()

    def close(self) -> None:
        self.update(self.total, force=True)
        self.out.write("\n")
        self.out.flush()


def run_link(settings: Settings, options: LinkOptions, err: TextIO | None = None) -> int:
    err = err or sys.stderr
    try:
        table = read_table(options.table, options.encoding)
        name = table.column(options.name, "--name")
        others = {
            field: table.column(column, flag) if column else None
            for field, column, flag in (
                ("municipality", options.municipality, "--municipality"),
                ("kind", options.kind, "--kind"),
                ("prefecture", options.prefecture, "--prefecture"),
                ("postal_code", options.postal_code, "--postal-code"),
            )
        }
        clash = [c for c in COLUMNS if c in table.header]
        if clash:
            raise TableError(
                f"{options.table}: line 1: the table already has the column {clash[0]} "
                "(was it linked before?); link the original table"
            )
    except TableError as exc:
        print(f"ikkan link: {exc}", file=err)
        return 1
    for note in table.notes:
        print(f"ikkan link: {note}", file=err)
    try:
        store = open_store(settings)
    except StoreMissing as exc:
        print(f"ikkan link: {exc}", file=err)
        return 2
    try:
        start = time.monotonic()
        service = load_service(store, settings.base_iri)
    except QueryError as exc:
        print(f"ikkan link: the graph could not be read: {exc}", file=err)
        return 1
    finally:
        store.close()
    kinds = Counter(e.kind for e in service.index.entities.values())
    print(
        f"ikkan link: {kinds['school']:,} schools and "
        f"{len(service.index.entities) - kinds['school']:,} places in the graph "
        f"({time.monotonic() - start:.1f} s)",
        file=err,
    )
    show = options.progress
    if show is None:
        show = err.isatty() and len(table.rows) > PROGRESS_ROWS
    progress = Progress(len(table.rows), err) if show else None
    linked: list[list[str]] = []
    outcome: Counter[str] = Counter()
    for done, row in enumerate(table.rows):
        values = {k: (row[i] if i is not None else "") for k, i in others.items()}
        query = RowInput(row[name], **values).query()
        added = columns_for(service.index, service.match(query)) if query.text.strip() else []
        if not added:
            added = [NONE, "", "", "", "", "", "", "0", "名前が空 (no name)"]
        outcome[added[0]] += 1
        linked.append([*row, *added])
        if progress is not None:
            progress.update(done + 1)
    if progress is not None:
        progress.close()
    try:
        write_table(options.output, [*table.header, *COLUMNS], linked, table.delimiter)
    except OSError as exc:
        print(f"ikkan link: {options.output}: {exc.strerror or exc}", file=err)
        return 1
    where = f"; written to {options.output}" if options.output else ""
    print(
        f"ikkan link: {len(table.rows):,} rows: {outcome[YES]:,} linked, "
        f"{outcome[REVIEW]:,} to review, {outcome[NONE]:,} without a candidate{where}",
        file=err,
    )
    return 0
