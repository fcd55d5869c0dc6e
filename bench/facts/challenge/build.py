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

from ...records.files import write_text_atomic
from . import entities, nationalities, numbers, roles, syntax, wordswaps
from .analysis import ClaimFacts, claim_facts, coverage, parse
from .articles import article_documents
from .edits import ProposedEdit
from .pairs import KIND_LABELS, ChallengePair, split_of, write_pairs
from .paraphrase import paraphrases
from .rules import rules_for
from .sources import PYRXSUM, ROSE, SOURCES, SUMMAC, Document, load_documents, summac_articles

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
#: Rule version 2 puts first the kinds the references offer least (see :mod:`.articles`).
RARE_FIRST_2 = (
    "role_swap", "number_scale", "nationality", "comparative", "relation", "number_word",
    "number_digits", "date", "negation", "antonym", "place", "organisation", "number",
    "person",
)
VERSION = "challenge-pairs/2"
#: The files a build writes into its folder.
FILES = ("train.jsonl", "test.jsonl", "manifest.json")
#: Sources parsed together, whose names replace one another in entity swaps: a family's
#: pairs do not depend on another family's documents (adding articles leaves the
#: references' pairs as they were).
FAMILY = {"rose-acu": "references", "pyrxsum": "references", "summac": "articles"}


@dataclass(frozen=True)
class Parsed:
    """A document with its sentences and claims parsed."""

    document: Document
    split: str
    sentences: tuple[Any, ...]
    claims: tuple[ClaimFacts, ...]

    def window(self, index: int) -> range:
        """The sentences claim ``index`` is judged against."""
        if self.document.windows:
            return range(*self.document.windows[index])
        return range(len(self.sentences))


def build_pairs(documents: Sequence[Document], seed: int,
                log: Callable[[str], None] = lambda _: None,
                parsed_texts: dict[str, Any] | None = None) -> list[ChallengePair]:
    """Every pair of every document, in document and claim order. ``parsed_texts`` holds
    parses already made (text -> Doc); the rest are made here, one family at a time."""
    parsed: list[Parsed] = []
    pools: dict[tuple[str, str], entities.EntityPool] = {}
    for family in sorted({FAMILY[d.source] for d in documents}):
        members = [d for d in documents if FAMILY[d.source] == family]
        texts = {s for d in members for s in d.sentences} | {u for d in members
                                                              for u in d.units}
        known = parsed_texts or {}
        docs = {t: known[t] for t in texts if t in known}
        docs.update(parse(texts - docs.keys()))
        log(f"{family}: {len(docs)} distinct sentences and claims parsed")
        items = [
            Parsed(d, split_of(d.doc, seed), tuple(docs[s] for s in d.sentences),
                   tuple(claim_facts(docs[u]) for u in d.units))
            for d in sorted(members, key=lambda d: d.doc)
        ]
        trusted = entities.consistent_names(e for doc in docs.values() for e in doc.ents)
        for split in ("train", "test"):
            pools[(family, split)] = entities.EntityPool(
                ((p.document.doc, entity) for p in items if p.split == split
                 for sentence in p.sentences for entity in sentence.ents),
                trusted,
            )
        parsed += items
    parsed.sort(key=lambda p: p.document.doc)
    pairs: list[ChallengePair] = []
    for item in parsed:
        rng = random.Random(f"{seed}/{item.document.doc}")
        others = [p for p in parsed if p.split == item.split and p.document.source ==
                  item.document.source and p.document.doc != item.document.doc]
        pool = pools[(FAMILY[item.document.source], item.split)]
        for index, claim in enumerate(item.claims):
            pairs += _claim_pairs(item, index, claim, pool, others, rng)
    return pairs


def _joined(sentences: Sequence[str]) -> str:
    return " ".join(sentences)


