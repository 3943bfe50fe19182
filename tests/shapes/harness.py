"""Validating small graphs with the project's shapes, the way the build does, for the shape tests.

A fixture is a Turtle file under ``fixtures/``: a few nodes that break one shape, added to a
small world that conforms (``fixtures/_base.ttl``) and to the ontology with its vocabularies.
Like the build, the harness derives the calendar (instants, fiscal years) and materialises the
superclasses, superproperties and inverses the ontology declares and the rdfs:labels of SKOS
concepts, then validates exactly as ``ikkan.builder.validation.run_shapes`` does, with the
build's engine (the Rust ``shacl``) or with pyshacl, the reference the first must agree with.
A fixture states the results it must produce in the ``expect:`` vocabulary; those triples are
taken out before validating.

A result is identified by its focus node, the named node shape that produced it (the holder of
a blank property shape), the SPARQL constraint if one did, its path and its severity.

Each fixture describes only nodes of its own namespace (``…/id/fixture/<name>/``), so all of them
can be validated together in one run and the results shared out by focus node: a pyshacl run
costs about a second whatever its size, and one run per fixture would take minutes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ikkan.builder.calendar import derive_calendar
from ikkan.builder.concept_labels import label_concepts
from ikkan.builder.inference import Alignments
from ikkan.builder.validation import Engine, load_shapes, validation_report
from ikkan.builder.vocab import IKKAN, SH, SHAPES
from ikkan.namespaces import DEFAULT_BASE

PROJECT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE_FIXTURE = FIXTURES / "_base.ttl"
EXPECT = Namespace("https://w3id.org/ikkan/shapes/test#")
ID_BASE = DEFAULT_BASE + "id/"
FIXTURE_SPACE = ID_BASE + "fixture/"


@dataclass(frozen=True, order=True)
class Result:
    """One validation result, reduced to what a fixture can state and a reader can check."""

    focus: str
    shape: str
    constraint: str
    path: str
    severity: str

    def __str__(self) -> str:
        by = self.shape.rsplit("#", 1)[-1]
        if self.constraint:
            by += "/" + self.constraint.rsplit("#", 1)[-1]
        where = f" path {self.path}" if self.path else ""
        return f"{self.severity}: {by} on <{self.focus}>{where}"


def path_text(graph: Graph, path: Node | None) -> str | None:
    """A property path as text: an IRI as is, an inverse path ^IRI, a one-or-more path IRI+."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{path_text(graph, inverse)}"
    repeated = graph.value(path, SH.oneOrMorePath)
    if repeated is not None:
        return f"{path_text(graph, repeated)}+"
    items = list(graph.items(path))
    if items:
        return "/".join(str(path_text(graph, item)) for item in items)
    raise ValueError(f"unsupported property path {path!r}")


def holder(shapes: Graph, shape: Node) -> str:
    """The named node shape a (possibly blank) shape belongs to."""
    node: Node | None = shape
    while isinstance(node, BNode):
        node = shapes.value(None, SH.property, node)
    if node is None:
        raise ValueError(f"result from a shape with no named holder: {shape!r}")
    return str(node)


class Validator:
    """The ontology, the shapes and the conforming base world, parsed once per test session."""

    def __init__(self) -> None:
        shapes, problems = load_shapes(tuple(sorted((PROJECT / "shapes").glob("*.ttl"))))
        assert not problems, problems
        self.shapes = shapes
        self.ontology = Graph()
        for path in sorted((PROJECT / "ontology").glob("*.ttl")):
            self.ontology.parse(path, format="turtle")
        self.alignments = Alignments(self.ontology)
        self.period_classes = self.alignments.classes_below(IKKAN.Period)
        self.base = Graph().parse(BASE_FIXTURE, format="turtle")

    def prepare(self, *graphs: Graph) -> Graph:
        """Ontology, base world and ``graphs``, with the calendar and alignments the build adds."""
        data = Graph()
        data += self.ontology
        data += self.base
        for graph in graphs:
            data += graph
        derived, problems = derive_calendar(data, ID_BASE, self.period_classes)
        assert problems == [], problems
        data += derived
        data += self.alignments.entail(data)
        data += label_concepts(data)
        return data

    def results(
        self, data: Graph, shapes: Graph | None = None, engine: Engine = "shacl"
    ) -> set[Result]:
        """Validate ``data`` (already prepared) as the build does; every result, any severity."""
        shapes = self.shapes if shapes is None else shapes
        report = validation_report(data, shapes, engine)
        found = set()
        for result in report.subjects(RDF.type, SH.ValidationResult):
            severity = report.value(result, SH.resultSeverity)
            constraint = report.value(result, SH.sourceConstraint)
            found.add(
                Result(
                    focus=str(report.value(result, SH.focusNode)),
                    shape=holder(shapes, report.value(result, SH.sourceShape)),
                    constraint=str(constraint) if isinstance(constraint, URIRef) else "",
                    path=path_text(report, report.value(result, SH.resultPath)) or "",
                    severity=str(severity).rsplit("#", 1)[-1],
                )
            )
        return found


