"""BERTScore encodes each distinct text once: across systems, metrics, matchers and runs.

Numbers still equal ``bert_score.score`` called once per system (1e-5); what changes is how
many sequences go through the encoder, which the shared embedder counts.
"""

from __future__ import annotations

import json

import bert_score
import pytest

from bench.data.schema import Example
from bench.encoders import token_embeddings
from bench.encoders.bertscore_encoder import default_model_path
from bench.metrics.base import ScoringItem
from bench.metrics.bertscore import BertScoreMetric
from bench.text import split_sentences

from ..builders import ROOT


@pytest.fixture
def fresh_embedders(monkeypatch):
    """A process with no embedder loaded yet (as a new run starts)."""
    monkeypatch.setattr(token_embeddings, "_SHARED", {})


def _systems(examples) -> dict[str, list[str]]:
    """Three extractive 'systems' with distinct outputs per document."""
    return {
        f"sentence-{k}": [" ".join(split_sentences(e.source)[k : k + 2]) for e in examples]
        for k in range(3)
    }


def test_references_are_encoded_once_for_all_systems(seed_dataset, fresh_embedders):
    examples = list(seed_dataset)
    systems = _systems(examples)
    metric = BertScoreMetric.from_config({})
    items = [ScoringItem(text, e) for texts in systems.values() for text, e in zip(texts, examples)]
    ours = metric.score(items)
    distinct = {t for texts in systems.values() for t in texts} | {
        r for e in examples for r in e.references
    }
    assert metric.embedder.encoded == len(distinct)
    # What one bert_score.score call per system encodes: its own references every time.
    per_system = sum(
        len(set(texts) | {r for e in examples for r in e.references}) for texts in systems.values()
    )
    assert per_system > metric.embedder.encoded
    for s, texts in enumerate(systems.values()):
        _, _, f1 = bert_score.score(
            texts,
            [list(e.references) for e in examples],
            model_type=default_model_path(),
            num_layers=6,
        )
        for score, expected in zip(ours[s * len(examples) :], f1.tolist()):
            assert score.values["bertscore_f1"] == pytest.approx(expected, abs=1e-5)


def test_the_metric_and_the_fact_matcher_share_one_encoder(seed_dataset, fresh_embedders):
    from bench.facts.bertscore import BertScoreMatcher
    from bench.facts.matcher import Claim, MatchTask

    example = seed_dataset.by_id()["nk-002-ap"]
    summary = " ".join(split_sentences(example.source)[:2])
    metric = BertScoreMetric.from_config({})
    metric.score([ScoringItem(summary, example)])
    encoded = metric.embedder.encoded
    matcher = BertScoreMatcher.from_config({})
    matcher.match([MatchTask(summary, (Claim("f", example.checklist[0].text),), (), "")])
    assert matcher.encoder.embedder is metric.embedder
    assert metric.embedder.encoded == encoded + 1  # only the fact was new


def test_idf_comes_from_the_whole_dataset_not_the_batch(seed_dataset, fresh_embedders):
    examples = list(seed_dataset)
    items = [ScoringItem(split_sentences(e.source)[0], e) for e in examples]
    metric = BertScoreMetric.from_config({"idf": True})
    metric.fit(examples)
    whole = [s.values for s in metric.score(items)]
    halves = [s.values for s in metric.score(items[:2]) + metric.score(items[2:])]
    assert whole == halves
    assert "idf:refs-" in metric.signature()
    # And it is bert-score's idf over those distinct references.
    refs = sorted({r for e in examples for r in e.references})
    scorer = bert_score.BERTScorer(model_type=default_model_path(), num_layers=6, idf=True)
    scorer.compute_idf(refs)
    _, _, f1 = scorer.score([i.candidate for i in items], [list(e.references) for e in examples])
    for values, expected in zip(whole, f1.tolist()):
        assert values["bertscore_f1"] == pytest.approx(expected, abs=1e-5)


def test_rescaling_with_a_baseline_file_equals_bert_score(tmp_path, seed_dataset, fresh_embedders):
    baseline = tmp_path / "baseline.tsv"
    rows = ["LAYER,P,R,F"] + [f"{layer},0.3,0.31,0.305" for layer in range(7)]
    baseline.write_text("\n".join(rows) + "\n")
    example = seed_dataset.by_id()["nk-004-digest"]
    candidates = [*split_sentences(example.source)[:3], ""]
    metric = BertScoreMetric.from_config(
        {"rescale_with_baseline": True, "baseline_path": str(baseline)}
    )
    ours = metric.score([ScoringItem(c, example) for c in candidates])
    _p, _r, f = bert_score.score(
        candidates[:3],
        [list(example.references)] * 3,
        model_type=default_model_path(),
        num_layers=6,
        lang="en",
        rescale_with_baseline=True,
        baseline_path=str(baseline),
    )
    for score, expected in zip(ours, f.tolist()):
        assert score.values["bertscore_f1"] == pytest.approx(expected, abs=1e-5)
    assert ours[3].values["bertscore_f1"] == pytest.approx((0 - 0.305) / (1 - 0.305), abs=1e-6)


