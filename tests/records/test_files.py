"""A results folder is read back through typed records: broken, incomplete, duplicated or
foreign files are bad input (exit 2, file and line named, the fix given), never a table with a
wrong n."""

from __future__ import annotations

import json
import shutil

import pytest

from bench.cli import main
from bench.records import RunRecord, read_run

from ..builders import ROOT

SEED = ROOT / "results" / "seed"


@pytest.fixture
def folder(tmp_path):
    copy = tmp_path / "run"
    shutil.copytree(SEED, copy, ignore=shutil.ignore_patterns("cache.sqlite*", "*.lock"))
    return copy


def _lines(path):
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def _edit_run(folder, **changes):
    run = json.loads((folder / "run.json").read_text())
    run.update(changes)
    (folder / "run.json").write_text(json.dumps(run))


def _edit_column_decimals(folder, decimals):
    run = json.loads((folder / "run.json").read_text())
    run["columns"][0]["decimals"] = decimals
    (folder / "run.json").write_text(json.dumps(run))


def _edit_score(folder, literal):
    """The first record's first score written as ``literal`` (JSON text, maybe not JSON)."""
    lines = _lines(folder / "scores.jsonl")
    record = json.loads(lines[0])
    key = next(k for k, v in record["scores"].items() if v is not None)
    record["scores"][key] = "@@"
    lines[0] = json.dumps(record).replace('"@@"', literal) + "\n"
    (folder / "scores.jsonl").write_text("".join(lines))


def test_a_format_2_run_json_is_still_read(folder):
    """Format 2 also held the date, timings, machine and usage: read as format 3 without them."""
    current, _ = read_run(folder)
    old = json.loads((folder / "run.json").read_text())
    old["format"] = 2
    old["created"], old["timings_s"] = "2026-11-23T18:33:13+00:00", {"total": 6.6}
    old["environment"] = {**old["environment"], "python": "3.11.7", "git_commit": "abc"}
    for section in ("systems", "metrics"):
        for entry in old[section]:
            entry["usage"] = {}
    (folder / "run.json").write_text(json.dumps(old))
    assert read_run(folder)[0] == current


