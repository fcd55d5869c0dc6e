"""Cache keys cannot go stale: every setting of every registered plugin is in its key or
excluded by name with a reason, and everything a plugin reads (files, weights, its code) is in
the key by content.

The walk below changes one field at a time to another valid value and checks the key moves. A
new field that nobody keyed (or excluded) fails here.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Literal, get_args, get_origin

import pytest
from pydantic import BaseModel, ValidationError

from bench.facts.registry import MATCHERS
from bench.metrics import METRICS
from bench.summarizers import SUMMARIZERS

from .tiny_models import build_tiny_models

REGISTRIES = {"summarizer": SUMMARIZERS, "metric": METRICS, "matcher": MATCHERS}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("keys")
    models = build_tiny_models(root / "models")
    predictions = root / "p.jsonl"
    predictions.write_text('{"id": "a", "summary": "x"}\n')
    baseline = root / "baseline.tsv"
    baseline.write_text("LAYER,P,R,F\n0,0.1,0.1,0.1\n")
    return {"bart": str(models / "bart"), "predictions": str(predictions), "root": root}


def base_args(kind: str, name: str, files: dict[str, Any]) -> dict[str, Any]:
    """The smallest valid settings of each plugin that has required fields."""
    endpoint = {"base_url": "http://127.0.0.1:9/v1", "model": "m"}
    return {
        ("summarizer", "predictions"): {"path": files["predictions"]},
        ("summarizer", "command"): {"command": ["python", "-c", "print()"]},
        ("summarizer", "hf"): {"model": files["bart"]},
        ("summarizer", "llm"): {"endpoint": endpoint},
        ("matcher", "nli"): {"model": files["bart"]},
        ("matcher", "llm"): {"endpoint": endpoint},
    }.get((kind, name), {})


#: Valid values for fields the generic rules below cannot invent.
SAMPLES: dict[str, list[Any]] = {
    "types": [["rouge1"]],
    "template": ["Summarize: {source} ({budget})"],
    "prompt": ["{source} TL;DR:"],
    "few_shot": [[{"source": "s", "summary": "t"}]],
    "budget": [{"sentences": 2}, {"words": 40}],
}


def _non_none(annotation: Any) -> list[Any]:
    if get_origin(annotation) in (typing.Union, types.UnionType):
        return [a for a in get_args(annotation) if a is not type(None)]
    return [annotation]


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    for option in _non_none(annotation):
        if isinstance(option, type) and issubclass(option, BaseModel):
            return option
    return None


def candidates(name: str, annotation: Any, current: Any) -> list[Any]:
    """Other values to try for a field, most natural first."""
    out: list[Any] = list(SAMPLES.get(name, []))
    for option in _non_none(annotation):
        origin = get_origin(option)
        if option is bool:
            out.append(not current)
        elif origin is Literal:
            out += [v for v in get_args(option) if v != current]
        elif option is int:
            out += [current + 1] if isinstance(current, int) else []
            out += [1, 8, 16, 100]
        elif option is float:
            out += [current / 2, current + 0.1] if isinstance(current, float) else []
            out += [0.3, 0.7, 2.0]
        elif option is str:
            out += [f"{current}-x" if isinstance(current, str) else "x"]
        elif origin is dict:
            out.append({**(current or {}), "extra_setting": 1})
        elif origin in (list, tuple):
            out += [[*current, "x"], current[:1]] if current else [["x"]]
    return out


def _flip(settings: dict[str, Any], path: list[str], value: Any) -> dict[str, Any]:
    out = dict(settings)
    if len(path) == 1:
        out[path[0]] = value
    else:
        out[path[0]] = _flip(dict(out.get(path[0]) or {}), path[1:], value)
    return out


def _fields(model: type[BaseModel], values: dict[str, Any], prefix: list[str]):
    """(path, annotation, current value, excluded?) for every field, nested models included."""
    excluded = getattr(model, "not_in_key", {})
    for name, info in model.model_fields.items():
        path = [*prefix, name]
        current = values.get(name, info.get_default(call_default_factory=True))
        if isinstance(current, BaseModel):
            current = current.model_dump(mode="json")
        yield path, info.annotation, current, name in excluded
        nested = _nested_model(info.annotation)
        if nested is not None and name not in excluded and isinstance(current, dict):
            yield from _fields(nested, current, path)


def _plugins():
    for kind, registry in REGISTRIES.items():
        for entry in registry.entries():
            yield pytest.param(kind, entry.name, id=f"{kind}:{entry.name}")


def _key(cls, settings: dict[str, Any]) -> str:
    return cls(cls.Args.model_validate(settings)).cache_key()


@pytest.mark.parametrize(("kind", "name"), list(_plugins()))
def test_every_setting_is_in_the_key_or_excluded_by_name(kind, name, files):
    cls = REGISTRIES[kind].get(name)
    base = base_args(kind, name, files)
    try:
        cls.Args.model_validate(base)
    except ValidationError:
        pytest.skip(f"{name}: no known valid settings for an installed plugin")
    reference = _key(cls, base)
    assert reference == _key(cls, base)  # deterministic
    unkeyed = []
    for path, annotation, current, excluded in _fields(cls.Args, base, []):
        if excluded or (_nested_model(annotation) and isinstance(current, dict)):
            continue  # a set nested model is walked field by field
        for value in candidates(path[-1], annotation, current):
            if value == current:
                continue
            settings = _flip(base, path, value)
            try:
                key = _key(cls, settings)
            except ValidationError:
                continue
            if key == reference:
                unkeyed.append(".".join(path))
            break
        else:
            raise AssertionError(f"{name}: no valid other value for {'.'.join(path)}: add one")
    assert not unkeyed, f"{kind} {name}: settings that do not change the key: {unkeyed}"


@pytest.mark.parametrize(("kind", "name"), list(_plugins()))
def test_exclusions_name_real_fields_and_give_reasons(kind, name):
    cls = REGISTRIES[kind].get(name)
    models = [cls.Args]
    while models:
        model = models.pop()
        for field, reason in getattr(model, "not_in_key", {}).items():
            assert field in model.model_fields, f"{model.__name__}.not_in_key names {field!r}"
            assert len(reason) > 20, f"{model.__name__}.{field}: say why"
        nested = [_nested_model(info.annotation) for info in model.model_fields.values()]
        models += [m for m in nested if m is not None]


def test_excluded_settings_do_not_change_the_key(files):
    rouge = METRICS.get("rouge")
    assert _key(rouge, {"backend": "python"}) == _key(rouge, {"backend": "rouge-score"})
    llm = SUMMARIZERS.get("llm")
    base = base_args("summarizer", "llm", files)
    busier = _flip(_flip(base, ["endpoint", "concurrency"], 32), ["endpoint", "timeout"], 5.0)
    assert _key(llm, base) == _key(llm, busier)
    assert _key(llm, base) != _key(llm, _flip(base, ["endpoint", "temperature"], 0.7))


def test_a_predictions_file_is_keyed_by_its_bytes(tmp_path):
    cls = SUMMARIZERS.get("predictions")
    path = tmp_path / "p.jsonl"
    path.write_text('{"id": "a", "summary": "old"}\n')
    before = _key(cls, {"path": str(path)})
    path.write_text('{"id": "a", "summary": "new"}\n')
    assert _key(cls, {"path": str(path)}) != before
    moved = tmp_path / "elsewhere.jsonl"
    moved.write_bytes(path.read_bytes())  # the same bytes under another name: the same key
    assert _key(cls, {"path": str(moved)}) == _key(cls, {"path": str(path)})


def test_a_command_is_keyed_by_its_folder_program_and_script(tmp_path):
    cls = SUMMARIZERS.get("command")
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "summarize.py").write_text("print('same script')\n")
    args = {"command": ["python", "summarize.py"]}
    in_a = _key(cls, {**args, "cwd": str(tmp_path / "a")})
    assert _key(cls, {**args, "cwd": str(tmp_path / "b")}) != in_a  # same argv, other folder
    (tmp_path / "a" / "summarize.py").write_text("print('edited script')\n")
    assert _key(cls, {**args, "cwd": str(tmp_path / "a")}) != in_a


def test_a_local_model_is_keyed_by_its_weights_not_only_its_config(tmp_path):
    import torch

    models = build_tiny_models(tmp_path)
    hf, nli = SUMMARIZERS.get("hf"), MATCHERS.get("nli")
    before = (_key(hf, {"model": str(models / "bart")}), _key(nli, {"model": str(models / "gpt")}))
    from transformers import BartForConditionalGeneration

    model = BartForConditionalGeneration.from_pretrained(models / "bart")
    with torch.no_grad():
        next(model.parameters()).add_(1.0)  # retrained: same config.json, other weights
    config = (models / "bart" / "config.json").read_bytes()
    model.save_pretrained(models / "bart")
    (models / "bart" / "config.json").write_bytes(config)
    assert _key(hf, {"model": str(models / "bart")}) != before[0]
    assert _key(nli, {"model": str(models / "gpt")}) == before[1]


def test_user_code_is_keyed_by_its_source(tmp_path, monkeypatch):
    module = tmp_path / "my_summarizer.py"
    source = (
        "from bench.summarizers import Summarizer\n"
        "class Mine(Summarizer):\n"
        "    def summarize(self, examples):\n"
        "        return [e.source[:{n}] for e in examples]\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    keys = []
    for n in (10, 20):
        module.write_text(source.replace("{n}", str(n)))
        import importlib
        import sys

        sys.modules.pop("my_summarizer", None)
        importlib.invalidate_caches()
        cls = SUMMARIZERS.get("my_summarizer:Mine")
        keys.append(cls().cache_key())
    assert keys[0] != keys[1]


def test_checklist_key_follows_its_matcher():
    checklist = METRICS.get("checklist")
    lexical = {"matcher": {"type": "lexical"}}
    assert _key(checklist, lexical) != _key(
        checklist, {"matcher": {"type": "lexical", "args": {"threshold": 0.5}}}
    )
    assert _key(checklist, {"matcher": {"type": "bertscore", "args": {"batch_size": 8}}}) == _key(
        checklist, {"matcher": {"type": "bertscore", "args": {"batch_size": 64}}}
    )
