"""Cache keys cannot go stale: every setting of every registered plugin is in its key or
excluded by name with a reason, and everything a plugin reads (files, weights, its code) is in
the key by content.

The walk below changes one field at a time to another valid value and checks the key moves. A
new field that nobody keyed (or excluded) fails here.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import types
import typing
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import pytest
from pydantic import BaseModel, ValidationError

from bench.errors import ConfigError
from bench.facts.registry import MATCHERS
from bench.metrics import METRICS
from bench.summarizers import SUMMARIZERS

from ...tiny_models import build_tiny_models

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
    "language": ["fr", "zh"],
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
        if info.exclude:
            continue  # a key the model withdrew (MatcherSpec's name): it cannot be set
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


# Every input of a key, including those outside the settings (issue 22).


def _hub_cache(hub: Path, name: str, snapshots: dict[str, Path]) -> Path:
    """A Hugging Face cache as huggingface_hub lays it out: ``models--org--name`` with blobs
    named by their digest, each snapshot's files linking to them, and ``refs/main``."""
    repo = hub / f"models--{name.replace('/', '--')}"
    (repo / "blobs").mkdir(parents=True, exist_ok=True)
    (repo / "refs").mkdir(exist_ok=True)
    for revision, folder in snapshots.items():
        snapshot = repo / "snapshots" / revision
        snapshot.mkdir(parents=True)
        for file in sorted(folder.iterdir()):
            blob = repo / "blobs" / hashlib.sha256(file.read_bytes()).hexdigest()
            blob.write_bytes(file.read_bytes())
            (snapshot / file.name).symlink_to(os.path.relpath(blob, snapshot))
    return repo


def _point_main(repo: Path, revision: str) -> None:
    (repo / "refs" / "main").write_text(revision)  # as huggingface_hub writes it: no newline


REV1, REV2 = (hashlib.sha1(n.encode()).hexdigest() for n in ("one", "two"))


@pytest.fixture
def hub(tmp_path, monkeypatch):
    """A local hub cache holding ``test/tiny`` (a tiny BERT) at two commits with other weights,
    ``refs/main`` on the first; this process's huggingface_hub looks there."""
    from huggingface_hub import constants

    from ...tiny_models import build_tiny_bert

    folders = {
        rev: build_tiny_bert(tmp_path / "build" / rev, seed)
        for seed, rev in enumerate((REV1, REV2))
    }
    repo = _hub_cache(tmp_path / "hf" / "hub", "test/tiny", folders)
    _point_main(repo, REV1)
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    return repo


def test_a_hub_model_is_keyed_by_its_cached_revision_and_weights(hub):
    bertscore, nli = METRICS.get("bertscore"), MATCHERS.get("nli")
    args = {"model": "test/tiny", "num_layers": 1}

    def keys():
        metric = bertscore(bertscore.Args.model_validate(args))
        return (
            metric.cache_key(),
            metric.encoder.encoder_key,
            metric.signature(),
            _key(nli, {"model": "test/tiny"}),
        )

    first = keys()
    assert f"model:test/tiny@{REV1[:8]}|" in first[2]
    _point_main(hub, REV2)  # another snapshot under the same name
    second = keys()
    assert all(a != b for a, b in zip(first, second, strict=True))
    assert f"model:test/tiny@{REV2[:8]}|" in second[2]
    # The same commit with a weight file changed in place (a damaged or hand-edited blob):
    # the revision is the same, the digest is not.
    weights = hub / "snapshots" / REV2 / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 1
    weights.resolve().write_bytes(bytes(data))
    third = keys()
    assert third[0] != second[0] and third[1] != second[1] and third[2] == second[2]


def test_hub_models_resolve_through_hf_home_in_a_fresh_process(hub, tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE")
    }
    code = "from bench.checkpoints import model_key_input as k; print(k('test/tiny'))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "HF_HOME": str(tmp_path / "hf")},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith(f"hub:test/tiny@{REV1}:")


def test_a_hub_name_missing_from_the_cache_is_a_clear_error(hub):
    metric = METRICS.get("bertscore").from_config({"model": "test/absent", "num_layers": 1})
    with pytest.raises(ConfigError) as caught:
        metric.cache_key()
    message = str(caught.value)
    assert "metrics.bertscore.args.model" in message and "test/absent" in message
    assert "hf download test/absent" in message
    hf = SUMMARIZERS.get("hf").from_config({"model": "test/absent"})
    with pytest.raises(ConfigError, match=r"summarizer\.args\.model"):
        hf.cache_key()


def _bertscore_config(tmp_path, name: str) -> Path:
    config = tmp_path / f"{name}.yaml"
    config.write_text(
        f"name: {name}\ndataset: {{path: seeds/nk-diplomat, config: articles}}\n"
        "summarizers: [{type: lead}]\n"
        "metrics: [{type: bertscore, args: {model: test/tiny, num_layers: 1}}]\n"
        f"cache: {{path: '{tmp_path / (name + '.sqlite')}'}}\n"
    )
    return config


