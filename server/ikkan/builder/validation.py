"""Validating the graph against the SHACL shapes, and reporting what failed.

The data graph handed to the validator is the whole built graph (ontology, data, derived
triples), so the shapes see the types the build materialised and need no inference of their
own. Each validation result becomes a Problem naming the focus node, the shape, the path and the
value, with the shape's message in English and Japanese. Violations fail the build; warnings and
infos are reported and let it pass.

Two engines read the same shapes. The build uses ``shacl`` (PyPI; a SHACL Core and SHACL-SPARQL
engine in Rust): the national layer made pyshacl the build's bottleneck (over a millisecond a
triple, half an hour for the whole MEXT list), and the Rust engine validates the extracts in
about a second instead of seventy. pyshacl, the reference implementation in Python, stays as
the second opinion: the shape tests run every fixture through both and require the same results.
For pyshacl, :class:`PreparedQueries` is rdflib's SPARQL processor with each parsed query kept
per text, registered while it validates, because pyshacl hands rdflib a SHACL-SPARQL constraint
as text once per focus node and rdflib would parse it every time.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any
from typing import Literal as Choice

import rdflib.plugin
import shacl
from pyshacl import validate
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.evaluate import evalQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor
from rdflib.term import Node

from .problems import BuildError, Problem
from .turtle import parse_turtle
from .vocab import SH


def load_shapes(paths: tuple[Path, ...]) -> tuple[Graph, list[Problem]]:
    shapes = Graph()
    problems: list[Problem] = []
    for path in paths:
        graph, found = parse_turtle(path, allow_blank_nodes=True)
        problems += found
        shapes += graph
    return shapes, problems


@lru_cache(maxsize=1024)
def _prepared(text: str, namespaces: tuple[tuple[str, str], ...], base: str | None) -> Query:
    return prepareQuery(text, initNs=dict(namespaces), base=base)


class PreparedQueries(SPARQLProcessor):
    """rdflib's SPARQL processor, parsing each distinct query text once."""

    def query(  # type: ignore[override]
        self,
        strOrQuery: str | Query,
        initBindings: Mapping[str, Any] | None = None,
        initNs: Mapping[str, Any] | None = None,
        base: str | None = None,
        DEBUG: bool = False,
    ) -> Mapping[str, Any]:
        if isinstance(strOrQuery, str):
            names = tuple(sorted((k, str(v)) for k, v in (initNs or {}).items()))
            strOrQuery = _prepared(strOrQuery, names, base)
        return evalQuery(self.graph, strOrQuery, dict(initBindings or {}), base)


@contextmanager
def prepared_queries() -> Iterator[None]:
    """rdflib's ``sparql`` processor is :class:`PreparedQueries` within the block."""
    rdflib.plugin.register("sparql", Processor, __name__, "PreparedQueries")
    try:
        yield
    finally:
        rdflib.plugin.register(
            "sparql", Processor, "rdflib.plugins.sparql.processor", "SPARQLProcessor"
        )


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node)


def _short(node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, Literal):
        return node.n3()
    return str(node)


def _shape_name(shapes: Graph, shape: Node | None) -> str | None:
    """A property shape is usually a blank node: name it by the node shape that holds it."""
    if isinstance(shape, BNode):
        holder = shapes.value(None, SH.property, shape)
        if holder is not None and not isinstance(holder, BNode):
            return str(holder)
        return None
    return _text(shape)


Engine = Choice["shacl", "pyshacl"]
ENGINES: tuple[Engine, ...] = ("shacl", "pyshacl")


def validation_report(
    data: Graph | Sequence[Graph], shapes: Graph, engine: Engine = "shacl"
) -> Graph:
    """The SHACL report graph for ``data`` (a graph, or graphs validated as their union), with
    the options every check of ikkan uses: no inference (the build has materialised what the
    ontology implies), SHACL-SPARQL on.

    Whichever the engine, a result's ``sh:sourceShape`` and ``sh:resultPath`` are nodes of
    ``shapes`` itself (a property shape's blank node included), so a reader can look them up.
    """
    graphs = [data] if isinstance(data, Graph) else list(data)
    if engine == "shacl":
        return _rust_report(graphs, shapes)
    union = Graph()
    for graph in graphs:
        union += graph
    return _pyshacl_report(union, shapes)