@dataclass(frozen=True)
class Fixture:
    """A broken fixture: its data and the results it must produce."""

    path: Path
    data: Graph
    expected: frozenset[Result]

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def space(self) -> str:
        """The namespace of the fixture's own nodes."""
        return f"{FIXTURE_SPACE}{self.name}/"


def load_fixture(path: Path) -> Fixture:
    graph = Graph().parse(path, format="turtle")
    expected = set()
    for node in set(graph.subjects(EXPECT.focus, None)):
        focus = graph.value(node, EXPECT.focus)
        shape = graph.value(node, EXPECT.shape)
        constraint = graph.value(node, EXPECT.constraint)
        severity = graph.value(node, EXPECT.severity)
        assert focus is not None and shape is not None, f"{path.name}: incomplete expectation"
        expected.add(
            Result(
                focus=str(focus),
                shape=str(shape),
                constraint=str(constraint or ""),
                path=path_text(graph, graph.value(node, EXPECT.path)) or "",
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            )
        )
    skip = _expectation_nodes(graph)
    data = Graph()
    for s, p, o in graph:
        if s not in skip and not str(p).startswith(str(EXPECT)):
            data.add((s, p, o))
    return Fixture(path, data, frozenset(expected))


def _expectation_nodes(graph: Graph) -> set[Node]:
    """The expectation nodes and the path expressions hanging from them."""
    nodes: set[Node] = set(graph.subjects(EXPECT.focus, None))
    frontier = [graph.value(n, EXPECT.path) for n in list(nodes)]
    while frontier:
        node = frontier.pop()
        if isinstance(node, BNode) and node not in nodes:
            nodes.add(node)
            frontier.extend(graph.objects(node, None))
    return nodes


def fixture_paths() -> list[Path]:
    return sorted(p for p in FIXTURES.glob("*.ttl") if not p.name.startswith("_"))


def named_shapes(shapes: Graph) -> list[URIRef]:
    """Every named node shape and SPARQL constraint of the shapes namespace."""
    found: set[URIRef] = set()
    for kind in (SH.NodeShape, SH.SPARQLConstraint):
        for node in shapes.subjects(RDF.type, kind):
            if isinstance(node, URIRef) and str(node).startswith(str(SHAPES)):
                found.add(node)
    return sorted(found)


def messages(shapes: Graph, node: Node) -> dict[str, list[Literal]]:
    """The sh:message literals of a shape or constraint, by language tag."""
    by_lang: dict[str, list[Literal]] = {}
    for message in shapes.objects(node, SH.message):
        if isinstance(message, Literal):
            by_lang.setdefault(message.language or "", []).append(message)
    return by_lang


def describe(results: Iterable[Result]) -> str:
    return "\n".join(f"  {r}" for r in sorted(results)) or "  (none)"


SHAPES_GRAPH = URIRef("https://w3id.org/ikkan/shapes")


def sparql_prologue(shapes: Graph) -> str:
    """PREFIX lines for the prefixes the shapes declare (sh:declare), to run their SPARQL."""
    lines = []
    for declaration in shapes.objects(SHAPES_GRAPH, SH.declare):
        prefix = shapes.value(declaration, SH.prefix)
        namespace = shapes.value(declaration, SH.namespace)
        lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(lines)) + "\n"


def shapes_subgraph(shapes: Graph, roots: Iterable[URIRef]) -> Graph:
    """The named shapes ``roots`` with everything they hold, and the prefix declarations."""
    out = Graph()
    todo: list[Node] = [SHAPES_GRAPH, *roots]
    seen: set[Node] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in shapes.predicate_objects(node):
            out.add((node, p, o))
            if isinstance(o, BNode) or p in (SH.sparql, SH.declare):
                todo.append(o)
    return out
