"""The learned fact matcher: its logistic model, its features, its verdicts, its training."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bench.errors import ConfigError
from bench.facts.features import FEATURES
from bench.facts.learned import LearnedMatcher, default_weights_path
from bench.facts.logistic import LogisticModel
from bench.facts.matcher import Claim, MatchTask, Verdict

from ..builders import make_pyramid


def test_logistic_fit_equals_scikit_learn():
    """Same objective as LogisticRegression(C) on standardised features: same optimum."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(3)
    x = rng.normal(size=(400, 5)) * [1, 2, 0.5, 3, 1] + [0, 1, 2, 3, 4]
    logits = x @ [1.0, -0.5, 2.0, 0.3, 0.0] - 1.0
    y = (rng.random(400) < 1 / (1 + np.exp(-logits))).astype(int)
    weights = rng.uniform(0.5, 2.0, size=400)
    for c in (0.1, 1.0, 10.0):
        ours = LogisticModel.fit(x, y, tuple("abcde"), c=c, sample_weight=weights)
        theirs = LogisticRegression(C=c, tol=1e-12, max_iter=10_000).fit(
            StandardScaler().fit_transform(x), y, sample_weight=weights
        )
        assert ours.coef == pytest.approx(theirs.coef_[0], abs=1e-5)
        assert ours.intercept == pytest.approx(theirs.intercept_[0], abs=1e-5)
        expected = theirs.predict_proba(StandardScaler().fit(x).transform(x))[:, 1]
        assert ours.probability(x) == pytest.approx(expected, abs=1e-6)


def test_logistic_json_round_trip_and_bad_files(tmp_path):
    x = np.array([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5], [0.2, 0.9]])
    model = LogisticModel.fit(x, np.array([0, 1, 1, 0]), ("a", "b"))
    again = LogisticModel.from_json(model.to_json())
    assert again.probability(x) == pytest.approx(model.probability(x), abs=1e-7)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "other"}))
    with pytest.raises(ConfigError, match=r"bad\.json.*not a fact-matcher model file"):
        LogisticModel.load(bad)
    with pytest.raises(ConfigError, match="cannot read"):
        LogisticModel.load(tmp_path / "missing.json")


def test_the_shipped_model_matches_the_features_and_is_small():
    path = default_weights_path()
    assert path.stat().st_size < 1_000_000
    model = LogisticModel.load(path)
    assert model.features == FEATURES
    # Trained on PyrXSum plus corruptions: the report of its own cross-validation travels with it.
    assert model.meta["report"]["cv_pyrxsum"]["balanced_accuracy"] > 0.8


SUMMARY = (
    "Ri Il Kyu, a North Korean diplomat posted in Havana, has defected to the South in November. "
    "He said he was disillusioned with the regime."
)
REFERENCE = (
    "A North Korean diplomat stationed in Cuba, Ri Il Kyu, defected to South Korea in "
    "November, disillusioned with the North Korean regime."
)
CLAIMS = (
    Claim("defected", "A North Korean diplomat defected to South Korea.", references=(0,)),
    Claim("november", "The diplomat defected in November.", references=(0,)),
    Claim("disillusioned", "He was disillusioned with the regime.", references=(0,)),
    Claim("weather", "The weather in Paris was warm and sunny.", references=(0,)),
)


@pytest.fixture(scope="module")
def matcher():
    return LearnedMatcher()


def test_paraphrases_are_present_and_unrelated_facts_absent(matcher):
    verdicts = matcher.match([MatchTask(SUMMARY, CLAIMS, references=(REFERENCE,))])[0]
    by_id = {v.claim_id: v for v in verdicts}
    assert by_id["defected"].verdict is Verdict.PRESENT
    assert by_id["november"].verdict is Verdict.PRESENT
    assert by_id["disillusioned"].verdict is Verdict.PRESENT
    assert by_id["disillusioned"].evidence.endswith("He said he was disillusioned with the regime.")
    assert by_id["weather"].verdict is Verdict.ABSENT
    assert by_id["weather"].confidence < 0.05 < by_id["defected"].confidence
    assert all(0 <= v.confidence <= 1 for v in verdicts)


def test_another_month_is_a_contradiction_with_evidence(matcher):
    changed = SUMMARY.replace("November", "October")
    verdicts = matcher.match([MatchTask(changed, CLAIMS[1:2], references=(REFERENCE,))])[0]
    assert verdicts[0].verdict is Verdict.CONTRADICTED
    assert verdicts[0].evidence.startswith("date: 'november' in the claim, 'october' in: Ri Il")


def test_empty_summary_and_cue_gate(matcher):
    probe = Claim("probe", "Ri Il Kyu is 62 years old.", any_of=("62",))
    empty, full = matcher.match([MatchTask("", CLAIMS[:1]), MatchTask(SUMMARY, (probe,))])
    assert empty[0].verdict is Verdict.ABSENT and empty[0].confidence == 0.0
    assert full[0].verdict is Verdict.ABSENT and full[0].confidence == 0.0  # no "62" anywhere


def test_signature_names_the_weights_and_the_threshold(matcher, tmp_path):
    assert matcher.signature().startswith("matcher:learned|weights:")
    assert matcher.key_inputs()["weights"] in matcher.signature()
    other = tmp_path / "w.json"
    model = LogisticModel.load(default_weights_path())
    model.coef = model.coef * 2
    other.write_text(model.to_json())
    assert LearnedMatcher.from_config({"weights": str(other)}).key_inputs() != matcher.key_inputs()
    assert "thr:0.5|" in LearnedMatcher.from_config({"threshold": 0.5}).signature()


def test_a_model_for_other_features_is_refused(tmp_path):
    path = tmp_path / "old.json"
    x = np.array([[0.0], [1.0]])
    path.write_text(LogisticModel.fit(x, np.array([0, 1]), ("lex",)).to_json())
    with pytest.raises(ConfigError, match="retrain it"):
        _ = LearnedMatcher.from_config({"weights": str(path)}).model


def test_window_scores_do_not_grow_with_unrelated_sentences(matcher):
    """Read window by window: sentences about something else change nothing."""
    padded = SUMMARY + " Football results follow. Shares rose in Tokyo on Monday."
    tasks = [MatchTask(s, CLAIMS, references=(REFERENCE,)) for s in (SUMMARY, padded)]
    short, long = matcher.match(tasks)
    assert [v.confidence for v in long] == pytest.approx([v.confidence for v in short], abs=1e-6)


def test_training_is_reproducible(tmp_path):
    from bench.training import logistic as train

    folder = make_pyramid(tmp_path / "PyrXSum")
    outs = []
    for name in ("a.json", "b.json"):
        out = tmp_path / name
        args = ["--data", str(tmp_path), "--folds", "3", "--seed", "5", "--out", str(out)]
        assert train.main(args) == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    model = LogisticModel.from_json(outs[0].decode())
    assert model.features == FEATURES
    assert set(model.meta["report"]) >= {"cv_pyrxsum", "pyrxsum_to_seed", "seed_to_pyrxsum"}
    del folder