def _scores(out: Path, column: str) -> dict[str, float]:
    rows = [json.loads(line) for line in (out / "scores.jsonl").read_text().splitlines()]
    return {r["example_id"]: r["scores"][column] for r in rows}


def test_another_hub_snapshot_is_scored_again_not_served_from_the_cache(hub, tmp_path):
    import bert_score

    from bench.encoders import token_embeddings
    from bench.experiment import load_config, run_experiment

    config = load_config(_bertscore_config(tmp_path, "hub"))
    run_experiment(config, output_dir=tmp_path / "one", log=lambda _: None)
    _point_main(hub, REV2)
    token_embeddings._SHARED.clear()  # a new process would hold nothing: the store decides
    run_experiment(config, output_dir=tmp_path / "two", log=lambda _: None)
    one, two = _scores(tmp_path / "one", "bertscore_f1"), _scores(tmp_path / "two", "bertscore_f1")
    assert one.keys() == two.keys() and all(one[k] != two[k] for k in one)
    # The second run's numbers are the second snapshot's, as bert-score computes them.
    example = next(e for e in _examples(config) if e.id == sorted(two)[0])
    summary = next(
        json.loads(line)["summary"]
        for line in (tmp_path / "two" / "predictions.jsonl").read_text().splitlines()
        if json.loads(line)["example_id"] == example.id
    )
    _p, _r, f1 = bert_score.score(
        [summary],
        [list(example.references)],
        model_type=str(hub / "snapshots" / REV2),
        num_layers=1,
    )
    assert two[example.id] == pytest.approx(f1.item(), abs=1e-5)


def _examples(config):
    from bench.data.loading import load_examples

    return list(load_examples(config.dataset))


@pytest.mark.parametrize(
    ("argv", "module"),
    [
        (["python3", "-m", "mod"], "mod"),
        (["/usr/bin/python3.11", "-u", "-X", "utf8", "-m", "pkg.run", "--k", "3"], "pkg.run"),
        (["python", "-Bmpkg"], "pkg"),
        (["python", "-W", "ignore", "script.py", "-m", "mod"], None),  # -m of the script
        (["python", "-c", "import mod"], None),
        (["node", "-m", "mod"], None),
    ],
)
def test_the_module_a_python_command_runs(argv, module):
    from bench.summarizers.python_module import module_of

    assert module_of(argv) == module


def _command_key(cwd: Path, *argv: str, env: tuple[str, ...] = ()) -> str:
    return _key(
        SUMMARIZERS.get("command"), {"command": list(argv), "cwd": str(cwd), "env": list(env)}
    )


def test_python_dash_m_is_keyed_by_the_source_it_runs(tmp_path):
    (tmp_path / "mod.py").write_text("print('one')\n")
    before = _command_key(tmp_path, "python3", "-m", "mod")
    (tmp_path / "mod.py").write_text("print('two')\n")
    assert _command_key(tmp_path, "python3", "-m", "mod") != before
    # A module of a package: the whole package's source (its __init__, the helpers it imports).
    package = tmp_path / "pkg"
    package.mkdir()
    for name in ("__init__", "run", "helper"):
        (package / f"{name}.py").write_text(f"# {name}\n")
    before = _command_key(tmp_path, "python", "-u", "-m", "pkg.run")
    (package / "helper.py").write_text("# helper, edited\n")
    edited = _command_key(tmp_path, "python", "-u", "-m", "pkg.run")
    assert edited != before
    # What Python writes beside the source when it runs it is not source.
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "run.cpython-311.pyc").write_bytes(b"\0compiled")
    assert _command_key(tmp_path, "python", "-u", "-m", "pkg.run") == edited


SUMMARIZE_MODULE = """\
import json, os, sys

STYLE = "{style}"
for line in sys.stdin:
    row = json.loads(line)
    said = {{"style": STYLE, "tone": os.environ.get("SUMMBENCH_TONE"), "env": sorted(os.environ)}}
    print(json.dumps({{"id": row["id"], "summary": json.dumps(said)}}))
"""


def _command_run(tmp_path: Path, cwd: Path, out: str, env: list[str]) -> dict[str, dict]:
    """Run an experiment whose one system is ``python -m summarize`` in ``cwd``; what the
    program said for each example."""
    from bench.experiment import load_config, run_experiment

    config = tmp_path / "command.yaml"
    command = {"command": [sys.executable, "-m", "summarize"], "cwd": str(cwd), "env": env}
    config.write_text(
        "name: cmd\ndataset: {path: seeds/nk-diplomat, config: articles}\n"
        f"summarizers: [{{type: command, name: cmd, args: {json.dumps(command)}}}]\n"
        "metrics: [{type: rouge}]\n"
        f"cache: {{path: '{tmp_path / 'cmd.sqlite'}'}}\n"
    )
    run_experiment(load_config(config), output_dir=tmp_path / out, log=lambda _: None)
    rows = [json.loads(r) for r in (tmp_path / out / "predictions.jsonl").read_text().splitlines()]
    return {r["example_id"]: json.loads(r["summary"]) for r in rows}


