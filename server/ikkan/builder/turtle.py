"""Parsing the curated Turtle files with rdflib, with errors that say file, line and column.

Blank nodes are refused: every node of the graph must have an IRI so that it can be
dereferenced, cited and linked, and so that the dumps are byte-identical from run to run (rdflib
labels blank nodes afresh on every parse). When the configured base IRI differs from the one the
files are written with, IRIs are moved onto it here, once, for every later step.
"""

from __future__ import annotations

import logging
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node

from ..namespaces import DEFAULT_BASE
from .problems import Problem


def _syntax_problem(path: Path, exc: BadSyntax) -> Problem:
    text = exc._str.decode("utf-8", errors="replace")  # the parser keeps the text it read
    offset = min(exc._i, len(text))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    snippet = text[offset : offset + 40].split("\n", 1)[0]
    message = f"Turtle syntax error: {exc._why}"
    if snippet:
        message += f" (at: {snippet!r})"
    return Problem(message=message, file=path, line=line, column=column)


_ENTITY_SPACE = DEFAULT_BASE + "id/"

# rdflib logs a traceback for every ill-typed literal ("2017-02-30"^^xsd:date); the build reports
# such a value itself, with its subject (calendar) or as a shape violation (sh:datatype).
logging.getLogger("rdflib.term").setLevel(logging.ERROR)


def rebase(node: Node, base: str) -> Node:
    """Move an entity IRI (``…/id/…``) onto ``base``; vocabulary IRIs keep their published form,
    so that queries and shapes written with the ``ikkan:`` prefix work under any base."""
    if base != DEFAULT_BASE and isinstance(node, URIRef) and str(node).startswith(_ENTITY_SPACE):
        return URIRef(base + "id/" + str(node)[len(_ENTITY_SPACE) :])
    return node


def parse_turtle(
    path: Path, base: str = DEFAULT_BASE, *, allow_blank_nodes: bool = False
) -> tuple[Graph, list[Problem]]:
    """Parse one Turtle file; return the graph and the problems found (empty when clean).

    Shapes files may use blank nodes (property shapes, lists); they are never published as data.
    """
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except BadSyntax as exc:
        return Graph(), [_syntax_problem(path, exc)]
    except (UnicodeDecodeError, ValueError) as exc:
        return Graph(), [Problem(message=f"cannot read Turtle: {exc}", file=path)]
    problems = []
    for s, p, o in () if allow_blank_nodes else graph:
        if isinstance(s, BNode) or isinstance(o, BNode):
            subject = s.n3() if not isinstance(s, BNode) else "a blank node"
            problems.append(
                Problem(
                    message=(
                        f"blank node in a triple of {subject} with predicate {p.n3()}: "
                        "give the node an IRI so that it can be cited and the dumps stay stable"
                    ),
                    file=path,
                )
            )
            break
    if base != DEFAULT_BASE:
        rebased = Graph()
        for s, p, o in graph:
            rebased.add((rebase(s, base), rebase(p, base), rebase(o, base)))
        graph = rebased
    return graph, problems
