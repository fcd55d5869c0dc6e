"""How well facts extracted from references (``bench.facts.extraction``) stand for the facts
people wrote, and what they are worth as a checklist.

Run from the repository root (one JSON report on stdout; ``--out`` writes it to a file too):

    python perf/extraction_bench.py [--out FILE] [--skip-units] [--skip-e2e] [--skip-seed]
                                    [--data DIR] [--limit N] [--threads N] [--resamples B]

Every match is read by one fact matcher (``--matcher``, default the checklist's default, the
verifier). Three parts:

1. **Against human atomic units** (``units``), on PyrXSum (one reference per document, its
   human SCUs) and RoSE-ACU (403 CNN/DM references, their human ACUs). Per reference, E the
   extracted facts (:meth:`FactExtractor.reference_facts`) and H the human units. *Unit
   recall*: the share of H stated by E taken together (one task per reference: the facts joined
   as sentences are the summary, the units the claims); *fact precision*: the share of E
   stated by H taken together (the units joined, the facts as claims); F1 from the two,
   micro-averaged over all units / facts and also as macro means over references (a reference
   without human units, one of RoSE's, is left out: it has nothing to recall). Also: facts
   per reference (extracted and human), the share of references that gave a fragment (a
   reference with no clause kept whole), the facts of each kind, the facts that set off simple
   warning signs (a leading pronoun, a dangling conjunction, ...), and the facts the human units
   state least, with the words of the reference they were cut from.
   *Speed* (``speed``): references per second of ``reference_facts`` on a fresh extractor over
   every RoSE reference, timed cold: the first call in the process after spaCy is loaded by a
   warm-up on two unrelated sentences (``cold_s``; ``total_s`` adds the load and warm-up), and
   again on another fresh extractor once every sentence's parse is cached (``cut_only_s``: the
   cutting alone). *Bulk speed* (``bulk_speed``, ``--bulk N``, default 4,000): references per
   second over N news texts the length of RoSE's references (consecutive sentences of
   SummaC's CNN/DM and BBC source articles), on two processes (this one and a worker it
   starts: ``FactExtractor(workers=2)``, as ``summbench facts extract`` on two cores) and on
   one, each extractor fresh; the worker's start is counted.
2. **End to end on PyrXSum** (``e2e``): every (system, document) summary (10 x 100) scored by
   the checklist metric against the human SCUs (``facts: dataset``), against extracted facts
   (``facts: auto``), and by ROUGE-1 recall against the reference; each correlated with the
   human pyramid score (the mean of the summary's SCU labels) at summary and system level, with
   bootstrap 95% intervals (systems and documents resampled, 1,000 resamples, seed 0:
   ``bench.metaeval.correlation.bootstrap_many``, as ``summbench meta-eval``). The checklist's
   headline is ``fact_recall_soft``; ``fact_recall`` (verdicts) is reported too.
3. **The seed set** (``seed``): each example of ``seeds/nk-diplomat`` with a hand-written
   checklist gets an extracted one (its three references cut and merged by the matcher); each
   hand-written fact is *recovered* when the extracted checklist, its facts joined as a
   summary, states it (the checklist metric's own task: the example's aliases and the fact's
   keys apply). Each fact is listed with its verdict and the extracted fact(s) behind it, and
   with whether the example's references themselves (joined) state it: the ceiling, as the
   hand-written facts were not all written from the references.

The report names the extractor's version and the digests of its files (the version is raised
by hand; the digests tell apart two runs on rules being edited).

On a 2-core machine with one core busy the whole run takes ~4 minutes with ``--threads 1``
(the verifier reads ~50 pairs a second a core). ``--limit N`` keeps the first N references /
documents of each set (a quick look; the numbers are then not the benchmark's).
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.data.loading import DatasetSpec, load_examples  # noqa: E402
from bench.data.pyramid import pyramid_judgments  # noqa: E402
from bench.data.schema import Dataset  # noqa: E402
from bench.encoders.batching import encoding_threads  # noqa: E402
from bench.facts.extraction.extractor import FactExtractor, extractor_label  # noqa: E402
from bench.facts.matcher import Claim, MatchTask, Verdict  # noqa: E402
from bench.facts.registry import DEFAULT_MATCHER, MATCHERS  # noqa: E402
from bench.metaeval.correlation import bootstrap_many  # noqa: E402
from bench.metrics import METRICS  # noqa: E402
from bench.metrics.base import ScoringItem  # noqa: E402
from bench.metrics.checklist import checklist_tasks  # noqa: E402

WARM_UP = ("The committee met on Tuesday to discuss the budget.", "It rained all day in Lyon.")
#: Facts listed per set among those the human units state least.
WORST = 15
#: Examples kept per warning sign.
SIGN_EXAMPLES = 4

PRONOUN = re.compile(r"^(he|she|they|it|his|her|their|its|this|that|these|those)\b", re.I)
SUBORDINATOR = re.compile(
    r"^(when|while|if|because|although|though|after|before|as|since|until|unless|where|"
    r"whether|which|who|whom|whose|that)\b",
    re.I,
)
DANGLING = re.compile(r"\b(and|but|or|nor|so|yet|-|–|—|,|of|to|the|a|an|with|for|in|on)$", re.I)
SPACED_PUNCTUATION = re.compile(r"\s[,;:.!?%]")
CLITIC = re.compile(r"\w'(ll|re|ve|d|m)\b|[A-Z]\w+n't\b")


def warning_signs(text: str) -> list[str]:
    """Cheap signs that a fact may not stand alone (heuristics: a sign is not a bug)."""
    signs = []
    if PRONOUN.match(text):
        signs.append("starts with a pronoun")
    if SUBORDINATOR.match(text):
        signs.append("starts with a subordinator or relative word")
    if DANGLING.search(text.rstrip(" .")):
        signs.append("ends on a conjunction, preposition or article")
    if SPACED_PUNCTUATION.search(text):
        signs.append("space before punctuation")
    if CLITIC.search(text):
        signs.append("clitic glued to a word")
    if len(text.split()) <= 3:
        signs.append("three words or fewer")
    return signs


def joined(texts) -> str:
    """Facts or units as one text, a sentence each."""
    kept = [t.strip().rstrip(" .") for t in texts if t.strip().rstrip(" .")]
    return ". ".join(kept) + "." if kept else ""


def claims(texts, prefix: str) -> tuple[Claim, ...]:
    return tuple(Claim(f"{prefix}{i}", t) for i, t in enumerate(texts))


def build_matcher(name: str, sources=()):
    matcher = MATCHERS.get(name).from_config({})
    matcher.fit(sorted({s for s in sources if s.strip()}))
    matcher.warm_up()
    return matcher


def rounded(x: float | None, digits: int = 4) -> float | None:
    return None if x is None or not np.isfinite(x) else round(float(x), digits)


# -- data ---------------------------------------------------------------------------------------


def load_rose(path: Path, limit: int | None) -> list[tuple[str, list[str]]]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [(r["reference"], list(r["acu"])) for r in rows[:limit]]


def load_pyrxsum(folder: Path, limit: int | None):
    dataset = load_examples(DatasetSpec(path=str(folder)))
    judgments = pyramid_judgments(folder, dataset)
    documents = [e for e in dataset if e.checklist][:limit]
    return Dataset(dataset.name, tuple(documents)), judgments


# -- 1. speed and agreement with human units ------------------------------------------------------


def speed(references: list[str]) -> tuple[dict, list]:
    """Extraction time over ``references`` (must be the first extraction of them in the
    process: the parser's cache is shared)."""
    start = time.perf_counter()
    extractor = FactExtractor()
    extractor.reference_facts(list(WARM_UP))
    loaded = time.perf_counter()
    facts = extractor.reference_facts(references)
    cold = time.perf_counter()
    FactExtractor().reference_facts(references)  # fresh cache of facts, parses cached
    cut = time.perf_counter()
    n = len(references)
    report = {
        "references": n,
        "distinct_references": len(set(references)),
        "load_and_warm_up_s": round(loaded - start, 3),
        "cold_s": round(cold - loaded, 3),
        "total_s": round(cold - start, 3),
        "refs_per_s_cold": round(n / (cold - loaded), 1),
        "refs_per_s_total": round(n / (cold - start), 1),
        "cut_only_s": round(cut - cold, 3),
        "refs_per_s_cut_only": round(n / (cut - cold), 1),
    }
    return report, facts


def reference_like(folder: Path, words: float, limit: int) -> list[str]:
    """News texts the length of a CNN/DM reference: the sentences of SummaC's source articles
    (CNN/DM and BBC), each text as many consecutive sentences of one article as reach
    ``words`` words (the sentence that would take it further from ``words`` starts the next
    text); the first ``limit`` distinct ones."""
    from bench.text import split_sentences

    texts: list[str] = []
    for name in ("factcc", "xsumfaith"):
        rows = json.loads((folder / f"{name}.json").read_text(encoding="utf-8")).values()
        for document in dict.fromkeys(r["document"] for r in rows):
            piece: list[str] = []
            for sentence in split_sentences(document):
                have, more = sum(len(p.split()) for p in piece), len(sentence.split())
                if piece and have + more - words > words - have:  # nearer without it
                    texts.append(" ".join(piece))
                    piece = []
                piece.append(sentence)
    return list(dict.fromkeys(texts))[:limit]


def bulk_speed(texts: list[str], workers: int) -> dict:
    """References a second over ``texts`` on ``workers`` processes (a fresh extractor; with
    more than one worker, each a fresh process that loads its own parser: counted)."""
    extractor = FactExtractor(workers=workers)
    extractor.reference_facts(list(WARM_UP))
    start = time.perf_counter()
    extractor.reference_facts(texts)
    seconds = time.perf_counter() - start
    words = sum(len(t.split()) for t in texts)
    return {
        "workers": workers,
        "references": len(texts),
        "words_per_reference": round(words / len(texts), 1),
        "seconds": round(seconds, 2),
        "refs_per_s": round(len(texts) / seconds, 1),
        "words_per_s": round(words / seconds),
    }


def bulk_in_process(args: argparse.Namespace, workers: int) -> dict:
    """:func:`bulk_speed` in a fresh Python process (this script with ``--bulk-workers``)."""
    import subprocess

    command = [sys.executable, __file__, "--data", str(args.data), "--bulk", str(args.bulk)]
    done = subprocess.run(
        [*command, "--bulk-workers", str(workers)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def source_words(reference: str, start: int, end: int) -> str:
    return reference[start:end]


def sentence_of(reference: str, start: int, end: int) -> str:
    """The reference's sentence around a span (by its sentence-ending punctuation)."""
    left = max(reference.rfind(". ", 0, start), reference.rfind("? ", 0, start))
    right = min(
        (i for i in (reference.find(". ", end), reference.find("? ", end)) if i >= 0),
        default=len(reference),
    )
    return reference[left + 2 if left >= 0 else 0 : right + 1].strip()


def agreement(name: str, rows: list[tuple[str, list[str]]], extracted: list, matcher) -> dict:
    """Unit recall, fact precision and F1 of the extracted facts against the human units
    (references without human units left out: nothing to recall, nothing to state a fact)."""
    without_units = sum(not units for _, units in rows)
    kept = [(row, facts) for row, facts in zip(rows, extracted, strict=True) if row[1]]
    rows, extracted = [row for row, _ in kept], [facts for _, facts in kept]
    recall_tasks = [
        MatchTask(joined(f.text for f in facts), claims(units, "u"))
        for (_, units), facts in zip(rows, extracted, strict=True)
    ]
    precision_tasks = [
        MatchTask(joined(units), claims([f.text for f in facts], "f"))
        for (_, units), facts in zip(rows, extracted, strict=True)
    ]
    started = time.perf_counter()
    verdicts = matcher.match(recall_tasks + precision_tasks)
    seconds = time.perf_counter() - started
    n = len(rows)
    by_recall, by_precision = verdicts[:n], verdicts[n:]

    def stated(vs) -> list[bool]:
        return [v.verdict is Verdict.PRESENT for v in vs]

    units_found = [sum(stated(vs)) for vs in by_recall]
    facts_found = [sum(stated(vs)) for vs in by_precision]
    n_units = [len(units) for _, units in rows]
    n_facts = [len(f) for f in extracted]
    recall = sum(units_found) / max(1, sum(n_units))
    precision = sum(facts_found) / max(1, sum(n_facts))
    per_ref_r = [a / b for a, b in zip(units_found, n_units, strict=True) if b]
    per_ref_p = [a / b for a, b in zip(facts_found, n_facts, strict=True) if b]
    per_ref_f1 = [
        _f1(a / b if b else 0.0, c / d if d else 0.0)
        for a, b, c, d in zip(units_found, n_units, facts_found, n_facts, strict=True)
    ]
    soft_r = [v.confidence for vs in by_recall for v in vs if v.verdict is not Verdict.CONTRADICTED]
    soft_p = [
        v.confidence for vs in by_precision for v in vs if v.verdict is not Verdict.CONTRADICTED
    ]
    kinds = collections.Counter(f.kind for facts in extracted for f in facts)
    contradicted = [
        {"fact": f.text, "evidence": v.evidence, "reference_words": source_words(r, f.start, f.end)}
        for (r, _), facts, vs in zip(rows, extracted, by_precision, strict=True)
        for f, v in zip(facts, vs, strict=True)
        if v.verdict is Verdict.CONTRADICTED
    ]
    flat = [
        (v.confidence, f.text, sentence_of(r, f.start, f.end), f.kind, r)
        for (r, _), facts, vs in zip(rows, extracted, by_precision, strict=True)
        for f, v in zip(facts, vs, strict=True)
        if v.verdict is not Verdict.PRESENT
    ]
    flat.sort(key=lambda x: x[0])
    per_reference: collections.Counter = collections.Counter()
    least = []
    for c, text, sentence, kind, r in flat:  # at most two a reference: more of them seen
        per_reference[r] += 1
        if per_reference[r] <= 2 and len(least) < WORST:
            least.append((c, text, sentence, kind))
    signs: dict[str, list[str]] = collections.defaultdict(list)
    for facts in extracted:
        for f in facts:
            for sign in warning_signs(f.text):
                signs[sign].append(f.text)
    return {
        "set": name,
        "references": n,
        "references_without_units_left_out": without_units,
        "human_units": sum(n_units),
        "extracted_facts": sum(n_facts),
        "facts_per_reference": {
            "extracted": rounded(sum(n_facts) / n, 3),
            "human": rounded(sum(n_units) / n, 3),
        },
        "micro": {
            "unit_recall": rounded(recall),
            "fact_precision": rounded(precision),
            "f1": rounded(_f1(recall, precision)),
        },
        "macro": {
            "unit_recall": rounded(float(np.mean(per_ref_r))),
            "fact_precision": rounded(float(np.mean(per_ref_p))),
            "f1": rounded(float(np.mean(per_ref_f1))),
        },
        "soft_micro": {  # mean P(stated), contradicted counted 0 (as the checklist's soft)
            "unit_recall": rounded(sum(soft_r) / max(1, sum(n_units))),
            "fact_precision": rounded(sum(soft_p) / max(1, sum(n_facts))),
        },
        "units_contradicted": sum(
            v.verdict is Verdict.CONTRADICTED for vs in by_recall for v in vs
        ),
        "facts_contradicted": len(contradicted),
        "references_with_fragment": rounded(
            sum(any(f.kind == "fragment" for f in facts) for facts in extracted) / n
        ),
        "references_without_facts": sum(not facts for facts in extracted),
        "kinds": dict(kinds.most_common()),
        "warning_signs": {
            sign: {
                "facts": len(found),
                "share": rounded(len(found) / max(1, sum(n_facts)), 3),
                "examples": found[:SIGN_EXAMPLES],
            }
            for sign, found in sorted(signs.items(), key=lambda kv: -len(kv[1]))
        },
        "contradicted_facts": contradicted[:10],
        "least_stated_facts": [
            {"fact": text, "kind": kind, "confidence": rounded(c, 3), "sentence": sentence}
            for c, text, sentence, kind in least
        ],
        "match_pairs_s": round(seconds, 1),
    }


def _f1(recall: float, precision: float) -> float:
    return 2 * recall * precision / (recall + precision) if recall + precision else 0.0


# -- 2. end to end on PyrXSum ----------------------------------------------------------------------


def end_to_end(dataset: Dataset, judgments, matcher_name: str, resamples: int, seed: int) -> dict:
    documents = list(dataset)
    human = np.array(
        [[judgments.pyramid_score(s, e.id) for e in documents] for s in judgments.systems],
        dtype=float,
    )
    items = [
        ScoringItem(judgments.summaries[system][e.id], e)
        for system in judgments.systems
        for e in documents
    ]
    shape = human.shape
    rows: dict[str, np.ndarray] = {}
    seconds: dict[str, float] = {}
    missing: dict[str, int] = {}
    signatures: dict[str, str] = {}
    for label, name, args, columns in (
        ("rouge1_recall", "rouge", {"types": ["rouge1"]}, {"": "rouge1_r"}),
        (
            "checklist_dataset",
            "checklist",
            {"matcher": {"type": matcher_name}, "facts": "dataset"},
            {"": "fact_recall_soft", " (verdicts)": "fact_recall"},
        ),
        (
            "checklist_auto",
            "checklist",
            {"matcher": {"type": matcher_name}, "facts": "auto"},
            {"": "fact_recall_soft", " (verdicts)": "fact_recall"},
        ),
    ):
        metric = METRICS.get(name).from_config(args)
        metric.fit(documents)
        metric.warm_up()
        started = time.perf_counter()
        scores = metric.score(items)
        seconds[label] = round(time.perf_counter() - started, 1)
        signatures[label] = metric.signature()
        for suffix, key in columns.items():
            values = [s.values.get(key) for s in scores]
            missing[label + suffix] = sum(v is None for v in values)
            rows[label + suffix] = np.array(
                [np.nan if v is None else v for v in values], dtype=float
            ).reshape(shape)
    intervals = bootstrap_many(
        list(rows.values()), human, resample="both", resamples=resamples, seed=seed
    )
    correlations = {}
    for label, found in zip(rows, intervals, strict=True):
        correlations[label] = {
            key: [rounded(i.value), rounded(i.low), rounded(i.high)]
            for key, i in found.items()
            if key.endswith("pearson") or key.endswith("kendall")
        }
    return {
        "systems": len(judgments.systems),
        "documents": len(documents),
        "summaries": len(items),
        "bootstrap": {"resample": "both", "resamples": resamples, "seed": seed, "ci": 0.95},
        "correlations [value, low, high]": correlations,
        "mean_score": {k: rounded(float(np.nanmean(v))) for k, v in rows.items()},
        "unscored_summaries": missing,
        "human_mean": rounded(float(human.mean())),
        "scoring_s": seconds,
        "signatures": signatures,
    }


# -- 3. the seed set ------------------------------------------------------------------------------


def seed_recovery(matcher) -> dict:
    dataset = load_examples(DatasetSpec(path=str(ROOT / "seeds/nk-diplomat"), config="all"))
    examples = [e for e in dataset if e.checklist]
    checklists = FactExtractor().checklists([e.references for e in examples], matcher=matcher)
    items = [
        ScoringItem(joined(f.text for f in auto), e)
        for e, auto in zip(examples, checklists, strict=True)
    ]
    # The ceiling: the hand-written facts the example's references themselves state.
    by_references = [ScoringItem(" ".join(e.references), e) for e in examples]
    verdicts = matcher.match(checklist_tasks(items + by_references, probes=False))
    verdicts, ceiling = verdicts[: len(items)], verdicts[len(items) :]
    in_references = sum(v.verdict is Verdict.PRESENT for vs in ceiling for v in vs)
    recovered_of_stated = sum(
        a.verdict is Verdict.PRESENT and b.verdict is Verdict.PRESENT
        for vs, ws in zip(verdicts, ceiling, strict=True)
        for a, b in zip(vs, ws, strict=True)
    )
    per_example = {}
    by_fact: dict[str, dict] = {}
    recovered = total = 0
    for e, auto, vs, ws in zip(examples, checklists, verdicts, ceiling, strict=True):
        facts = []
        for fact, v, w in zip(e.checklist, vs, ws, strict=True):
            ok = v.verdict is Verdict.PRESENT
            recovered += ok
            total += 1
            facts.append(
                {
                    "id": fact.id,
                    "fact": fact.text,
                    "recovered": "yes" if ok else "no",
                    "verdict": v.verdict.value,
                    "confidence": rounded(v.confidence, 3),
                    "evidence": v.evidence,
                    "stated_by_references": "yes" if w.verdict is Verdict.PRESENT else "no",
                }
            )
            entry = by_fact.setdefault(fact.id, {"fact": fact.text, "in": 0, "recovered_in": 0})
            entry["in"] += 1
            entry["recovered_in"] += ok
        per_example[e.id] = {
            "references": len(e.references),
            "hand_written_facts": len(e.checklist),
            "extracted_facts": len(auto),
            "recovered": sum(f["recovered"] == "yes" for f in facts),
            "facts": facts,
        }
    return {
        "examples": len(examples),
        "distinct_hand_written_facts": len(by_fact),
        "distinct_recovered_everywhere": sum(
            f["recovered_in"] == f["in"] for f in by_fact.values()
        ),
        "distinct_recovered_somewhere": sum(f["recovered_in"] > 0 for f in by_fact.values()),
        "fact_example_pairs": total,
        "fact_example_pairs_recovered": recovered,
        "fact_example_pairs_stated_by_references": in_references,
        "recovered_of_those_stated_by_references": recovered_of_stated,
        "per_example": per_example,
        "extracted_checklists": {
            e.id: [[f.text, f.weight] for f in auto]
            for e, auto in zip(examples, checklists, strict=True)
        },
    }


# -- main --------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, help="also write the JSON report here")
    parser.add_argument("--matcher", default=DEFAULT_MATCHER)
    parser.add_argument("--skip-units", action="store_true", help="skip part 1 (and speed)")
    parser.add_argument("--skip-e2e", action="store_true", help="skip part 2")
    parser.add_argument("--skip-seed", action="store_true", help="skip part 3")
    parser.add_argument("--limit", type=int, help="first N references / documents per set")
    parser.add_argument("--threads", type=int, default=1, help="matcher threads (default 1)")
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    parser.add_argument(
        "--bulk", type=int, default=4000, help="reference-length texts for the bulk speed (0: skip)"
    )
    parser.add_argument("--bulk-workers", type=int, help=argparse.SUPPRESS)  # one bulk run only
    args = parser.parse_args()
    if args.bulk_workers:
        rose = load_rose(args.data / "RoSE-ACU" / "cnndm-test-acus.json", None)
        mean_words = float(np.mean([len(r.split()) for r, _ in rose]))
        texts = reference_like(args.data / "SummaC", mean_words, args.bulk)
        print(json.dumps(bulk_speed(texts, args.bulk_workers)))
        return 0

    started = time.perf_counter()
    report: dict = {
        "extractor": extractor_label(),
        # The rules' version is raised by hand: the files' digests tell edits apart too.
        "extractor_files": {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:12]
            for p in sorted((ROOT / "bench/facts/extraction").glob("*.py"))
        },
        "matcher": args.matcher,
        "limit": args.limit,
        "threads": args.threads,
    }
    phases: dict[str, float] = {}
    with encoding_threads(args.threads):
        rose = load_rose(args.data / "RoSE-ACU" / "cnndm-test-acus.json", args.limit)
        pyrxsum, judgments = load_pyrxsum(args.data / "PyrXSum", args.limit)
        if not args.skip_units:
            # First: the speed needs the parser's cache empty of RoSE's sentences.
            report["speed"], rose_facts = speed([r for r, _ in rose])
            phases["speed"] = round(time.perf_counter() - started, 1)
        if args.bulk:
            t = time.perf_counter()
            # Each in a fresh process: this one's parses and words would speed the second.
            report["bulk_speed"] = [bulk_in_process(args, w) for w in (1, 2)]
            phases["bulk_speed"] = round(time.perf_counter() - t, 1)
        if not args.skip_units:
            t = time.perf_counter()
            matcher = build_matcher(args.matcher, [e.source for e in pyrxsum])
            pyr_rows = [(e.references[0], [f.text for f in e.checklist]) for e in pyrxsum]
            pyr_facts = FactExtractor().reference_facts([r for r, _ in pyr_rows])
            report["units"] = {
                "PyrXSum": agreement("PyrXSum", pyr_rows, pyr_facts, matcher),
                "RoSE-ACU": agreement("RoSE-ACU", rose, rose_facts, matcher),
            }
            phases["units"] = round(time.perf_counter() - t, 1)
        if not args.skip_e2e:
            t = time.perf_counter()
            report["e2e"] = end_to_end(pyrxsum, judgments, args.matcher, args.resamples, args.seed)
            phases["e2e"] = round(time.perf_counter() - t, 1)
        if not args.skip_seed:
            t = time.perf_counter()
            report["seed"] = seed_recovery(build_matcher(args.matcher))
            phases["seed"] = round(time.perf_counter() - t, 1)
    phases["total"] = round(time.perf_counter() - started, 1)
    report["seconds"] = phases
    text = json.dumps(report, indent=1, ensure_ascii=False)
    print(text)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