def _claim_pairs(item: Parsed, index: int, claim: ClaimFacts, pool: entities.EntityPool,
                 others: Sequence[Parsed], rng: random.Random) -> list[ChallengePair]:
    document = item.document
    window = item.window(index)
    sentences = [document.sentences[i] for i in window]
    parsed = [item.sentences[i] for i in window]
    if not claim.content or not sentences:
        return []
    rules = rules_for(document.source)
    scores = [coverage(claim, s) for s in parsed]
    anchor = max(range(len(scores)), key=lambda i: (scores[i], -i))
    whole = len(sentences) > 1 and rng.random() < WHOLE_REFERENCE
    context = list(range(len(sentences))) if whole else [anchor]
    made: list[tuple[str, str, tuple[str, str] | None]] = []  # (kind, text, change)

    def text_with(new_anchor: str) -> str:
        return _joined([new_anchor if i == anchor else sentences[i] for i in context])

    if scores[anchor] < ANCHORED:
        if _union_coverage(claim, parsed) < ANCHORED:
            return []  # written from text we do not keep (site furniture), or too loosely
        made.append(("restated", _joined(sentences), None))
    else:
        made.append(("restated", text_with(sentences[anchor]), None))
        sentence = parsed[anchor]
        rewrites = _distinct(paraphrases(sentence, claim, rng, rules), sentences[anchor])
        for candidate in _sample(rewrites, MAX_PARAPHRASES, rng):
            made.append(("paraphrase", text_with(candidate.sentence),
                         (candidate.before, candidate.after)))
        changed = _distinct(_changes(sentence, claim, _joined(sentences), document.doc, pool,
                                     rng, rules), sentences[anchor])
        for candidate in _pick_changes(changed, rng, RARE_FIRST if rules == 1 else
                                       RARE_FIRST_2):
            made.append((candidate.kind, text_with(candidate.sentence),
                         (candidate.before, candidate.after)))
        if len(sentences) > 1:
            rest = [s for i, s in enumerate(sentences) if i != anchor]
            rest_parsed = [s for i, s in enumerate(parsed) if i != anchor]
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
        pairs.append(ChallengePair(
            id=f"{prefix}/{kind}/{counts[kind]}", doc=document.doc, split=item.split,
            claim=claim.text, text=text, label=KIND_LABELS[kind], kind=kind, change=change,
        ))
        counts[kind] += 1
    return pairs


def _changes(sentence: Any, claim: ClaimFacts, context: str, doc: str,
             pool: entities.EntityPool, rng: random.Random, rules: int) -> list[ProposedEdit]:
    """Every changed-fact candidate for ``claim`` in ``sentence``, by the ``rules`` version
    (see :mod:`.rules`)."""
    if rules == 1:
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
    return (
        entities.changes(sentence, claim, context, doc, pool, rng, nationalities=False)
        + nationalities.changes(sentence, claim, context, rng)
        + numbers.changes(sentence.text, claim.numbers, claim.scales, rng, rules=rules)
        + wordswaps.antonym_changes(sentence, claim, rng)
        + wordswaps.comparative_changes(sentence, claim, rng)
        + wordswaps.relation_changes(sentence, claim, rng)
        + wordswaps.negation_changes(sentence, claim, rng)
        + roles.role_swaps(sentence, claim)
        + syntax.place_swaps(sentence, claim)
    )


def _distinct(candidates: Sequence[ProposedEdit], original: str) -> list[ProposedEdit]:
    """Candidates with a new sentence, the first of each sentence kept."""
    seen = {original}
    out = []
    for candidate in candidates:
        if candidate.sentence not in seen:
            seen.add(candidate.sentence)
            out.append(candidate)
    return out


def _sample(candidates: Sequence[ProposedEdit], count: int,
            rng: random.Random) -> list[ProposedEdit]:
    if len(candidates) <= count:
        return list(candidates)
    chosen = sorted(rng.sample(range(len(candidates)), count))
    return [candidates[i] for i in chosen]


