"""Meta-evaluation at pyramid scale without changing a number.

* The cross-validated threshold is chosen by counting (binary search in each class's sorted
  scores) instead of a candidates x units matrix: it must pick exactly the threshold the
  matrix picks, ties and float32 scores included.
* The embedding matcher takes the packaged MiniLM's token vectors from the shared BERTScore
  encoder (which has usually encoded the same summaries, sentences and facts already) and
  pools them with sentence-transformers' own modules: every vector must equal, to the bit,
  the one sentence-transformers computes from the text itself.
* ``bootstrap_many`` computes every row's intervals in one pass (resamples drawn once, the
  human side once, Spearman and Kendall from sign tables): each number must equal
  :func:`bootstrap` called per (metric, level, correlation), exactly.
* The hybrid matcher's verdicts combined from its members' must equal its own ``match``.
* Its progress bars stay off logs and pipes.
"""

from __future__ import annotations

import io

import numpy as np
import pytest

from bench.data import DatasetSpec, load_examples
from bench.data.pyramid import pyramid_judgments
from bench.encoders import batching, greedy_matching, token_embeddings
from bench.facts.matcher import Claim, MatchTask
from bench.facts.registry import MATCHERS
from bench.metaeval import correlation
from bench.metaeval.correlation import CORRELATIONS, bootstrap, bootstrap_many
from bench.metaeval.units import best_threshold
from bench.text import sentence_windows

from ..builders import make_pyramid


def _matrix_reference(scores: np.ndarray, gold: np.ndarray) -> float:
    """The threshold choice as it was written before (one candidates x units matrix)."""
    values = np.unique(scores)
    candidates = np.concatenate([[values[0]], (values[:-1] + values[1:]) / 2, [values[-1] + 1e-9]])
    gold = gold.astype(bool)
    predicted = scores[None, :] >= candidates[:, None]
    positives, negatives = max(gold.sum(), 1), max((~gold).sum(), 1)
    recall = (predicted & gold).sum(axis=1) / positives
    specificity = (~predicted & ~gold).sum(axis=1) / negatives
    return float(candidates[int(np.argmax((recall + specificity) / 2))])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_counted_threshold_is_the_matrix_threshold(dtype):
    rng = np.random.default_rng(3)
    for trial in range(300):
        n = int(rng.integers(1, 400))
        # One trial in three: few distinct values, many ties between and within classes.
        scores = (rng.integers(0, 6, n) / 5 if trial % 3 == 0 else rng.random(n)).astype(dtype)
        gold = rng.random(n) < rng.random()
        if trial % 50 == 1:
            gold[:] = True  # one class only
        if trial % 50 == 2:
            gold[:] = False
        expected = _matrix_reference(scores, gold)
        assert best_threshold(scores, gold) == expected


def test_nan_scores_take_the_matrix_path():
    scores = np.array([0.9, np.nan, 0.4, 0.7, np.nan, 0.1])
    gold = np.array([1, 1, 0, 1, 0, 0], dtype=bool)
    assert best_threshold(scores, gold) == _matrix_reference(scores, gold)


SUMMARY = (
    "A North Korean diplomat in Havana fled to Seoul in November. He is 52 years old. "
    "Officials said he had been in Cuba since 2019."
)
TEXTS = [
    *sentence_windows(SUMMARY, 2),
    "A North Korean diplomat defected to South Korea.",
    "Ri Il Kyu is 62.",
    "Yes.",  # fewer than 4 tokens: encoded alone on either side
    "Café Zürich — naïve façade, 1,250 €.",  # accents and symbols through both tokenizers
    "word " * 300,  # past sentence-transformers' 256-token limit: its own encoding
]


@pytest.fixture
def fresh_embedders(monkeypatch):
    monkeypatch.setattr(token_embeddings, "_SHARED", {})


