"""Writing the N-Quads of one named graph, line by line.

The national layer is about a million quads; making a pyoxigraph term and quad object for each
costs about ten times as much as writing its N-Quads line, and every consumer (the store's bulk
loader, the dumps, rdflib) reads N-Quads. So the writer builds lines: nodes are ``<iri>``
strings, literals are escaped as N-Quads requires (backslash, double quote, line feed, carriage
return; the list's two-line addresses keep their line break), and every line ends in the
writer's graph. IRIs written here are built from checked codes or taken from records and parsed
graphs, never from free text.
"""

from __future__ import annotations

from datetime import date

from .terms import XSD_DATE, XSD_NON_NEGATIVE


def escape(value: str) -> str:
    """``value`` as the inside of an N-Quads string literal."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


class GraphWriter:
    """The N-Quads lines of one named graph."""

    def __init__(self, graph: str) -> None:
        self.graph = graph
        self._tail = f" <{graph}> .\n"
        self.lines: list[str] = []

    def __len__(self) -> int:
        return len(self.lines)

    @staticmethod
    def node(iri: str) -> str:
        return f"<{iri}>"

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o}{self._tail}")

    def text(self, s: str, p: str, value: str, language: str) -> None:
        self.lines.append(f'{s} {p} "{escape(value)}"@{language}{self._tail}')

    def string(self, s: str, p: str, value: str) -> None:
        if value:
            self.lines.append(f'{s} {p} "{escape(value)}"{self._tail}')

    def typed(self, s: str, p: str, value: str, datatype: str) -> None:
        self.lines.append(f'{s} {p} "{escape(value)}"^^{datatype}{self._tail}')

    def date(self, s: str, p: str, value: date | None) -> None:
        if value is not None:
            self.lines.append(f'{s} {p} "{value.isoformat()}"^^{XSD_DATE}{self._tail}')

    def count(self, s: str, p: str, value: int) -> None:
        self.lines.append(f'{s} {p} "{value}"^^{XSD_NON_NEGATIVE}{self._tail}')

    def nquads(self) -> bytes:
        return "".join(self.lines).encode()
