"""Benchmark: what deterministic embeddings cost, for each way of getting them.

Run from the repository root:  python perf/determinism_bench.py [--repeat 1] [seed] [pyrxsum]

Workloads: ``seed``, the seed run's summaries against their references (44 texts, 144 pairs);
``pyrxsum``, PyrXSum's ten systems' summaries of 100 documents against three references each
(../shared/data/PyrXSum; 1,276 texts, 2,840 pairs). Each strategy runs in a fresh process
(model loading excluded), on all-MiniLM-L6-v2 layer 6 on the CPU, and times BERTScore's
forward passes over the distinct texts and its pair-by-pair greedy matching:

* ``batched``: equal-length batches with torch's default threads (the code before issue 13);
* ``batched-1``: the same with one intra-op thread (what the harness does now);
* ``alone-1``: each text its own forward pass, one thread (shapes depend on nothing else);
* ``alone-pool-1``: the same spread over a pool of Python threads, one per core;
* ``batched-f64``: equal-length batches in float64, default threads, rounded to float32.

Then the embedding fact matcher's sentence-transformers encoder on the same texts:
``st-padded`` (its own padded batches, default threads, as before) and ``st-equal-1`` (equal
lengths, one thread, as now). Prints seconds and a digest of the F1 scores (or vectors):
strategies with the same digest gave bit-identical numbers.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYRXSUM = ROOT.parent / "shared" / "data" / "PyrXSum"
STRATEGIES = ("batched", "batched-1", "alone-1", "alone-pool-1", "batched-f64")
SENTENCE_STRATEGIES = ("st-padded", "st-equal-1")


def workload(name: str) -> list[tuple[str, str]]:
    """(candidate, reference) pairs."""
    from bench.text import split_sentences

    if name == "seed":
        from bench.data import DatasetSpec, load_examples

        spec = DatasetSpec(path=str(ROOT / "seeds" / "nk-diplomat"), config="all")
        examples = {e.id: e for e in load_examples(spec)}
        pairs = []
        for line in (ROOT / "results" / "seed" / "predictions.jsonl").read_text().splitlines():
            record = json.loads(line)
            if record.get("summary", "").strip():
                refs = examples[record["example_id"]].references
                pairs += [(record["summary"], ref) for ref in refs]
        return pairs
    references = (PYRXSUM / "references.txt").read_text(encoding="utf-8").splitlines()
    sources = (PYRXSUM / "documents.txt").read_text(encoding="utf-8").splitlines()
    refs = [[r, *split_sentences(s)[:2]] for r, s in zip(references, sources, strict=True)]
    pairs = []
    for path in sorted((PYRXSUM / "summaries").glob("*.summary")):
        for d, summary in enumerate(path.read_text(encoding="utf-8").splitlines()):
            pairs += [(summary, ref) for ref in refs[d]]
    return pairs


def _digest(arrays) -> str:
    h = hashlib.sha256()
    for a in arrays:
        h.update(a.tobytes())
    return h.hexdigest()[:12]


def measure_bertscore(strategy: str, pairs: list[tuple[str, str]]) -> dict:
    import numpy as np
    import torch
    from bert_score.utils import bert_encode, greedy_cos_idf, sent_encode

    from bench.encoders.bertscore_encoder import default_model_path
    from bench.encoders.token_embeddings import TokenEmbedder

    texts = sorted({t for pair in pairs for t in pair})
    embedder = TokenEmbedder(default_model_path(), 6, "bench")
    model = embedder.model.double() if strategy.endswith("f64") else embedder.model
    cores = torch.get_num_threads()
    ids = {t: sent_encode(embedder.tokenizer, t) for t in texts}

    def forward(batch: list[str]):
        tokens = torch.tensor([ids[t] for t in batch], dtype=torch.long)
        with torch.no_grad():
            return bert_encode(model, tokens, attention_mask=torch.ones_like(tokens)).float()

    if strategy.endswith("-1"):
        torch.set_num_threads(1)
    start = time.perf_counter()
    vectors = {}
    if strategy.startswith("batched"):
        groups = defaultdict(list)
        for t in texts:
            groups[len(ids[t])].append(t)
        for length in sorted(groups, reverse=True):
            group = groups[length]
            for s in range(0, len(group), 64):
                out = forward(group[s : s + 64])
                for row, t in enumerate(group[s : s + 64]):
                    vectors[t] = out[row].numpy().copy()
    elif strategy == "alone-pool-1":
        from concurrent.futures import ThreadPoolExecutor

        def encode_one(t: str):
            torch.set_num_threads(1)  # per thread: OpenMP's setting is the calling thread's
            return t, forward([t])[0].numpy().copy()

        with ThreadPoolExecutor(cores) as pool:
            vectors = dict(pool.map(encode_one, texts))
    else:
        for t in texts:
            vectors[t] = forward([t])[0].numpy().copy()
    encode_s = time.perf_counter() - start
    idf = embedder.uniform_idf()
    prepared = {
        t: (
            torch.from_numpy(vectors[t]).unsqueeze(0),
            torch.ones((1, len(ids[t])), dtype=torch.bool),
            torch.tensor([[idf[i] for i in ids[t]]], dtype=torch.float),
        )
        for t in texts
    }
    start = time.perf_counter()
    f1 = []
    with torch.no_grad():
        for candidate, reference in pairs:
            r, c = prepared[reference], prepared[candidate]
            _, _, f = greedy_cos_idf(r[0].clone(), r[1], r[2].clone(), c[0].clone(), c[1], c[2])
            f1.append(f.item())
    match_s = time.perf_counter() - start
    return {
        "texts": len(texts),
        "pairs": len(pairs),
        "encode_s": encode_s,
        "match_s": match_s,
        "digest": _digest([np.array(f1, dtype=np.float32)]),
        "threads": cores,
    }


def measure_sentence(strategy: str, pairs: list[tuple[str, str]]) -> dict:
    import torch

    from bench.facts.embedding import (
        _encode_batch_independently,
        default_model_path,
        load_sentence_model,
    )

    texts = sorted({t for pair in pairs for t in pair})
    model = load_sentence_model(default_model_path(), None)
    start = time.perf_counter()
    if strategy == "st-padded":
        vectors = model.encode(
            texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False
        )
    else:
        found = _encode_batch_independently(model, texts, 64)
        vectors = [found[t] for t in texts]
    return {
        "texts": len(texts),
        "encode_s": time.perf_counter() - start,
        "match_s": 0.0,
        "digest": _digest(vectors),
        "threads": torch.get_num_threads(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workloads", nargs="*", default=["seed", "pyrxsum"])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        strategy, work = args.measure
        pairs = workload(work)
        measure = measure_sentence if strategy.startswith("st-") else measure_bertscore
        print(json.dumps(measure(strategy, pairs)))
        return 0
    if "pyrxsum" in args.workloads and not PYRXSUM.is_dir():
        print(f"needs {PYRXSUM}", file=sys.stderr)
        return 2
    header = ("workload", "strategy", "threads", "encode s", "match s")
    print("{:9s} {:13s} {:>7s} {:>9s} {:>8s}  digest".format(*header))
    for work in args.workloads:
        for _ in range(args.repeat):
            for strategy in STRATEGIES + SENTENCE_STRATEGIES:
                done = subprocess.run(
                    [sys.executable, __file__, "--measure", strategy, work],
                    capture_output=True,
                    text=True,
                    check=True,
                    env={**os.environ, "HF_HUB_OFFLINE": "1"},
                )
                r = json.loads(done.stdout.splitlines()[-1])
                print(
                    f"{work:9s} {strategy:13s} {r['threads']:7d} {r['encode_s']:9.2f} "
                    f"{r['match_s']:8.2f}  {r['digest']}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