@pytest.mark.repro
@pytest.mark.parametrize("chunk_tokens", [1 << 15, 16])  # one chunk; a chunk per text or two
def test_shared_token_vectors_pool_to_sentence_transformers_vectors(
    fresh_embedders, monkeypatch, chunk_tokens
):
    from bench.facts import embedding
    from bench.facts.embedding import (
        _encode_batch_independently,
        _shared_encoder,
        default_model_path,
        load_sentence_model,
    )

    monkeypatch.setattr(embedding, "POOLED_CHUNK_TOKENS", chunk_tokens)

    model = load_sentence_model(default_model_path(), None)
    own = _encode_batch_independently(model, TEXTS, 64)
    shared = _shared_encoder(model, None)
    assert shared is not None
    shared.embed(TEXTS[:3])  # some known already (as after the BERTScore metric), some not
    pooled = _encode_batch_independently(model, TEXTS, 64, shared)
    for text in TEXTS:
        assert own[text].dtype == pooled[text].dtype
        assert np.array_equal(own[text], pooled[text]), text[:40]
    # Everything under the sentence model's limit came from the shared encoder, which keeps
    # only what it knew before (the windows are the embedding matcher's own).
    assert shared.encoded == len(TEXTS) - 1
    assert set(shared._memory) == set(TEXTS[:3])


def test_embedding_matcher_verdicts_are_the_same_with_and_without_sharing(
    fresh_embedders, monkeypatch
):
    from bench.facts import embedding

    tasks = [
        MatchTask(
            SUMMARY,
            (
                Claim("defected", "A North Korean diplomat defected to South Korea."),
                Claim("age", "He is 52 years old."),
                Claim("weather", "The weather in Paris was warm."),
            ),
        )
    ]
    shared = MATCHERS.get("embedding").from_config({}).match(tasks)
    monkeypatch.setattr(embedding, "_shared_encoder", lambda *a: None)
    alone = MATCHERS.get("embedding").from_config({}).match(tasks)
    assert shared == alone


def test_a_configured_sentence_model_is_not_shared(fresh_embedders, monkeypatch):
    from bench.facts import embedding

    matcher = MATCHERS.get("embedding").from_config({"model": embedding.default_model_path()})
    monkeypatch.setattr(embedding, "_shared_encoder", lambda *a: pytest.fail("shared"))
    matcher.match([MatchTask(SUMMARY, (Claim("age", "He is 52 years old."),))])


@pytest.mark.repro
def test_texts_encoded_on_two_threads_are_those_encoded_on_one(
    seed_dataset, fresh_embedders, monkeypatch
):
    from bench.metrics.bertscore import BertScoreMetric
    from bench.progress import listening
    from bench.text import split_sentences

    texts = sorted({s for e in seed_dataset for s in split_sentences(e.source)})[:40]
    texts += ["Yes.", "No way."]  # short texts, encoded alone
    texts += [" ".join(texts[k : k + 8]) for k in range(0, 24, 4)]  # long: smaller batches
    embedder = BertScoreMetric.from_config({}).embedder
    alone = embedder.embed(texts, batch_size=3)
    embedder.forget()
    reported: list[int] = []
    # At most 200 tokens a batch: the long texts go one by one, others up to three together.
    monkeypatch.setattr(batching, "MAX_BATCH_TOKENS", 200)
    batches: list[int] = []
    forward = type(embedder)._forward

    def counted(self, batch, ids):
        batches.append(len(batch))
        return forward(self, batch, ids)

    monkeypatch.setattr(type(embedder), "_forward", counted)
    with batching.encoding_threads(2), listening(lambda n, what: reported.append(n)):
        threaded = embedder.embed(texts, batch_size=3)
    assert sum(reported) == len(texts)  # every batch reported, from the calling thread
    assert max(batches) == 3 and len(batches) > len(texts) / 3  # long texts alone or two
    assert embedder.encoded == 2 * len(texts)
    for text in texts:
        assert threaded[text].ids == alone[text].ids
        assert np.array_equal(threaded[text].vectors, alone[text].vectors), text[:40]
    token_embeddings.release_freed_memory()  # only free pages go: the vectors are intact
    assert all(np.array_equal(threaded[t].vectors, alone[t].vectors) for t in texts)


