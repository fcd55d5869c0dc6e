"""Name -> class registries for summarizers, metrics and fact matchers.

Three ways to name a plugin:

* a built-in name (``lead``), registered lazily as a ``"module:Class"`` string so that heavy
  libraries are imported only when the plugin is used;
* an installed plugin exposed through an entry point group (``summbench.summarizers``);
* an import string ``package.module:Class`` for the user's own code. Import strings execute
  code: they only ever come from the user's own configuration.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Generic, TypeVar

from .errors import RegistryError, clip, did_you_mean

T = TypeVar("T", bound=type)


@dataclass(frozen=True)
class Entry:
    """One registered name: where it lives and a one-line description."""

    name: str
    target: str
    description: str
    origin: str  # "built-in" or the distribution that provides the entry point


def _search_here() -> str:
    """Let import strings find modules in the current folder, as ``python -m`` does.

    The folder is *appended* to ``sys.path``, not put first as ``python -m`` puts it: a user's
    ``yaml.py`` or ``json.py`` lying next to the config must never stand in for the library
    of that name, which summbench (or a library it imports later, lazily) needs itself. So a
    module of the user's resolves from here only when no installed or standard module has its
    name; :func:`import_object` says so when that is why an attribute is missing. Returns the
    folder.
    """
    here = os.getcwd()
    if here not in sys.path:
        sys.path.append(here)
        importlib.invalidate_caches()  # a finder may have listed this folder before
    return here


def _shadowed_note(module: object, module_name: str, here: str) -> str:
    """A sentence for a module imported from elsewhere while a file of that name lies here."""
    top = module_name.split(".")[0]
    local = [Path(here, f"{top}.py"), Path(here, top, "__init__.py")]
    origin = getattr(module, "__file__", None)
    if not any(p.is_file() for p in local) or _imported_from(top, Path(here)):
        return ""
    return (
        f' ("{top}" is imported from {origin or "the standard library"}, not from the '
        f"{top}.py in this folder: an installed module of that name comes first)"
    )


def _imported_from(top: str, here: Path) -> bool:
    """Whether the top-level module or package ``top`` was imported from the folder ``here``
    (a package's ``__init__.py`` lies one folder further down than a module's file)."""
    origin = getattr(sys.modules.get(top), "__file__", None)
    if not origin:
        return False
    path = Path(origin).resolve()
    folder = path.parent.parent if path.name == "__init__.py" else path.parent
    return folder == here.resolve()


def import_object(target: str, *, what: str) -> object:
    """Import ``package.module:attr`` with an error that says what failed and how to fix it.

    Modules are found on ``sys.path`` and then in the current folder (see
    :func:`_search_here`), so ``my_module:FirstWords`` works from the folder of my_module.py.
    """
    module_name, _, attr = target.partition(":")
    if not module_name or not attr:
        raise RegistryError(
            f'"{clip(target, 100)}" is not an import string.',
            where=what,
            fix='write it as "package.module:ClassName".',
        )
    here = _search_here()
    try:
        module = importlib.import_module(module_name)
    except ImportError as err:
        raise RegistryError(
            f'cannot import module "{module_name}" ({err}).',
            where=what,
            fix="check the spelling, and that the module is in the folder summbench runs from, "
            "installed in this environment, or on PYTHONPATH.",
        ) from None
    try:
        return getattr(module, attr)
    except AttributeError:
        raise RegistryError(
            f'module "{module_name}" has no attribute "{attr}".{did_you_mean(attr, dir(module))}'
            f"{_shadowed_note(module, module_name, here)}",
            where=what,
            fix="name a class that the module defines (a module of your own needs a name no "
            "installed module has).",
        ) from None


class Registry(Generic[T]):
    """A registry of plugin classes of one kind (``base``)."""

    def __init__(self, kind: str, base: type, entry_point_group: str):
        self.kind = kind
        self.base = base
        self.entry_point_group = entry_point_group
        self._entries: dict[str, Entry] = {}

    def add(self, name: str, target: str, description: str) -> None:
        """Register a built-in by import string; nothing is imported until it is used."""
        if name in self._entries:
            raise RegistryError(f'{self.kind} "{name}" is registered twice.')
        self._entries[name] = Entry(name, target, description, "built-in")

    def entries(self) -> list[Entry]:
        """All known names: built-ins first, then installed plugins, each sorted by name."""
        found = dict(self._entries)
        for ep in metadata.entry_points(group=self.entry_point_group):
            if ep.name not in found:
                dist = ep.dist.name if ep.dist is not None else "unknown"
                found[ep.name] = Entry(ep.name, ep.value, "", f"plugin from {dist}")
        return sorted(found.values(), key=lambda e: (e.origin != "built-in", e.name))

    def describe(self, entry: Entry) -> str:
        """A one-line description; for installed plugins, the first line of the docstring."""
        if entry.description:
            return entry.description
        cls = import_object(entry.target, what=f"{self.kind} plugin {entry.name}")
        return (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""

    def get(self, name: str, *, where: str = "type") -> T:
        """Resolve a name or import string to a plugin class."""
        if ":" in name:
            target = name
        else:
            known = {e.name: e for e in self.entries()}
            if name not in known:
                shown = clip(name, 100)
                raise RegistryError(
                    f'unknown {self.kind} "{shown}".{did_you_mean(shown, known)}',
                    where=where,
                    fix=f"use one of: {', '.join(sorted(known))} "
                    '(`summbench list` describes them), or an import string "module:Class".',
                )
            target = known[name].target
        cls = import_object(target, what=where)
        if not (isinstance(cls, type) and issubclass(cls, self.base)):
            raise RegistryError(
                f'"{target}" is not a {self.kind}.',
                where=where,
                fix=f"it must be a subclass of {self.base.__module__}.{self.base.__qualname__}.",
            )
        if not cls.name:
            cls.name = name.rsplit(":", 1)[-1] if ":" in name else name
        return cls  # type: ignore[return-value]
