"""The base of every pluggable part (summarizers, metrics, fact matchers).

A plugin declares its settings as a pydantic model ``Args`` that forbids unknown keys, so a YAML
entry ``{type: lead, args: {k: 3}}`` maps one-to-one onto an object, and the object can say
exactly how it was built (for ``run.json`` and for signatures).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError

from .validation import config_error


class PluginArgs(BaseModel):
    """Settings of a plugin. Subclasses add fields; unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Plugin:
    """Common behaviour: construction from a mapping, and a record of the settings used."""

    #: Registry name, set when the class is registered.
    name: ClassVar[str] = ""
    Args: ClassVar[type[PluginArgs]] = PluginArgs

    def __init__(self, args: PluginArgs | None = None):
        self.args = args if args is not None else self.Args()

    @classmethod
    def from_config(
        cls, args: Mapping[str, Any] | None, *, file: str | None = None, where: str = "args"
    ) -> Plugin:
        """Build from a YAML mapping, turning bad settings into a :class:`ConfigError`."""
        try:
            parsed = cls.Args.model_validate(dict(args or {}))
        except ValidationError as err:
            allowed = {where: list(cls.Args.model_fields)}
            raise config_error(err, file=file, prefix=where, allowed=allowed) from None
        return cls(parsed)

    def settings(self) -> dict[str, Any]:
        """The settings this instance was built with, JSON-ready."""
        return self.args.model_dump(mode="json")


def signature_value(value: Any) -> str:
    """A setting as it appears in a signature: yes/no, comma lists, k=v mappings."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        return ",".join(
            f"{k}={signature_value(v)}" for k, v in sorted(value.items()) if v is not None
        )
    if isinstance(value, (list, tuple)):
        return ",".join(signature_value(v) for v in value)
    return str(value)
