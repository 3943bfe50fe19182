"""``ikkan bench``: run the benchmark scripts in ``bench/`` and print their figures.

Each ``bench/<name>.py`` defines ``run(settings, repeat) -> int``; ``ikkan bench NAME`` runs
one, ``ikkan bench`` (``all``) runs each in turn. Files whose names start with ``_`` are helpers
the benchmarks import (the folder is on the import path while they run), not benchmarks. Options
beyond ``--repeat`` reach a benchmark as ``IKKAN_BENCH_*`` environment variables, the same names
a user may set instead (``--schools N`` is ``IKKAN_BENCH_SCHOOLS``). Benchmarks print numbers
for people to read; they pass or fail nothing.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType

from .settings import Settings


def bench_dir(settings: Settings) -> Path:
    for folder in (settings.project_dir / "bench", Path(__file__).resolve().parents[2] / "bench"):
        if folder.is_dir():
            return folder
    return settings.project_dir / "bench"


def suites(folder: Path) -> dict[str, Path]:
    return {p.stem: p for p in sorted(folder.glob("*.py")) if not p.name.startswith("_")}


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"ikkan_bench_{name}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    # Registered first, as an import would: dataclasses look their module up while defined.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def run_bench(
    settings: Settings, suite: str, repeat: int, options: Mapping[str, str] | None = None
) -> int:
    """Run one benchmark (or ``all``); ``options`` are ``IKKAN_BENCH_*`` variables to set."""
    folder = bench_dir(settings)
    found = suites(folder)
    chosen = list(found) if suite == "all" else [suite]
    unknown = [name for name in chosen if name not in found]
    if unknown or not chosen:
        print(
            f"unknown benchmark {', '.join(unknown) or suite!r}; "
            f"available: {', '.join(found) or 'none'}",
            file=sys.stderr,
        )
        return 2
    os.environ.update(options or {})
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    status = 0
    for name in chosen:
        module = _load(name, found[name])
        run = getattr(module, "run", None)
        if run is None:
            print(f"bench/{name}.py defines no run(settings, repeat)", file=sys.stderr)
            status = status or 2
            continue
        print(f"== {name} ==")
        status = int(run(settings, repeat)) or status
    return status
