"""Leaderboard renderings beyond Markdown: LaTeX (compiled when pdflatex is here), merging runs."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from bench.cli import main
from bench.errors import SummbenchError
from bench.leaderboard import Leaderboard, render_latex
from bench.leaderboard.latex import escape
from bench.leaderboard.merge import merge_runs
from bench.records import read_run

from ..builders import ROOT, compile_latex

SEED = ROOT / "results" / "seed"


@pytest.fixture(scope="module")
def board():
    return Leaderboard.from_run(*read_run(SEED))


def test_latex_table_structure(board):
    tex = render_latex(board)
    assert tex.count(r"\toprule") == tex.count(r"\bottomrule") == 1
    assert r"\textbf{0.508}" in tex  # lead-3's ROUGE-1, the best of the real systems
    assert "lead-3$^{*}$" in tex  # tied with the best: every system, on six examples
    assert r"\emph{Reading the references}" in tex and "human (human)" in tex
    assert r"95\% bootstrap interval" in tex and "no difference can be significant" in tex
    assert r"\textbar{}stem:yes" in tex  # signatures escaped
    interval = render_latex(board, ci="interval")
    assert "[0.467, 0.555]" in interval and r"$\pm$0.044" not in interval


def test_latex_escapes_user_text():
    assert escape("a_b & 50% {x} #1 ~ ^ \\") == (
        r"a\_b \& 50\% \{x\} \#1 \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_latex_compiles(board, tmp_path):
    done = compile_latex(render_latex(board), tmp_path)
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "t.pdf").stat().st_size > 1000


def _copy_run(tmp_path, name, rename=None, **changes):
    folder = tmp_path / name
    shutil.copytree(SEED, folder)
    run = json.loads((folder / "run.json").read_text())
    for key, value in changes.items():
        run[key] = value
    if rename:
        for s in run["systems"]:
            s["name"] = rename + s["name"]
        records = [json.loads(x) for x in (folder / "scores.jsonl").open()]
        for r in records:
            r["system"] = rename + r["system"]
        (folder / "scores.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (folder / "run.json").write_text(json.dumps(run))
    return folder


def test_merging_comparable_runs(tmp_path, capsys):
    a, b = _copy_run(tmp_path, "a"), _copy_run(tmp_path, "b", rename="v2-")
    out = tmp_path / "merged"
    assert main(["leaderboard", str(a), str(b), "--output", str(out), "--format", "json"]) == 0
    merged = json.loads((out / "leaderboard.json").read_text())
    assert len(merged["rows"]) == 12
    assert {r["system"] for r in merged["rows"]} >= {"lead-3", "v2-lead-3"}
    assert (out / "leaderboard.tex").is_file()
    assert json.loads(capsys.readouterr().out)["experiment"] == "seed + seed"


def test_csv_and_json_print_for_pipelines_and_equal_the_files(tmp_path, capsys):
    folder = _copy_run(tmp_path, "a")
    for fmt in ("csv", "json", "md"):
        (folder / f"leaderboard.{fmt}").unlink()
        assert main(["leaderboard", str(folder), "--format", fmt]) == 0
        printed = capsys.readouterr().out.encode()  # bytes: the CSV ends its lines with CRLF
        assert printed == (folder / f"leaderboard.{fmt}").read_bytes()
        assert printed == (SEED / f"leaderboard.{fmt}").read_bytes()
    assert printed.startswith(b"## seed:")  # md


def test_documents_print_their_path_and_stdout_prints_them(tmp_path, capsys):
    folder = _copy_run(tmp_path, "a")
    assert main(["leaderboard", str(folder), "--format", "tex", "--ci", "interval"]) == 0
    assert capsys.readouterr().out == f"{folder / 'leaderboard.tex'}\n"
    tex = (folder / "leaderboard.tex").read_text(encoding="utf-8")
    assert "[0.467, 0.555]" in tex  # --ci reaches the file
    tex_argv = ["leaderboard", str(folder), "--format", "tex", "--ci", "interval"]
    assert main([*tex_argv, "--stdout"]) == 0
    assert capsys.readouterr().out == tex
    assert main(["leaderboard", str(folder), "--stdout"]) == 0  # no format: the Markdown
    assert capsys.readouterr().out == (folder / "leaderboard.md").read_text(encoding="utf-8")


def test_a_merged_document_needs_a_folder_or_stdout(tmp_path, capsys):
    a, b = _copy_run(tmp_path, "a"), _copy_run(tmp_path, "b", rename="v2-")
    assert main(["leaderboard", str(a), str(b), "--format", "html"]) == 2
    err = capsys.readouterr().err
    assert "--format" in err and "--output FOLDER" in err and "--stdout" in err
    assert main(["leaderboard", str(a), str(b), "--format", "html", "--stdout"]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    out = tmp_path / "merged"
    assert main(["leaderboard", str(a), str(b), "--format", "html", "--output", str(out)]) == 0
    assert capsys.readouterr().out == f"{out / 'leaderboard.html'}\n"
    assert "v2-lead-3" in (out / "leaderboard.html").read_text(encoding="utf-8")


def test_rerendering_goes_through_the_folder_rules(tmp_path, capsys):
    """A merge never writes into a folder of the user's, and no re-render writes a folder
    that a run is writing."""
    from bench.experiment.storage.lock import FolderLock

    a, b = _copy_run(tmp_path, "a"), _copy_run(tmp_path, "b", rename="v2-")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    assert main(["leaderboard", str(a), str(b), "--format", "html", "--output", str(mine)]) == 2
    assert "did not write" in capsys.readouterr().err
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]
    before = (a / "leaderboard.md").read_bytes()
    (a / "leaderboard.md").write_text("stale")
    with FolderLock(a):
        assert main(["leaderboard", str(a), "--format", "html"]) == 2
    assert "is writing this results folder" in capsys.readouterr().err
    assert (a / "leaderboard.md").read_text() == "stale"
    assert main(["leaderboard", str(a), "--format", "html"]) == 0
    assert (a / "leaderboard.md").read_bytes() == before


def test_merging_refuses_incomparable_runs(tmp_path):
    a = _copy_run(tmp_path, "a")
    run_a, items = read_run(a)
    rouge = run_a.metrics[0].model_copy(
        update={"signature": run_a.metrics[0].signature.replace("multi:jackknife", "multi:max")}
    )
    run_b = run_a.model_copy(
        update={
            "metrics": [rouge, *run_a.metrics[1:]],
            "dataset": run_a.dataset.model_copy(update={"signature": "data:other|n:6|sha:000"}),
            "stats": run_a.stats.model_copy(update={"resamples": 500}),
        }
    )
    with pytest.raises(SummbenchError) as err:
        merge_runs([(run_a, items), (run_b, [])], [a, tmp_path / "b"])
    message = str(err.value)
    assert "different data" in message and "metric 'rouge' differs" in message
    assert "multi:jackknife" in message and "multi:max" in message  # both values named
    assert "resamples is 1000 vs 500" in message
    assert "systems named alike" in message


def _with_transformers(folder, version):
    """The run in ``folder`` as if BERTScore had run on another transformers release."""
    run = json.loads((folder / "run.json").read_text())
    for metric in run["metrics"]:
        metric["signature"] = re.sub(
            r"transformers-[\w.+]+", f"transformers-{version}", metric["signature"]
        )
        if "transformers" in metric["versions"]:
            metric["versions"]["transformers"] = version
    (folder / "run.json").write_text(json.dumps(run))
    return folder


def test_runs_that_differ_only_in_library_versions_merge_with_a_note(tmp_path, capsys):
    a = _copy_run(tmp_path, "a")
    b = _with_transformers(_copy_run(tmp_path, "b", rename="new-"), "9.9.9")
    out = tmp_path / "merged"
    assert main(["leaderboard", str(a), str(b), "--output", str(out)]) == 0
    capsys.readouterr()
    for name in ("leaderboard.md", "leaderboard.json", "leaderboard.tex", "leaderboard.html"):
        text = (out / name).read_text()
        assert "other library versions" in text and "transformers-9.9.9" in text, name
    assert "transformers-9.9.9" in (out / "leaderboard.md").read_text().split("Signatures")[0]

    strict = tmp_path / "strict"
    assert main(["leaderboard", str(a), str(b), "--output", str(strict), "--strict-versions"]) == 2
    message = capsys.readouterr().err
    assert "metric 'bertscore' differs" in message and "transformers-9.9.9" in message
    assert "merge without --strict-versions" in message and not strict.exists()


def test_runs_whose_settings_differ_are_refused_whatever_the_versions(tmp_path, capsys):
    a = _copy_run(tmp_path, "a")
    b = _with_transformers(_copy_run(tmp_path, "b", rename="new-"), "9.9.9")
    run = json.loads((b / "run.json").read_text())
    bertscore = next(m for m in run["metrics"] if m["name"] == "bertscore")
    bertscore["signature"] = bertscore["signature"].replace("idf:no", "idf:yes")
    (b / "run.json").write_text(json.dumps(run))
    assert main(["leaderboard", str(a), str(b), "--output", str(tmp_path / "m")]) == 2
    assert "idf:yes" in capsys.readouterr().err


def test_clusters_stars_and_p_values_agree_in_every_format():
    """One rule: cluster 1 = Holm-adjusted p vs best >= alpha; the LaTeX star = cluster 1."""
    import numpy as np

    from bench.leaderboard import render_json, render_markdown
    from bench.records import Column, DatasetInfo, ItemRecord, RunRecord, SystemInfo

    rng = np.random.default_rng(1)
    base = rng.uniform(0.3, 0.7, size=40)
    systems = {
        "best": base + 0.10,
        "near": base + 0.09 + rng.normal(0, 0.08, 40),
        "far": base,
        "noisy": base + 0.06 + rng.normal(0, 0.25, 40),
    }
    items = [
        ItemRecord(
            system=s, example_id=f"e{i}", failed=False, n_candidates=1, scores={"r": float(v)}
        )
        for s, values in systems.items()
        for i, v in enumerate(values)
    ]
    run = RunRecord(
        experiment="t",
        config_file="t",
        config={},
        seed=3,
        dataset=DatasetInfo(name="d", signature="data:d", examples=40),
        systems=[
            SystemInfo(name=s, type="x", kind="system", args={}, signature=s) for s in systems
        ],
        metrics=[],
        columns=[Column("r", "R", True)],
        primary="r",
        shown=["r"],
    )
    board = Leaderboard.from_run(run, items)
    rows = {r["system"]: r for r in json.loads(render_json(board))["rows"]}
    tex = render_latex(board)
    for name, row in rows.items():
        if name == "best":
            continue
        tied = row["p_best"] >= board.stats.alpha
        assert (row["cluster"] == 1) == tied, (name, row)
        assert (f"{name}$^{{*}}$" in tex) == tied
        assert row["p_best"] >= row["p_best_raw"]  # Holm only raises a p-value
    assert rows["far"]["cluster"] != 1 and rows["near"]["cluster"] == 1
    assert "Holm-corrected over 3 comparisons" in render_markdown(board)


def test_one_run_rendered_elsewhere_leaves_its_own_files_alone(tmp_path, capsys):
    """`--output` with one folder: a results folder of its own (here a LaTeX table with
    intervals for a paper); the run's own leaderboard.tex is not touched."""
    run = _copy_run(tmp_path, "run")
    before = {p.name: p.read_bytes() for p in run.iterdir() if p.is_file()}
    paper = tmp_path / "paper"
    argv = ["leaderboard", str(run), "--format", "tex", "--ci", "interval", "--output", str(paper)]
    assert main(argv) == 0
    assert capsys.readouterr().out.strip() == str(paper / "leaderboard.tex")
    assert "[0.467, 0.555]" in (paper / "leaderboard.tex").read_text()
    assert read_run(paper)[0] == read_run(run)[0]  # a results folder that reads back
    after = {p.name: p.read_bytes() for p in run.iterdir() if p.is_file()}
    assert after == before
