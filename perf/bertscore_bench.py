"""Benchmark: BERTScore for many systems sharing references, the harness against bert-score.

Run from the repository root:  python perf/bertscore_bench.py [--systems 10] [--documents 100]

Workload (real text, ../shared/data/PyrXSum): S systems' summaries of D documents, each with
three references: PyrXSum's reference and the document's first two sentences. Each
implementation runs in a fresh process (model loading excluded from its time; peak resident
memory included) on all-MiniLM-L6-v2, layer 6, on the CPU:

* bert-score, one ``bert_score.score`` call per system (model loaded once): how a user scores
  S systems with it; each call encodes its references again;
* the harness: ``BertScoreMetric.score`` on all S x D items, each distinct text encoded once;
* forward passes alone: the distinct texts through the encoder and nothing else, batched the
  harness's way (equal token lengths, no padding) and bert-score's way (longest first, padded),
  the floor any implementation that encodes each text once must pay;
* one more system (each document's third sentence) added to the harness's scored run: only
  its summaries are encoded.

Prints seconds, sequences encoded, ratios, peak memory, and the largest |F1| difference
between the harness and bert-score.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

PYRXSUM = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "PyrXSum"


def workload(systems: int, documents: int) -> tuple[dict[str, list[str]], list[list[str]]]:
    from bench.text import split_sentences

    references = (PYRXSUM / "references.txt").read_text(encoding="utf-8").splitlines()
    sources = (PYRXSUM / "documents.txt").read_text(encoding="utf-8").splitlines()
    refs = []
    for reference, source in list(zip(references, sources, strict=True))[:documents]:
        refs.append([reference, *split_sentences(source)[:2]])
    outputs = {}
    for path in sorted((PYRXSUM / "summaries").glob("*.summary"))[:systems]:
        outputs[path.stem] = path.read_text(encoding="utf-8").splitlines()[:documents]
    # The added system: each document's third sentence (PyrXSum has ten systems).
    outputs["third-sentence"] = [
        split_sentences(source)[2:3][0] if len(split_sentences(source)) > 2 else source
        for source in sources[:documents]
    ]
    return outputs, refs


def measure(kind: str, systems: int, documents: int) -> dict:
    """One implementation, in this (fresh) process."""
    import resource

    import bert_score

    from bench.data.schema import Example
    from bench.encoders.bertscore_encoder import default_model_path
    from bench.metrics.base import ScoringItem
    from bench.metrics.bertscore import BertScoreMetric

    outputs, refs = workload(systems, documents)
    names = list(outputs)[:systems]
    extra = list(outputs)[systems]
    result: dict = {}
    if kind == "bert-score":
        scorer = bert_score.BERTScorer(model_type=default_model_path(), num_layers=6)
        start = time.perf_counter()
        f1 = []
        for name in names:
            _, _, f = scorer.score(outputs[name], refs, batch_size=64)
            f1 += f.tolist()
        result["seconds"] = time.perf_counter() - start
        result["encoded"] = sum(
            len({t for group in refs for t in group} | set(outputs[n])) for n in names
        )
        result["f1"] = f1
    elif kind == "harness":
        metric = BertScoreMetric.from_config({})
        embedder = metric.embedder  # loads the model, outside the clock
        examples = [Example(str(d), "", tuple(r)) for d, r in enumerate(refs)]
        items = [ScoringItem(outputs[n][d], examples[d]) for n in names for d in range(documents)]
        start = time.perf_counter()
        scores = metric.score(items)
        result["seconds"] = time.perf_counter() - start
        result["encoded"] = embedder.encoded
        result["f1"] = [s.values["bertscore_f1"] for s in scores]
        before = embedder.encoded
        start = time.perf_counter()
        metric.score([ScoringItem(outputs[extra][d], examples[d]) for d in range(documents)])
        result["extra_seconds"] = time.perf_counter() - start
        result["extra_encoded"] = embedder.encoded - before
    elif kind.startswith("alone:"):  # bert-score on single pairs, for the given items
        scorer = bert_score.BERTScorer(model_type=default_model_path(), num_layers=6)
        f1 = []
        for index in json.loads(kind[len("alone:") :]):
            name, d = names[index // documents], index % documents
            _, _, f = scorer.score([outputs[name][d]], [refs[d]])
            f1.append(f.item())
        result = {"f1": f1, "seconds": 0.0, "encoded": 0}
    else:  # forward passes alone, over the distinct texts
        import torch
        from bert_score.utils import get_bert_embedding

        metric = BertScoreMetric.from_config({})
        embedder = metric.embedder
        texts = sorted({t for n in names for t in outputs[n]} | {t for g in refs for t in g})
        start = time.perf_counter()
        embedder._encode(texts, 64)
        result["seconds"] = time.perf_counter() - start
        idf = embedder.uniform_idf()
        ordered = sorted(texts, key=lambda t: len(t.split(" ")), reverse=True)
        start = time.perf_counter()
        with torch.no_grad():
            for i in range(0, len(ordered), 64):
                get_bert_embedding(
                    ordered[i : i + 64], embedder.model, embedder.tokenizer, idf, device="cpu"
                )
        result["bert_score_way_seconds"] = time.perf_counter() - start
        result["encoded"] = len(texts)
    result["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def run_child(kind: str, systems: int, documents: int) -> dict:
    done = subprocess.run(
        [
            sys.executable,
            __file__,
            "--measure",
            kind,
            "--systems",
            str(systems),
            "--documents",
            str(documents),
        ],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    return json.loads(done.stdout.splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=10)
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not PYRXSUM.is_dir():
        print(f"needs {PYRXSUM}", file=sys.stderr)
        return 2
    if args.measure:
        print(json.dumps(measure(args.measure, args.systems, args.documents)))
        return 0
    import torch

    print(
        f"BERTScore, all-MiniLM-L6-v2 layer 6, {args.systems} systems x {args.documents} "
        f"documents x 3 references, CPU ({torch.get_num_threads()} threads)"
    )
    peer = run_child("bert-score", args.systems, args.documents)
    ours = run_child("harness", args.systems, args.documents)
    floor = run_child("forward", args.systems, args.documents)
    diffs = [abs(a - b) for a, b in zip(ours["f1"], peer["f1"], strict=True)]
    # bert-score pads each batch, and its greedy max then also sees the padded positions'
    # similarity of 0: a token whose every real similarity is negative gets 0 instead. Items
    # that disagree are scored again by bert-score one pair at a time, where nothing is padded.
    disagree = [i for i, d in enumerate(diffs) if d > 1e-5]
    alone = run_child(f"alone:{json.dumps(disagree)}", args.systems, args.documents)["f1"]
    diff_alone = max(
        (abs(ours["f1"][i] - f) for i, f in zip(disagree, alone, strict=True)), default=0.0
    )
    print(f"{'implementation':44s} {'seconds':>8s} {'encoded':>8s} {'x peer':>7s} {'peak MiB':>9s}")
    rows = [
        ("bert_score.score, one call per system", peer),
        ("harness (each distinct text once)", ours),
        ("forward passes alone, harness batching", floor),
    ]
    for label, r in rows:
        print(
            f"{label:44s} {r['seconds']:8.2f} {r['encoded']:8d} "
            f"{peer['seconds'] / r['seconds']:7.2f} {r['rss_mib']:9.0f}"
        )
    print(
        f"{'forward passes alone, bert-score batching':44s} "
        f"{floor['bert_score_way_seconds']:8.2f} {floor['encoded']:8d} "
        f"{peer['seconds'] / floor['bert_score_way_seconds']:7.2f}"
    )
    print(f"harness time / forward passes alone: {ours['seconds'] / floor['seconds']:.3f}")
    print(
        f"one more system: {ours['extra_encoded']} sequences encoded, {ours['extra_seconds']:.2f} s"
    )
    print(
        f"max |F1 harness - F1 bert-score batched|: {max(diffs):.2e} "
        f"({len(disagree)} of {len(diffs)} items differ by more than 1e-5)"
    )
    print(f"those items, bert-score one pair at a time: max |F1 difference| {diff_alone:.2e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
