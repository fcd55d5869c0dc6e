"""The checklist's ``contradictions`` column counts contradicted facts, not only stated probes
(issue 23, item 3), and every output shows it: the public API, ``scores.jsonl``, the
leaderboard files and the terminal table of a real ``summbench run``.

The data is what a user brings: plain-string checklists and no probes. One system repeats the
facts, the other changes a number or a month in each; the default (learned) matcher judges.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import bench
from bench.cli import main
from bench.metrics.checklist import ChecklistMetric

from ..builders import jsonl, screen, write

#: (id, source, the fact as the source states it, the fact changed)
STORIES = [
    (
        "quake",
        "A strong earthquake struck northern Chile on Tuesday. The earthquake killed 12 people "
        "in Chile. Rescue teams searched collapsed homes.",
        "The earthquake killed 12 people in Chile.",
        "The earthquake killed 15 people in Chile.",
    ),
    (
        "bridge",
        "The city opened its new river bridge. The bridge cost 40 million dollars. Traffic is "
        "expected to fall downtown.",
        "The bridge cost 40 million dollars.",
        "The bridge cost 90 million dollars.",
    ),
    (
        "vote",
        "Voters went to the polls after a long campaign. The election was held in March 2021. "
        "Turnout was high.",
        "The election was held in March 2021.",
        "The election was held in May 2021.",
    ),
    (
        "plant",
        "A car maker expanded its factory. The company hired 300 workers in Ohio. The plant "
        "will build batteries.",
        "The company hired 300 workers in Ohio.",
        "The company hired 700 workers in Ohio.",
    ),
]
SYSTEMS = ("faithful", "wrong")
#: What each system's Contradictions mean must be: one changed fact per summary, or none.
EXPECTED = {"faithful": 0.0, "wrong": 1.0}


def test_the_api_counts_a_contradicted_plain_fact():
    facts = [[fact] for _, _, fact, _ in STORIES]
    faithful = bench.checklist([fact for _, _, fact, _ in STORIES], facts)
    wrong = bench.checklist([changed for *_, changed in STORIES], facts)
    assert faithful.means["contradictions"] == 0 and faithful.means["fact_recall"] == 1
    for item in wrong.items:
        assert item["facts_contradicted"] == item["contradictions"] == 1
        # No probes: the claims that could be contradicted are the facts themselves.
        assert item["contradiction_rate"] == 1
        # The matcher's score of a contradicted fact earns it nothing, soft recall included.
        assert item["fact_recall"] == item["fact_recall_soft"] == 0
    assert wrong.means["contradictions"] == 1
    assert wrong.intervals["contradictions"].low == 1


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _old_meaning(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checklist as every release before this change scored: ``contradictions`` counted
    stated probes only, under the signature it had then (so under the cache key it had)."""
    summarise = ChecklistMetric._summarise

    def probes_only(self, item, verdicts):
        score = summarise(self, item, verdicts)
        stated, probes = len(score.details["probes_stated"]), len(item.example.probes)
        score.values["contradictions"] = float(stated)
        score.values["contradiction_rate"] = stated / probes if probes else None
        return score

    monkeypatch.setattr(ChecklistMetric, "_summarise", probes_only)
    monkeypatch.setattr(
        ChecklistMetric,
        "signature",
        lambda self: f"checklist|weights:pyramid|{self.matcher.signature()}",
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> tuple[Path, Path, list[str]]:
    """Two runs of one config sharing one cache: first as the old code scored (``old``), then
    as the code scores now (``new``), its table printed on a 120-column terminal. Returns both
    folders and the lines the terminal shows."""
    root = tmp_path_factory.mktemp("contra")
    data = write(
        root,
        "data.jsonl",
        jsonl(
            *({"id": i, "source": s, "references": [f], "checklist": [f]} for i, s, f, _ in STORIES)
        ),
    )
    rows = []
    for example_id, _, fact, changed in STORIES:
        rows.append({"id": example_id, "summary": fact, "system": "faithful"})
        rows.append({"id": example_id, "summary": changed, "system": "wrong"})
    predictions = write(root, "predictions.jsonl", jsonl(*rows))
    systems = ", ".join(
        f"{{type: predictions, name: {s}, args: {{path: '{predictions}', system: {s}}}}}"
        for s in SYSTEMS
    )
    config = write(
        root,
        "contra.yaml",
        f"name: contra\ndataset: {{path: '{data}'}}\nsummarizers: [{systems}]\n"
        f"metrics: [{{type: checklist}}]\ncache: {{path: '{root / 'cache.sqlite'}'}}\n",
    )
    with pytest.MonkeyPatch.context() as patch:
        _old_meaning(patch)
        assert main(["run", config, "--output", str(root / "old"), "--quiet"]) == 0
    terminal = _Terminal()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COLUMNS", "120")
        patch.setenv("LINES", "40")
        patch.setattr(sys, "stdout", terminal)
        assert main(["run", config, "--output", str(root / "new"), "--quiet"]) == 0
    return root / "old", root / "new", screen(terminal.getvalue(), 120)


def _item_scores(folder: Path) -> dict[tuple[str, str], dict[str, float]]:
    records = [json.loads(line) for line in (folder / "scores.jsonl").read_text().splitlines()]
    return {(r["system"], r["example_id"]): r["scores"] for r in records}


def test_scores_jsonl_counts_each_changed_fact(runs):
    _, new, _ = runs
    scores = _item_scores(new)
    assert len(scores) == len(SYSTEMS) * len(STORIES)
    for (system, example_id), values in scores.items():
        expected = EXPECTED[system]
        assert values["contradictions"] == values["facts_contradicted"] == expected, example_id
        assert values["contradiction_rate"] == expected  # one fact, no probe
        assert (values["fact_recall"] == 0) == (system == "wrong")


def test_the_terminal_table_shows_the_contradictions(runs):
    *_, lines = runs
    split = lambda line: re.split(r"\s{2,}", line.strip())  # noqa: E731
    header = split(next(line for line in lines if line.lstrip().startswith("#")))
    column = header.index("Contradictions ↓")
    for system in SYSTEMS:
        row = split(next(line for line in lines if re.search(rf"\s{system}\s", line)))
        assert row[header.index("System")] == system
        assert row[column].split()[0] == f"{EXPECTED[system]:.2f}", row


class _Table(HTMLParser):
    """The cells of the page's leaderboard table (``#board``), header and rows, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._inside = self._cell = False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("id", "board") in attrs:
            self._inside = True
        elif self._inside and tag == "tr":
            self.rows.append([])
        elif self._inside and tag in ("td", "th"):
            self.rows[-1].append("")
            self._cell = True

    def handle_endtag(self, tag):
        if tag == "table":
            self._inside = False
        elif tag in ("td", "th"):
            self._cell = False

    def handle_data(self, data):
        if self._inside and self._cell:
            self.rows[-1][-1] += data


def _html(folder: Path) -> dict[str, str]:
    table = _Table()
    table.feed((folder / "leaderboard.html").read_text(encoding="utf-8"))
    header, *rows = table.rows
    at, name = header.index("Contradictions ↓"), header.index("System")
    return {row[name]: row[at].split()[0] for row in rows}


def _markdown(folder: Path) -> dict[str, str]:
    lines = [line for line in (folder / "leaderboard.md").read_text().splitlines()]
    table = [[c.strip() for c in line.strip("|").split("|")] for line in lines if line[:2] == "| "]
    header, *rows = table
    at, name = header.index("Contradictions ↓"), header.index("System")
    return {row[name]: row[at].split()[0] for row in rows}


def _csv(folder: Path) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO((folder / "leaderboard.csv").read_text()))
    return {row["system"]: f"{float(row['contradictions']):.2f}" for row in rows}


def _json(folder: Path) -> dict[str, str]:
    board = json.loads((folder / "leaderboard.json").read_text())
    assert {"key": "contradictions", "label": "Contradictions", "higher_is_better": False} in (
        board["columns"]
    )
    return {r["system"]: f"{r['scores']['contradictions']['mean']:.2f}" for r in board["rows"]}


def _latex(folder: Path) -> dict[str, str]:
    lines = [
        x.removesuffix(r"\\").strip() for x in (folder / "leaderboard.tex").read_text().splitlines()
    ]
    cells = lambda line: [c.strip() for c in line.split("&")]  # noqa: E731
    header = cells(next(x for x in lines if x.startswith("System &")))
    at = header.index(r"Contradictions $\downarrow$")
    shown = {}
    for system in SYSTEMS:
        row = cells(
            next(x for x in lines if x.startswith(f"{system}$") or x.startswith(f"{system} "))
        )
        shown[system] = re.sub(r"\\textbf\{([^}]*)\}", r"\1", row[at]).split()[0]
    return shown


@pytest.mark.parametrize("read", [_markdown, _csv, _json, _latex, _html])
def test_every_leaderboard_file_shows_the_contradictions(runs, read):
    _, new, _ = runs
    assert read(new) == {s: f"{EXPECTED[s]:.2f}" for s in SYSTEMS}


def test_scores_cached_with_the_old_meaning_are_not_served(runs):
    """The first run left probe-only counts in the shared cache; the second scored again."""
    old, new, _ = runs
    old_scores, new_scores = _item_scores(old), _item_scores(new)
    assert all(v["contradictions"] == 0 for v in old_scores.values())  # what the cache holds
    assert {k: v["contradictions"] for k, v in new_scores.items()} == {
        k: EXPECTED[k[0]] for k in new_scores
    }
    assert _json(old)["wrong"] == "0.00" and _json(new)["wrong"] == "1.00"


def test_an_old_run_is_not_merged_with_a_new_one(runs, tmp_path, capsys):
    old, new, _ = runs
    assert main(["leaderboard", str(old), str(new), "--output", str(tmp_path / "merged")]) == 2
    assert "metric 'checklist' differs" in capsys.readouterr().err
