"""The package's layers point one way, and no modules import each other in a circle.

cli, engines → web, builder → site, national, reconcile → store, research questions → sparql →
settings, display, namespaces. The imports are read from the source (as text, with
:mod:`ast`), so a deferred import inside a function counts as much as one at the top of a
module.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "server" / "ikkan"

# The rank of each top-level part of the package: a module may import only from its own rank
# or below.
LAYERS = {
    "cli": 6,
    "query_cli": 6,
    "bench_cli": 6,
    "link_cli": 6,
    "sources_cli": 6,
    "engines": 6,  # other SPARQL engines, started for the benchmarks and the engine tests
    "web": 5,
    "builder": 5,
    "site": 4,
    "national": 4,
    "reconcile": 4,  # matching tables to the graph: /reconcile and ikkan link
    "store": 3,
    "research_questions": 3,
    "sparql": 2,
    "settings": 1,
    "namespaces": 1,
    "display": 1,
    "locations": 1,
    "": 0,  # the package itself
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imported(name: str, path: Path) -> Iterator[str]:
    """The package's modules that ``name`` imports (what ``from x import y`` names, when y is
    a module itself, else x)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            candidates = [f"{source}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        for candidate in candidates:
            # the module named, or the nearest package holding what was named
            while candidate and candidate not in MODULES:
                candidate = candidate.rpartition(".")[0]
            if candidate and candidate != name:
                yield candidate


GRAPH = {name: sorted(set(imported(name, path))) for name, path in MODULES.items()}


def rank(name: str) -> int:
    parts = name.split(".")
    top = parts[1] if len(parts) > 1 else ""
    assert top in LAYERS, f"{name}: give its part of the package a layer in LAYERS"
    return LAYERS[top]


def test_every_part_of_the_package_has_a_layer() -> None:
    for name in MODULES:
        rank(name)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_imports_from_a_layer_above_it(name: str) -> None:
    upward = [target for target in GRAPH[name] if rank(target) > rank(name)]
    assert not upward, f"{name} imports from a layer above it: {upward}"


def test_no_modules_import_each_other_in_a_circle() -> None:
    # Depth-first search for a back edge; report the circle it closes.
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        path.append(name)
        for target in GRAPH[name]:
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (circle := visit(target)):
                return circle
        path.pop()
        state[name] = 2
        return None

    for name in sorted(GRAPH):
        if name not in state and (circle := visit(name)):
            pytest.fail("import circle: " + " → ".join(circle))


def test_the_test_sees_imports() -> None:
    # The analysis itself: the web app imports the store, the store imports the guard.
    assert "ikkan.store" in GRAPH["ikkan.web.app"]
    assert "ikkan.sparql.guard" in GRAPH["ikkan.store.worker"]