def test_an_edited_module_is_run_again(tmp_path):
    cwd = tmp_path / "system"
    cwd.mkdir()
    (cwd / "summarize.py").write_text(SUMMARIZE_MODULE.format(style="first"))
    assert {s["style"] for s in _command_run(tmp_path, cwd, "one", []).values()} == {"first"}
    (cwd / "summarize.py").write_text(SUMMARIZE_MODULE.format(style="second"))
    assert {s["style"] for s in _command_run(tmp_path, cwd, "two", []).values()} == {"second"}


def test_only_declared_variables_reach_a_command_and_their_values_are_keyed(tmp_path, monkeypatch):
    from bench.summarizers.command import BASE_ENV

    cwd = tmp_path / "system"
    cwd.mkdir()
    (cwd / "summarize.py").write_text(SUMMARIZE_MODULE.format(style="first"))
    secret = "sk-do-not-write-me-0123456789"
    monkeypatch.setenv("SUMMBENCH_TONE", "dry")
    monkeypatch.setenv("SUMMBENCH_API_TOKEN", secret)
    monkeypatch.setenv("SUMMBENCH_UNDECLARED", "leaks")
    declared = ["SUMMBENCH_TONE", "SUMMBENCH_API_TOKEN"]
    said = _command_run(tmp_path, cwd, "one", declared)
    for summary in said.values():
        assert summary["tone"] == "dry"
        assert "SUMMBENCH_API_TOKEN" in summary["env"]
        assert "SUMMBENCH_UNDECLARED" not in summary["env"]
        assert set(summary["env"]) <= {*BASE_ENV, *declared}, summary["env"]
    # An undeclared variable cannot change an output, so it does not change the key either.
    key = _command_key(cwd, sys.executable, "-m", "summarize", env=tuple(declared))
    monkeypatch.setenv("SUMMBENCH_UNDECLARED", "other")
    assert _command_key(cwd, sys.executable, "-m", "summarize", env=tuple(declared)) == key
    # A declared one does: the outputs are made again, with the new value.
    monkeypatch.setenv("SUMMBENCH_TONE", "warm")
    assert {s["tone"] for s in _command_run(tmp_path, cwd, "two", declared).values()} == {"warm"}
    # Values enter the key as digests: the secret is written nowhere.
    command = SUMMARIZERS.get("command").from_config(
        {"command": [sys.executable, "-m", "summarize"], "cwd": str(cwd), "env": declared}
    )
    assert secret not in json.dumps(command.key_inputs())
    for out in ("one", "two"):
        for file in (tmp_path / out).rglob("*"):
            if file.is_file():
                assert secret.encode() not in file.read_bytes(), file


def test_a_bad_variable_name_is_a_config_error():
    with pytest.raises(ConfigError, match=r"env.*not an environment variable name"):
        SUMMARIZERS.get("command").from_config({"command": "true", "env": ["TOKEN=abc"]})


def test_a_file_rewritten_in_place_is_digested_again_in_one_process(tmp_path):
    import time

    from bench.fingerprint import file_digest

    path = tmp_path / "p.jsonl"
    path.write_text('{"id": "a", "summary": "old"}\n')
    before, stat = file_digest(path), path.stat()
    time.sleep(0.05)  # past the tick of the kernel's file clock (a few ms)
    path.write_text('{"id": "a", "summary": "new"}\n')  # same size, same inode
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the old modification time
    after = path.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        stat.st_ino,
        stat.st_size,
        stat.st_mtime_ns,
    )
    assert file_digest(path) != before
    assert file_digest(path) == hashlib.sha256(path.read_bytes()).hexdigest()


def test_predictions_rewritten_in_place_are_scored_again_by_the_next_run(tmp_path):
    from bench.experiment import load_config, run_experiment

    path = tmp_path / "p.jsonl"
    config = tmp_path / "p.yaml"
    config.write_text(
        "name: p\ndataset: {path: seeds/nk-diplomat, config: articles}\n"
        f"summarizers: [{{type: predictions, name: p, args: {{path: '{path}'}}}}]\n"
        "metrics: [{type: rouge}]\n"
        f"cache: {{path: '{tmp_path / 'p.sqlite'}'}}\n"
    )
    summaries = []
    for word in ("diplomat", "xxxxxxxx"):  # same length: the file keeps its size
        if path.exists():
            stat = path.stat()
        path.write_text(f'{{"id": "nk-001-wire", "summary": "The {word} defected."}}\n')
        if len(summaries):
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        run_experiment(load_config(config), output_dir=tmp_path / word, log=lambda _: None)
        rows = (tmp_path / word / "predictions.jsonl").read_text().splitlines()
        summaries += [json.loads(r)["summary"] for r in rows if "nk-001-wire" in r]
    assert summaries == ["The diplomat defected.", "The xxxxxxxx defected."]
