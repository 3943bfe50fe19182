"""Session fixtures of the shape tests: the parsed shapes and ontology, and the fixtures' results.

The shapes, the ontology and the conforming base world are parsed once; every broken fixture
is validated in one run (see ``harness``) and its results are shared out by focus node, once
with each engine: the build's (the Rust ``shacl``) and pyshacl, so every fixture shows that both
read every rule alike.
"""

from __future__ import annotations

import pytest

from ikkan.builder.validation import ENGINES, Engine

from .harness import Fixture, Result, Validator, fixture_paths, load_fixture


@pytest.fixture(scope="session")
def validator() -> Validator:
    return Validator()


@pytest.fixture(scope="session")
def fixtures() -> dict[str, Fixture]:
    return {path.stem: load_fixture(path) for path in fixture_paths()}


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Engine:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def fixture_results(
    validator: Validator, fixtures: dict[str, Fixture], engine: Engine
) -> dict[str, set[Result]]:
    """The results of validating every fixture together with ``engine``, by fixture name.

    Results whose focus lies in no fixture's namespace are filed under the empty name.
    """
    data = validator.prepare(*(fixture.data for fixture in fixtures.values()))
    by_fixture: dict[str, set[Result]] = {name: set() for name in fixtures}
    by_fixture[""] = set()
    for result in validator.results(data, engine=engine):
        owner = next((f.name for f in fixtures.values() if result.focus.startswith(f.space)), "")
        by_fixture[owner].add(result)
    return by_fixture