def test_the_committed_seed_run_reads_back_typed():
    run, items = read_run(SEED)
    assert isinstance(run, RunRecord) and run.seed == 13
    assert len(items) == len(run.systems) * run.dataset.examples == 36


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda f: (f / "run.json").write_text("{not json"), "not valid JSON"),
        (lambda f: (f / "run.json").write_text('{"format": 2}'), "not a valid run record"),
        (lambda f: (f / "run.json").write_text("[]"), "another version"),
        (
            lambda f: (f / "run.json").write_text(
                json.dumps(
                    {
                        k: v
                        for k, v in json.loads((f / "run.json").read_text()).items()
                        if k != "format"
                    }
                )
            ),
            "another version",
        ),
        (lambda f: (f / "scores.jsonl").write_text(""), "0 records where run.json promises 36"),
        (
            lambda f: (f / "scores.jsonl").write_text(
                "".join(_lines(f / "scores.jsonl") + _lines(f / "scores.jsonl")[:1])
            ),
            "repeats system",
        ),
        (
            lambda f: (f / "scores.jsonl").write_text("".join(_lines(f / "scores.jsonl")[:-1])),
            "incomplete",
        ),
        (
            lambda f: (f / "scores.jsonl").write_text(
                "".join(_lines(f / "scores.jsonl")[:3]) + '{"system": "lead-3"}\n'
            ),
            "scores.jsonl:4",
        ),
        (lambda f: (f / "scores.jsonl").unlink(), "not a finished summbench run"),
        (lambda f: _edit_run(f, decimals=-5), "decimals"),
        (lambda f: _edit_run(f, decimals=1_000_000), "decimals"),
        (lambda f: _edit_column_decimals(f, 40), "decimals outside 0-8"),
        (
            lambda f: _edit_run(f, dataset={"name": "x", "signature": "y", "examples": -6}),
            "examples",
        ),
        (lambda f: _edit_score(f, "1e308"), "beyond any score"),
        (lambda f: _edit_score(f, "NaN"), "scores.jsonl:1"),
        (lambda f: _edit_score(f, "-Infinity"), "-Infinity is not JSON"),
        (
            lambda f: (f / "run.json").write_text(
                (f / "run.json").read_text().replace('"seed": 13', '"seed": NaN')
            ),
            "NaN",
        ),
    ],
    ids=[
        "run-not-json",
        "run-incomplete",
        "run-not-a-mapping",
        "run-old-format",
        "scores-empty",
        "scores-duplicated-row",
        "scores-cut-short",
        "scores-bad-line",
        "scores-missing",
        "decimals-negative",
        "decimals-huge",
        "column-decimals-huge",
        "examples-negative",
        "score-huge",
        "score-nan",
        "score-infinity",
        "run-nan",
    ],
)
def test_a_damaged_folder_is_bad_input(folder, capsys, damage, expected):
    damage(folder)
    assert main(["leaderboard", str(folder)]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert "Fix:" in err


def test_the_page_and_figures_of_a_merged_run(folder, tmp_path):
    """A merged run gets every table and its page, with both runs' summaries."""
    other = tmp_path / "other"
    shutil.copytree(folder, other)
    run = json.loads((other / "run.json").read_text())
    for system in run["systems"]:
        system["name"] = "v2-" + system["name"]
    (other / "run.json").write_text(json.dumps(run))
    for name in ("scores.jsonl", "predictions.jsonl"):
        rows = [json.loads(line) for line in _lines(other / name)]
        for row in rows:
            row["system"] = "v2-" + row["system"]
        (other / name).write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "merged"
    assert main(["leaderboard", str(folder), str(other), "--output", str(out)]) == 0
    page = (out / "leaderboard.html").read_text()
    assert "v2-lead-3" in page and "lead-3" in page
    assert main(["leaderboard", str(out)]) == 0  # the merged folder is a run of its own
    assert main(["plot", str(out)]) == 0
    assert (out / "plots" / "means.png").is_file()


def test_damaged_cache_rows_are_computed_again(tmp_path, capsys):
    import sqlite3

    data = tmp_path / "d.jsonl"
    data.write_text(
        "".join(
            json.dumps({"id": f"d{i}", "source": f"Cats sat {i}. Dogs ran.", "references": ["x y"]})
            + "\n"
            for i in range(5)
        )
    )
    config = tmp_path / "c.yaml"
    config.write_text(
        f"name: c\ndataset: {{path: '{data}'}}\nsummarizers: [{{type: lead}}]\n"
        "metrics: [{type: rouge}, {type: textstats}]\n"
    )
    out = tmp_path / "out"
    assert main(["run", str(config), "--output", str(out), "--quiet"]) == 0
    tables = (out / "leaderboard.md").read_text()
    with sqlite3.connect(out / "cache.sqlite") as db:
        db.execute("UPDATE scores SET value = 'not json' WHERE rowid % 2 = 0")
        db.execute("""UPDATE scores SET value = '{"values": {"rouge1_f": "high"}, "details": {}}'
                      WHERE rowid % 3 = 0""")
        db.execute("UPDATE generations SET value = '[{\"text\": 5}]' WHERE rowid = 1")
        db.execute("UPDATE datasets SET value = '{}'")
    capsys.readouterr()
    assert main(["run", str(config), "--output", str(out)]) == 0
    err = capsys.readouterr().err
    assert "rows of the cache could not be read; computed again" in err
    assert (out / "leaderboard.md").read_text() == tables
    assert main(["run", str(config), "--output", str(out)]) == 0  # repaired: nothing damaged
    assert "could not be read" not in capsys.readouterr().err
