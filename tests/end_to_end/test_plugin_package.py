"""A plugin package, installed for real, found through its entry point, run from YAML."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from bench.cli import main

from ..builders import ROOT


@pytest.fixture(scope="module")
def installed_plugin(tmp_path_factory):
    """The package installed from a copy of tests/data/plugin: setuptools writes build/ and an
    egg-info folder beside the source, and nothing is written into the checkout."""
    source = tmp_path_factory.mktemp("plugin-source") / "plugin"
    shutil.copytree(ROOT / "tests" / "data" / "plugin", source)
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(target),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target


def test_the_plugin_is_listed_and_runs_by_name(installed_plugin, monkeypatch, tmp_path, capsys):
    monkeypatch.syspath_prepend(str(installed_plugin))
    assert main(["list", "summarizers"]) == 0
    listing = capsys.readouterr().out
    assert "shout" in listing and "[plugin from summbench-shout]" in listing
    assert "The first sentence of the source, in capitals." in listing
    config = tmp_path / "p.yaml"
    config.write_text(
        "name: p\ndataset: {path: seeds/nk-diplomat, config: articles}\n"
        "summarizers: [{type: shout}, {type: lead}]\nmetrics: [{type: rouge}]\n"
    )
    assert main(["run", str(config), "--output", str(tmp_path / "out"), "--quiet"]) == 0
    rows = [json.loads(x) for x in (tmp_path / "out" / "predictions.jsonl").open()]
    shouted = [r["summary"] for r in rows if r["system"] == "shout"]
    assert len(shouted) == 5 and all(s == s.upper() for s in shouted)


def test_an_unknown_name_still_suggests(installed_plugin, monkeypatch):
    from bench.errors import RegistryError
    from bench.summarizers import SUMMARIZERS

    monkeypatch.syspath_prepend(str(installed_plugin))
    with pytest.raises(RegistryError, match='Did you mean "shout"'):
        SUMMARIZERS.get("shot")


LIFECYCLE = ("fit", "attach_store", "loads_model", "warm_up", "versions", "usage")


def test_metrics_and_matchers_share_one_lifecycle():
    """Every built-in metric and fact matcher is a JudgingPlugin, and the two bases define no
    lifecycle step of their own but ``fit`` (whose corpus differs: examples vs sources): a
    step added to one base and not the other would make the executors treat them apart."""
    from bench.facts.matcher import FactMatcher
    from bench.facts.registry import MATCHERS
    from bench.metrics import METRICS
    from bench.metrics.base import Metric
    from bench.plugin import JudgingPlugin

    for base in (Metric, FactMatcher):
        own = {step for step in LIFECYCLE if step in vars(base)}
        assert own == {"fit"}, f"{base.__name__} redefines {sorted(own - {'fit'})}"
    for registry in (METRICS, MATCHERS):
        for entry in registry.entries():
            if entry.origin == "built-in":
                cls = registry.get(entry.name)
                assert issubclass(cls, JudgingPlugin), entry.name
