"""Session fixtures of the shape tests: the parsed shapes and ontology, and the fixtures' results.

The shapes, the ontology and the conforming base world are parsed once; every broken fixture
is validated in one pyshacl run (see ``harness``) and its results are shared out by focus node.
"""

from __future__ import annotations

import pytest

from .harness import Fixture, Result, Validator, fixture_paths, load_fixture


@pytest.fixture(scope="session")
def validator() -> Validator:
    return Validator()


@pytest.fixture(scope="session")
def fixtures() -> dict[str, Fixture]:
    return {path.stem: load_fixture(path) for path in fixture_paths()}


@pytest.fixture(scope="session")
def fixture_results(validator: Validator, fixtures: dict[str, Fixture]) -> dict[str, set[Result]]:
    """The results of validating every fixture together, by fixture name.

    Results whose focus lies in no fixture's namespace are filed under the empty name.
    """
    data = validator.prepare(*(fixture.data for fixture in fixtures.values()))
    by_fixture: dict[str, set[Result]] = {name: set() for name in fixtures}
    by_fixture[""] = set()
    for result in validator.results(data):
        owner = next((f.name for f in fixtures.values() if result.focus.startswith(f.space)), "")
        by_fixture[owner].add(result)
    return by_fixture
