"""Benchmark: the structured comparison (bench.facts.structure): its speed, how often it cries
wolf on facts a text states, and how often it catches a corrupted one.

Run from the repository root:  python perf/structure_bench.py [--examples N] [--show 10]

Data (../shared/data): RoSE's CNN/DM test references with their ACUs, and PyrXSum's XSum
references, SCUs and ten systems' summaries with the annotators' presence labels.

* Speed: the distinct sentences of the RoSE references and ACUs parsed by a fresh parser
  (sentences/s; beside the full spaCy pipeline on the same sentences, all components run on
  every text), then compare() on every (ACU, its reference) pair, parses cached and not
  (pairs/s). Wall and CPU seconds: on a shared machine the CPU time is the steadier figure.
* False conflicts (the precision figure): every RoSE ACU against its own reference (one
  window, and each window of 1-3 adjacent sentences as a matcher reads it); every PyrXSum SCU
  against its own reference and against each system summary the annotators found it in.
  None of these pairs should give a conflict.
* Caught corruptions (recall, for orientation): each RoSE reference corrupted once per kind
  (a name swapped for one of another reference, a number changed, a clause negated:
  ``bench.sensitivity``, seeded), and the ACUs that name the changed words compared with it; and,
  the corruptions the probes do not make, a verb's two named parties swapped and a verb
  turned into its opposite (the ACUs naming both parties, or using the verb).
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"

from bench.facts import parsing  # noqa: E402
from bench.facts.structure import StructuredComparer  # noqa: E402
from bench.sensitivity.corruptions import corrupt  # noqa: E402
from bench.text import sentence_windows, split_sentences  # noqa: E402


def rose(limit: int | None) -> list[dict]:
    rows = json.loads((DATA / "RoSE-ACU" / "cnndm-test-acus.json").read_text(encoding="utf-8"))
    return rows[:limit]


def pyrxsum(limit: int | None) -> tuple[list[str], list[list[str]], dict[str, list[str]], dict]:
    folder = DATA / "PyrXSum"
    references = (folder / "references.txt").read_text(encoding="utf-8").splitlines()[:limit]
    scus = [
        [u for u in line.split("\t") if u.strip()]
        for line in (folder / "SCUs.txt").read_text(encoding="utf-8").splitlines()[:limit]
    ]
    summaries, labels = {}, {}
    for path in sorted((folder / "summaries").glob("*.summary")):
        summaries[path.stem] = path.read_text(encoding="utf-8").splitlines()[:limit]
        label_path = folder / "labels" / f"{path.stem}.label"
        labels[path.stem] = [
            [int(x) for x in line.split("\t") if x.strip()]
            for line in label_path.read_text(encoding="utf-8").splitlines()[:limit]
        ]
    return references, scus, summaries, labels


def timed(call):
    wall, cpu = time.perf_counter(), time.process_time()
    out = call()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def speed(rows: list[dict]) -> None:
    texts = [r["reference"] for r in rows] + [a for r in rows for a in r["acu"]]
    sentences = sorted({s for t in texts for s in split_sentences(t)})
    tokens = 0
    nlp = parsing._pipeline()  # loaded outside the timings
    # A first pass of the full pipeline warms the process (spaCy's string store, memory):
    # left out of the figures, which compare passes made under the same conditions.
    timed(lambda: list(nlp.pipe(sentences, batch_size=256)))
    parses, wall, cpu = timed(lambda: parsing.Parser().parse(sentences))
    tokens = sum(len(p.tokens) for p in parses)
    print(f"parse: {len(sentences)} distinct sentences ({tokens} tokens)")
    print(
        f"  ours (tagger, parser, ner; lemmas per distinct word), words new: {wall:.1f} s wall, "
        f"{cpu:.1f} s CPU: {len(sentences) / wall:.0f} sentences/s wall, "
        f"{len(sentences) / cpu:.0f} sentences/s CPU"
    )
    _, full_wall, full_cpu = timed(lambda: list(nlp.pipe(sentences, batch_size=256)))
    print(
        f"  full spaCy pipeline (every component on every text): {full_wall:.1f} s wall, "
        f"{full_cpu:.1f} s CPU: {len(sentences) / full_cpu:.0f} sentences/s CPU"
    )
    _, wall, warm = timed(lambda: parsing.Parser().parse(sentences))
    print(
        f"  ours again, a fresh cache but the words seen before: {wall:.1f} s wall, "
        f"{warm:.1f} s CPU: {len(sentences) / warm:.0f} sentences/s CPU "
        f"(CPU against the full pipeline: {cpu / full_cpu:.2f} new, {warm / full_cpu:.2f} seen)"
    )
    pairs = [(a, r["reference"]) for r in rows for a in r["acu"]]
    cold = StructuredComparer(parser=parsing.Parser())
    _, wall, cpu = timed(lambda: cold.compare(pairs))
    print(
        f"compare(): {len(pairs)} (ACU, reference) pairs, parses included: {wall:.1f} s wall, "
        f"{cpu:.1f} s CPU: {len(pairs) / wall:.0f} pairs/s wall, {len(pairs) / cpu:.0f} CPU"
    )
    _, wall, cpu = timed(lambda: cold.compare(pairs))
    print(
        f"  again, sentences cached: {wall:.2f} s wall, {cpu:.2f} s CPU: "
        f"{len(pairs) / max(cpu, 1e-9):.0f} pairs/s CPU"
    )


def report(name: str, pairs: list[tuple[str, str]], results, show: int) -> None:
    flagged = [(p, r) for p, r in zip(pairs, results, strict=True) if r.conflicts]
    kinds = collections.Counter(c.kind for _, r in flagged for c in r.conflicts)
    rate = len(flagged) / len(pairs) if pairs else 0.0
    print(
        f"{name}: {len(flagged)} of {len(pairs)} pairs flagged ({100 * rate:.2f}%) "
        f"{dict(sorted(kinds.items()))}"
    )
    for (claim, _), r in flagged[:show]:
        print(f"    claim: {claim}")
        for c in r.conflicts:
            print(f"      {c.describe()[:240]}")


def false_conflicts(rows: list[dict], limit: int | None, show: int) -> None:
    comparer = StructuredComparer()
    pairs = [(a, r["reference"]) for r in rows for a in r["acu"]]
    report("RoSE ACU vs its reference", pairs, comparer.compare(pairs), show)
    windowed = [(a, w) for r in rows for a in r["acu"] for w in sentence_windows(r["reference"], 3)]
    results = comparer.compare(windowed)
    by_claim: dict[tuple[int, str], list] = collections.defaultdict(list)
    k = 0
    for i, r in enumerate(rows):
        windows = sentence_windows(r["reference"], 3)
        for a in r["acu"]:
            by_claim[i, a] += [c for res in results[k : k + len(windows)] for c in res.conflicts]
            k += len(windows)
    flagged = sum(bool(v) for v in by_claim.values())
    print(
        f"RoSE ACU vs each 1-3 sentence window of its reference: {flagged} of "
        f"{len(by_claim)} ACUs flagged by some window ({len(windowed)} pairs)"
    )
    supports = [r.support for r in comparer.compare(pairs)]
    print(
        f"  support of ACUs on their reference: mean {np.mean(supports):.3f}, "
        f"{sum(s == 0 for s in supports)} at 0"
    )
    references, scus, summaries, labels = pyrxsum(limit)
    own = [(u, ref) for units, ref in zip(scus, references, strict=True) for u in units]
    report("PyrXSum SCU vs its reference", own, comparer.compare(own), show)
    present = [
        (u, summaries[system][d])
        for system in summaries
        for d, units in enumerate(scus)
        for u, label in zip(units, labels[system][d], strict=False)
        if label == 1
    ]
    report(
        "PyrXSum SCU vs a system summary annotated as stating it",
        present,
        comparer.compare(present),
        show,
    )


def caught(rows: list[dict], show: int, seed: int) -> None:
    comparer = StructuredComparer()
    rng = np.random.default_rng(seed)
    sources = " ".join(r["reference"] for r in rows)  # names to swap in: other references'
    for kind in ("entity", "number", "negation"):
        touched, untouched = [], []
        for r in rows:
            c = corrupt(kind, r["reference"], source=sources, distractors=(), rng=rng)
            if c is None:
                continue
            for a in r["acu"]:
                pair = (a, c.text)
                (touched if touched(kind, c.detail, r["reference"], a) else untouched).append(pair)
        hits = comparer.compare(touched)
        misses = comparer.compare(untouched)
        found = sum(bool(h.conflicts) for h in hits)
        wrong = sum(bool(m.conflicts) for m in misses)
        print(
            f"corrupted ({kind}): {found} of {len(touched)} touched ACUs flagged "
            f"({100 * found / max(len(touched), 1):.1f}%); untouched ACUs flagged: {wrong} of "
            f"{len(untouched)}"
        )
        shown = [(p, h) for p, h in zip(touched, hits, strict=True) if h.conflicts][:show]
        for (claim, _), h in shown:
            print(f"    claim: {claim}\n      {h.conflicts[0].describe()[:200]}")


#: Written forms swapped for the "antonym" corruption (past tense: news references' tense).
OPPOSITE_FORMS = {
    "won": "lost",
    "lost": "won",
    "rose": "fell",
    "fell": "rose",
    "increased": "decreased",
    "decreased": "increased",
    "opened": "closed",
    "closed": "opened",
    "accepted": "rejected",
    "rejected": "accepted",
    "approved": "rejected",
    "convicted": "acquitted",
    "acquitted": "convicted",
    "hired": "fired",
    "fired": "hired",
    "started": "ended",
    "ended": "started",
    "survived": "died",
    "died": "survived",
    "bought": "sold",
    "sold": "bought",
}


def structural(rows: list[dict], show: int) -> None:
    """Corruptions the probes do not make: the two named parties of a verb swapped ("Hull
    beat Leeds" -> "Leeds beat Hull"), and a verb turned into its opposite ("rose" ->
    "fell"). The ACUs touched: those naming both parties, or using the verb's word."""
    from bench.facts.frames import read_frames
    from bench.facts.lexicon import packaged_lexicon

    comparer = StructuredComparer()
    lexicon = packaged_lexicon()
    swapped, turned = [], []
    for r in rows:
        reference = r["reference"]
        for sentence in split_sentences(reference):
            parse = parsing.shared_parser().parse([sentence])[0]
            for f in read_frames(parse, lexicon):
                subj = [a for a in f.args if a.role == "subj" and a.names]
                obj = [a for a in f.args if a.role == "obj" and a.names]
                if subj and obj and f.predicate not in lexicon.symmetric:
                    x, y = subj[0].names[0].text, obj[0].names[0].text
                    if x in sentence and y in sentence and x not in y and y not in x:
                        new = sentence.replace(x, "\0").replace(y, x).replace("\0", y)
                        text = reference.replace(sentence, new)
                        touched = [a for a in r["acu"] if x in a and y in a]
                        swapped += [(a, text) for a in touched]
                if f.word in OPPOSITE_FORMS:
                    start = sentence.find(f" {f.word} ")
                    if start >= 0:
                        new = sentence.replace(f" {f.word} ", f" {OPPOSITE_FORMS[f.word]} ", 1)
                        text = reference.replace(sentence, new)
                        turned += [(a, text) for a in r["acu"] if f" {f.word}" in f" {a}"]
    for name, pairs in (("parties swapped", swapped), ("verb turned", turned)):
        results = comparer.compare(pairs)
        found = sum(bool(x.conflicts) for x in results)
        kinds = collections.Counter(c.kind for x in results for c in x.conflicts[:1])
        print(
            f"corrupted ({name}): {found} of {len(pairs)} touched ACUs flagged "
            f"({100 * found / max(len(pairs), 1):.1f}%) {dict(sorted(kinds.items()))}"
        )
        for (claim, _), x in list(zip(pairs, results, strict=True))[:show]:
            if x.conflicts:
                print(f"    claim: {claim}\n      {x.conflicts[0].describe()[:200]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=None, help="first N of each data set")
    parser.add_argument("--show", type=int, default=10, help="flagged pairs to print")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", choices=("speed", "precision", "recall"), default=None)
    args = parser.parse_args(argv)
    rows = rose(args.examples)
    if args.only in (None, "speed"):
        speed(rows)
    if args.only in (None, "precision"):
        false_conflicts(rows, args.examples, args.show)
    if args.only in (None, "recall"):
        caught(rows, args.show, args.seed)
        structural(rows, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
