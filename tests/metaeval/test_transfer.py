"""Meta-evaluation across datasets: does one threshold transfer (leave one dataset out)?"""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from sklearn.metrics import balanced_accuracy_score

from bench.cli import main
from bench.errors import SummbenchError
from bench.metaeval.across import load_datasets
from bench.metaeval.consistency import ConsistencySettings, _interval, balanced_accuracy
from bench.metaeval.correlation import draw
from bench.metaeval.transfer import TransferSettings, balanced_accuracy_samples, transfer_rows
from bench.metaeval.units import (
    EXCLUDED,
    Decisions,
    best_shared_threshold,
    best_threshold,
)

from ..builders import PAIRS, make_pyramid


def _summaries(scores, gold, verdicts=None, threshold=None) -> Decisions:
    """Decisions on summaries (one unit each), as a consistency file gives them."""
    scores, gold = np.asarray(scores, dtype=float), np.asarray(gold, dtype=bool)
    verdicts = scores >= 0.5 if verdicts is None else np.asarray(verdicts, dtype=bool)
    n = scores.size
    return Decisions(gold, scores, verdicts, np.arange(n), (1, n), "documents", threshold)


# Worked by hand. A: perfect between 0.2 and 0.3. B, ten times larger: perfect between 0.5
# and 0.8, and at 0.25 only half its negatives are below. Mean balanced accuracy of the two:
# 0.15 -> (0.75 + 0.75) / 2, 0.25 -> (1 + 0.75) / 2 = 0.875, 0.35 -> (0.75 + 0.75) / 2,
# 0.45 -> (0.5 + 0.75) / 2, 0.65 -> (0.5 + 1) / 2: 0.25 wins. Pooled into one set of 44 units
# B alone would choose: 0.65 gives (20/22 + 1) / 2 against (1 + 12/22) / 2 at 0.25.
A = ([0.1, 0.2, 0.3, 0.4], [0, 0, 1, 1])
B = ([0.1] * 10 + [0.5] * 10 + [0.8] * 20, [0] * 20 + [1] * 20)


def test_the_shared_threshold_weighs_each_set_the_same():
    assert best_shared_threshold([A, B]) == pytest.approx(0.25)
    pooled = (np.array(A[0] + B[0]), np.array(A[1] + B[1]))
    assert best_threshold(*pooled) == pytest.approx(0.65)  # what pooling units would give


def test_one_set_shares_the_best_threshold_of_its_own():
    rng = np.random.default_rng(5)
    for _ in range(100):
        n = int(rng.integers(2, 60))
        scores = np.round(rng.random(n), 1)  # ties on purpose
        gold = rng.random(n) < 0.4
        assert best_shared_threshold([(scores, gold)]) == best_threshold(scores, gold)


def test_the_left_out_threshold_is_fitted_on_the_others_only():
    c_scores = np.array([0.05, 0.22, 0.27, 0.6, 0.9, 0.3])
    c_gold = np.array([0, 0, 0, 1, 1, 0])
    decisions = {
        "m": {
            "A": _summaries(*A),
            "B": _summaries(*B),
            "C": _summaries(c_scores, c_gold, c_scores >= 0.7, threshold=0.7),
        }
    }
    rows = {r.dataset: r for r in transfer_rows(decisions, TransferSettings(resamples=200))}
    c = rows["C"]
    assert c.fitted_on == ("A", "B")
    assert c.lodo.threshold == pytest.approx(0.25)
    assert c.lodo.accuracy.value == pytest.approx(balanced_accuracy_score(c_gold, c_scores >= 0.25))
    assert c.lodo.accuracy.value == 0.75  # the 0.27 and 0.3 negatives pass too
    assert c.own.threshold == 0.7
    assert c.own.accuracy.value == 0.75  # the positive at 0.6 is missed
    # C's own best: between its negative at 0.3 and its positive at 0.6, every decision right.
    assert c.best.threshold == pytest.approx(0.45) and c.best.accuracy.value == 1.0
    assert c.own_gap.value == c.lodo_gap.value == 0.25
    assert not c.own_within and not c.lodo_within
    assert rows["A"].fitted_on == ("B", "C")
    # Left out, A is fitted on B and C equally.
    assert rows["A"].lodo.threshold == best_shared_threshold([B, (c_scores, c_gold)])


def _random_decisions(rng, n_datasets=3) -> dict[str, dict[str, Decisions]]:
    out: dict[str, dict[str, Decisions]] = {}
    for matcher in ("m1", "m2"):
        out[matcher] = {}
        for d in range(n_datasets):
            systems, documents = int(rng.integers(1, 4)), int(rng.integers(3, 9))
            cells = np.repeat(
                np.arange(systems * documents), rng.integers(1, 4, systems * documents)
            )
            gold = rng.random(cells.size) < 0.4
            gold[:2] = [True, False]
            scores = np.clip(rng.normal(0.3 + 0.3 * gold + 0.1 * d, 0.2), 0, 1)
            scores[rng.random(cells.size) < 0.1] = EXCLUDED  # contradicted
            threshold = float(rng.choice([0.3, 0.5]))
            verdicts = scores >= threshold
            out[matcher][f"d{d}"] = Decisions(
                gold, scores, verdicts, cells, (systems, documents), "both", threshold
            )
    return out


