"""The command line, end to end, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bench.cli import main

from ..builders import ROOT, python_output


def test_help_is_instant_and_imports_no_heavy_library():
    code = (
        "import sys, contextlib, io\n"
        "from bench.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try: main(['--help'])\n"
        "    except SystemExit: pass\n"
        "heavy = [m for m in ('torch', 'transformers', 'bert_score', 'datasets', 'numpy') "
        "if m in sys.modules]\n"
        "print(heavy)\n"
    )
    assert python_output(code) == "[]"


def test_python_dash_m_bench_and_version():
    out = subprocess.run(
        [sys.executable, "-m", "bench", "--version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    from bench import __version__

    assert out.stdout.strip() == f"summbench {__version__}"


def test_list_shows_every_section(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for name in (
        "lead",
        "random",
        "textrank",
        "lexrank",
        "oracle",
        "human",
        "predictions",
        "rouge",
        "bertscore",
        "checklist",
        "textstats",
        "lexical",
        "seeds/nk-diplomat",
    ):
        assert name in out


def test_validate_accepts_the_seed_config(capsys):
    assert main(["validate", "configs/seed.yaml"]) == 0
    assert "configs/seed.yaml: ok (6 systems, 4 metrics, 6 examples" in capsys.readouterr().out


def test_counts_of_one_read_as_one(tmp_path, capsys):
    from bench.wording import counted

    assert [counted(1, "system"), counted(2, "summary"), counted(0, "metric")] == [
        "1 system",
        "2 summaries",
        "0 metrics",
    ]
    config = tmp_path / "one.yaml"
    config.write_text(
        "name: one\ndataset: {path: seeds/nk-diplomat, config: all}\n"
        "summarizers: [{type: lead}]\nmetrics: [{type: rouge}]\n"
        f"output: {tmp_path / 'out'}\n"
    )
    assert main(["validate", str(config)]) == 0
    assert "ok (1 system, 1 metric, 6 examples" in capsys.readouterr().out


def test_errors_are_one_paragraph_with_exit_code_2(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ndataset: {path: seeds/nk-diplomat}\nsummarizers: [{type: leed}]\n")
    assert main(["run", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("summbench: error: ") and "Traceback" not in err
    assert 'Did you mean "lead"' in err


def test_score_a_predictions_file(tmp_path, capsys, seed_dataset):
    predictions = tmp_path / "mine.jsonl"
    lines = []
    for example in seed_dataset:
        lines.append({"id": example.id, "summary": example.references[0], "system": "copy-ref"})
        if example.id != "nk-cluster":  # one example missing: a failure, not silently dropped
            lines.append({"id": example.id, "summary": example.source[:300], "system": "prefix"})
    predictions.write_text("".join(json.dumps(x) + "\n" for x in lines))
    out_dir = tmp_path / "out"
    code = main(
        [
            "score",
            "--dataset",
            "seeds/nk-diplomat",
            "--config",
            "all",
            "--predictions",
            str(predictions),
            "--output",
            str(out_dir),
            "--quiet",
        ]
    )
    assert code == 0
    board = json.loads((out_dir / "leaderboard.json").read_text())
    rows = {r["system"]: r for r in board["rows"]}
    assert rows["copy-ref"]["n"] == 6 and rows["copy-ref"]["failed"] == 0
    assert rows["prefix"]["n"] == 5 and rows["prefix"]["failed"] == 1
    # The default (learned) matcher leads with the expected fact recall.
    recall = {name: row["scores"]["fact_recall_soft"]["mean"] for name, row in rows.items()}
    assert recall["copy-ref"] > recall["prefix"]
    assert "prefix failed on 1 of 6" in (out_dir / "leaderboard.md").read_text()
    headline = {"rouge1_f", "bertscore_f1", "fact_recall_soft", "words"}
    assert headline <= set(rows["prefix"]["scores"])


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed")
    assert main(["run", "configs/seed.yaml", "--output", str(out), "--quiet"]) == 0
    return out


#: What the repository ignores in a results folder (the cache, the lock, the last invocation).
_NOT_COMMITTED = ("cache.sqlite", ".summbench.lock", "last-run.json")
SEED_FILES = sorted(
    str(path.relative_to(ROOT / "results" / "seed"))
    for path in (ROOT / "results" / "seed").rglob("*")
    if path.is_file() and not path.name.startswith(_NOT_COMMITTED)
)


def test_every_committed_seed_file_is_checked():
    assert {"run.json", "scores.jsonl", "leaderboard.html", "plots/means.png"} <= set(SEED_FILES)


@pytest.mark.repro
@pytest.mark.parametrize("name", SEED_FILES)
def test_seed_results_regenerate_byte_identical(seed_run, name):
    """README command 1 leaves the checkout clean: every committed file comes back the same."""
    assert (seed_run / name).read_bytes() == (ROOT / "results" / "seed" / name).read_bytes(), (
        f"results/seed/{name} differs from what `summbench run configs/seed.yaml` writes: "
        "regenerate the committed results (bash .ci/regenerate) in the same commit as the "
        "change, with the locked install (tests/end_to_end/test_lock.py)"
    )


def test_seed_leaderboard_content(seed_run):
    board = json.loads((seed_run / "leaderboard.json").read_text())
    kinds = {r["system"]: r["kind"] for r in board["rows"]}
    assert kinds == {
        "lead-3": "system",
        "random-3": "system",
        "textrank-3": "system",
        "lexrank-3": "system",
        "oracle-3": "oracle",
        "human": "human",
    }
    columns = [c["key"] for c in board["columns"]]
    assert columns == [
        "rouge1_f",
        "rouge2_f",
        "rougeL_f",
        "bertscore_f1",
        "fact_recall",
        "contradictions",
        "words",
    ]
    markdown = (seed_run / "leaderboard.md").read_text()
    assert "*reads the references*" in markdown and "oracle-3 †" in markdown
    # Five documents and a cluster cannot separate the systems, and the table says so.
    assert all(r["cluster"] == 1 for r in board["rows"] if r["kind"] == "system")
    assert "With 6 examples no difference can be significant" in markdown
    assert "at least 7 are needed" in markdown
    lead = next(r for r in board["rows"] if r["system"] == "lead-3")["scores"]["rouge1_f"]
    assert lead["low"] < lead["mean"] < lead["high"]
    assert "- stats: `stats|ci:percentile|B:1000|level:0.95|test:ar" in markdown
    assert "- metric rouge: `rouge|types:rouge1,rouge2,rougeL,rougeLsum|stem:yes" in markdown
    run = json.loads((seed_run / "run.json").read_text())
    assert run["seed"] == 13 and run["environment"]["libraries"]["rouge-score"]
    scores = [json.loads(x) for x in (seed_run / "scores.jsonl").open()]
    assert len(scores) == 36  # 6 systems x 6 examples
    human = next(s for s in scores if s["system"] == "human")
    assert human["n_candidates"] == 3


def test_leaderboard_command_rerenders_identically(seed_run, capsys):
    before = (seed_run / "leaderboard.md").read_bytes()
    assert main(["leaderboard", str(seed_run)]) == 0
    assert (seed_run / "leaderboard.md").read_bytes() == before
    assert capsys.readouterr().out.encode() == before


def test_readme_shows_the_committed_seed_leaderboard():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    embedded = readme.split("<!-- seed-leaderboard:start -->\n")[1].split("<!-- seed-")[0]
    assert embedded == (ROOT / "results/seed/leaderboard.md").read_text(encoding="utf-8"), (
        "copy results/seed/leaderboard.md into README.md between the seed-leaderboard markers"
    )


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line for line in ci.splitlines() if line.startswith("python3 -m venv"))
    assert command in readme


def test_readme_shows_the_committed_probe_table():
    table = (ROOT / "results/probe/seed/probe.md").read_text(encoding="utf-8").split("\n\n")[2]
    assert table in (ROOT / "README.md").read_text(encoding="utf-8")


def test_significance_separates_systems_given_enough_examples(tmp_path):
    """Sixty examples where one system is clearly better: clusters split, p-values are small."""
    import numpy as np

    from bench.leaderboard import Leaderboard
    from bench.records import Column, DatasetInfo, ItemRecord, RunRecord, StatsSettings, SystemInfo

    rng = np.random.default_rng(0)
    records = []
    for i in range(60):
        good = float(rng.uniform(0.5, 0.9))
        close = good - 0.005 + float(rng.normal(0, 0.05))  # a hair worse, and noisy
        for system, value in (("good", good), ("close", close), ("bad", good - 0.3)):
            records.append(
                ItemRecord(
                    system=system,
                    example_id=f"e{i}",
                    failed=False,
                    n_candidates=1,
                    scores={"rouge1_f": value},
                )
            )
    run = RunRecord(
        experiment="t",
        config_file="t.yaml",
        config={},
        stats=StatsSettings(baseline="bad"),
        seed=1,
        dataset=DatasetInfo(name="d", signature="data:d", examples=60),
        columns=[Column("rouge1_f", "R-1 F", True)],
        shown=["rouge1_f"],
        primary="rouge1_f",
        metrics=[],
        systems=[
            SystemInfo(name=n, type="x", kind="system", args={}, signature=n)
            for n in ("good", "close", "bad")
        ],
    )
    board = Leaderboard.from_run(run, records)
    clusters = {r.system: r.cluster for r in board.systems}
    assert clusters == {"good": 1, "close": 1, "bad": 2}
    bad = next(r for r in board.systems if r.system == "bad")
    assert bad.p_best < 0.001 and bad.p_baseline is None
    assert next(r for r in board.systems if r.system == "good").p_baseline < 0.001
    from bench.leaderboard import render_markdown

    assert "no difference can be significant" not in render_markdown(board)
    assert "p vs bad" in render_markdown(board)


def test_score_like_a_run_can_be_merged_onto_its_leaderboard(tmp_path, seed_dataset):
    """`score --like results/seed` takes the seed run's metrics, seed and statistics, so a
    user's predictions merge onto the seed leaderboard."""
    predictions = tmp_path / "mine.jsonl"
    predictions.write_text(
        "".join(
            json.dumps({"id": e.id, "summary": e.references[0].split(".")[0] + "."}) + "\n"
            for e in seed_dataset
        )
    )
    out = tmp_path / "mine"
    argv = ["score", "--dataset", "seeds/nk-diplomat", "--config", "all"]
    argv += ["--predictions", str(predictions), "--like", "results/seed"]
    assert main([*argv, "--output", str(out), "--quiet"]) == 0
    merged = tmp_path / "merged"
    assert main(["leaderboard", "results/seed", str(out), "--output", str(merged)]) == 0
    rows = json.loads((merged / "leaderboard.json").read_text())["rows"]
    assert "mine" in {r["system"] for r in rows} and len(rows) == 7
    # Without --like, score's own defaults differ, and the refusal names both values.
    plain = tmp_path / "plain"
    assert main([*argv[:-2], "--output", str(plain), "--quiet"]) == 0
    assert main(["leaderboard", "results/seed", str(plain), "--output", str(tmp_path / "x")]) == 2


