"""Collecting the quads of one named graph, with the literal forms the layer uses.

A small writer over a list of :class:`pyoxigraph.Quad`: subject and predicate are nodes, the
object a node or a literal made here (Japanese text ``@ja``, plain strings, dates), and every
quad goes into the writer's graph. IRIs repeated across rows (concepts, classes) are made once
by the callers; nodes made from strings here are cached for the same reason.
"""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox

from .terms import XSD_DATE, XSD_NON_NEGATIVE


class GraphWriter:
    """The quads of one named graph."""

    def __init__(self, graph: str) -> None:
        self.graph = ox.NamedNode(graph)
        self.quads: list[ox.Quad] = []
        self._nodes: dict[str, ox.NamedNode] = {}

    def node(self, iri: str) -> ox.NamedNode:
        found = self._nodes.get(iri)
        if found is None:
            found = self._nodes[iri] = ox.NamedNode(iri)
        return found

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        self.quads.append(ox.Quad(s, p, o, self.graph))

    def text(self, s: ox.NamedNode, p: ox.NamedNode, value: str, language: str) -> None:
        self.quads.append(ox.Quad(s, p, ox.Literal(value, language=language), self.graph))

    def string(self, s: ox.NamedNode, p: ox.NamedNode, value: str) -> None:
        if value:
            self.quads.append(ox.Quad(s, p, ox.Literal(value), self.graph))

    def date(self, s: ox.NamedNode, p: ox.NamedNode, value: date | None) -> None:
        if value is not None:
            literal = ox.Literal(value.isoformat(), datatype=XSD_DATE)
            self.quads.append(ox.Quad(s, p, literal, self.graph))

    def count(self, s: ox.NamedNode, p: ox.NamedNode, value: int) -> None:
        literal = ox.Literal(str(value), datatype=XSD_NON_NEGATIVE)
        self.quads.append(ox.Quad(s, p, literal, self.graph))
