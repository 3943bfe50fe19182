"""Shared fixtures: the project's real build, a real server over it, and Debian's Chromium.

Tests read the real ontology, data and shapes of this checkout; nothing is mocked. ``built``
runs the whole ``ikkan build`` into a temporary build and dist folder (so a developer's own
build/ and dist/ are never touched) and hands back the settings that point at it; ``store``
opens the embedded store it wrote, read-only, with the same union default graph the server uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from playwright.sync_api import Browser, sync_playwright

from ikkan.builder.pipeline import run_build
from ikkan.settings import Settings, load_settings

from .support import Server, start_server

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def project_dir() -> Path:
    return PROJECT


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The curated layers alone: an empty sources folder leaves the national layer out (and
    keeps the build from trying to download it)."""
    out = tmp_path_factory.mktemp("ikkan-build")
    (out / "no-sources").mkdir()
    settings = load_settings(
        {
            "project_dir": str(PROJECT),
            "build_dir": str(out / "build"),
            "dist_dir": str(out / "dist"),
            "sources_dir": str(out / "no-sources"),
        },
        environ={},
    )
    assert run_build(settings, quiet=True) == 0, "the real data must build"
    return settings


@pytest.fixture(scope="session")
def built_national(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The curated layers and the national layer of the sample lists in
    tests/national/fixtures (:func:`tests.national.sample.sample_sources`)."""
    from .national.sample import sample_sources

    out = tmp_path_factory.mktemp("ikkan-national-build")
    folder, records = sample_sources(out / "sources")
    settings = load_settings(
        {
            "project_dir": str(PROJECT),
            "build_dir": str(out / "build"),
            "dist_dir": str(out / "dist"),
            "sources_dir": str(folder),
            "sources_records": str(records),
        },
        environ={},
    )
    assert run_build(settings, quiet=True) == 0, "the sample lists must build"
    return settings


@pytest.fixture(scope="session")
def national_server(built_national: Settings) -> Iterator[Server]:
    """A real ``ikkan serve`` over the build with the sample national layer."""
    server = start_server(
        {
            "IKKAN_PROJECT_DIR": str(built_national.project_dir),
            "IKKAN_BUILD_DIR": str(built_national.build_path),
            "IKKAN_DIST_DIR": str(built_national.dist_path),
            "IKKAN_WORKERS": "1",
            "IKKAN_QUERY_TIMEOUT": "10",
        }
    )
    yield server
    server.stop()


@pytest.fixture(scope="session")
def store(built: Settings) -> Iterator[ox.Store]:
    yield ox.Store.read_only(str(built.store_path))


def select(store: ox.Store, query: str) -> list[dict[str, str]]:
    """Run a SELECT with the union default graph; rows of plain strings (IRIs, lexical forms)."""
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        row = {}
        for name in names:
            term = solution[name]
            if term is not None:
                row[name] = term.value
        rows.append(row)
    return rows


@pytest.fixture(scope="session")
def live_server(built: Settings) -> Iterator[Server]:
    """A real ``ikkan serve`` (gunicorn) on a free loopback port over the real build."""
    server = start_server(
        {
            "IKKAN_PROJECT_DIR": str(built.project_dir),
            "IKKAN_BUILD_DIR": str(built.build_path),
            "IKKAN_DIST_DIR": str(built.dist_path),
            "IKKAN_WORKERS": "2",
            "IKKAN_QUERY_TIMEOUT": "10",
        }
    )
    yield server
    server.stop()


CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = PROJECT / "test-output" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run `make browser-deps` (make test does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()
