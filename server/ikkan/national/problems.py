"""What is wrong with a source file, and where: the national layer's one report type.

A problem names the file and, for a table, the line and column (the CSV field, counted from 1)
so that a reader can open the file at the fault. The severity decides what the build does:
``Violation`` stops it, ``Warning`` is counted and listed. The fields are those of the build's
own problem type, so the build can carry these over unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..locations import location

VIOLATION = "Violation"
WARNING = "Warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One fault in one source file (or one source, when ``line`` is None)."""

    message: str
    file: Path | None = None
    line: int | None = None
    column: int | None = None
    severity: str = VIOLATION

    @property
    def is_error(self) -> bool:
        return self.severity == VIOLATION

    def location(self, root: Path | None = None) -> str:
        return location(self.file, self.line, self.column, root)

    def render(self, root: Path | None = None) -> str:
        where = self.location(root)
        return f"{self.severity}: {where + ': ' if where else ''}{self.message}"


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that stop a build."""
    return [p for p in problems if p.is_error]
