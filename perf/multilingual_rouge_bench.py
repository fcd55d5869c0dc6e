"""Benchmark: ROUGE with ``language:`` against the XL-Sum scorer (``multilingual-rouge``), its
peer, on the same pairs in the same process.

Run from the repository root (needs the test extra: ``pip install -e '.[test]'``):
    python perf/multilingual_rouge_bench.py [--pairs 2000] [--systems 4] [--languages zh,ja,...]

Languages (default ten): Chinese, Japanese, Thai, Korean, Hindi, Arabic, Russian, Turkish,
French, German; the pairs are split evenly over them. Texts are made from the sentences of
``tests/multilingual_texts.py`` (words, or characters in threes where words are not spaced,
drawn with replacement, one in ten swapped for punctuation, digits, ideographs or odd spaces).
Two workloads of ``--pairs`` pairs each:

* leaderboard: ``--systems`` systems' summaries (8-25 pieces, all distinct) against the same
  references (30-80 pieces): each reference is scored once per system, as on a leaderboard;
* distinct: every reference and summary distinct (8-40 pieces against 3-20): nothing to reuse.

Implementations, types ROUGE-1, -2 and -L (the scorer's ROUGE-Lsum skips its segmenters,
docs/languages.md), stemming on:

* the XL-Sum scorer: one ``RougeScorer(lang=...)`` per language, built before timing, then
  ``score`` in a loop, as its README shows;
* the harness: ``RougeMetric.score`` on ScoringItems, per language (default backend), a new
  metric each time, so no tokens are kept from an earlier call: within the call, each
  distinct text is segmented once.

Segmenters are loaded (jieba's dictionary, MeCab's) before timing, for both. Each is timed
``--repeats`` times and the fastest kept. F1 values are compared pair by pair: equal except
where the scorer counts the spaces jieba and newmm return as words (Chinese and Thai; the
count of such pairs is printed).
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
import types
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TYPES = ["rouge1", "rouge2", "rougeL"]
DEFAULT_LANGUAGES = "zh,ja,th,ko,hi,ar,ru,tr,fr,de"
SPACES_AS_WORDS = {"zh", "th"}  # the scorer's documented difference


def xlsum_module():
    """The XL-Sum scorer with what it would download replaced, as in the tests: `unidic` is
    pointed at unidic-lite's dictionary, and nltk's stopword list (for its Snowball stemmers)
    is empty, as we stem every word."""
    import nltk.stem.snowball as snowball
    import unidic_lite

    sys.modules["unidic"] = types.SimpleNamespace(DICDIR=unidic_lite.DICDIR)
    snowball.stopwords = types.SimpleNamespace(words=lambda language: [])
    warnings.filterwarnings("ignore")  # "unknown stemmer language", jieba's pkg_resources
    from multilingual_rouge import rouge_scorer

    return rouge_scorer


def leaderboard(code: str, count: int, systems: int) -> list[tuple[str, str]]:
    """``systems`` distinct summaries for each of ``count // systems`` shared references."""
    from tests.multilingual_texts import generated_text

    rng = random.Random(f"bench-{code}")
    references = [generated_text(code, rng, rng.randint(30, 80)) for _ in range(count // systems)]
    return [
        (ref, generated_text(code, rng, rng.randint(8, 25)))
        for _ in range(systems)
        for ref in references
    ]


def distinct(code: str, count: int) -> list[tuple[str, str]]:
    """``count`` pairs, every text distinct."""
    from tests.multilingual_texts import generated_pairs

    return generated_pairs(code, count, seed=7)


def fastest(function, repeats: int) -> tuple[float, list]:
    """The fastest wall time of ``repeats`` calls (the others measure the machine's noise)."""
    best, values = float("inf"), []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        values = function()
        best = min(best, time.perf_counter() - start)
    return best, values


def measure(pairs: list[tuple[str, str]], code: str, peer, repeats: int) -> dict:
    """Both implementations on one language's pairs: seconds and F1 values."""
    from bench.data.schema import Example
    from bench.metrics.base import ScoringItem
    from bench.metrics.rouge import RougeMetric

    items = [ScoringItem(s, Example(f"{code}{i}", "-", (r,))) for i, (r, s) in enumerate(pairs)]

    def theirs() -> list[float]:
        return [peer.score(r, s)[t].fmeasure for r, s in pairs for t in TYPES]

    def ours() -> list[float]:
        metric = RougeMetric.from_config({"types": TYPES, "language": code})
        return [s.values[f"{t}_f"] for s in metric.score(items) for t in TYPES]

    peer_time, peer_values = fastest(theirs, repeats)
    our_time, our_values = fastest(ours, repeats)
    diffs = [abs(a - b) for a, b in zip(peer_values, our_values, strict=True)]
    per_pair = [max(diffs[k : k + len(TYPES)]) for k in range(0, len(diffs), len(TYPES))]
    return {"peer": peer_time, "ours": our_time, "pairs": len(pairs),
            "worst": max(per_pair), "differing": sum(d > 0 for d in per_pair)}  # fmt: skip


def report(name: str, rows: dict[str, dict]) -> None:
    """One workload's table: per language and in all, with the largest F1 difference."""
    pairs = sum(r["pairs"] for r in rows.values())
    peer, ours = sum(r["peer"] for r in rows.values()), sum(r["ours"] for r in rows.values())
    print(f"\n{name}: {pairs:,} pairs")
    print("| language | pairs | XL-Sum scorer s | summbench s | × XL-Sum scorer |")
    print("|:---|---:|---:|---:|---:|")
    for code, r in rows.items():
        print(f"| {code} | {r['pairs']} | {r['peer']:.3f} | {r['ours']:.3f} | "
              f"{r['peer'] / r['ours']:.1f} |")  # fmt: skip
    print(f"| **all** | {pairs:,} | {peer:.2f} | {ours:.3f} | **{peer / ours:.1f}** |")
    same = [r["worst"] for c, r in rows.items() if c not in SPACES_AS_WORDS]
    spaces = {c: r["differing"] for c, r in rows.items() if c in SPACES_AS_WORDS}
    print(f"largest F1 difference outside zh/th: {max(same, default=0):.3g}; pairs that differ "
          f"where the scorer counts spaces as words: {spaces}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--systems", type=int, default=4)
    parser.add_argument("--languages", default=DEFAULT_LANGUAGES)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--only", choices=["leaderboard", "distinct"])
    options = parser.parse_args()

    from bench.metrics.rouge_languages import LANGUAGES

    languages = options.languages.split(",")
    each = options.pairs // len(languages)
    xlsum = xlsum_module()
    peers = {c: xlsum.RougeScorer(TYPES, use_stemmer=True, lang=LANGUAGES[c].name)
             for c in languages}  # fmt: skip
    workloads = {
        "leaderboard": lambda c: leaderboard(c, each, options.systems),
        "distinct": lambda c: distinct(c, each),
    }
    for name, make in workloads.items():
        if options.only in (None, name):
            rows = {c: measure(make(c), c, peers[c], options.repeats) for c in languages}
            label = f"{options.systems} systems x shared references" * (name == "leaderboard")
            report(f"{name} {label}".strip(), rows)


if __name__ == "__main__":
    main()
