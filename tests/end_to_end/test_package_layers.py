"""Imports run downward: encoders below fact matchers, fact matchers below metrics.

Read from the source (ast), so an import inside a function counts as much as one at the top,
and followed: a module counts as importing whatever the modules it imports import (a lazy
import two modules away still loads the module when it runs). Importing ``bench.a.b`` runs
``bench/a/__init__.py`` first, so a module also reaches the packages above it.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

from ..builders import ROOT

BENCH = ROOT / "bench"

#: Each package, and the packages nothing in it may reach.
BELOW = {
    "bench.encoders": ("bench.facts", "bench.metrics", "bench.training"),
    "bench.facts": ("bench.metrics", "bench.training"),
}

#: "bench.x.y" or "bench.x.y:attr", as registries and ``importlib`` take a module.
IMPORT_STRING = re.compile(r"(bench(?:\.\w+)+)(?::[\w.]+)?")


@cache
def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__``'s)."""
    out = {}
    for path in sorted(BENCH.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _named(module: str, names: list[ast.alias]) -> set[str]:
    """``from module import a, b``: a submodule where one is named, else the module itself."""
    found = {f"{module}.{a.name}" for a in names if f"{module}.{a.name}" in modules()}
    return found if len(found) == len(names) else found | {module}


@cache
def direct_imports(name: str) -> frozenset[str]:
    """The bench modules ``name``'s source imports, anywhere in it."""
    path = modules()[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found |= _named(module, node.names)
    # A module named, and every package above it (its __init__ runs first).
    out = set()
    for module in found:
        parts = module.split(".")
        out |= {".".join(parts[:i]) for i in range(1, len(parts) + 1)}
    return frozenset(m for m in out if m in modules() and m != name)


def reach(name: str) -> dict[str, list[str]]:
    """Every bench module ``name`` loads when all its code runs, with the chain to it."""
    chains = {name: [name]}
    todo = [name]
    while todo:
        current = todo.pop()
        for module in sorted(direct_imports(current)):
            if module not in chains:
                chains[module] = [*chains[current], module]
                todo.append(module)
    return chains


def in_package(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_import_reader_sees_relative_lazy_and_package_imports():
    """The check below is only as good as this reader: it must see a relative import at the
    top, one inside a function, ``from . import x``, and the packages above a module."""
    assert "bench.encoders.token_embeddings" in direct_imports("bench.metrics.bertscore")
    assert "bench.encoders" in direct_imports("bench.metrics.bertscore")
    assert "bench.metaeval.refit" in direct_imports("bench.metaeval.runner")  # in a function
    assert "bench.metrics.checklist" in reach("bench.training.logistic")


@pytest.mark.parametrize("package", sorted(BELOW))
def test_a_layer_reaches_nothing_above_it(package):
    crossings = [
        " -> ".join(chain)
        for start in modules()
        if in_package(start, package)
        for target, chain in sorted(reach(start).items())
        if any(in_package(target, above) for above in BELOW[package])
    ]
    assert not crossings, "imports that run upward:\n" + "\n".join(crossings)


@pytest.mark.parametrize("package", sorted(BELOW))
def test_no_import_string_names_a_module_above(package):
    """Plugins are registered by import strings ("module:attr"), loaded later: those count."""
    found = []
    for name, path in modules().items():
        if not in_package(name, package):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                match = IMPORT_STRING.fullmatch(node.value.strip())
                if match and any(in_package(match[1], above) for above in BELOW[package]):
                    found.append(f"{name}: {node.value!r}")
    assert not found


def test_training_code_is_imported_by_nothing_in_the_library():
    importers = [
        " -> ".join(chain)
        for start in modules()
        if not in_package(start, "bench.training")
        for target, chain in reach(start).items()
        if in_package(target, "bench.training")
    ]
    assert not importers
