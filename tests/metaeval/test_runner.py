"""Meta-evaluation: correlations equal scipy's, bootstrap is seeded, pyramid data loads."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy import stats

from bench.cli import main
from bench.data import DatasetSpec, load_examples
from bench.data.pyramid import jsonl_judgments, pyramid_judgments
from bench.errors import DatasetError
from bench.metaeval.correlation import bootstrap, correlate, kendall, pearson, spearman
from bench.metaeval.units import best_threshold, cross_validated, unit_stats

from ..builders import ROOT, make_pyramid


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [(pearson, stats.pearsonr), (spearman, stats.spearmanr), (kendall, stats.kendalltau)],
)
def test_correlations_equal_scipy_including_ties(ours, theirs):
    rng = np.random.default_rng(1)
    x = rng.integers(0, 5, size=(20, 9)).astype(float)  # many ties
    y = x + rng.normal(0, 2, size=x.shape)
    got = ours(x, y)
    for row in range(x.shape[0]):
        assert got[row] == pytest.approx(theirs(x[row], y[row])[0], abs=1e-12)


def test_constant_scores_have_no_correlation():
    assert np.isnan(pearson(np.ones(5), np.arange(5.0)))
    assert np.isnan(kendall(np.ones(5), np.arange(5.0)))


def test_summary_level_averages_per_document_correlations():
    rng = np.random.default_rng(2)
    metric, human = rng.random((6, 4)), rng.random((6, 4))
    expected = np.mean([stats.pearsonr(metric[:, d], human[:, d])[0] for d in range(4)])
    assert correlate(metric, human, "summary", pearson) == pytest.approx(expected)
    system = stats.pearsonr(metric.mean(1), human.mean(1))[0]
    assert correlate(metric, human, "system", pearson) == pytest.approx(system)


def test_bootstrap_is_seeded_and_brackets_the_value():
    rng = np.random.default_rng(3)
    human = rng.random((8, 30))
    metric = human + rng.normal(0, 0.3, human.shape)
    runs = [
        bootstrap(
            metric,
            human,
            "summary",
            pearson,
            resample="both",
            resamples=200,
            rng=np.random.default_rng(7),
        )
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    assert runs[0].low <= runs[0].value <= runs[0].high
    wider = bootstrap(
        metric,
        human,
        "summary",
        pearson,
        resample="both",
        resamples=200,
        rng=np.random.default_rng(7),
        confidence=0.99,
    )
    assert wider.low <= runs[0].low and wider.high >= runs[0].high


def test_unit_stats_and_threshold_choice():
    gold = np.array([1, 1, 0, 0, 0, 0], dtype=bool)
    scores = np.array([0.9, 0.7, 0.6, 0.2, 0.1, 0.0])
    threshold = best_threshold(scores, gold)
    assert 0.6 < threshold <= 0.7
    s = unit_stats(scores >= threshold, gold)
    assert (s.accuracy, s.balanced_accuracy, s.precision, s.recall) == (1.0, 1.0, 1.0, 1.0)
    half = unit_stats(np.array([1, 0, 1, 0, 0, 0], dtype=bool), gold)
    assert half.recall == 0.5 and half.precision == 0.5 and half.balanced_accuracy == 0.625


def test_cross_validation_never_uses_a_documents_own_units():
    # Each document's units are separable only by a threshold that differs per document, so a
    # threshold fitted on other documents must get some of them wrong.
    gold = np.array([1, 0] * 4, dtype=bool)
    scores = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2])
    groups = np.array([0, 0, 1, 1, 2, 2, 3, 3])
    predicted, thresholds = cross_validated(scores, gold, groups, 4, np.random.default_rng(0))
    assert len(thresholds) == 4
    assert unit_stats(predicted, gold).accuracy < 1.0


def test_pyramid_folder_becomes_checklists_predictions_and_human_scores(tmp_path):
    folder = make_pyramid(tmp_path / "pyr")
    dataset = load_examples(DatasetSpec(path=str(folder)))
    assert [len(e.checklist) for e in dataset] == [2, 3, 2]  # the stray tab is not an SCU
    judgments = pyramid_judgments(folder, dataset)
    assert judgments.systems == ("bad", "good", "half")
    assert judgments.pyramid_score("half", "d0") == 0.5
    assert judgments.summaries["good"]["d2"] == "a storm cut power to two towns ."


def test_mismatched_labels_are_reported_with_the_place(tmp_path):
    folder = make_pyramid(tmp_path / "pyr")
    (folder / "labels" / "bad.label").write_text("0\t0\n0\t0\n0\t0\n")
    dataset = load_examples(DatasetSpec(path=str(folder)))
    with pytest.raises(DatasetError, match=r"'bad', example 'd1': 2 labels for 3 checklist facts"):
        pyramid_judgments(folder, dataset)


def test_jsonl_annotations(tmp_path):
    folder = make_pyramid(tmp_path / "pyr")
    dataset = load_examples(DatasetSpec(path=str(folder)))
    path = tmp_path / "ann.jsonl"
    path.write_text(
        json.dumps({"id": "d0", "system": "s", "summary": "x", "labels": [1, 0]}) + "\n"
    )
    assert jsonl_judgments(path, dataset).pyramid_score("s", "d0") == 0.5
    path.write_text(
        json.dumps({"id": "d0", "system": "s", "summary": "x", "labels": [1, 2]}) + "\n"
    )
    with pytest.raises(DatasetError, match=r"ann\.jsonl:1: labels must be 0 or 1"):
        jsonl_judgments(path, dataset)


def test_meta_eval_command_end_to_end(tmp_path, capsys):
    folder = make_pyramid(tmp_path / "pyr")
    out = tmp_path / "out"
    code = main(
        [
            "meta-eval",
            "--dataset",
            str(folder),
            "--matchers",
            "lexical",
            "--no-overlap",
            "--resamples",
            "50",
            "--folds",
            "3",
            "--output",
            str(out),
        ]
    )
    assert code == 0
    report = json.loads((out / "meta_eval.json").read_text())
    rows = {r["metric"]: r for r in report["rows"]}
    assert set(rows) == {"lexical (fixed)", "lexical (cv)", "lexical (soft)"}
    # The tiny set is easy: the lexical matcher ranks the three systems as the humans do.
    assert rows["lexical (soft)"]["system/spearman"]["value"] == pytest.approx(1.0)
    assert rows["lexical (fixed)"]["units"]["n"] == 21
    assert "### Summary level" in capsys.readouterr().out
    assert (out / "meta_eval.md").read_text().startswith("## Meta-evaluation: pyr")


PYRXSUM = ROOT.parent / "shared" / "data" / "PyrXSum"


def _pyrxsum_report(matcher: str):
    """PyrXSum meta-evaluated with one matcher (100 resamples): the report, its rows by name
    and each row's summary-level Pearson."""
    from bench.metaeval.runner import MetaEvalSettings, meta_evaluate

    dataset = load_examples(DatasetSpec(path=str(PYRXSUM)))
    judgments = pyramid_judgments(PYRXSUM, dataset)
    settings = MetaEvalSettings(matchers=(matcher,), resamples=100)
    report = meta_evaluate(dataset, judgments, settings, log=lambda _: None)
    rows = {row.name: row for row in report.rows}
    summary = {name: row.correlations["summary/pearson"].value for name, row in rows.items()}
    return report, rows, summary


