"""Where a fault is, as every report of ikkan writes it: ``file:line:column``.

The build's problems and the national lists' problems name a file and, for a table or a Turtle
file, a line and column; both are shown the same way, relative to the checkout when the file is
inside it, so that an editor or a terminal can open the file at the fault.
"""

from __future__ import annotations

import contextlib
from pathlib import Path


def location(
    file: Path | None, line: int | None, column: int | None, root: Path | None = None
) -> str:
    """``file[:line[:column]]``, the file relative to ``root`` when it lies within; "" for none."""
    if file is None:
        return ""
    shown = file
    if root is not None:
        with contextlib.suppress(ValueError):
            shown = file.relative_to(root)
    where = str(shown)
    if line is not None:
        where += f":{line}"
        if column is not None:
            where += f":{column}"
    return where
