"""Failures and the ranking: one rule (bench.leaderboard.coverage), the same n, notes, order and
means in every format, paired tests on the same examples, and no change when nothing failed."""

from __future__ import annotations

import csv
import html
import io
import json
import math
import re
import shutil

import numpy as np
import pytest

from bench.leaderboard import (
    Leaderboard,
    render_csv,
    render_json,
    render_latex,
    render_markdown,
)
from bench.leaderboard.coverage import KEEP, RULE, choose_ranked
from bench.leaderboard.html import render_html
from bench.leaderboard.latex import escape
from bench.leaderboard.terminal import print_leaderboard
from bench.leaderboard.text import md_text
from bench.records import (
    read_run,
)
from bench.stats import mean_with_interval, paired_test

from ..builders import (
    B_MISSES,
    ROOT,
    compile_latex,
    run_with_failures,
)
from ..builders import (
    FAILS_HEADING as HEADING,
)
from ..builders import (
    FAILS_IDS as IDS,
)
from ..builders import (
    FAILS_N as N,
)

# -- the rule itself ---------------------------------------------------------------------------


def _done(*missing: range) -> set[str]:
    gone = {IDS[i] for r in missing for i in r}
    return set(IDS) - gone


def test_no_failures_ranks_everyone_on_every_example():
    cover = choose_ranked({"a": _done(), "b": _done()}, set(IDS))
    assert cover.ranked == ("a", "b") and cover.unranked == () and len(cover.common) == N


def test_a_few_failures_shrink_the_common_set_for_everyone():
    cover = choose_ranked(
        {"a": _done(), "b": _done(range(50)), "c": _done(range(40, 90))}, set(IDS)
    )
    assert cover.ranked == ("a", "b", "c")
    assert cover.common == _done(range(90))  # 910 >= 90% of 1000


def test_a_system_that_would_cost_too_many_examples_is_listed_apart():
    cover = choose_ranked({"a": _done(), "b": _done(range(150)), "c": _done()}, set(IDS))
    assert cover.ranked == ("a", "c") and cover.unranked == ("b",)
    assert len(cover.common) == N


def test_systems_tied_on_fewest_completed_are_set_apart_together():
    # Each alone would be kept (940 >= 900); together they share 880: neither is chosen by name.
    cover = choose_ranked(
        {"a": _done(), "b": _done(range(60)), "c": _done(range(60, 120))}, set(IDS)
    )
    assert cover.ranked == ("a",) and cover.unranked == ("b", "c")


def test_the_share_is_of_what_the_most_complete_system_completed():
    # Every system misses the same 150 examples (say, too long for any of them): all ranked.
    cover = choose_ranked({"a": _done(range(150)), "b": _done(range(150))}, set(IDS))
    assert cover.ranked == ("a", "b") and len(cover.common) == N - 150
    # The most complete are never set apart, even when they share little.
    cover = choose_ranked({"a": _done(range(500)), "b": _done(range(500, 1000))}, set(IDS))
    assert cover.ranked == ("a", "b") and cover.common == frozenset()


def test_the_threshold_is_the_stated_one():
    just = round(N * (1 - KEEP))
    assert choose_ranked({"a": _done(), "b": _done(range(just))}, set(IDS)).unranked == ()
    assert choose_ranked({"a": _done(), "b": _done(range(just + 1))}, set(IDS)).unranked == ("b",)


@pytest.fixture(scope="module")
def failing():
    run, items = run_with_failures()
    return run, items, Leaderboard.from_run(run, items)


COMMON = [e for i, e in enumerate(IDS) if i not in B_MISSES]


def _values(items, system, examples, key="r"):
    wanted = set(examples)
    return np.array(
        [
            r.scores[key]
            for r in items
            if r.system == system and r.example_id in wanted and not r.failed
        ]
    )


def test_ranking_means_and_intervals_stand_on_the_common_examples(failing):
    run, items, board = failing
    assert board.ranked_on == len(COMMON) == 970
    assert [r.system for r in board.systems] == ["a", "b", "c"]
    assert [r.system for r in board.unranked] == ["d"]
    own_b = _values(items, "b", IDS).mean()
    assert own_b > _values(items, "a", IDS).mean()  # the old rule would have put b first
    for row in board.systems:
        values = _values(items, row.system, COMMON)
        assert len(values) == row.n == 970
        assert row.means["r"] == math.fsum(values) / len(values)
        _, interval = mean_with_interval(
            values, resamples=run.stats.resamples, level=run.stats.level, seed=run.seed
        )
        assert row.intervals["r"] == interval
    d = board.unranked[0]
    assert (d.n, d.failed, d.cluster, d.p_best) == (400, 600, None, None)
    assert d.means["r"] == math.fsum(_values(items, "d", IDS)) / 400
    human = board.reference_rows[0]
    assert (human.n, human.failed) == (997, 3)  # it missed some of the common set: its own
    assert board.comparisons == 2 and board.fewest_scored == 970


def test_paired_tests_use_the_same_examples(failing):
    run, items, board = failing
    best, b, c = board.systems

    def scores(system):
        by_id = {r.example_id: r.scores.get("r") for r in items if r.system == system}
        return np.array([by_id[e] for e in sorted(COMMON)])

    for row in (b, c):
        p = paired_test(
            scores(best.system),
            scores(row.system),
            test=run.stats.test,
            trials=run.stats.trials,
            rng=np.random.default_rng(run.seed),
        )
        assert row.p_best_raw == p