@pytest.mark.skipif(
    not PYRXSUM.is_dir(), reason="../shared/data/PyrXSum is not beside this checkout"
)
def test_learned_matcher_beats_rouge_and_bertscore_recall_on_pyrxsum():
    """The measurement behind the learned matcher's PyrXSum figures (docs/metaeval.md, 'Which fact
    matcher'; the checklist's default is now the verifier, measured below).

    The shipped model was trained on PyrXSum, so the out-of-sample rows are the refitted ones:
    a model per fold, fitted without the fold's documents.
    """
    report, rows, summary = _pyrxsum_report("learned")
    assert summary["learned (refit cv, soft)"] > 0.66 > summary["BERTScore R"] > summary["R-1 R"]
    assert summary["learned (refit cv)"] > summary["R-1 R"]
    assert rows["learned (refit cv)"].units.balanced_accuracy > 0.82
    assert report.units == 4780 and len(report.systems) == 10


@pytest.mark.slow
@pytest.mark.skipif(
    not PYRXSUM.is_dir(), reason="../shared/data/PyrXSum is not beside this checkout"
)
def test_the_default_verifier_on_pyrxsum_as_the_readme_says():
    """The checklist's default matcher, never trained on PyrXSum: ahead of ROUGE-1 recall at
    summary level, behind BERTScore recall, and its own threshold within 0.03 of the best unit
    balanced accuracy (docs/metaeval.md, 'Which fact matcher' and the transfer report). About a
    minute."""
    _, rows, summary = _pyrxsum_report("verifier")
    assert summary["R-1 R"] < summary["verifier (soft)"] < summary["BERTScore R"]
    assert abs(summary["verifier (soft)"] - 0.60) < 0.01
    assert abs(rows["verifier (fixed)"].units.balanced_accuracy - 0.776) < 0.002
    assert rows["verifier (cv)"].units.balanced_accuracy - 0.776 < 0.03
