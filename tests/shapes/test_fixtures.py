"""Each broken fixture makes exactly the results it states, and the base world makes none.

A fixture under ``fixtures/`` adds a few nodes to a world that conforms (``fixtures/_base.ttl``)
and states, in the ``expect:`` vocabulary, every validation result those nodes must produce:
focus node, node shape, SPARQL constraint, path and severity. The test compares that set with
what each engine reports (the build's and pyshacl), so a fixture proves that its shape fires,
and fires for the stated reason (the named shape and path are part of the comparison), and that
nothing else fires on its nodes.
A fixture named after a shape or constraint must fire it.
"""

from __future__ import annotations

import pytest
from rdflib import BNode, URIRef

from ikkan.builder.validation import Engine
from ikkan.builder.vocab import SHAPES

from .harness import FIXTURE_SPACE, Fixture, Result, Validator, describe, fixture_paths

FIXTURE_NAMES = [path.stem for path in fixture_paths()]


def test_the_base_world_conforms(validator: Validator, engine: Engine) -> None:
    results = validator.results(validator.prepare(), engine=engine)
    assert not results, "the base world must raise nothing:\n" + describe(results)


def test_no_result_falls_outside_the_fixtures(fixture_results: dict[str, set[Result]]) -> None:
    stray = fixture_results[""]
    assert not stray, "results on nodes no fixture owns:\n" + describe(stray)


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_fires_exactly_as_stated(
    name: str, fixtures: dict[str, Fixture], fixture_results: dict[str, set[Result]]
) -> None:
    fixture = fixtures[name]
    expected, actual = set(fixture.expected), fixture_results[name]
    assert actual == expected, (
        f"{name}.ttl\nmissing:\n{describe(expected - actual)}\nunexpected:\n"
        f"{describe(actual - expected)}"
    )


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_fires_the_shape_it_is_named_after(name: str, fixtures: dict[str, Fixture]) -> None:
    named = str(SHAPES[name])
    fired = {r.shape for r in fixtures[name].expected} | {
        r.constraint for r in fixtures[name].expected
    }
    assert named in fired, f"{name}.ttl states no result of shapes:{name}"


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_describes_only_its_own_nodes(name: str, fixtures: dict[str, Fixture]) -> None:
    """Fixtures are validated together, so none may say anything about another's nodes."""
    fixture = fixtures[name]
    for s, _p, o in fixture.data:
        if isinstance(s, BNode):
            continue
        assert str(s).startswith(fixture.space), f"{name}.ttl describes {s}"
        if isinstance(o, URIRef) and str(o).startswith(FIXTURE_SPACE):
            assert str(o).startswith(fixture.space), f"{name}.ttl links to {o}"
    for result in fixture.expected:
        assert result.focus.startswith(fixture.space), f"{name}.ttl expects {result.focus}"
