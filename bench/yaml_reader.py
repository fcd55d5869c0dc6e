"""Reading a config's YAML safely and within bounds.

``yaml.safe_load`` builds no objects but plain data, yet it trusts the size of what it builds:
an alias repeats a whole subtree without copying it, so a 700-byte file of nested aliases (the
"billion laughs") stands for billions of values, and whatever walks it next (validation, an
error message's repr) runs for minutes and gigabytes. Here the file's size is capped, and the
node tree is measured *as expanded* (each alias counted with the size of what it repeats)
before any value is built; over the bound it is refused. A key written twice in one mapping,
which YAML loaders silently resolve to the last, is refused too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import ConfigError, clip, shorten
from .surrogates import FIX as SURROGATE_FIX
from .surrogates import lone_surrogate_in

#: Bytes a config file may have. Configs are a few kilobytes; this leaves room for long
#: prompts or column lists, not for generated data.
MAX_CONFIG_BYTES = 1_000_000
#: Nodes a config may stand for once every alias is expanded: ample for hundreds of plugins
#: with their arguments, small enough that validating them takes well under a second.
MAX_CONFIG_NODES = 100_000


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _check_tree(root: Node, where: str) -> None:
    """Refuse an expanded size over the bound, a recursive alias, and duplicate keys."""
    size: dict[int, int] = {}  # id(node) -> nodes it stands for, expanded
    on_path: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            total = 1 + sum(size[id(c)] for c in _children(node))
            if total > MAX_CONFIG_NODES:
                raise ConfigError(
                    f"the YAML stands for more than {MAX_CONFIG_NODES:,} values once its "
                    f"aliases (*name) are expanded (at line {_line(node)}).",
                    where=where,
                    fix="write the config out without nested aliases; a config is small.",
                )
            size[key] = total
            continue
        if key in size:
            continue
        if key in on_path:
            raise ConfigError(
                f"an alias at line {_line(node)} refers to a value that contains it.",
                where=where,
                fix="remove the recursive alias.",
            )
        on_path.add(key)
        if isinstance(node, ScalarNode) and lone_surrogate_in(node.value):
            raise ConfigError(
                f"the value at line {_line(node)} holds {lone_surrogate_in(node.value)}, half "
                "of a UTF-16 surrogate pair without its other half: not a character.",
                where=f"{where}:{_line(node)}",
                fix=SURROGATE_FIX,
            )
        if isinstance(node, MappingNode):
            seen: set[tuple[str, str]] = set()
            for key_node, _ in node.value:
                if not isinstance(key_node.value, str) or key_node.tag.endswith(":merge"):
                    continue  # a merge key (<<) may repeat keys: the mapping's own win
                if (key_node.tag, key_node.value) in seen:
                    raise ConfigError(
                        f"key {shorten(key_node.value)} is given twice in one mapping.",
                        where=f"{where}:{_line(key_node)}",
                        fix="keep one of them (YAML readers silently use the last).",
                    )
                seen.add((key_node.tag, key_node.value))
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in size)


class BoundedLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that checks the composed node tree before building values."""

    where = "config"

    def get_single_node(self) -> Node | None:
        """The document's node tree, checked before any value is built."""
        node = super().get_single_node()
        if node is not None:
            _check_tree(node, self.where)
        return node


def read_yaml(path: Path) -> Any:
    """The data of a YAML config file, or a :class:`ConfigError` naming the file and line."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError("no such file.", where=str(path), fix="check the path.") from None
    except OSError as err:
        raise ConfigError(f"cannot read: {err}.", where=str(path), fix="check the file.") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(
            f"the file is larger than {MAX_CONFIG_BYTES:,} bytes; a config is a few kilobytes.",
            where=str(path),
            fix="keep data (predictions, long lists) in files the config names by path.",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ConfigError(
            f"byte 0x{raw[err.start]:02x} at line {line} is not UTF-8.",
            where=f"{path}:{line}",
            fix="save the file as UTF-8.",
        ) from None
    loader = BoundedLoader(text)
    loader.where = str(path)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = getattr(err, "problem", None) or str(err)
        context, context_mark = getattr(err, "context", None), getattr(err, "context_mark", None)
        if context and context_mark:
            problem = f"{context} at line {context_mark.line + 1}: {problem}"
        raise ConfigError(
            f"not valid YAML ({clip(problem, 300)}).",
            where=where,
            fix="fix the YAML syntax there.",
        ) from None
    except RecursionError:
        raise ConfigError(
            "the YAML is nested too deeply to read.",
            where=str(path),
            fix="a config needs a few levels of nesting, not hundreds.",
        ) from None
    finally:
        loader.dispose()
