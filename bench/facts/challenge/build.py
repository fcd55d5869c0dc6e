"""Making the pairs: for every human-written unit (claim) of every reference, the text that
states it, meaning-preserving rewrites of that text, minimal edits that change the claim's fact,
the text with the stating sentence cut, and another document's text.

Deterministic: documents, claims and candidates are walked in a fixed order and every random
choice comes from a ``random.Random`` seeded with (seed, document), so one document's pairs do
not depend on which other documents were built.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import entities, numbers, syntax, wordswaps
from .analysis import ClaimFacts, claim_facts, coverage, parse
from .edits import Candidate
from .pairs import KIND_LABELS, Pair, split_of, write_pairs
from .paraphrase import paraphrases
from .sources import ROSE, Document, load_documents

#: A claim is located in the sentence that holds this share of its content words; below it
#: the claim is only paired with the whole reference (restated) and other documents.
ANCHORED = 0.6
#: A text that holds at most this share of a claim's content words does not state it.
NOT_STATED = 0.5
#: How many pairs of each sort one claim gets, at most.
MAX_PARAPHRASES = 2
MAX_CHANGES = 3
#: Chance that a claim of a several-sentence reference is judged against the whole reference
#: rather than its own sentence (matchers meet both in practice).
WHOLE_REFERENCE = 0.35
#: Kinds a text offers less often: preferred when a claim has more candidates than it keeps.
RARE_FIRST = (
    "role_swap", "comparative", "relation", "nationality", "number_scale", "number_word",
    "number_digits", "date", "negation", "antonym", "place", "organisation", "number",
    "person",
)
VERSION = "challenge-pairs/1"


@dataclass(frozen=True)
class Parsed:
    """A document with its sentences and claims parsed."""

    document: Document
    split: str
    sentences: tuple[Any, ...]
    claims: tuple[ClaimFacts, ...]


def build_pairs(documents: Sequence[Document], seed: int,
                log: Callable[[str], None] = lambda _: None) -> list[Pair]:
    """Every pair of every document, in document and claim order."""
    docs = parse([s for d in documents for s in d.sentences] + [u for d in documents
                                                               for u in d.units])
    log(f"parsed {len(docs)} distinct sentences and claims")
    parsed = [
        Parsed(d, split_of(d.doc, seed), tuple(docs[s] for s in d.sentences),
               tuple(claim_facts(docs[u]) for u in d.units))
        for d in sorted(documents, key=lambda d: d.doc)
    ]
    trusted = entities.consistent_names(e for doc in docs.values() for e in doc.ents)
    pools = {
        split: entities.EntityPool(
            ((p.document.doc, entity) for p in parsed if p.split == split
             for sentence in p.sentences for entity in sentence.ents),
            trusted,
        )
        for split in ("train", "test")
    }
    pairs: list[Pair] = []
    for item in parsed:
        rng = random.Random(f"{seed}/{item.document.doc}")
        others = [p for p in parsed if p.split == item.split and p.document.source ==
                  item.document.source and p.document.doc != item.document.doc]
        for index, claim in enumerate(item.claims):
            pairs += _claim_pairs(item, index, claim, pools[item.split], others, rng)
    return pairs


def _joined(sentences: Sequence[str]) -> str:
    return " ".join(sentences)


def _claim_pairs(item: Parsed, index: int, claim: ClaimFacts, pool: entities.EntityPool,
                 others: Sequence[Parsed], rng: random.Random) -> list[Pair]:
    document = item.document
    sentences = list(document.sentences)
    if not claim.content or not sentences:
        return []
    scores = [coverage(claim, s) for s in item.sentences]
    anchor = max(range(len(scores)), key=lambda i: (scores[i], -i))
    whole = len(sentences) > 1 and rng.random() < WHOLE_REFERENCE
    context = list(range(len(sentences))) if whole else [anchor]
    made: list[tuple[str, str, tuple[str, str] | None]] = []  # (kind, text, change)

    def text_with(new_anchor: str) -> str:
        return _joined([new_anchor if i == anchor else sentences[i] for i in context])

    if scores[anchor] < ANCHORED:
        if _union_coverage(claim, item.sentences) < ANCHORED:
            return []  # written from text we do not keep (site furniture), or too loosely
        made.append(("restated", _joined(sentences), None))
    else:
        made.append(("restated", text_with(sentences[anchor]), None))
        sentence = item.sentences[anchor]
        rewrites = _distinct(paraphrases(sentence, claim, rng), sentences[anchor])
        for candidate in _sample(rewrites, MAX_PARAPHRASES, rng):
            made.append(("paraphrase", text_with(candidate.sentence),
                         (candidate.before, candidate.after)))
        changed = _distinct(_changes(sentence, claim, _joined(sentences), document.doc, pool,
                                     rng), sentences[anchor])
        for candidate in _pick_changes(changed, rng):
            made.append((candidate.kind, text_with(candidate.sentence),
                         (candidate.before, candidate.after)))
        if len(sentences) > 1:
            rest = [s for i, s in enumerate(sentences) if i != anchor]
            rest_parsed = [s for i, s in enumerate(item.sentences) if i != anchor]
            if max(coverage(claim, s) for s in rest_parsed) <= NOT_STATED and \
                    _union_coverage(claim, rest_parsed) <= NOT_STATED:
                made.append(("removed", _joined(rest), (sentences[anchor], "")))
    unrelated = _unrelated(claim, others, rng)
    if unrelated is not None:
        made.append(("unrelated", unrelated, None))

    prefix = f"{document.doc}/{document.unit_prefix}{index}"
    counts: Counter[str] = Counter()
    pairs = []
    for kind, text, change in made:
        pairs.append(Pair(
            id=f"{prefix}/{kind}/{counts[kind]}", doc=document.doc, split=item.split,
            claim=claim.text, text=text, label=KIND_LABELS[kind], kind=kind, change=change,
        ))
        counts[kind] += 1
    return pairs


def _changes(sentence: Any, claim: ClaimFacts, context: str, doc: str,
             pool: entities.EntityPool, rng: random.Random) -> list[Candidate]:
    return (
        entities.changes(sentence, claim, context, doc, pool, rng)
        + numbers.changes(sentence.text, claim.numbers, claim.scales, rng)
        + wordswaps.antonym_changes(sentence, claim, rng)
        + wordswaps.comparative_changes(sentence, claim, rng)
        + wordswaps.relation_changes(sentence, claim, rng)
        + wordswaps.negation_changes(sentence, claim, rng)
        + syntax.role_swaps(sentence, claim)
        + syntax.place_swaps(sentence, claim)
    )


def _distinct(candidates: Sequence[Candidate], original: str) -> list[Candidate]:
    """Candidates with a new sentence, the first of each sentence kept."""
    seen = {original}
    out = []
    for candidate in candidates:
        if candidate.sentence not in seen:
            seen.add(candidate.sentence)
            out.append(candidate)
    return out


def _sample(candidates: Sequence[Candidate], count: int,
            rng: random.Random) -> list[Candidate]:
    if len(candidates) <= count:
        return list(candidates)
    chosen = sorted(rng.sample(range(len(candidates)), count))
    return [candidates[i] for i in chosen]


def _pick_changes(candidates: Sequence[Candidate], rng: random.Random) -> list[Candidate]:
    """At most :data:`MAX_CHANGES` changed facts of different kinds, rare kinds first, one
    random candidate of each kind."""
    by_kind: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        by_kind.setdefault(candidate.kind, []).append(candidate)
    kinds = sorted(by_kind, key=RARE_FIRST.index)
    return [rng.choice(by_kind[kind]) for kind in kinds[:MAX_CHANGES]]


def _union_coverage(claim: ClaimFacts, sentences: Sequence[Any]) -> float:
    return coverage(claim, [t for s in sentences for t in s])


def _unrelated(claim: ClaimFacts, others: Sequence[Parsed], rng: random.Random) -> str | None:
    """Another document's sentence (or whole reference) that does not state the claim."""
    if not others:
        return None
    for _ in range(5):
        other = rng.choice(others)
        if len(other.sentences) > 1 and rng.random() < WHOLE_REFERENCE:
            parts = list(other.sentences)
        else:
            parts = [rng.choice(other.sentences)]
        if _union_coverage(claim, parts) <= 0.25:
            return _joined([p.text for p in parts])
    return None


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(shared: Path, seed: int, out: Path,
          log: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """Build ``train.jsonl``, ``test.jsonl`` and ``manifest.json`` (counts and the input
    files' digests) in ``out``; returns the manifest."""
    documents = load_documents(shared)
    log(f"{len(documents)} documents, {sum(len(d.units) for d in documents)} units")
    pairs = build_pairs(documents, seed, log)
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, Any] = {}
    for split in ("train", "test"):
        chosen = [p for p in pairs if p.split == split]
        write_pairs(out / f"{split}.jsonl", chosen)
        counts[split] = _counts(chosen)
    inputs = [ROSE, Path("data/PyrXSum/references.txt"), Path("data/PyrXSum/SCUs.txt")]
    manifest = {
        "version": VERSION,
        "seed": seed,
        "inputs": {str(p): _digest(shared / p) for p in inputs},
        "documents": {split: len({p.doc for p in pairs if p.split == split})
                      for split in ("train", "test")},
        "counts": counts,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def _counts(pairs: Sequence[Pair]) -> dict[str, Any]:
    by_label = Counter(p.label for p in pairs)
    by_kind = Counter(p.kind for p in pairs)
    by_source_kind = Counter((p.doc.split("/")[0], p.kind) for p in pairs)
    sources = sorted({s for s, _ in by_source_kind})
    return {
        "pairs": len(pairs),
        "labels": {label: by_label[label] for label in sorted(by_label)},
        "kinds": {kind: by_kind[kind] for kind in KIND_LABELS},
        "by_source": {s: {k: by_source_kind[(s, k)] for k in KIND_LABELS} for s in sources},
    }
