"""Import strings resolve from the folder summbench runs in, as `python -m` would find them
(issue 21), through the real `summbench` command without PYTHONPATH; files there named like a
library never stand in for it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..builders import ROOT

MODULE = '''\
from bench.facts.lexical import LexicalMatcher
from bench.metrics.textstats import TextStatsMetric
from bench.summarizers.base import Summarizer


class FirstWords(Summarizer):
    """The first words of the source."""

    def summarize(self, examples):
        return [" ".join(e.source.split()[:12]){change} for e in examples]


class MyStats(TextStatsMetric):
    """Text statistics, from the user's folder."""


class MyMatcher(LexicalMatcher):
    """The lexical matcher, from the user's folder."""
'''

CONFIG = f"""\
name: mine
dataset: {{path: {ROOT / "seeds" / "nk-diplomat"}, config: all}}
summarizers: [{{type: "my_module:FirstWords"}}]
metrics:
  - {{type: "my_module:MyStats"}}
  - {{type: checklist, args: {{matcher: {{type: "my_module:MyMatcher"}}}}}}
"""

#: Files named like modules that summbench, or a library it uses, imports: some before any
#: plugin (yaml, json), matplotlib only after the plugins are imported, to draw the figures.
SHADOWS = ("yaml", "json", "sqlite3", "csv", "matplotlib")


def _summbench(folder: Path, *args: str) -> subprocess.CompletedProcess:
    command = Path(sys.executable).with_name("summbench")
    executable = str(command) if command.exists() else shutil.which("summbench")
    assert executable, "the summbench command is not installed"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["HF_HUB_OFFLINE"] = "1"
    return subprocess.run(
        [executable, *args], cwd=folder, env=env, capture_output=True, text=True, timeout=300
    )


def _summaries(out: Path) -> list[str]:
    lines = (out / "predictions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["summary"] for line in lines]


def test_a_module_in_the_current_folder_runs_and_its_source_keys_the_cache(tmp_path):
    (tmp_path / "my_module.py").write_text(MODULE.format(change=""))
    for name in SHADOWS:
        (tmp_path / f"{name}.py").write_text(f'raise ImportError("the folder\'s {name}.py")\n')
    (tmp_path / "c.yaml").write_text(CONFIG)

    done = _summbench(tmp_path, "run", "c.yaml", "--output", "out", "--quiet")
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out"
    first = _summaries(out)
    assert first and all(len(s.split()) <= 12 for s in first)
    board = json.loads((out / "leaderboard.json").read_text())
    assert [r["system"] for r in board["rows"]] == ["my_module:FirstWords"]
    assert "fact_recall" in json.dumps(board) and "words" in json.dumps(board)

    # Edited code, same settings: the summaries are made again, not read from the cache.
    (tmp_path / "my_module.py").write_text(MODULE.format(change=".upper()"))
    done = _summbench(tmp_path, "run", "c.yaml", "--output", "out", "--quiet")
    assert done.returncode == 0, done.stderr
    assert _summaries(out) == [s.upper() for s in first]


def test_a_file_named_like_a_library_does_not_replace_it(tmp_path):
    for name in SHADOWS:
        (tmp_path / f"{name}.py").write_text("class Foo:\n    pass\n")
    (tmp_path / "c.yaml").write_text(CONFIG.replace("my_module:FirstWords", "json:Foo"))
    done = _summbench(tmp_path, "validate", "c.yaml")
    assert done.returncode == 2
    assert 'module "json" has no attribute "Foo"' in done.stderr
    assert "not from the json.py in this folder" in done.stderr
    assert "Traceback" not in done.stderr