def _pick_changes(candidates: Sequence[ProposedEdit], rng: random.Random,
                  order: Sequence[str]) -> list[ProposedEdit]:
    """At most :data:`MAX_CHANGES` changed facts of different kinds, rare kinds first (in
    ``order``), one random candidate of each kind."""
    by_kind: dict[str, list[ProposedEdit]] = {}
    for candidate in candidates:
        by_kind.setdefault(candidate.kind, []).append(candidate)
    kinds = sorted(by_kind, key=order.index)
    return [rng.choice(by_kind[kind]) for kind in kinds[:MAX_CHANGES]]


def _union_coverage(claim: ClaimFacts, sentences: Sequence[Any]) -> float:
    return coverage(claim, [t for s in sentences for t in s])


def _unrelated(claim: ClaimFacts, others: Sequence[Parsed], rng: random.Random) -> str | None:
    """Another document's sentence (or whole reference) that does not state the claim."""
    if not others:
        return None
    for _ in range(5):
        other = rng.choice(others)
        if other.document.windows:
            # An article's text is one of its claims' windows, or a sentence of one.
            sentences = [other.sentences[i] for i in other.window(
                rng.randrange(len(other.claims)))]
        else:
            sentences = list(other.sentences)
        if len(sentences) > 1 and rng.random() < WHOLE_REFERENCE:
            parts = sentences
        else:
            parts = [rng.choice(sentences)]
        if _union_coverage(claim, parts) <= 0.25:
            return _joined([p.text for p in parts])
    return None


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: The shared files each source reads.
INPUTS = {
    "pyrxsum": (PYRXSUM / "references.txt", PYRXSUM / "SCUs.txt"),
    "rose-acu": (ROSE,),
    "summac": SUMMAC,
}


def build(shared: Path, seed: int, out: Path, log: Callable[[str], None] = lambda _: None,
          sources: Sequence[str] = SOURCES) -> dict[str, Any]:
    """Build ``train.jsonl``, ``test.jsonl`` and ``manifest.json`` (counts, the rules each
    source's pairs were made with, the input files' digests) in ``out`` from ``sources``
    (of :data:`~.sources.SOURCES`); returns the manifest."""
    chosen_sources = tuple(s for s in SOURCES if s in sources)
    documents = load_documents(shared, chosen_sources)
    log(f"{len(documents)} references, {sum(len(d.units) for d in documents)} units")
    parsed_texts: dict[str, Any] = {}
    articles = 0
    if "summac" in chosen_sources:
        found = summac_articles(shared)
        articles = len(found)
        made, parsed_texts = article_documents(found, seed, log)
        log(f"{len(made)} articles give {sum(len(d.units) for d in made)} claims")
        documents += made
    pairs = build_pairs(documents, seed, log, parsed_texts)
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, Any] = {}
    for split in ("train", "test"):
        chosen = [p for p in pairs if p.split == split]
        write_pairs(out / f"{split}.jsonl", chosen)
        counts[split] = _counts(chosen)
    manifest = {
        "version": VERSION,
        "seed": seed,
        "inputs": {str(p): _digest(shared / p) for s in chosen_sources for p in INPUTS[s]},
        "sources": {
            source: {
                "rules": rules_for(source),
                "documents": sum(d.source == source for d in documents),
                "claims": sum(len(d.units) for d in documents if d.source == source),
                **({"articles read": articles} if source == "summac" else {}),
            }
            for source in chosen_sources
        },
        "documents": {split: len({p.doc for p in pairs if p.split == split})
                      for split in ("train", "test")},
        "counts": counts,
    }
    # Replaced by a rename, never written in place: a link planted there is not followed.
    write_text_atomic(out / "manifest.json", json.dumps(manifest, indent=1) + "\n")
    return manifest


def built_here(folder: Path) -> bool:
    """Whether ``folder`` holds a manifest.json a build wrote (a regular file, not a link):
    how folders built before the ownership marker are recognised as the build's own."""
    path = folder / "manifest.json"
    if path.is_symlink() or not path.is_file():
        return False
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        isinstance(data, dict)
        and str(data.get("version", "")).startswith("challenge-pairs/")
        and {"seed", "inputs", "counts"} <= set(data)
    )


def _counts(pairs: Sequence[ChallengePair]) -> dict[str, Any]:
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
