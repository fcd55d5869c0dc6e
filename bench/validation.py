"""Turn pydantic validation failures into errors that name the file, key path and fix."""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from .errors import ConfigError, clip, did_you_mean, shorten

#: Largest accepted seed: 2**32 - 1, the range every library we seed accepts (NumPy, torch,
#: Python's random) and the one most tools document.
SEED_MAX = 2**32 - 1
#: Problems listed in one error; the rest are counted.
MAX_PROBLEMS = 10


def key_path(prefix: str, loc: tuple[Any, ...]) -> str:
    """Render a pydantic location as a dotted key path: ``summarizers[2].args.k``."""
    path = prefix
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            # A key comes from the user's file: quote at most a bounded part of it.
            part = clip(str(part), 60)
            path = f"{path}.{part}" if path else part
    return path or "(top level)"


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The settings model inside an annotation: ``M``, ``M | None``, ``list[M]``,
    ``tuple[M, ...]``; None for anything else."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


def keys_at(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> list[str]:
    """The keys accepted at ``loc`` (a pydantic location) inside ``model``, at any depth:
    ``("budget",)`` in a summarizer's settings gives ``sentences, words``."""
    current = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, int) or part not in current.model_fields:
            continue  # a list index, or a union's tag
        current = _nested_model(current.model_fields[part].annotation)
    if current is None:
        return []
    # A field excluded from dumps is one a subclass withdrew (MatcherSpec's name): no key.
    return [name for name, field in current.model_fields.items() if not field.exclude]


def _describe(
    problem: Any,
    prefix: str,
    allowed: dict[str, Any] | None,
    model: type[BaseModel] | None,
) -> tuple[str, str]:
    """(what is wrong, at its key path; the fix) for one pydantic error."""
    path = key_path(prefix, tuple(problem["loc"]))
    kind = problem["type"]
    if kind == "none_required" and model is not None:
        parent, key = tuple(problem["loc"][:-1]), problem["loc"][-1]
        if key not in keys_at(model, parent):  # a withdrawn key is an unknown one
            kind = "extra_forbidden"
    if kind == "extra_forbidden":
        key = clip(str(problem["loc"][-1]), 60)
        parent = tuple(problem["loc"][:-1])
        known = sorted((allowed or {}).get(key_path(prefix, parent)) or keys_at(model, parent))
        hint = did_you_mean(key, known)
        allowed_text = f" Allowed keys: {', '.join(known)}." if known else ""
        return f"{path}: unknown key.{hint}{allowed_text}", "rename the key, or remove it."
    if kind == "missing":
        return f"{path}: required key is missing.", "add the key."
    value = problem.get("input")
    shown = shorten(value) if not isinstance(value, dict) else "a mapping"
    return f"{path}: {clip(problem['msg'])} (got {shown}).", "give a value of the kind named."


def config_problems(
    err: ValidationError,
    *,
    file: str | None,
    prefix: str,
    allowed: dict[str, Any] | None = None,
    model: type[BaseModel] | None = None,
) -> list[ConfigError]:
    """Every problem of a :class:`ValidationError`, one :class:`ConfigError` each (the first
    :data:`MAX_PROBLEMS`, then one that counts the rest), for a report that lists them all.

    An unknown key is answered with a suggestion from the keys its parent accepts: those
    ``allowed`` names for its path, else those of ``model`` at that depth.
    """
    where = file or "configuration"
    problems = err.errors()
    out = [
        ConfigError(text, where=where, fix=fix)
        for text, fix in (_describe(p, prefix, allowed, model) for p in problems[:MAX_PROBLEMS])
    ]
    if len(problems) > MAX_PROBLEMS:
        out.append(
            ConfigError(
                f"and {len(problems) - MAX_PROBLEMS} more problems in its keys.",
                where=where,
                fix="correct the keys named above; the rest are then listed.",
            )
        )
    return out


def located(file: str | None, where: str) -> str:
    """``file: where`` (a key path inside a config file), or ``where`` alone."""
    return f"{file}: {where}" if file else where


def config_error(
    err: ValidationError,
    *,
    file: str | None,
    prefix: str,
    allowed: dict[str, Any] | None = None,
    model: type[BaseModel] | None = None,
) -> ConfigError:
    """Summarise a :class:`ValidationError` as one :class:`ConfigError` (every problem of it,
    as :func:`config_problems` lists them, in one paragraph)."""
    problems = err.errors()
    lines = [_describe(p, prefix, allowed, model)[0] for p in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        lines.append(f"(and {len(problems) - MAX_PROBLEMS} more problems)")
    # The fix is neutral about commands: this error reaches `validate`, `run` and Python
    # callers alike, and must not tell any of them to run what they are running.
    return ConfigError(
        " ".join(lines), where=file or "configuration", fix="correct the key(s) named above."
    )
