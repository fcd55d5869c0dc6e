"""Config errors name the file, the key path, what is allowed, and a fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.errors import ConfigError, RegistryError
from bench.experiment import load_config
from bench.experiment.plan import build_plan

from ..builders import ROOT

BASE = """\
name: t
dataset: {path: seeds/nk-diplomat, config: all}
summarizers:
  - {type: lead}
"""


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "exp.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _plan(tmp_path: Path, text: str):
    path = _config(tmp_path, text)
    return build_plan(load_config(path), file=str(path))


def test_every_bundled_config_is_valid():
    for path in sorted((ROOT / "configs").glob("*.yaml")):
        plan = build_plan(load_config(path), file=str(path))
        assert plan.systems and plan.metrics


def test_defaults(tmp_path):
    plan = _plan(tmp_path, BASE)
    assert [m.name for m in plan.metrics] == ["rouge", "bertscore", "checklist", "textstats"]
    assert plan.primary.key == "rouge1_f"
    assert plan.config.output_dir == Path("results/t")


def test_yaml_syntax_error_names_the_line(tmp_path):
    with pytest.raises(ConfigError, match=r"exp\.yaml:4:1: not valid YAML \(.* at line 3: "):
        load_config(_config(tmp_path, "name: t\nsummarizers:\n  - {type: lead\n"))


def test_a_list_instead_of_a_mapping(tmp_path):
    with pytest.raises(ConfigError, match="must hold a mapping"):
        load_config(_config(tmp_path, "- a\n- b\n"))


def test_unknown_top_level_key_suggests_the_right_one(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_config(_config(tmp_path, BASE + "summarisers: []\n"))
    assert 'summarisers: unknown key. Did you mean "summarizers"?' in str(err.value)
    assert "exp.yaml" in str(err.value) and "Fix:" in str(err.value)


def test_unknown_key_in_a_list_entry(tmp_path):
    with pytest.raises(
        ConfigError, match=r'summarizers\[0\]\.arg: unknown key\. Did you mean "args"'
    ):
        load_config(_config(tmp_path, BASE.replace("{type: lead}", "{type: lead, arg: {}}")))


@pytest.mark.parametrize("key", ["name", "nmae"])
def test_a_matcher_entry_has_no_display_name(tmp_path, key):
    """MatcherSpec is a PluginSpec without ``name``: the key is refused like any unknown
    one, and the allowed keys listed are the matcher's own."""
    metrics = f"metrics:\n  - {{type: checklist, args: {{matcher: {{type: lexical, {key}: x}}}}}}\n"
    with pytest.raises(ConfigError) as err:
        _plan(tmp_path, BASE + metrics)
    assert f"metrics[0].args.matcher.{key}: unknown key." in str(err.value)
    assert "Allowed keys: args, type." in str(err.value)

def test_missing_and_wrongly_typed_keys(tmp_path):
    with pytest.raises(ConfigError, match=r"dataset: required key is missing"):
        load_config(_config(tmp_path, "name: t\nsummarizers: [{type: lead}]\n"))
    with pytest.raises(ConfigError, match=r"seed: .*integer.*'many'"):
        load_config(_config(tmp_path, BASE + "seed: many\n"))


def test_misspelt_metric_and_summarizer_names(tmp_path):
    with pytest.raises(RegistryError, match=r'summarizers\[0\]\.type.*"leed".*Did you mean "lead"'):
        _plan(tmp_path, BASE.replace("type: lead", "type: leed"))
    with pytest.raises(RegistryError, match=r'metrics\[0\]\.type.*"rogue".*Did you mean "rouge"'):
        _plan(tmp_path, BASE + "metrics: [{type: rogue}]\n")


def test_bad_plugin_arguments_name_the_key_path(tmp_path):
    text = BASE + "metrics: [{type: rouge, args: {multi_ref: best}}]\n"
    with pytest.raises(
        ConfigError, match=r"metrics\[0\]\.args\.multi_ref: .*'max', 'mean' or 'jackknife'"
    ):
        _plan(tmp_path, text)


def test_duplicate_names_and_unknown_columns(tmp_path):
    with pytest.raises(ConfigError, match='two entries are called "lead"'):
        _plan(tmp_path, BASE + "  - {type: lead}\n")
    with pytest.raises(ConfigError, match=r'no column "fact_recal"\. Did you mean "fact_recall"'):
        _plan(tmp_path, BASE + "primary: fact_recal\n")
    with pytest.raises(ConfigError, match="does not rank"):
        _plan(tmp_path, BASE + "primary: words\n")


def test_a_table_needs_a_score_to_rank_by(tmp_path):
    with pytest.raises(ConfigError, match="no metric produces a score to rank by"):
        _plan(tmp_path, BASE + "metrics: [{type: textstats}]\n")


def test_two_metrics_of_one_type_need_names(tmp_path):
    text = BASE + "metrics: [{type: rouge}, {type: rouge, args: {multi_ref: mean}}]\n"
    with pytest.raises(ConfigError, match='two entries are called "rouge"'):
        _plan(tmp_path, text)
    named = text.replace("{type: rouge, args", "{type: rouge, name: mean, args")
    plan = _plan(tmp_path, named)
    assert "mean/rouge1_f" in [c.key for c in plan.columns]


def test_seed_reaches_seeded_summarizers(tmp_path):
    plan = _plan(tmp_path, BASE + "  - {type: random}\nseed: 7\n")
    assert plan.systems[1].summarizer.settings()["seed"] == 7


def test_a_plugin_that_fails_to_build(tmp_path):
    text = BASE.replace("{type: lead}", "{type: 'tests.user_plugins:FirstWords', args: {n: 0}}")
    with pytest.raises(ConfigError, match=r"summarizers\[0\]\.args\.n"):
        _plan(tmp_path, text)


def test_validate_reports_every_problem_of_every_file_in_one_call(tmp_path, capsys):
    from bench.cli import main

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: bad\ndataset: {path: seeds/nk-diplomat, config: all}\n"
        "summarizers:\n"
        "  - {type: lead, args: {budget: {sentence: 3}}}\n"
        "  - {type: ledd}\n"
        "metrics: [{type: rouge, args: {stemer: true}}, {type: textstats}]\n"
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "name: b\ndataset: {path: nowhere.jsonl, limt: 2}\nsummarizers: [{type: lead}]\n"
    )
    good = tmp_path / "good.yaml"
    good.write_text(
        "name: good\ndataset: {path: seeds/nk-diplomat, config: all}\n"
        "summarizers: [{type: lead}]\nmetrics: [{type: rouge}]\n"
    )
    assert main(["validate", str(bad), str(broken), str(good)]) == 2
    captured = capsys.readouterr()
    err = captured.err
    assert 'budget.sentence: unknown key. Did you mean "sentences"?' in err  # nested
    assert 'Did you mean "lead"' in err  # the second summarizer, reported too
    assert 'stemer: unknown key. Did you mean "stemmer"?' in err  # and the metric
    assert 'dataset.limt: unknown key. Did you mean "limit"?' in err  # the next file
    assert "2 of 3 configs have problems" in err
    assert f"{good}: ok" in captured.out
