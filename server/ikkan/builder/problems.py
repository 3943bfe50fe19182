"""What went wrong in a build, and where: the one error type every build step raises.

A problem names the file and line (for syntax and table errors) or the focus node and shape (for
shape violations), so that a curator can go straight to the fault. Steps collect every problem
they find before failing, so one run reports them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..locations import location


@dataclass(frozen=True)
class Problem:
    """One fault in the inputs."""

    message: str
    file: Path | None = None
    line: int | None = None
    column: int | None = None
    focus: str | None = None
    shape: str | None = None
    path: str | None = None
    value: str | None = None
    severity: str = "Violation"

    def location(self, root: Path | None = None) -> str:
        return location(self.file, self.line, self.column, root)

    def render(self, root: Path | None = None) -> str:
        parts = [f"{self.severity}:"]
        where = self.location(root)
        if where:
            parts.append(where)
        if self.focus:
            parts.append(f"focus <{self.focus}>")
        if self.shape:
            parts.append(f"shape <{self.shape}>")
        if self.path:
            parts.append(f"path <{self.path}>")
        if self.value:
            parts.append(f"value {self.value}")
        return " ".join(parts) + f"\n    {self.message}"


@dataclass
class BuildError(Exception):
    """Raised by a build step with every problem it found."""

    step: str
    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.step}: {len(self.problems)} problem(s)"
