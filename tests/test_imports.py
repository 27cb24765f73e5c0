"""The package has no import cycle: each module's imports of ``helpers`` modules form a DAG.

Imports are read with ``ast`` (nothing is imported), including imports inside functions:
a cycle hidden in a function is still a cycle. The package's ``__init__`` re-exports
every module and is left out, as no module imports the package itself for a name.
"""

from __future__ import annotations

import ast
from pathlib import Path

import helpers

PACKAGE = Path(helpers.__file__).parent


def _modules() -> dict[str, Path]:
    return {f"helpers.{p.stem}": p for p in sorted(PACKAGE.glob("*.py")) if p.stem != "__init__"}


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The ``helpers`` modules that ``path`` imports, anywhere in the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in modules}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module in modules:
                found.add(node.module)
            elif node.module == "helpers":
                found |= {f"helpers.{a.name}" for a in node.names} & modules
    return found


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as a list of modules (first repeated at the end), or []."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return []


def test_find_cycle_finds_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_package_has_no_import_cycle() -> None:
    modules = _modules()
    assert {"helpers.build", "helpers.report", "helpers.execute"} <= set(modules)
    graph = {name: imports_of(path, set(modules)) for name, path in modules.items()}
    assert "helpers.execute" in graph["helpers.report"]
    assert "helpers.report" in graph["helpers.build"]
    cycle = find_cycle(graph)
    assert not cycle, "import cycle: " + " -> ".join(cycle)