def _brute_force_best(d: Decisions) -> float:
    """The best balanced accuracy of ``score >= t`` over every t that changes a decision."""
    values = np.unique(d.scores)
    return max(balanced_accuracy_score(d.gold, d.scores >= t) for t in [*values, values[-1] + 1])


def test_the_oracle_is_never_beaten_and_is_the_best_of_every_threshold():
    rng = np.random.default_rng(11)
    for _ in range(5):
        decisions = _random_decisions(rng)
        for row in transfer_rows(decisions, TransferSettings(resamples=50)):
            best = row.best.accuracy.value
            assert best >= row.own.accuracy.value and best >= row.lodo.accuracy.value
            assert row.own_gap.value >= 0 and row.lodo_gap.value >= 0
            assert best == pytest.approx(_brute_force_best(decisions[row.matcher][row.dataset]))


def test_intervals_are_seeded_and_count_each_drawn_summary():
    decisions = _random_decisions(np.random.default_rng(2))

    def intervals(seed):
        rows = transfer_rows(decisions, TransferSettings(resamples=80, seed=seed))
        return [(r.own.accuracy, r.best.accuracy, r.lodo.accuracy, r.own_gap) for r in rows]

    assert intervals(0) == intervals(0)
    assert intervals(0) != intervals(1)
    # Each resample's balanced accuracy is that of the drawn summaries' units, a summary
    # counted as often as its system and its document are drawn together.
    d = decisions["m1"]["d1"]
    systems, documents = draw(d.shape, "both", 20, np.random.default_rng(0))
    samples = balanced_accuracy_samples(d.verdicts, d, systems, documents)
    n_documents = d.shape[1]
    for b in range(20):
        units = [
            i
            for s in systems[b]
            for doc in documents[b]
            for i in np.flatnonzero(d.cells == s * n_documents + doc)
        ]
        gold, predicted = d.gold[units], d.verdicts[units]
        if gold.all() or not gold.any():
            assert np.isnan(samples[b])
        else:
            assert samples[b] == balanced_accuracy_score(gold, predicted)


def test_summary_intervals_are_those_of_the_consistency_report():
    rng = np.random.default_rng(4)
    scores, gold = rng.random(40), rng.random(40) < 0.5
    d = _summaries(scores, gold)
    row = next(
        r
        for r in transfer_rows({"m": {"x": d, "y": d}}, TransferSettings(resamples=300, seed=3))
        if r.dataset == "x"
    )
    single = _interval(
        balanced_accuracy, (d.verdicts, gold), ConsistencySettings(resamples=300, seed=3)
    )
    assert row.own.accuracy == single


# -- the command -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def labelled(tmp_path_factory):
    """A tiny pyramid folder and two tiny consistency files."""
    root = tmp_path_factory.mktemp("labelled")
    make_pyramid(root / "pyr")
    (root / "tiny.json").write_text(json.dumps(PAIRS))
    reordered = {f"r{k}": v for k, v in list(PAIRS.items())[::-1]}
    reordered["r-extra"] = {**PAIRS["c"], "claim": "The ministers met in Rome on Monday."}
    (root / "other.json").write_text(json.dumps(reordered))
    return root


def _args(root, out, *more):
    return [
        "meta-eval",
        "--dataset", str(root / "pyr"),
        "--dataset", str(root / "tiny.json"),
        "--dataset", str(root / "other.json"),
        "--resamples", "60",
        "--folds", "2",
        "--output", str(out),
        *more,
    ]  # fmt: skip