def _terminal(board) -> str:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    print_leaderboard(board, out, width=200)
    return re.sub(r"\s+", " ", re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue()))


def test_every_format_says_the_same_n_notes_order_and_means(failing):
    _, items, board = failing
    notes = board.failure_notes()
    assert notes[0].startswith(
        "Failures: b failed on 30 of 1000, d failed on 600 of 1000, human failed on 3 of 1000 "
        "example(s). The examples a ranked system missed are left out for every ranked system: "
        "the ranking, means, intervals and paired tests stand on the 970 that all 3 completed"
    )
    assert notes[0].endswith("Over the examples they completed: d (400), human (997).")
    assert notes[1:] == [RULE.format(keep=KEEP) + " Listed apart: d."]
    assert "90%" in notes[1]
    means = {r.system: round(r.means["r"], 4) for r in [*board.systems, *board.unranked]}

    markdown = render_markdown(board)
    assert markdown.startswith(f"## fails: d1k ({HEADING})\n")
    table = [line.split(" | ") for line in markdown.splitlines() if line.startswith("| ")][1:]
    ranked = [cells for cells in table if cells[0].strip("| ").isdigit()]
    assert [(c[0].strip("| "), c[2]) for c in ranked] == [("1", "a"), ("2", "b"), ("3", "c")]
    assert all(c[-2] == "970" for c in ranked)
    assert "| | | *unranked: failed too often* |" in markdown
    for note in notes:
        assert md_text(note) in markdown

    rows = list(csv.DictReader(io.StringIO(render_csv(board))))
    assert [(r["rank"], r["system"], r["n"]) for r in rows] == [
        ("1", "a", "970"),
        ("2", "b", "970"),
        ("3", "c", "970"),
        ("", "d", "400"),
        ("", "human", "997"),
    ]
    assert {r["system"]: float(r["r"]) for r in rows if r["kind"] == "system"} == means

    record = json.loads(render_json(board))
    assert record["ranked_on"] == 970 and record["failure_notes"] == notes
    assert [(r["rank"], r["system"], r["n"]) for r in record["rows"]] == [
        (int(r["rank"]) if r["rank"] else None, r["system"], int(r["n"])) for r in rows
    ]
    assert {
        r["system"]: r["scores"]["r"]["mean"] for r in record["rows"] if r["kind"] == "system"
    } == means

    tex = render_latex(board)
    assert f"fails on d1k ({HEADING})" in tex
    assert r"\emph{Unranked: failed too often}" in tex
    assert tex.index("\na$^{*}$") < tex.index("\nb") < tex.index("\nc") < tex.index("\nd &")
    for note in notes:
        assert escape(note) in tex

    printed = _terminal(board)
    assert f"fails: d1k ({HEADING})" in printed
    for note in notes:
        assert note in printed

    page = render_html(board, items, [], [])
    assert f"<h1>fails: d1k ({HEADING})</h1>" in page
    footnotes = page.split('<div class="footnotes">')[1].split("</div>")[0]
    for note in notes:
        assert f"<p>{html.escape(note)}</p>" in footnotes
    body = page.split('<tbody class="systems">')[1].split('<tbody class="references">')[0]
    assert re.findall(r'class="name" data-sort="([^"]*)"', body) == ["a", "b", "c", "d"]
    assert 'tbody class="unranked"' in body and "d (unranked)" in page


def test_only_a_reference_row_failing_leaves_the_ranking_on_every_example():
    run, items = run_with_failures()
    keep = {"a", "c", "human"}
    run = run.model_copy(update={"systems": [s for s in run.systems if s.name in keep]})
    board = Leaderboard.from_run(run, [r for r in items if r.system in keep])
    assert board.ranked_on == N and board.examples_text == "1000 examples"
    assert board.failure_notes() == [
        "Failures: human failed on 3 of 1000 example(s). Over the examples they completed: "
        "human (997)."
    ]
    assert render_markdown(board).startswith("## fails: d1k (1000 examples)\n")


# -- nothing failed: nothing changes -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "render"),
    [
        ("leaderboard.md", render_markdown),
        ("leaderboard.csv", render_csv),
        ("leaderboard.json", render_json),
        ("leaderboard.tex", render_latex),
    ],
)
def test_without_failures_the_committed_tables_rerender_byte_identical(name, render):
    folder = ROOT / "results" / "seed"
    board = Leaderboard.from_run(*read_run(folder))
    assert board.failure_notes() == [] and board.unranked == []
    assert render(board).encode("utf-8") == (folder / name).read_bytes()


def test_the_means_plot_labels_unranked_rows_and_says_n(failing, tmp_path):
    from bench.plots import plot_means

    _, _, board = failing
    svg = plot_means(board, tmp_path)[1].read_text(encoding="utf-8")
    texts = re.findall(r"<!-- (.*?) -->", svg)  # matplotlib names each text it draws as paths
    labels = ["a", "b", "c", "d (unranked)", "human (human)"]
    assert [t for t in texts if t in labels] == labels
    assert any(t.endswith(f"({HEADING})") for t in texts)


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_the_failing_table_compiles(failing, tmp_path):
    done = compile_latex(render_latex(failing[2]), tmp_path)
    assert done.returncode == 0, done.stdout[-2000:]