def _greedy_by_bert_score(embedder, pairs, idf) -> np.ndarray:
    """Each pair through bert-score's own greedy_cos_idf (as greedy_scores called it before)."""
    import torch
    from bert_score.utils import greedy_cos_idf

    embedded = embedder.embed([t for pair in pairs for t in pair])

    def tensors(text):
        e = embedded[text]
        vectors = torch.from_numpy(e.vectors.copy()).unsqueeze(0)
        weights = torch.tensor([[idf[i] for i in e.ids]], dtype=torch.float)
        return vectors, torch.ones((1, len(e.ids)), dtype=torch.bool), weights

    out = np.empty((len(pairs), 3), dtype=np.float32)
    with torch.no_grad(), batching.one_intra_op_thread():
        for row, (candidate, reference) in enumerate(pairs):
            p, r, f = greedy_cos_idf(*tensors(reference), *tensors(candidate))
            out[row] = (p.item(), r.item(), f.item())
    return out


@pytest.mark.repro
def test_greedy_scores_are_bert_scores_greedy_matching_to_the_bit(seed_dataset, fresh_embedders):
    from bench.metrics.bertscore import BertScoreMetric
    from bench.text import split_sentences

    embedder = BertScoreMetric.from_config({}).embedder
    sentences = sorted({s for e in seed_dataset for s in split_sentences(e.source)})[:30]
    sources = [e.source for e in seed_dataset]
    pairs = [(a, b) for a in sentences[:6] for b in sentences[6:]]
    pairs += [(e.references[0], s) for e in seed_dataset for s in sentences[:2]]
    for idf in (embedder.uniform_idf(), embedder.idf(sources)):
        ours = greedy_matching.greedy_scores(embedder, pairs, idf)
        assert np.array_equal(ours, _greedy_by_bert_score(embedder, pairs, idf))


def test_features_of_a_task_do_not_depend_on_the_tasks_beside_it(seed_dataset):
    """The feature extractor keeps what depends on a document's claims and references (their
    parts, the references' wording of each claim) for the document's other summaries: each
    task's features must be those it gets alone."""
    from bench.metrics.base import ScoringItem
    from bench.metrics.checklist import checklist_tasks
    from bench.text import split_sentences

    examples = [e for e in seed_dataset if e.checklist][:2]
    items = [
        ScoringItem(" ".join(split_sentences(e.source)[k : k + 3]), e)
        for k in (0, 2, 4)
        for e in examples
    ]
    items += [ScoringItem(e.references[0], e) for e in examples]
    tasks = checklist_tasks(items, probes=False)
    matcher = MATCHERS.get("learned").from_config({})
    matcher.fit([e.source for e in examples])  # idf from these sources, however tasks are split
    together = matcher.scores(tasks)
    for task, (features, claims) in zip(tasks, together):
        [(alone, alone_claims)] = matcher.scores([task])
        assert np.array_equal(features.values, alone.values)
        assert features.conflicts == alone.conflicts
        for a, b in zip(claims, alone_claims):
            assert np.array_equal(a.probabilities, b.probabilities) and a.best == b.best


# -- bootstrap_many, the hybrid matcher's combined verdicts, progress bars -------------------------


def _loop(metric, human, resample, resamples, seed):
    """The straightforward way: one bootstrap per level and correlation, a fresh generator."""
    return {
        f"{level}/{name}": bootstrap(
            metric,
            human,
            level,
            corr,
            resample=resample,
            resamples=resamples,
            rng=np.random.default_rng(seed),
        )
        for level in ("system", "summary")
        for name, corr in CORRELATIONS.items()
    }