def test_transfer_report_end_to_end(labelled, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(_args(labelled, out, "--matchers", "lexical,learned")) == 0
    printed = capsys.readouterr().out
    assert (out / "transfer.md").read_text() == printed.rstrip("\n") + "\n"
    report = json.loads((out / "transfer.json").read_text())
    assert [(d["name"], d["kind"], d["units"]) for d in report["datasets"]] == [
        ("pyr", "pyramid", 21),
        ("tiny", "consistency", 6),
        ("other", "consistency", 7),
    ]
    rows = {(r["matcher"], r["dataset"]): r for r in report["rows"]}
    assert len(rows) == 6
    for row in rows.values():
        assert row["best"]["value"] >= max(row["own"]["value"], row["lodo"]["value"])
        assert row["own_within"] == (row["gap_own"]["value"] <= 0.03)
        assert len(row["lodo"]["fitted_on"]) == 2 and row["dataset"] not in row["lodo"]["fitted_on"]
    assert rows[("learned", "pyr")]["own"]["threshold"] == pytest.approx(0.2758, abs=1e-4)
    assert rows[("lexical", "tiny")]["own"]["threshold"] == 0.6
    csv_lines = (out / "transfer.csv").read_text().splitlines()
    assert csv_lines[0].startswith("matcher,dataset,own_threshold,own,own_low,own_high")
    assert len(csv_lines) == 7
    # The floors: summary level, with ROUGE and BERTScore beside each matcher.
    floors = {(f["dataset"], f["scorer"]): f for f in report["floors"]}
    assert {s for d, s in floors if d == "pyr"} == {
        "lexical (soft)", "lexical (fixed)", "learned (soft)", "learned (fixed)",
        "R-1 R", "BERTScore R",
    }  # fmt: skip
    assert {s for d, s in floors if d == "tiny"} == {
        "faithfulness (lexical)", "faithfulness (learned)",
        "R-2 P (summary vs source)", "BERTScore P (summary vs source)",
    }  # fmt: skip
    for (dataset, _), f in floors.items():
        if f["matcher"] is None:
            assert f["ahead"] is None
            continue
        best_floor = max(
            g["value"] for (d, _), g in floors.items() if d == dataset and g["matcher"] is None
        )
        assert f["ahead"] == (f["value"] > best_floor)
    assert "| learned | pyr |" in printed and "### Against plain overlap" in printed


def test_own_verdicts_are_those_of_each_single_report(labelled, tmp_path):
    """The transfer report's `own` numbers are the single-dataset reports' (same matcher, same
    resamples), and its rule at the matcher's own threshold gives the matcher's verdicts."""
    from bench.metaeval.across import transfer_meta_eval

    settings = TransferSettings(
        matchers=("lexical", "learned"), overlap_metrics=False, folds=2, resamples=60
    )
    datasets = load_datasets([labelled / "pyr", labelled / "tiny.json"])
    report = transfer_meta_eval(datasets, settings, log=lambda _: None)
    for matcher, by_dataset in report.decisions.items():
        for name, d in by_dataset.items():
            assert np.array_equal(d.scores >= d.threshold, d.verdicts), (matcher, name)
    rows = {(r.matcher, r.dataset): r for r in report.rows}
    single = tmp_path / "single"
    common = ["--matchers", "lexical", "--no-overlap", "--resamples", "60", "--folds", "2"]
    assert (
        main(["meta-eval", "--dataset", str(labelled / "pyr"), *common, "--output", str(single)])
        == 0
    )
    units = {r["metric"]: r for r in json.loads((single / "meta_eval.json").read_text())["rows"]}
    own = rows[("lexical", "pyr")].own.accuracy
    assert round(own.value, 4) == units["lexical (fixed)"]["units"]["balanced_accuracy"]
    shutil.rmtree(single)
    assert (
        main(
            [
                "meta-eval",
                "--dataset",
                str(labelled / "tiny.json"),
                *common,
                "--output",
                str(single),
            ]
        )
        == 0
    )
    (faithful,) = json.loads((single / "meta_eval.json").read_text())["rows"]
    own = rows[("lexical", "tiny")].own.accuracy
    assert {k: round(v, 4) for k, v in vars(own).items()} == faithful["balanced_accuracy_own"]


@pytest.mark.parametrize(
    ("change", "flag", "expected"),
    [
        ("same-twice", "--dataset", "needs two datasets or more; got 1"),
        ("unknown-matcher", "--matchers", 'unknown fact matcher "lexcal"'),
        ("broken-json", "broken.json", "cannot read"),
        ("one-class", "tiny.json", "every label is consistent"),
        ("not-a-dataset", "--dataset", "neither a pyramid folder"),
        ("annotations", "--annotations", "it belongs to one dataset"),
        ("same-name", "--dataset", "two datasets are named 'tiny'"),
    ],
)
def test_bad_input_is_named(labelled, tmp_path, capsys, change, flag, expected):
    tiny = tmp_path / "tiny.json"
    tiny.write_text(json.dumps(PAIRS))
    datasets = [str(labelled / "pyr"), str(tiny)]
    more = ["--matchers", "lexical"]
    if change == "same-twice":
        datasets = [str(tiny), str(tmp_path / "." / "tiny.json")]
    elif change == "unknown-matcher":
        more = ["--matchers", "lexical,lexcal"]
    elif change == "broken-json":
        broken = tmp_path / "broken.json"
        broken.write_text('{"x": {"document": "d", "claim": "c", "label": 1},')
        datasets.append(str(broken))
    elif change == "one-class":
        tiny.write_text(json.dumps({k: {**v, "label": 1} for k, v in PAIRS.items()}))
    elif change == "not-a-dataset":
        datasets.append(str(labelled / "pyr" / "labels"))
    elif change == "annotations":
        more += ["--annotations", str(tiny)]
    elif change == "same-name":
        (tmp_path / "b").mkdir()
        datasets.append(str(shutil.copy(tiny, tmp_path / "b" / "tiny.json")))
    out = tmp_path / "out"
    argv = ["meta-eval", *[a for d in datasets for a in ("--dataset", d)], *more]
    assert main([*argv, "--no-overlap", "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert expected in err and flag in err
    assert not out.exists()  # refused before anything was written


def test_the_library_refuses_one_dataset(labelled):
    with pytest.raises(SummbenchError, match="two datasets or more; got 1"):
        load_datasets([labelled / "tiny.json"])