def test_a_config_without_metrics_on_data_without_checklists_scores_extracted_facts(
    tmp_path, capsys
):
    data = tmp_path / "d.jsonl"
    data.write_text(
        "".join(
            json.dumps({"id": f"d{i}", "source": f"Cats sat {i}. Dogs ran.", "references": ["x"]})
            + "\n"
            for i in range(3)
        )
    )
    config = tmp_path / "c.yaml"
    config.write_text(f"name: c\ndataset: {{path: '{data}'}}\nsummarizers: [{{type: lead}}]\n")
    assert main(["run", str(config), "--output", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "scoring against facts extracted from its references (facts: auto" in err
    assert "default metrics without" not in err
    run = json.loads((tmp_path / "out" / "run.json").read_text())
    assert [m["name"] for m in run["metrics"]] == ["rouge", "bertscore", "checklist", "textstats"]
    assert run["config"]["metrics"][2]["args"]["facts"] == "auto"
    # Named explicitly, a checklist of the dataset's facts on such data is still an error, not
    # silently dropped or replaced.
    config.write_text(config.read_text() + "metrics: [{type: checklist}]\n")
    assert main(["run", str(config), "--output", str(tmp_path / "out2")]) == 2


def test_the_command_tunes_the_collector_and_a_caller_keeps_its_own():
    """``summbench`` (main() without argv) owns its process: fewer collections, and no last
    collection over torch's objects at exit. main(argv) from Python changes nothing."""
    code = (
        "import gc, sys, contextlib, io\n"
        "from bench.cli import main\n"
        "sys.argv = ['summbench', '--version']\n"
        "def run(*args):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        try: main(*args)\n"
        "        except SystemExit: pass\n"
        "    return [gc.get_threshold(), gc.get_freeze_count() > 0]\n"
        "print(run(['--version']), run())\n"
    )
    assert python_output(code) == "[(700, 10, 10), False] [(200000, 30, 30), True]"