def _rust_report(graphs: list[Graph], shapes: Graph) -> Graph:
    named = _name_blank_shapes(shapes)
    # Each graph's N-Triples, one after the other, is their union: no rdflib copy of the
    # whole graph (two million triples, gigabytes, at the MEXT list's full size).
    text = "".join(graph.serialize(format="nt") for graph in graphs)
    try:
        compiled = shacl.Shapes.from_text(named.serialize(format="nt"), format="ntriples")
        report = compiled.validate_text(text, format="ntriples", allow_warnings=True)
    except ValueError as error:
        raise BuildError(
            "shapes", [Problem(message=f"the shapes cannot be used to validate: {error}")]
        ) from error
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # a panic in the engine is a BaseException (PyO3)
        raise BuildError(
            "validate", [Problem(message=f"the SHACL engine failed: {error!r}")]
        ) from error
    result = Graph().parse(data=report.serialize("ntriples"), format="nt").de_skolemize()
    # The report's paths are the engine's own blank nodes: put back the shapes' own, which
    # carry the path's triples (pyshacl copies those into its report).
    for node, path in _paths_by_shape(shapes).items():
        for found in list(result.subjects(SH.sourceShape, node)):
            result.set((found, SH.resultPath, path))
            result += shapes.cbd(path)
    return result


def _name_blank_shapes(shapes: Graph) -> Graph:
    """``shapes`` with every blank property shape named by a skolem IRI.

    A result names the property shape it came from; a blank one would come back from the engine
    as a node of its own that no longer matches the shapes graph. Nothing else is named: paths
    and lists must stay blank (an IRI as ``sh:path`` is a predicate, whatever it is described
    as).
    """
    blank_properties = {n for n in shapes.objects(None, SH.property) if isinstance(n, BNode)}

    def name(term: Node) -> Node:
        return term.skolemize() if isinstance(term, BNode) and term in blank_properties else term

    named = Graph()
    for s, p, o in shapes:
        named.add((name(s), p, name(o)))
    return named


def _paths_by_shape(shapes: Graph) -> dict[Node, Node]:
    return {
        shape: path for shape, path in shapes.subject_objects(SH.path) if isinstance(path, BNode)
    }


def _pyshacl_report(data: Graph, shapes: Graph) -> Graph:
    with prepared_queries():
        _conforms, report, _text_report = validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            allow_warnings=True,
            abort_on_first=False,
        )
    if not isinstance(report, Graph):
        # pyshacl hands back the failure instead of a report when a shape itself is unusable
        # (a SPARQL constraint with VALUES or MINUS, say): the shapes are at fault, not the data.
        raise BuildError(
            "shapes", [Problem(message=f"the shapes cannot be used to validate: {report}")]
        )
    return report


def run_shapes(data: Graph | Sequence[Graph], shapes: Graph) -> list[Problem]:
    """Validate; return one Problem per validation result (any severity)."""
    report = validation_report(data, shapes)
    problems = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        messages = sorted(
            report.objects(result, SH.resultMessage),
            key=lambda m: (0 if isinstance(m, Literal) and m.language == "en" else 1, str(m)),
        )
        severity = report.value(result, SH.resultSeverity)
        problems.append(
            Problem(
                message=" / ".join(str(m) for m in messages) or "shape not satisfied",
                focus=_text(report.value(result, SH.focusNode)),
                shape=_shape_name(shapes, report.value(result, SH.sourceShape)),
                path=_text(report.value(result, SH.resultPath)),
                value=_short(report.value(result, SH.value)),
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            )
        )
    problems.sort(
        key=lambda p: (p.severity, p.shape or "", p.focus or "", p.path or "", p.value or "")
    )
    return problems
