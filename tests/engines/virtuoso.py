"""Virtuoso for the engine tests: a fresh database in a test folder, loaded with the build's
N-Quads as ``ikkan export --format nquads`` writes them, stopped by its process group."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ikkan.builder.pipeline import run_export
from ikkan.engines import virtuoso
from ikkan.settings import load_settings


def export_nquads(build_dir: Path, project_dir: Path | None, target: Path) -> Path:
    """The build's graph as N-Quads, through the same code as ``ikkan export``."""
    overrides = {"build_dir": str(build_dir)}
    if project_dir is not None:
        overrides["project_dir"] = str(project_dir)
    settings = load_settings(overrides, environ={})
    assert run_export(settings, "nquads", str(target)) == 0
    return target


@contextmanager
def running(
    folder: Path,
    nquads: Path,
    *,
    time_limit: int = 60,
    max_rows: int = 1_000_000,
    allow_service: bool = False,
) -> Iterator[virtuoso.Virtuoso]:
    """Virtuoso on loopback with ``nquads`` bulk-loaded; stopped on leaving."""
    if not virtuoso.installed():
        pytest.fail(
            "IKKAN_TEST_ENGINES asks for Virtuoso, which is not installed: "
            "`make test-engines` installs Debian's virtuoso-opensource-7-bin"
        )
    server = virtuoso.start(
        folder / "db",
        data_dirs=(nquads.parent,),
        time_limit=time_limit,
        max_rows=max_rows,
        allow_service=allow_service,
    )
    try:
        server.load([nquads])
        yield server
    finally:
        server.stop()
