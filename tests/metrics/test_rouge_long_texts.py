"""ROUGE on very long texts: bounded memory, rouge-score's numbers, or a clear refusal.

rouge-score-rs fills an m x n table (two 100,000-word texts: 40 GB, then SIGABRT); long pairs
are routed to our linear-memory scorer (bench/metrics/rouge_limits.py), checked here against
rouge-score itself. The block size and the row-keeping threshold of our scorer are lowered in
some tests so that small texts take the paths that long ones take.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rouge_score import rouge_scorer

from bench.cli import main
from bench.data.schema import Example
from bench.metrics import rouge_limits, rouge_python
from bench.metrics.base import ScoringItem
from bench.metrics.rouge import RougeMetric
from bench.metrics.rouge_limits import TooLongError
from bench.text import split_sentences

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


def _metric(backend: str, **args) -> RougeMetric:
    return RougeMetric.from_config({"types": TYPES, "backend": backend, **args})


@pytest.fixture
def small_blocks(monkeypatch):
    """Our scorer's long-text paths (masks by block, backtrack from kept rows) on short text."""
    monkeypatch.setattr(rouge_python, "BLOCK", 7)
    monkeypatch.setattr(rouge_python, "KEEP_ALL_ROWS_BITS", 0)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    ref=st.lists(st.sampled_from("abcd"), max_size=40),
    can=st.lists(st.sampled_from("abcd"), max_size=40),
)
def test_long_text_paths_give_rouge_scores_lcs(ref, can):
    saved = rouge_python.BLOCK, rouge_python.KEEP_ALL_ROWS_BITS
    rouge_python.BLOCK, rouge_python.KEEP_ALL_ROWS_BITS = 5, 0
    try:
        assert rouge_python.lcs_indices(ref, can) == rouge_scorer.lcs_ind(ref, can)
        table = rouge_scorer._lcs_table(ref, can)
        assert rouge_python.lcs_length(None, len(ref), can, ref) == table[-1][-1]
    finally:
        rouge_python.BLOCK, rouge_python.KEEP_ALL_ROWS_BITS = saved


def _news(seed_dataset, start: int, sentences: int) -> str:
    found = [s for e in seed_dataset for s in split_sentences(e.source)]
    return " ".join(found[start : start + sentences])


def test_long_pairs_skip_the_rust_tables_and_keep_rouge_scores_numbers(
    seed_dataset, small_blocks, monkeypatch
):
    """With the bound lowered, a news pair of ~600 tokens takes each long-text route:
    rouge-score-rs for ROUGE-1/2/Lsum and our scorer for ROUGE-L (short sentences), or our
    scorer alone (one long sentence); every number is rouge-score's."""
    monkeypatch.setattr(rouge_limits, "NATIVE_CELLS", 10_000)
    summary, reference = _news(seed_dataset, 0, 25), _news(seed_dataset, 12, 25)
    one_line = summary.replace(".", ""), reference.replace(".", "")
    monkeypatch.setattr(rouge_limits, "NATIVE_SENTENCE_CELLS", 10_000)
    short = ScoringItem("The talks ended.", Example("s", "", ("Talks ended today.",)))
    direct = rouge_scorer.RougeScorer(TYPES, use_stemmer=True)
    for can, ref, route in ((summary, reference, "split"), (*one_line, "python")):
        item = ScoringItem(can, Example("x", "", (ref,)))
        for backend in ("rust", "python", "rouge-score"):
            metric = _metric(backend)
            prep = metric._preparer()
            expected = direct.score(prep(ref), prep(can))
            native: list[list[str]] = []
            real = metric._score_pairs
            metric._score_pairs = lambda t, p, real=real, seen=native: seen.append(t) or real(t, p)
            routes = metric._long_pairs([short, item], prep)
            assert routes == {1: route if backend == "rust" else "python"}
            got = metric.score([short, item])
            assert [prep(ref)] not in native  # the long pair never reached the backend whole
            for t in TYPES:
                assert got[1].values[f"{t}_f"] == expected[t].fmeasure, (backend, route, t)
                assert got[1].values[f"{t}_r"] == expected[t].recall
            assert got[0].values["rouge1_f"] == direct.score(
                prep("Talks ended today."), prep("The talks ended.")
            )["rouge1"].fmeasure


def test_a_pair_over_the_cap_is_refused_before_scoring_naming_example_lengths_and_cap():
    """Two texts of 131,073 tokens: over MAX_CELLS (2**34), refused in the size check itself
    (no table, no scoring); ROUGE-1/2 alone have no cap."""
    text = "word " * 131_073
    long = ScoringItem(text, Example("ex-7", "", ("short reference", text)))
    calls: list[int] = []
    metric = _metric("rust")
    metric._score_pairs = lambda t, p: calls.append(len(t)) or []
    with pytest.raises(TooLongError) as err:
        metric.score([long])
    message = str(err.value)
    assert "example 'ex-7', reference 2 of 2" in message
    assert "131,073 tokens" in message and "17,179,869,184" in message  # the cap
    assert "rouge_limits.MAX_CELLS" in message and "leave rougeL and rougeLsum out" in message
    assert calls == []
    ngrams = RougeMetric.from_config({"types": ["rouge1", "rouge2"]})
    assert ngrams.score([long])[0].values["rouge1_f"] == 1.0  # the better reference: itself


def test_python_lsum_refuses_too_many_sentence_pairs(monkeypatch):
    monkeypatch.setattr(rouge_limits, "NATIVE_CELLS", 100)
    monkeypatch.setattr(rouge_limits, "MAX_SENTENCE_PAIRS", 50)
    text = " ".join(f"Sentence number {i} is here." for i in range(10))
    item = ScoringItem(text, Example("e", "", (text,)))
    with pytest.raises(TooLongError, match=r"10 sentences .* \(100 pairs\).*MAX_SENTENCE_PAIRS"):
        _metric("python").score([item])
    assert _metric("rust").score([item])[0].values["rougeLsum_f"] == 1.0  # rust scores it


def test_the_cli_refuses_a_too_long_pair_with_exit_2_and_keeps_the_summaries(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setattr(rouge_limits, "MAX_CELLS", 1_000_000)
    long = " ".join(["alpha beta gamma delta"] * 1_000)  # 4,000 tokens: 16M cells
    (tmp_path / "hyp.txt").write_text(f"short one\n{long}\n", encoding="utf-8")
    (tmp_path / "ref.txt").write_text(f"short too\n{long}\n", encoding="utf-8")
    out = tmp_path / "res"
    argv = ["score", "--hyp", str(tmp_path / "hyp.txt"), "--refs", str(tmp_path / "ref.txt")]
    assert main([*argv, "--metrics", "rouge", "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert "example '2', reference 1 of 1" in err and "4,000 tokens" in err
    assert "Fix:" in err and "bug" not in err
    kept = [json.loads(line) for line in (out / "predictions.jsonl").open()]
    assert [k["summary"] for k in kept] == ["short one", long]
