"""bench's packages and top-level modules import one another in layers, without a cycle: an
import anywhere in a file counts, a lazy one inside a function included (it is a dependency all
the same, only a later one). On a cycle the test names each import that closes it, with its
file and line, so the fix (move the shared piece down a layer) is plain."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

from ..builders import ROOT

PACKAGE = ROOT / "bench"


def _unit(module: str) -> str:
    """The layer a module belongs to: its package under bench (``bench.facts``), or itself
    when it is a top-level module (``bench.api``)."""
    return ".".join(module.split(".")[:2])


def _module_name(path: Path) -> tuple[str, str]:
    """(the module's dotted name, the package its relative imports start from)."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        name = ".".join(parts[:-1])
        return name, name
    name = ".".join(parts)
    return name, name.rsplit(".", 1)[0]


def _type_only(tree: ast.AST) -> set[int]:
    """The ids of the import nodes under ``if TYPE_CHECKING:``: names for annotations, never
    imported when the code runs."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            ids |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return ids


def _imports(source: str, package: str, *, type_only: bool = True) -> list[tuple[str, int]]:
    """Every bench module a file of ``package`` imports, and the line, wherever the import
    stands (with ``type_only=False``, not those under ``if TYPE_CHECKING:``)."""
    found = []
    tree = ast.parse(source)
    skipped = set() if type_only else _type_only(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                if node.module:
                    found.append((".".join([*base, node.module]), node.lineno))
                else:  # "from . import x": x is a module of the package
                    found += [(".".join([*base, a.name]), node.lineno) for a in node.names]
            elif node.module:
                found.append((node.module, node.lineno))
    return [(name, line) for name, line in found if name.startswith("bench.")]


def import_graph(modules: bool = False) -> dict[str, dict[str, list[str]]]:
    """unit -> unit it imports -> the imports ("file:line") that make the edge. The units are
    bench's packages and top-level modules, or with ``modules`` every module (an import of a
    name from a package, ``from .structure import X``, is an edge to the package's
    ``__init__``; imports for annotations only are left out, as they never run). The package's
    own ``bench/__init__.py`` (lazy re-exports of the public names) is not a unit."""
    paths = sorted(PACKAGE.rglob("*.py"))
    known = {_module_name(path)[0] for path in paths}
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in paths:
        name, package = _module_name(path)
        if name == "bench":
            continue
        source = path.read_text(encoding="utf-8")
        for target, line in _imports(source, package, type_only=not modules):
            if modules:
                while target not in known and "." in target:  # a name, not a module
                    target = target.rsplit(".", 1)[0]
                a, b = name, target
            else:
                a, b = _unit(name), _unit(target)
            if a != b and b != "bench":
                graph[a][b].append(f"{path.relative_to(PACKAGE.parent)}:{line}")
    return graph


def cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """The strongly connected groups of more than one unit (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_lazy_and_relative_imports():
    source = (
        "import os\n"
        "from .lexical import slots\n"
        "from .. import console\n"
        "def late():\n"
        "    from ..sensitivity.corruptions import corrupt\n"
        "    import bench.data.schema\n"
    )
    assert _imports(source, "bench.facts") == [
        ("bench.facts.lexical", 2),
        ("bench.console", 3),
        ("bench.sensitivity.corruptions", 5),
        ("bench.data.schema", 6),
    ]
    assert "bench.facts" in import_graph()["bench.metrics"]
    typed = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .x import Y\n"
    assert _imports(typed, "bench.facts") == [("bench.facts.x", 3)]
    assert _imports(typed, "bench.facts", type_only=False) == []
    assert cycles({"a": {"b": []}, "b": {"c": []}, "c": {"a": []}, "d": {"a": []}}) == [
        ["a", "b", "c"]
    ]


@pytest.mark.parametrize("modules", [False, True], ids=["packages", "modules"])
def test_no_import_cycle_between_bench_packages_and_modules(modules):
    """No cycle between packages (and top-level modules), nor between any two modules inside
    a package (a file circle: conflicts.py <-> lexical.py was one)."""
    graph = import_graph(modules)
    found = cycles(graph)
    message = []
    for group in found:
        message.append("cycle: " + " <-> ".join(group))
        for a in group:
            for b, where in sorted(graph[a].items()):
                if b in group:
                    message.append(f"  {a} -> {b}: {', '.join(where[:4])}")
    assert not found, "\n".join(message)
