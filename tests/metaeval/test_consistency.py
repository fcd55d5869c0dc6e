"""Meta-evaluation on SummaC-format consistency labels: loading, statistics, the command."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from bench.cli import main
from bench.errors import DatasetError
from bench.metaeval.consistency import balanced_accuracy, roc_auc
from bench.metaeval.consistency_pairs import is_consistency_file, load_pairs

from ..builders import PAIRS


def test_auc_and_balanced_accuracy_equal_scikit_learn():
    from sklearn.metrics import balanced_accuracy_score, roc_auc_score

    rng = np.random.default_rng(1)
    labels = rng.integers(0, 2, size=200)
    scores = np.round(rng.random(200) + labels * 0.3, 1)  # ties on purpose
    assert roc_auc(scores, labels) == pytest.approx(roc_auc_score(labels, scores))
    predicted = scores > 0.6
    assert balanced_accuracy(predicted, labels) == pytest.approx(
        balanced_accuracy_score(labels, predicted)
    )
    batch = np.stack([scores, scores[::-1]])
    assert roc_auc(batch, np.stack([labels, labels[::-1]])) == pytest.approx(
        [roc_auc_score(labels, scores)] * 2
    )


def test_loading_names_bad_entries(tmp_path):
    good = tmp_path / "set.json"
    good.write_text(json.dumps(PAIRS))
    assert is_consistency_file(good)
    assert [p.label for p in load_pairs(good)] == [1, 1, 0, 0, 1, 0]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"x": {"document": "d", "claim": "c", "label": "maybe"}}))
    with pytest.raises(DatasetError, match="entry 'x': label \"maybe\" is not 0 or 1"):
        load_pairs(bad)
    bad.write_text(json.dumps({"x": {"document": "d"}}))
    with pytest.raises(DatasetError, match="entry 'x' has no claim, label"):
        load_pairs(bad)
    assert not is_consistency_file(tmp_path / "missing.json")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"x": {"document": "d", "claim": "c", "label": 0.5}}', "label 0.5 is not 0 or 1"),
        ('{"x": {"document": "d", "claim": "c", "label": true}}', "label true is not 0 or 1"),
        ('{"x": {"document": null, "claim": "c", "label": 1}}', "document is null, not a text"),
        ('{"x": {"document": "d", "claim": "  ", "label": 1}}', 'claim is "  ", not a text'),
        (
            '{"x": {"document": "d", "claim": "c", "label": 1},'
            ' "x": {"document": "d", "claim": "c", "label": 0}}',
            "key 'x' appears twice",
        ),
    ],
)
def test_soft_labels_duplicates_and_missing_texts_are_refused(tmp_path, text, expected):
    path = tmp_path / "set.json"
    path.write_text(text)
    with pytest.raises(DatasetError, match=re.escape(expected)):
        load_pairs(path)


def test_meta_eval_on_a_consistency_file(tmp_path, capsys):
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(PAIRS))
    other = tmp_path / "other.json"
    other.write_text(json.dumps(dict(list(PAIRS.items())[::-1])))
    out = tmp_path / "out"
    args = ["meta-eval", "--dataset", str(path), "--resamples", "50", "--folds", "2"]
    args += ["--threshold-from", str(other), "--output", str(out)]
    assert main(args) == 0
    report = json.loads((out / "meta_eval.json").read_text())
    rows = {r["scorer"]: r for r in report["rows"]}
    assert set(rows) == {
        "faithfulness (learned)",
        "R-2 P (summary vs source)",
        "BERTScore P (summary vs source)",
    }
    learned = rows["faithfulness (learned)"]
    # The faithful claims reuse the document's words; the others invent names and numbers.
    assert learned["roc_auc"]["value"] == 1.0
    assert learned["balanced_accuracy_own"]["value"] >= 0.8
    assert learned["transfer_threshold"] is not None
    assert report["pairs"] == 6 and report["consistent"] == 3
    printed = capsys.readouterr().out
    assert "consistency with the source" in printed and "from other" in printed
    assert (out / "meta_eval.md").read_text() == printed.rstrip("\n") + "\n"
