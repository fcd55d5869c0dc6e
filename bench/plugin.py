"""The base of every pluggable part (summarizers, metrics, fact matchers).

A plugin declares its settings as a pydantic model ``Args`` that forbids unknown keys, so a YAML
entry ``{type: lead, args: {k: 3}}`` maps one-to-one onto an object, and the object can say
exactly how it was built (for ``run.json`` and for signatures).

Two strings describe what a plugin computes:

* :meth:`Plugin.signature`, short and readable, printed under the leaderboard (no paths);
* :meth:`Plugin.cache_key`, the key of its stored results, derived here for every plugin by one
  mechanism: the complete validated settings, minus the fields the ``Args`` model declares in
  ``not_in_key`` (each with the reason it cannot change a number), plus the digests of every
  input the plugin reads (:meth:`Plugin.key_inputs`: file bytes, model weights...), the version
  of the code, and the signature. A setting nobody remembered to put in a signature can
  therefore not leave a stale result behind: a test walks every registered plugin's ``Args``
  and checks each field is keyed or excluded by name.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import to_jsonable_python

from .validation import config_error


class PluginArgs(BaseModel):
    """Settings of a plugin. Subclasses add fields; unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: Fields left out of cache keys, each with the reason it cannot change a number (a
    #: backend with identical results, a concurrency limit), or the note that what it names is
    #: keyed by content instead (see :meth:`Plugin.key_inputs`). Nested settings models (any
    #: ``BaseModel``) may declare their own.
    not_in_key: ClassVar[Mapping[str, str]] = {}


def key_settings(settings: BaseModel) -> dict[str, Any]:
    """``settings`` as JSON-ready data, without the fields its model (or a nested model)
    declares in ``not_in_key``."""
    excluded = getattr(type(settings), "not_in_key", {})
    return {
        name: _key_value(getattr(settings, name))
        for name in type(settings).model_fields
        if name not in excluded
    }


def _key_value(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return key_settings(value)
    if isinstance(value, (list, tuple)):
        return [_key_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _key_value(v) for k, v in value.items()}
    return to_jsonable_python(value)


def digest(*parts: Any) -> str:
    """SHA-256 of JSON-encoded parts: the one hashing rule of keys."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class PluginSpec(BaseModel):
    """Which plugin, with which settings: ``{type: lead, name: lead-3, args: {...}}``.

    The one shape of every plugin entry: a summarizer or metric of an experiment, and (as
    :class:`bench.metrics.checklist.MatcherSpec`, without a display name) the fact matcher a
    metric judges with.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: str = Field(description="registered name, or an import string 'module:Class'")
    name: str | None = Field(None, description="display name (default: the type)")
    args: dict[str, Any] = Field(default_factory=dict)

    @property
    def display_name(self) -> str:
        """The name shown in tables: ``name``, else the type."""
        return self.name or self.type


class Plugin:
    """Common behaviour: construction from a mapping, a record of the settings used, keys."""

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
            raise config_error(err, file=file, prefix=where, model=cls.Args) from None
        return cls(parsed)

    def check_settings(self, where: str, *, file: str | None = None) -> None:
        """Refuse settings their types cannot (a nested plugin's arguments, a model folder
        without a model, a layer the model lacks) with a :class:`ConfigError` under ``where``
        (``file: metrics[2].args``). Called when the plugin is built for a run, so the
        pre-flight check and the run refuse alike, before any work; cheap (no model loads)."""

    def settings(self) -> dict[str, Any]:
        """The settings this instance was built with, JSON-ready."""
        return self.args.model_dump(mode="json")

    def signature(self) -> str:
        """The settings that determine the numbers, short and readable (under tables)."""
        raise NotImplementedError

    def key_inputs(self) -> dict[str, Any]:
        """Digests of everything besides the settings that can change the output: the bytes of
        files it reads, model weights, other plugins it is built from (their keys)."""
        return {}

    def cache_key(self) -> str:
        """The key of this plugin's stored results (see the module docstring)."""
        from .fingerprint import code_version

        cls = type(self)
        return digest(
            "plugin/2",
            f"{cls.__module__}:{cls.__qualname__}",
            code_version(cls),
            self.signature(),
            key_settings(self.args),
            self.key_inputs(),
        )



class JudgingPlugin(Plugin):
    """The lifecycle of a plugin that judges text (a metric, a fact matcher), which may load a
    model. A run calls it in this order:

    1. built from its settings (cheap: nothing loads), and :meth:`check_settings`;
    2. :meth:`fit` once on the whole corpus, before any judging (corpus statistics such as idf
       weights, so that a number never depends on which other items share its batch);
    3. :meth:`attach_store`, then :meth:`warm_up` (loads the model, if :meth:`loads_model`);
    4. judging, in batches (a metric's ``score``, a matcher's ``match``);
    5. :meth:`versions` and :meth:`usage`, recorded in run.json.

    Metrics (:class:`bench.metrics.base.Metric`) and fact matchers
    (:class:`bench.facts.matcher.FactMatcher`) differ only in what they judge and in the
    corpus :meth:`fit` sees: a metric gets the dataset's examples, a matcher the source
    documents (it has no notion of an example).
    """

    def fit(self, corpus: Sequence[Any]) -> None:
        """See the whole corpus once before any judging (see the class docstring). A plugin
        with corpus statistics names the corpus in its signature (a digest), so that stored
        results follow a changed dataset."""

    def attach_store(self, store: Any) -> None:
        """Offer the run's store, for a plugin with work worth keeping between runs (the
        run stores every score itself; no built-in uses this)."""

    def loads_model(self) -> bool:
        """Whether judging loads a neural model: seconds of imports and loading before the
        first item, which the default executor spends in a helper process while summaries are
        generated (see :mod:`bench.experiment.executors`)."""
        return False

    def warm_up(self) -> None:
        """Load what judging needs (a model) before the first item arrives."""

    def versions(self) -> dict[str, str]:
        """Versions of the libraries and models behind the numbers (for run.json)."""
        return {}

    def usage(self) -> dict[str, Any]:
        """Resources spent so far (requests, tokens...) for run.json; empty when none."""
        return {}


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
