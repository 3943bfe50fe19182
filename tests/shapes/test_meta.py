"""The shapes themselves: documented in both languages, each fired by a fixture, covering the data.

Every named node shape and SPARQL constraint has a Japanese and an English label, comment and
message, and at least one fixture that makes it fire; every property shape has messages in both
languages and a named holder, so that the build can name it in a report. Beyond single shapes:
every class the real data uses is the target of some shape, every range the ontology declares
is checked by the value shapes of ranges.ttl, SPARQL declares its prefixes, and where a target
already selects the offending nodes (so that neither engine evaluates the query per node) its
WHERE clause is the constraint's own.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.term import Node

from ikkan.builder.vocab import IKKAN, SH, SHAPES

from .harness import Fixture, Validator, messages, named_shapes

NAMED = named_shapes(Validator().shapes)

# The value shapes accept a bare numeral (xsd:integer) wherever the ontology narrows an integer.
INTEGER_RANGES = {ns.XSD.positiveInteger, ns.XSD.nonNegativeInteger}
# ikkan:refPeriod also takes time:Instant nodes, which OWL-Time types no further in our graph;
# the observation shape checks it with its own sh:or.
RANGE_EXCEPTIONS = {IKKAN.refPeriod}
# Targets that run the whole check once and select only the offending nodes; the constraint is
# the same WHERE clause, bound to each of them.
NARROWED = {
    SHAPES.LinkTargetExistsShape: SHAPES.LinkTargetExists,
    SHAPES.RegistryRecordAgreementShape: SHAPES.RegistryRecordMatchesSchool,
    SHAPES.SuccessorInListShape: SHAPES.SuccessorInList,
    SHAPES.SchoolCodeCheckDigitShape: SHAPES.SchoolCodeCheckDigit,
    SHAPES.SectionNestingShape: SHAPES.SectionWithinParent,
}
# Classes the data uses from other vocabularies, each with a shape of its own or a label shape.
OTHER_CLASSES = {
    ns.QB.DataSet,
    ns.QB.Observation,
    ns.TIME.Instant,
    ns.TIME.TemporalEntity,
    ns.FOAF.Person,
    ns.SKOS.Concept,
    ns.SKOS.ConceptScheme,
}


def texts(graph: Graph, node: Node, prop: URIRef) -> dict[str, str]:
    return {
        (value.language or ""): str(value)
        for value in graph.objects(node, prop)
        if isinstance(value, Literal)
    }


@pytest.mark.parametrize("shape", NAMED, ids=lambda n: str(n).rsplit("#", 1)[-1])
def test_named_shape_is_labelled_explained_and_has_messages(
    validator: Validator, shape: URIRef
) -> None:
    shapes = validator.shapes
    for prop in (ns.RDFS.label, ns.RDFS.comment):
        found = texts(shapes, shape, prop)
        assert {"ja", "en"} <= set(found), f"{shape}: {prop} in ja and en"
    by_lang = messages(shapes, shape)
    assert by_lang.get("en") and by_lang.get("ja"), f"{shape}: sh:message in en and ja"
    if (shape, ns.RDF.type, SH.NodeShape) in shapes:
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning), f"{shape}: severity"


def test_property_shapes_have_messages_and_named_holders(validator: Validator) -> None:
    shapes = validator.shapes
    for holder, shape in shapes.subject_objects(SH.property):
        if isinstance(holder, BNode) and (None, ns.RDF.first, holder) in shapes:
            # inside a member of sh:or, sh:xone or sh:not: the shape holding the list reports
            continue
        assert isinstance(holder, URIRef) and str(holder).startswith(str(SHAPES)), holder
        by_lang = messages(shapes, shape)
        path = shapes.value(shape, SH.path)
        assert by_lang.get("en") and by_lang.get("ja"), f"{holder} {path}: messages en and ja"


def test_japanese_messages_are_japanese(validator: Validator) -> None:
    """A @ja message written in English by mistake has no kana or kanji."""
    japanese = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    for value in validator.shapes.objects(None, SH.message):
        if isinstance(value, Literal) and value.language == "ja":
            assert japanese.search(str(value)), str(value)


def test_sparql_declares_its_prefixes(validator: Validator) -> None:
    shapes = validator.shapes
    for node in shapes.subjects(SH.select, None):
        assert shapes.value(node, SH.prefixes) == URIRef("https://w3id.org/ikkan/shapes"), node


def test_every_named_shape_fires_in_some_fixture(fixtures: dict[str, Fixture]) -> None:
    fired = set()
    for fixture in fixtures.values():
        for result in fixture.expected:
            fired |= {result.shape, result.constraint}
    unfired = [str(shape) for shape in NAMED if str(shape) not in fired]
    assert not unfired, f"shapes no fixture fires: {unfired}"


def test_every_class_the_data_uses_is_targeted(validator: Validator, store: ox.Store) -> None:
    shapes = validator.shapes
    targeted = {node for node in shapes.objects(None, SH.targetClass) if isinstance(node, URIRef)}
    used = set()
    for solution in store.query(
        "SELECT DISTINCT ?class WHERE { ?s a ?class }", use_default_graph_as_union=True
    ):
        assert isinstance(solution, ox.QuerySolution)
        cls = URIRef(solution["class"].value)
        if str(cls).startswith(str(IKKAN)) or cls in OTHER_CLASSES:
            used.add(cls)
    assert used >= OTHER_CLASSES
    untargeted = []
    for cls in sorted(used):
        supers = set(validator.alignments.superclasses.get(cls, set())) | {cls}
        if not supers & targeted:
            untargeted.append(str(cls))
    assert not untargeted, f"classes with instances but no shape: {untargeted}"


def _checked_paths(shapes: Graph) -> list[tuple[Node, Node]]:
    """(path, property shape) for every property shape."""
    return [(shapes.value(s, SH.path), s) for s in shapes.objects(None, SH.property)]


def _datatypes(shapes: Graph, shape: Node) -> set[Node]:
    found = set(shapes.objects(shape, SH.datatype))
    for members in shapes.objects(shape, SH["or"]):
        for member in shapes.items(members):
            found |= set(shapes.objects(member, SH.datatype))
    return found


def test_every_declared_datatype_range_is_checked(validator: Validator) -> None:
    ontology, shapes = validator.ontology, validator.shapes
    checked: dict[Node, set[Node]] = {}
    for path, shape in _checked_paths(shapes):
        checked.setdefault(path, set()).update(_datatypes(shapes, shape))
    missing = []
    for prop in ontology.subjects(ns.RDF.type, ns.OWL.DatatypeProperty):
        declared = ontology.value(prop, ns.RDFS.range)
        if declared is None or (prop, ns.RDF.type, ns.QB.MeasureProperty) in ontology:
            continue
        accepted = checked.get(prop, set())
        bare_numeral = declared not in INTEGER_RANGES or ns.XSD.integer in accepted
        if declared not in accepted or not bare_numeral:
            missing.append(f"{prop} ({declared})")
    assert not missing, f"datatype ranges no shape checks: {missing}"


def test_every_declared_class_range_is_checked(validator: Validator) -> None:
    ontology, shapes = validator.ontology, validator.shapes
    checked = {
        (path, cls)
        for path, shape in _checked_paths(shapes)
        for cls in shapes.objects(shape, SH["class"])
    }
    missing = []
    for prop in ontology.subjects(ns.RDF.type, ns.OWL.ObjectProperty):
        declared = ontology.value(prop, ns.RDFS.range)
        known = declared is not None and prop not in RANGE_EXCEPTIONS
        if known and (prop, declared) not in checked:
            missing.append(f"{prop} ({declared})")
    assert not missing, f"object ranges no shape checks: {missing}"


def _where(query: str) -> str:
    body = query[query.index("WHERE") :]
    return " ".join(body.replace("$this", "?this").split())


@pytest.mark.parametrize("shape", sorted(NARROWED), ids=lambda n: str(n).rsplit("#", 1)[-1])
def test_narrowed_target_is_the_constraint_itself(validator: Validator, shape: URIRef) -> None:
    shapes = validator.shapes
    target = shapes.value(shape, SH.target)
    constraint = NARROWED[shape]
    assert constraint in set(shapes.objects(shape, SH.sparql))
    assert _where(str(shapes.value(target, SH.select))) == _where(
        str(shapes.value(constraint, SH.select))
    )
