"""Numbers that do not depend on the machine's thread setting, load or batching.

Each check runs the encoders in fresh processes under OMP_NUM_THREADS 1, 2 and 4 (torch reads
it once, at start), each feeding the texts in another order and other batches, and compares
digests of every embedding and score: they must be identical, not close. The same tests run in
CI a second time under another OMP_NUM_THREADS than the main run (``-m repro``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ..builders import ROOT

pytestmark = pytest.mark.repro

_PROBE = r"""
import hashlib, json, random, sys
import numpy as np
from bench.data import DatasetSpec, load_examples
from bench.facts.embedding import EmbeddingMatcher
from bench.metrics.base import ScoringItem
from bench.metrics.bertscore import BertScoreMetric
from bench.text import split_sentences

order = random.Random(int(sys.argv[1]))
examples = list(load_examples(DatasetSpec(path="seeds/nk-diplomat", config="all")))
texts = sorted({s for e in examples for s in split_sentences(e.source)})[:60]
texts += ["Seoul", "Cuba", "North Korea", "defected"]
order.shuffle(texts)
cut = order.randint(1, len(texts) - 1)  # two calls: other batches, another half cached
metric = BertScoreMetric.from_config({})
embedded = {**metric.embedder.embed(texts[:cut]), **metric.embedder.embed(texts[cut:])}
vectors = hashlib.sha256()
for text in sorted(embedded):
    vectors.update(embedded[text].vectors.tobytes())
items = [ScoringItem(" ".join(split_sentences(e.source)[k:k + 2]), e)
         for e in examples for k in range(3)]
order.shuffle(items)
scores = metric.score(items[:cut % len(items)]) + metric.score(items[cut % len(items):])
f1 = sorted((i.candidate, i.example.id, s.values["bertscore_f1"]) for i, s in zip(items, scores))
first, second = EmbeddingMatcher.from_config({}), EmbeddingMatcher.from_config({})
sentence = {**dict(zip(texts[:cut], first._encode(texts[:cut]))),
            **dict(zip(texts[cut:], second._encode(texts[cut:])))}
digest = lambda data: hashlib.sha256(data).hexdigest()
print(json.dumps({
    "vectors": vectors.hexdigest(),
    "f1": digest(repr(f1).encode()),
    "sentence_vectors": digest(b"".join(sentence[t].tobytes() for t in sorted(sentence))),
}))
"""


def _digests(threads: int) -> dict[str, str]:
    env = {
        **os.environ,
        "OMP_NUM_THREADS": str(threads),
        "PYTHONPATH": str(ROOT),
        "HF_HUB_OFFLINE": "1",
    }
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(threads)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_embeddings_and_scores_are_identical_whatever_the_threads_and_batches():
    first, *others = [_digests(threads) for threads in (1, 2, 4)]
    for other in others:
        assert other == first