def test_a_system_added_to_a_scored_run_encodes_its_summaries_and_their_references(
    tmp_path, fresh_embedders
):
    """The cache keeps scores, not token vectors (experiment/storage/test_store.py): a
    new process encodes the texts of the items it has to score, and nothing for the cached
    ones."""
    from bench.experiment import load_config, run_experiment

    config = tmp_path / "c.yaml"
    base = (
        "name: add\ndataset: {path: seeds/nk-diplomat, config: articles}\n"
        "metrics: [{type: bertscore}]\n"
        f"cache: {{path: '{tmp_path / 'c.sqlite'}'}}\n"
    )
    config.write_text(base + "summarizers: [{type: lead}, {type: oracle}]\n")
    run_experiment(load_config(config), output_dir=tmp_path / "a", log=lambda _: None)
    token_embeddings._SHARED.clear()  # a new process: nothing in memory
    config.write_text(base + "summarizers: [{type: lead}, {type: oracle}, {type: textrank}]\n")
    run_experiment(load_config(config), output_dir=tmp_path / "b", log=lambda _: None)
    (embedder,) = token_embeddings._SHARED.values()
    rows = [json.loads(line) for line in (tmp_path / "b" / "predictions.jsonl").open()]
    textrank = {r["summary"] for r in rows if r["system"] == "textrank"}
    examples = [json.loads(line) for line in (tmp_path / "b" / "examples.jsonl").open()]
    references = {r for e in examples for r in e["references"]}
    assert len(textrank) == 5 and len(references) == 15
    # Its five summaries and the references they are scored against; lead's and oracle's
    # scores came from the cache, so none of their summaries was encoded.
    assert embedder.encoded == len(textrank | references) == 20


@pytest.mark.repro
def test_a_texts_embedding_does_not_depend_on_its_batch_or_the_thread_setting(
    seed_dataset, fresh_embedders
):
    """So a warm run (half its texts cached) gives the cold run's numbers to the bit, and so
    does a worker process running fewer threads. Short texts included: one token between
    [CLS] and [SEP] makes a 3-row matrix product alone, a 6-row one in a pair."""
    import numpy as np
    import torch

    short = ["Seoul", "Cuba", "Yes", "defected", "North Korea", "Ri Il Kyu"]
    texts = [s for e in seed_dataset for s in split_sentences(e.source)][:40] + short
    before = torch.get_num_threads()
    try:
        torch.set_num_threads(2)
        together = BertScoreMetric.from_config({}).embedder.embed(texts)
        assert torch.get_num_threads() == 2  # the caller's setting is left as it was
        token_embeddings._SHARED.clear()
        torch.set_num_threads(1)
        alone = BertScoreMetric.from_config({}).embedder
        for text in texts:
            (single,) = alone.embed([text]).values()
            assert np.array_equal(single.vectors, together[text].vectors), text
    finally:
        torch.set_num_threads(before)


PYRXSUM = ROOT / ".." / "shared" / "data" / "PyrXSum"


@pytest.mark.skipif(
    not PYRXSUM.is_dir(), reason="../shared/data/PyrXSum is not beside this checkout"
)
def test_each_pair_is_scored_unpadded_as_bert_score_scores_it_alone(fresh_embedders):
    """bert-score pads a batch, and its greedy max also sees the padded positions (similarity
    0), so a token whose real similarities are all negative scores 0 instead: a pair's score
    then depends on the longest candidate in its batch. We score each pair unpadded, which is what
    bert-score gives for the pair alone. Found on PyrXSum (topic-convs2s, document 87)."""
    candidate = "a chronology of key events : ."
    source = (PYRXSUM / "documents.txt").read_text(encoding="utf-8").splitlines()[87]
    reference = (PYRXSUM / "references.txt").read_text(encoding="utf-8").splitlines()[87]
    # The texts the case was found with: pysbd's sentences (the article lost the spaces
    # between its paragraphs, and pysbd's first "sentences" are long; the rules splitter's
    # are short and make no batch-mate long enough).
    references = [reference, *split_sentences(source, "pysbd")[:2]]
    mate = " ".join(split_sentences(source, "pysbd")[:4])  # a longer batch-mate
    model = {"model_type": default_model_path(), "num_layers": 6}
    (_, _, alone) = bert_score.score([candidate], [references], **model)
    (_, _, batched) = bert_score.score([candidate, mate], [references, references], **model)
    metric = BertScoreMetric.from_config({})
    example = Example("x", source, tuple(references))
    ours = metric.score([ScoringItem(candidate, example)])[0].values["bertscore_f1"]
    with_mate = metric.score([ScoringItem(candidate, example), ScoringItem(mate, example)])[
        0
    ].values["bertscore_f1"]
    assert ours == pytest.approx(alone.item(), abs=1e-6)
    assert with_mate == ours
    assert abs(batched[0].item() - alone.item()) > 1e-4  # bert-score's batch-dependence


def test_an_unchanged_rerun_loads_no_model(tmp_path, fresh_embedders):
    from bench.experiment import load_config, run_experiment

    config = tmp_path / "c.yaml"
    config.write_text(
        "name: warm\ndataset: {path: seeds/nk-diplomat, config: articles}\n"
        "summarizers: [{type: lead}]\n"
        "metrics: [{type: bertscore}, {type: checklist, args: {matcher: {type: bertscore}}}]\n"
        f"cache: {{path: '{tmp_path / 'c.sqlite'}'}}\n"
    )
    run_experiment(load_config(config), output_dir=tmp_path / "a", log=lambda _: None)
    token_embeddings._SHARED.clear()
    run_experiment(load_config(config), output_dir=tmp_path / "b", log=lambda _: None)
    assert token_embeddings._SHARED == {}  # every score came from the store
