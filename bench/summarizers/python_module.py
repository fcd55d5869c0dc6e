"""Which module ``python -m name`` runs, and the digest of its source, for command keys.

``python3 -m mod`` names no file, so the rule that keys every file a command's arguments name
does not see ``mod.py``; this module finds it the way Python's import system would, from the
command's working folder (``sys.path[0]`` under ``-m``) and then the ``PYTHONPATH`` the command
is given, and digests it:

* a module inside a package (``pkg.mod``) or a package (``pkg``, run as ``pkg/__main__.py``):
  every ``.py`` file of the top-level package, so an edit to ``pkg/__init__.py`` or a sibling
  the module imports is seen too;
* a top-level module (``mod``): ``mod.py``. Helpers beside it that it imports are not seen:
  put them in a package.

A module found on none of those folders is an installed one (site-packages): it is keyed by
the interpreter's path and bytes only, as the program itself is.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..fingerprint import file_digest, sources_digest

_PYTHON = re.compile(r"python[0-9.]*")
#: Interpreter options that take a value (``-X utf8``, ``-W ignore``).
_WITH_VALUE = "XW"


def module_of(argv: list[str]) -> str | None:
    """The module ``argv`` runs with ``-m`` when its program is a Python interpreter, else None
    (a script, ``-c``, stdin, or another program). Options may come first, alone or joined
    (``python -u -m mod``, ``python -Bm mod``, ``python -X utf8 -m mod``)."""
    if not argv or not _PYTHON.fullmatch(Path(argv[0]).name):
        return None
    args = iter(argv[1:])
    for arg in args:
        if arg == "--" or not arg.startswith("-") or arg == "-":
            return None  # a script, or the program from stdin
        if arg.startswith("--"):
            if arg == "--check-hash-based-pycs":
                next(args, None)
            continue
        flags = arg[1:]
        for position, flag in enumerate(flags):
            rest = flags[position + 1 :]
            if flag == "m":
                return rest or next(args, None)
            if flag == "c":
                return None
            if flag in _WITH_VALUE:
                if not rest:
                    next(args, None)
                break
    return None


def _in_root(root: Path, name: str) -> Path | None:
    """What ``name``'s top-level package or module is in ``root``, as Python's path finder
    picks it (a regular package, then a module file, then a namespace package folder)."""
    top = name.split(".")[0]
    folder = root / top
    if (folder / "__init__.py").is_file():
        return folder
    if "." not in name and (root / f"{top}.py").is_file():
        return root / f"{top}.py"
    if folder.is_dir():
        return folder
    return None


def module_source(name: str, cwd: Path, pythonpath: str | None) -> dict[str, str] | None:
    """The file or package folder ``python -m name`` would run from ``cwd`` with this
    ``PYTHONPATH``, and the digest of its source; None when it is on neither (installed)."""
    roots = [cwd] + [cwd / entry for entry in (pythonpath or "").split(os.pathsep) if entry]
    for root in roots:
        found = _in_root(root, name)
        if found is None:
            continue
        digest = file_digest(found) if found.is_file() else sources_digest(found)
        return {"path": str(found.resolve()), "source": digest}
    return None