def _cases(rng):
    """Small (systems, documents) shapes, scores with many ties, constant and NaN columns."""
    for _ in range(6):
        systems, documents = int(rng.integers(2, 9)), int(rng.integers(1, 12))
        human = np.round(rng.random((systems, documents)) * 3) / 3  # ties
        constant = np.ones((systems, documents))
        holes = human + rng.normal(0, 0.2, human.shape)
        holes[0, 0] = np.nan  # NaN scores take the direct path
        yield (
            human,
            [
                np.round(rng.random((systems, documents)) * 4) / 4,
                human + rng.normal(0, 0.3, human.shape),
                human.copy(),
                constant,
                holes,
            ],
        )


@pytest.mark.parametrize("resample", ["systems", "documents", "both"])
@pytest.mark.parametrize("chunk_elements", [2000, 1 << 22])  # several chunks, and one
def test_bootstrap_many_equals_the_loop_exactly(resample, chunk_elements, monkeypatch):
    monkeypatch.setattr(correlation, "CHUNK_ELEMENTS", chunk_elements)
    rng = np.random.default_rng(11)
    for human, metrics in _cases(rng):
        got = bootstrap_many(metrics, human, resample=resample, resamples=97, seed=5)
        for metric, intervals in zip(metrics, got, strict=True):
            expected = _loop(metric, human, resample, 97, 5)
            assert list(intervals) == list(expected)  # the same keys, in the report's order
            for key, interval in expected.items():
                want = np.array([interval.value, interval.low, interval.high])
                have = np.array([intervals[key].value, intervals[key].low, intervals[key].high])
                assert np.array_equal(have, want, equal_nan=True), key


def test_bootstrap_many_equals_the_loop_at_pyramid_scale():
    """25 systems, 100 documents, many ties: the size the benchmark runs at."""
    rng = np.random.default_rng(3)
    human = np.round(rng.random((25, 100)) * 5) / 5
    metric = human + rng.normal(0, 0.3, human.shape)
    (got,) = bootstrap_many([metric], human, resample="both", resamples=60, seed=0)
    assert got == _loop(metric, human, "both", 60, 0)


def test_bootstrap_many_reports_each_chunk(monkeypatch):
    monkeypatch.setattr(correlation, "CHUNK_ELEMENTS", 50)
    human = np.arange(12.0).reshape(3, 4)
    seen = []
    bootstrap_many([human], human, resample="both", resamples=40, seed=0, on_chunk=seen.append)
    assert sum(seen) == 40 and len(seen) > 1


def test_hybrid_combines_member_verdicts_as_it_matches(tmp_path):
    from bench.facts.registry import MATCHERS
    from bench.metaeval.runner import _items
    from bench.metrics.checklist import checklist_tasks

    folder = make_pyramid(tmp_path / "pyr")
    dataset = load_examples(DatasetSpec(path=str(folder)))
    tasks = checklist_tasks(_items(dataset, pyramid_judgments(folder, dataset)), probes=False)
    hybrid = MATCHERS.get("hybrid").from_config({"members": [{"type": "lexical"}]})
    lexical = MATCHERS.get("lexical").from_config({})
    assert hybrid.combine(tasks, [lexical.match(tasks)]) == hybrid.match(tasks)


def _meta_eval(folder, stderr, monkeypatch):
    from bench.metaeval.runner import MetaEvalSettings, meta_evaluate

    monkeypatch.setattr("sys.stderr", stderr)
    dataset = load_examples(DatasetSpec(path=str(folder)))
    settings = MetaEvalSettings(matchers=("lexical",), overlap_metrics=False, folds=3, resamples=30)
    return meta_evaluate(dataset, pyramid_judgments(folder, dataset), settings, log=lambda _: None)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bars_show_on_a_terminal_only(tmp_path, monkeypatch):
    folder = make_pyramid(tmp_path / "pyr")
    piped = io.StringIO()
    quiet = _meta_eval(folder, piped, monkeypatch)
    assert piped.getvalue() == ""  # a log or a pipe gets no bars
    terminal = _Terminal()
    shown = _meta_eval(folder, terminal, monkeypatch)
    assert "lexical: matching" in terminal.getvalue()
    assert "bootstrap" in terminal.getvalue()
    assert shown.rows == quiet.rows  # bars change nothing
