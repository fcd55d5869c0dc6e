"""Benchmark: the rule-based sentence splitter against pysbd, agreement and speed.

Run from the repository root:  python perf/split_bench.py

On real text from ../shared/data and the seed articles, for each set:

* texts: how many; same: the share split into exactly the same sentences; same tokens: the
  share split into the same sentences as rouge-score tokenizes them (empty ones dropped), which
  is what ROUGE-Lsum sees: a stray quotation mark that pysbd puts at the start of the next
  sentence, where we keep it at the end of its own, changes no number;
* boundaries found by pysbd, by rules, and by both (as offsets in the text without spaces);
* the time per text of each splitter (best of 3, each text split once per run, no cache), and
  the ratio.

PyrXSum's articles lost the space after most paragraph ends ("season.The former"); the last
table counts those seams ("[a-z0-9]{2}[.!?]"?[A-Z]") and how many each splitter leaves inside
a sentence.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SEAM = re.compile(r"[a-z0-9]{2}[.!?][\"']?[A-Z]")


def corpora() -> dict[str, list[str]]:
    pyrxsum = DATA / "PyrXSum"
    summaries = [
        line
        for path in sorted((pyrxsum / "summaries").glob("*.summary"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ] + (pyrxsum / "references.txt").read_text(encoding="utf-8").splitlines()
    documents, claims = [], set()
    for name in ("xsumfaith", "factcc"):
        entries = json.loads((DATA / "SummaC" / f"{name}.json").read_text(encoding="utf-8"))
        documents += sorted({e["document"] for e in entries.values()})
        claims.update(e["claim"] for e in entries.values())
    paragraphs = [line.strip() for d in documents for line in d.splitlines() if line.strip()]
    seeds = sorted((ROOT / "seeds" / "articles").glob("*.txt"))
    return {
        "PyrXSum summaries+refs": summaries,
        "SummaC claims": sorted(claims),
        "SummaC paragraphs": paragraphs,
        "SummaC documents": documents,
        "seed articles": [p.read_text(encoding="utf-8") for p in seeds],
        "PyrXSum documents": (pyrxsum / "documents.txt").read_text("utf-8").splitlines(),
    }


def timed(split, texts: list[str]) -> tuple[float, list[list[str]]]:
    from bench.text.sentences import _split_cached

    best, out = float("inf"), []
    for _ in range(3):
        _split_cached.cache_clear()
        start = time.perf_counter()
        out = [split(t) for t in texts]
        best = min(best, time.perf_counter() - start)
    return best, out


def boundaries(text: str, sentences: list[str]) -> set[int]:
    """Sentence ends as offsets in the text with its white space removed."""
    ends, at = set(), 0
    for sentence in sentences[:-1]:
        at += len("".join(sentence.split()))
        ends.add(at)
    return ends


def main() -> int:
    if not DATA.is_dir():
        print(f"needs {DATA}", file=sys.stderr)
        return 2
    from rouge_score import tokenize

    from bench.text import split_sentences
    from bench.text.sentences import splitter_label

    def tokens(sentences: list[str]) -> list[tuple[str, ...]]:
        found = (tuple(tokenize.tokenize(s, None)) for s in sentences)
        return [t for t in found if t]

    print(f"rules: {splitter_label('rules')}, pysbd: {splitter_label('pysbd')}")
    header = (
        f"{'set':24s} {'texts':>6s} {'same':>7s} {'same tok':>8s} {'bnd pysbd':>9s} "
        f"{'bnd rules':>9s} {'both':>6s} {'pysbd ms':>9s} {'rules us':>9s} {'x':>5s}"
    )
    print(header)
    sets = corpora()
    splits = {}
    for name, texts in sets.items():
        slow, by_pysbd = timed(lambda t: split_sentences(t, "pysbd"), texts)
        fast, by_rules = timed(split_sentences, texts)
        splits[name] = (by_pysbd, by_rules)
        same = sum(a == b for a, b in zip(by_pysbd, by_rules, strict=True))
        same_tokens = sum(tokens(a) == tokens(b) for a, b in zip(by_pysbd, by_rules, strict=True))
        found = [
            (boundaries(t, a), boundaries(t, b))
            for t, a, b in zip(texts, by_pysbd, by_rules, strict=True)
        ]
        n = len(texts)
        print(
            f"{name:24s} {n:6d} {same / n:7.1%} {same_tokens / n:8.1%} "
            f"{sum(len(a) for a, _ in found):9d} {sum(len(b) for _, b in found):9d} "
            f"{sum(len(a & b) for a, b in found):6d} {slow / n * 1e3:9.3f} "
            f"{fast / n * 1e6:9.1f} {slow / fast:5.0f}"
        )
    documents = sets["PyrXSum documents"]
    by_pysbd, by_rules = splits["PyrXSum documents"]
    seams = sum(len(SEAM.findall(d)) for d in documents)
    print(f"\nPyrXSum documents: {seams} missing-space seams; left inside a sentence by")
    for name, found in (("pysbd", by_pysbd), ("rules", by_rules)):
        left = sum(len(SEAM.findall(s)) for sentences in found for s in sentences)
        print(f"  {name}: {left} ({left / seams:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
