"""Nothing outside a results folder is ever written, whatever links the folder holds.

A symbolic link and a hard link to a file outside the folder are planted at every path the
harness writes (tables, figures, cache, lock, marker, meta-eval and probe reports), then the
real command runs again. Either it succeeds and the path is now a file of its own, or it exits
2 naming the path and the fix; the outside file's bytes never change.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from bench.cli import main
from bench.errors import SummbenchError
from bench.experiment.storage import ownership
from bench.experiment.storage.lock import LOCK_NAME
from bench.metaeval.report import REPORT_FILES as META_EVAL_FILES
from bench.sensitivity.report import REPORT_FILES as PROBE_FILES

from ..builders import ROOT, make_pyramid

USERS = b"the user's own file: not summbench's\n"
KINDS = ("symlink", "hardlink")
#: Paths SQLite or the lock write in place: a link there is refused, not replaced.
CACHE = ("cache.sqlite", "cache.sqlite-wal", "cache.sqlite-shm")


# -- helpers ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """A three-example dataset with two references each (the probe needs two) and the
    predictions of two systems."""
    folder = tmp_path_factory.mktemp("inputs")
    rows = [
        {"id": f"d{i}", "source": f"Anna met Bob in Paris in {2000 + i}. Dogs ran far.",
         "references": [f"Anna met Bob in Paris in {2000 + i}.", "Dogs ran far."]}
        for i in range(3)
    ]
    (folder / "tiny.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    summaries = {"a": "Anna met Bob in Paris.", "b": "Dogs ran."}
    (folder / "p.jsonl").write_text(
        "".join(
            json.dumps({"id": f"d{i}", "summary": text, "system": s}) + "\n"
            for s, text in summaries.items()
            for i in range(3)
        )
    )
    (folder / "probe.yaml").write_text(
        f"name: tiny\ndataset: {{path: '{folder / 'tiny.jsonl'}'}}\n"
        "summarizers: [{type: lead}]\nmetrics: [{type: rouge}]\n"
    )
    return folder


def _score(inputs: Path, out: Path) -> list[str]:
    return [
        "score", "--dataset", str(inputs / "tiny.jsonl"), "--predictions", str(inputs / "p.jsonl"),
        "--metrics", "rouge", "--output", str(out), "--quiet",
    ]


def _probe(inputs: Path, out: Path) -> list[str]:
    return ["probe", str(inputs / "probe.yaml"), "--output", str(out)]


def _meta_eval(inputs: Path, out: Path) -> list[str]:
    pyramid = inputs / "pyr"
    if not pyramid.exists():
        make_pyramid(pyramid)
    return [
        "meta-eval", "--dataset", str(pyramid), "--matchers", "lexical", "--no-overlap",
        "--resamples", "20", "--folds", "3", "--output", str(out),
    ]


@pytest.fixture(scope="module")
def written(inputs) -> dict[str, Path]:
    """One finished folder per command (score, probe, meta-eval), copied by each test."""
    folders = {}
    for name, argv in (("score", _score), ("probe", _probe), ("meta-eval", _meta_eval)):
        folders[name] = inputs / f"done-{name}"
        assert main(argv(inputs, folders[name])) == 0
    return folders


def _copy(folder: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(folder, out, symlinks=True)
    return out


def _plant(out: Path, name: str, kind: str, outside: Path) -> Path:
    """A link of ``kind`` at ``out/name`` to a new file in ``outside``; returns that file."""
    victim = outside / name.replace("/", "__")
    victim.parent.mkdir(parents=True, exist_ok=True)
    victim.write_bytes(USERS)
    path = out / name
    if path.is_symlink() or path.exists():
        path.unlink()
    (os.symlink if kind == "symlink" else os.link)(victim, path)
    return victim


def _own(path: Path) -> bool:
    found = path.lstat()
    return stat.S_ISREG(found.st_mode) and found.st_nlink == 1


def _figures(folder: Path) -> list[str]:
    return sorted(f"plots/{p.name}" for p in (folder / "plots").iterdir())


def _replaced(folder: Path) -> list[str]:
    """Every path of a finished score folder that a rerun rewrites whole."""
    tables = [n for n in ownership.WRITTEN if n not in CACHE]
    return [*tables, ownership.MARKER, *_figures(folder)]


def _assert_replaced(out: Path, names: list[str], victims: list[Path]) -> None:
    assert all(v.read_bytes() == USERS and _own(v) for v in victims)
    for name in names:
        assert _own(out / name), name
        assert (out / name).read_bytes() != USERS, name


def _assert_refused(capsys, path: Path, victim: Path, *words: str) -> None:
    err = capsys.readouterr().err
    assert f"{path}:" in err and "Fix:" in err and all(w in err for w in words), err
    assert victim.read_bytes() == USERS


# -- run / score -----------------------------------------------------------------------------
def _names_of_a_score_folder() -> list[str]:
    # The figures' names depend on the columns: those of the metrics `_score` runs.
    figures = [f"plots/{n}.{e}" for n in ("means", "scatter_rouge2_f_vs_rouge1_f")
               for e in ("png", "svg")]
    return [*[n for n in ownership.WRITTEN if n not in CACHE], ownership.MARKER, *figures]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", _names_of_a_score_folder())
def test_a_rerun_replaces_a_link_at_each_file_it_writes(
    inputs, written, tmp_path, kind, name
):
    out = _copy(written["score"], tmp_path)
    assert _replaced(out) == _names_of_a_score_folder()  # every file written is tried
    victim = _plant(out, name, kind, tmp_path / "outside")
    assert main(_score(inputs, out)) == 0
    _assert_replaced(out, [name], [victim])
    if name.endswith(".png"):
        assert (out / name).read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", [LOCK_NAME, *CACHE])
def test_a_linked_lock_or_cache_is_refused_before_any_work(
    inputs, written, tmp_path, capsys, kind, name
):
    out = _copy(written["score"], tmp_path)
    before = {p.name: p.read_bytes() for p in out.glob("leaderboard.*")}
    victim = _plant(out, name, kind, tmp_path / "outside")
    assert main(_score(inputs, out)) == 2
    _assert_refused(capsys, out / name, victim, "remove it")
    assert {p.name: p.read_bytes() for p in out.glob("leaderboard.*")} == before


def test_a_symlinked_plots_folder_is_refused(inputs, written, tmp_path, capsys):
    out = _copy(written["score"], tmp_path)
    theirs = tmp_path / "their-figures"
    theirs.mkdir()
    (theirs / "means.png").write_bytes(USERS)
    shutil.rmtree(out / "plots")
    os.symlink(theirs, out / "plots")
    assert main(_score(inputs, out)) == 2
    _assert_refused(capsys, out / "plots", theirs / "means.png", "symbolic link", "remove plots")
    assert [p.name for p in theirs.iterdir()] == ["means.png"]


def test_a_dangling_marker_link_creates_nothing_outside(inputs, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = tmp_path / "elsewhere" / "created.txt"
    target.parent.mkdir()
    os.symlink(target, out / ownership.MARKER)
    assert main(_score(inputs, out)) == 0
    assert not target.exists() and list(target.parent.iterdir()) == []
    assert _own(out / ownership.MARKER)


def test_a_symlinked_marker_makes_no_folder_ours(tmp_path, capsys, inputs):
    """A link to someone's marker elsewhere does not make a folder of papers a results
    folder."""
    mine = tmp_path / "papers"
    mine.mkdir()
    (mine / "leaderboard.md").write_bytes(USERS)
    real = tmp_path / "real-results"
    real.mkdir()
    (real / ownership.MARKER).write_text("ours\n")
    os.symlink(real / ownership.MARKER, mine / ownership.MARKER)
    assert main(_score(inputs, mine)) == 2
    assert "did not write" in capsys.readouterr().err
    assert (mine / "leaderboard.md").read_bytes() == USERS


# -- leaderboard and plot --------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
def test_leaderboard_replaces_linked_tables(written, tmp_path, kind):
    out = _copy(written["score"], tmp_path)
    names = sorted(p.name for p in out.glob("leaderboard.*"))
    assert len(names) == 5
    victims = [_plant(out, n, kind, tmp_path / "outside") for n in names]
    assert main(["leaderboard", str(out)]) == 0
    _assert_replaced(out, names, victims)


@pytest.mark.parametrize("kind", KINDS)
def test_plot_replaces_linked_figures(written, tmp_path, kind):
    out = _copy(written["score"], tmp_path)
    names = _figures(out)
    victims = [_plant(out, n, kind, tmp_path / "outside") for n in names]
    assert main(["plot", str(out)]) == 0
    _assert_replaced(out, names, victims)


def test_plot_refuses_a_symlinked_plots_folder_and_a_linked_lock(written, tmp_path, capsys):
    out = _copy(written["score"], tmp_path)
    victim = _plant(out, LOCK_NAME, "hardlink", tmp_path / "outside")
    assert main(["plot", str(out)]) == 2
    _assert_refused(capsys, out / LOCK_NAME, victim, "hard link")
    (out / LOCK_NAME).unlink()
    shutil.rmtree(out / "plots")
    (tmp_path / "theirs").mkdir()
    os.symlink(tmp_path / "theirs", out / "plots")
    assert main(["plot", str(out)]) == 2
    assert "symbolic link" in capsys.readouterr().err
    assert list((tmp_path / "theirs").iterdir()) == []


# -- probe and meta-eval ---------------------------------------------------------------------
REPORTS = {
    "probe": (_probe, PROBE_FILES, "plots/sensitivity"),
    "meta-eval": (_meta_eval, META_EVAL_FILES, "plots/correlations"),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", sorted(REPORTS))
def test_reports_replace_links_at_every_file(inputs, written, tmp_path, command, kind):
    argv, files, figure = REPORTS[command]
    out = _copy(written[command], tmp_path)
    # The marker stays: with it and every report a link, the folder would be no longer ours
    # (refused, which test_a_symlinked_marker_makes_no_folder_ours covers).
    names = [*files, f"{figure}.png", f"{figure}.svg"]
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == sorted(
        [*files, ownership.MARKER, LOCK_NAME]
    )
    victims = [_plant(out, n, kind, tmp_path / "outside") for n in names]
    assert main(argv(inputs, out)) == 0
    _assert_replaced(out, names, victims)


@pytest.mark.parametrize("command", sorted(REPORTS))
def test_reports_refuse_a_linked_lock_or_plots_folder(inputs, written, tmp_path, capsys, command):
    argv, files, _ = REPORTS[command]
    out = _copy(written[command], tmp_path)
    before = {n: (out / n).read_bytes() for n in files}
    victim = _plant(out, LOCK_NAME, "symlink", tmp_path / "outside")
    assert main(argv(inputs, out)) == 2
    _assert_refused(capsys, out / LOCK_NAME, victim, "symbolic link")
    (out / LOCK_NAME).unlink()
    shutil.rmtree(out / "plots")
    (tmp_path / "theirs").mkdir()
    os.symlink(tmp_path / "theirs", out / "plots")
    assert main(argv(inputs, out)) == 2
    assert f"{out / 'plots'}:" in capsys.readouterr().err
    assert list((tmp_path / "theirs").iterdir()) == []
    assert {n: (out / n).read_bytes() for n in files} == before


@pytest.mark.parametrize("command", sorted(REPORTS))
def test_reports_refuse_a_folder_of_the_users(inputs, tmp_path, capsys, command):
    argv, files, _ = REPORTS[command]
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / files[0]).write_bytes(USERS)  # probe.md or meta_eval.md of the user's
    assert main(argv(inputs, mine)) == 2
    assert "did not write" in capsys.readouterr().err
    assert [p.name for p in mine.iterdir()] == [files[0]]
    assert (mine / files[0]).read_bytes() == USERS


def test_meta_eval_default_folder_is_a_plain_name(inputs, tmp_path, monkeypatch):
    """``--dataset pyr/labels/..`` names the folder pyr: results/meta-eval/pyr, never
    results/meta-eval/.. (which is results/)."""
    monkeypatch.chdir(tmp_path)
    argv = _meta_eval(inputs, tmp_path / "unused")[:-2]
    argv[argv.index("--dataset") + 1] = str(inputs / "pyr" / "labels" / "..")
    assert main(argv) == 0
    assert sorted(p.name for p in (tmp_path / "results").iterdir()) == ["meta-eval"]
    assert sorted(p.name for p in (tmp_path / "results" / "meta-eval").iterdir()) == ["pyr"]
    assert (tmp_path / "results" / "meta-eval" / "pyr" / "meta_eval.json").is_file()


# -- ownership of folders written before the marker -------------------------------------------
@pytest.mark.parametrize(
    "folder", ["meta-eval/PyrXSum", "meta-eval/xsumfaith", "meta-eval/factcc", "probe/seed"]
)
def test_committed_report_folders_are_recognised_as_ours(tmp_path, folder):
    copy = tmp_path / "copy"
    shutil.copytree(ROOT / "results" / folder, copy)
    (copy / ownership.MARKER).unlink(missing_ok=True)
    ownership.check_folder(copy)  # no error: its meta_eval.json / probe.json is ours


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("meta_eval.json", {"rows": [], "dataset": "mine"}),
        ("probe.json", {"experiment": "x", "dataset": "y", "cells": "not a list",
                        "signatures": {}}),
        ("meta_eval.json", [1, 2]),
    ],
)
def test_a_lookalike_report_makes_no_folder_ours(tmp_path, name, content):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / name).write_text(json.dumps(content))
    with pytest.raises(SummbenchError, match="did not write"):
        ownership.check_folder(folder)


# -- a rerun with other columns ---------------------------------------------------------------
def test_a_rerun_with_other_columns_removes_only_its_own_old_scatter(inputs, tmp_path):
    config = tmp_path / "c.yaml"
    out = tmp_path / "out"
    base = (
        f"name: c\ndataset: {{path: '{inputs / 'tiny.jsonl'}'}}\n"
        "summarizers: [{type: lead}, {type: random}]\nmetrics: [{type: rouge}]\n"
    )
    config.write_text(base)
    assert main(["run", str(config), "--output", str(out)]) == 0
    first = _figures(out)
    assert "plots/scatter_rouge2_f_vs_rouge1_f.png" in first
    (out / "plots" / "my-notes.png").write_bytes(USERS)  # not a name summbench draws
    config.write_text(base + "primary: rouge2_f\n")
    assert main(["run", str(config), "--output", str(out)]) == 0
    assert _figures(out) == [
        "plots/means.png",
        "plots/means.svg",
        "plots/my-notes.png",
        "plots/scatter_rouge1_f_vs_rouge2_f.png",
        "plots/scatter_rouge1_f_vs_rouge2_f.svg",
    ]
    assert (out / "plots" / "my-notes.png").read_bytes() == USERS
