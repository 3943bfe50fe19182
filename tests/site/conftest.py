"""Fixtures for the linked-data site: the real build served over each backend, and a build
with a hostile label.

``site`` is a real ``ikkan serve`` on a free loopback port over the real build, once on the
embedded store and once on the remote backend (``oxigraph serve-read-only`` over the same
store, with the union default graph), so every test that takes it runs on both, and on each
engine ``IKKAN_TEST_ENGINES`` adds (``virtuoso``: the build's N-Quads bulk-loaded). ``hostile``
builds a copy of the project whose 乙女中学校 has an extra name containing ``<script>`` and
``rdfs:seeAlso`` links to a ``javascript:`` and a ``data:`` IRI, and returns a Flask test
client over it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from ikkan.builder.pipeline import run_build
from ikkan.settings import Settings, load_settings
from ikkan.store import open_store
from ikkan.web.app import create_app

from .. import support
from ..engines import ENGINES
from ..engines import virtuoso as virtuoso_engine
from ..support import Server

HOSTILE = "<script>alert(1)</script>乙女</textarea>"
OTOME_JHS = "https://w3id.org/ikkan/id/school/092088-otome-jhs"
# Valid IRIs that must never become links: clicked, they would run in the site's origin.
HOSTILE_IRIS = ("javascript:alert(3)", "data:text/html,%3Cb%3Ex%3C/b%3E")


@pytest.fixture(scope="session")
def site_oxigraph(built: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``oxigraph serve-read-only`` over the real build's store; its query URL."""
    server = support.start_oxigraph(
        built.store_path, tmp_path_factory.mktemp("site-oxigraph") / "log"
    )
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def site_virtuoso(built: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Virtuoso with the real build's N-Quads bulk-loaded; its query URL."""
    folder = tmp_path_factory.mktemp("site-virtuoso")
    nquads = virtuoso_engine.export_nquads(built.build_path, built.project_dir, folder / "ikkan.nq")
    with virtuoso_engine.running(folder, nquads) as server:
        yield server.sparql_url


@pytest.fixture(scope="session", params=["embedded", "remote", *ENGINES])
def site(request: pytest.FixtureRequest, built: Settings) -> Iterator[Server]:
    """A real server over the real build, once per backend."""
    backend = str(request.param)
    env = {
        "IKKAN_PROJECT_DIR": str(built.project_dir),
        "IKKAN_BUILD_DIR": str(built.build_path),
        "IKKAN_DIST_DIR": str(built.dist_path),
        "IKKAN_WORKERS": "2",
        "IKKAN_QUERY_TIMEOUT": "10",
    }
    if backend == "remote":
        env["IKKAN_STORE_URL"] = request.getfixturevalue("site_oxigraph")
    elif backend == "virtuoso":
        env["IKKAN_STORE_URL"] = request.getfixturevalue("site_virtuoso")
    server = support.start_server(env, backend=backend)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def hostile(project_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    """A test client over a copy of the project in which 乙女中学校 has a hostile name."""
    root = tmp_path_factory.mktemp("hostile")
    project = root / "project"
    for folder in ("ontology", "data", "shapes", "queries"):
        if (project_dir / folder).is_dir():
            shutil.copytree(project_dir / folder, project / folder)
    extra = project / "data" / "oyama" / "zz-hostile.ttl"
    escaped = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    links = " , ".join(f"<{iri}>" for iri in HOSTILE_IRIS)
    extra.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f'<{OTOME_JHS}> skos:altLabel "{escaped}"@ja ; rdfs:seeAlso {links} .\n',
        encoding="utf-8",
    )
    settings = load_settings(
        {
            "project_dir": str(project),
            "build_dir": str(root / "build"),
            "dist_dir": str(root / "dist"),
            "query_workers": 1,
            "sources_dir": str(root / "no-sources"),  # the curated layers alone
        },
        environ={},
    )
    (root / "no-sources").mkdir(exist_ok=True)
    assert run_build(settings, quiet=True) == 0
    store = open_store(settings)
    app = create_app(settings, store=store)
    app.testing = True
    yield app.test_client()
    store.close()
