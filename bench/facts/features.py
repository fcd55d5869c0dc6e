"""Evidence for "does this window of the summary state this fact?", as numbers a model can weigh.

A summary is read one window at a time (each sentence, and each pair of adjacent sentences,
since a fact can span two), the way a person checks a fact: find the sentence that says it.
Working per window keeps the numbers comparable between datasets: a long summary has more
windows, not bigger scores (BERTScore recall against a whole summary grows with its length,
which is why one threshold did not transfer from one-sentence to multi-sentence summaries).

For every (claim, window) pair :meth:`FeatureExtractor.compute` gives:

* **word overlap**, after the lexical matcher's normalisation (aliases, numbers as digits,
  stems): share of the claim's content words in the window, the same weighted by word idf
  from the sources, the idf of the rarest missing word, adjacent word pairs kept, names and
  numbers missing;
* **token alignment** with contextual embeddings (MiniLM through the shared BERTScore encoder;
  each distinct sentence encoded once and cached): BERTScore recall of the claim against the
  window, the share of weakly aligned claim tokens, the weakest claim token;
* **the reference's wording**: the tokens of the reference the fact was written from that
  align with the fact (its phrasing in natural text, where a checklist fact is often a
  stilted paraphrase), and how well the window recalls them;
* **agreement**: a negation the claim lacks, and a contradiction found by
  :mod:`bench.facts.conflicts` (another number, date or name in the same place);
* **context**: how much of the claim the source holds, claim and window lengths (logs).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import numpy as np

from ..progress import advance
from ..text import split_sentences
from .conflicts import (
    Aligned,
    ClaimParts,
    Conflict,
    claim_parts,
    find_conflict,
    find_name_conflict,
    proper_words,
    wordpiece_words,
)
from .matcher import Claim, MatchTask
from .normalize import NEGATIONS, Normalizer, contains_phrase
from .word_idf import WordIdf

#: Feature names, in column order.
FEATURES: tuple[str, ...] = (
    "lex",  # share of the claim's content words in the window
    "lex_idf",  # the same, weighted by word idf
    "lex_missing_idf",  # idf of the rarest claim word the window lacks (0: none missing)
    "lex_bigram",  # share of the claim's adjacent content-word pairs found adjacent
    "names_missing",  # share of the claim's names the window lacks
    "numbers_missing",  # share of the claim's numbers and dates the window lacks
    "bs",  # BERTScore recall of the claim against the window (idf-weighted)
    "bs_weak",  # idf-weighted share of claim tokens whose best similarity is below 0.5
    "bs_min",  # the best similarity of the worst-aligned claim token
    "ref_bs",  # recall of the reference's wording of the fact against the window
    "ref_min",  # the worst-aligned token of that wording
    "negation",  # the window has a negation the claim lacks, or lacks one it has
    "conflict",  # the window contradicts the claim (number, date, name, negation)
    "source_support",  # share of the claim's content words in the source document
    "claim_length",  # log(1 + content words of the claim)
    "window_length",  # log(1 + content words of the window)
)

#: Below this cosine a claim token has no counterpart in the window.
WEAK_SIMILARITY = 0.5
#: A reference token belongs to the reference's wording of a fact when it is the best match
#: of a fact token with at least this cosine.
WORDING_SIMILARITY = 0.6


@dataclass
class Windows:
    """A text's sentences and windows, with normalised tokens."""

    sentences: list[str]
    tokens: list[list[str]]  # per sentence
    spans: list[tuple[int, int]]  # (first, last+1) sentence of each window
    content: list[frozenset[str]] = field(default_factory=list)  # per window
    content_seq: list[tuple[str, ...]] = field(default_factory=list)  # per window

    @property
    def texts(self) -> list[str]:
        """The text of each window: its sentences joined by spaces."""
        return [" ".join(self.sentences[a:b]) for a, b in self.spans]


def windows(text: str, normalizer: Normalizer, width: int = 2) -> Windows:
    """Every run of 1..``width`` adjacent sentences of ``text``, tokenized once."""
    sentences = split_sentences(text)
    tokens = [normalizer.tokens(s) for s in sentences]
    spans = [(a, a + w) for w in range(1, width + 1) for a in range(len(sentences) - w + 1)]
    out = Windows(sentences, tokens, spans)
    for a, b in spans:
        seq = tuple(normalizer.content([t for toks in tokens[a:b] for t in toks]))
        out.content_seq.append(seq)
        out.content.append(frozenset(seq))
    return out


@dataclass
class TaskFeatures:
    """Features of every (claim, window) pair of one task."""

    windows: Windows
    values: np.ndarray  # [claims, windows, features]
    conflicts: list[list[Conflict | None]]  # [claims][windows]


class FeatureExtractor:
    """Computes :data:`FEATURES` for every claim and window of every task, batched.

    ``embedder`` is a :class:`~bench.encoders.token_embeddings.TokenEmbedder`; ``token_idf``
    its idf table (token id -> weight) and ``word_idf`` word idf, both from the sources.
    """

    def __init__(
        self,
        embedder: Any,
        token_idf: Any,
        word_idf: WordIdf,
        *,
        width: int = 2,
        batch_size: int = 64,
    ):
        self.embedder = embedder
        self.token_idf = token_idf
        self.word_idf = word_idf
        self.width = width
        self.batch_size = batch_size

    def _sentences(self, texts: Sequence[str]) -> dict[str, list[str]]:
        return {t: split_sentences(t) for t in dict.fromkeys(texts)}

    def compute(self, tasks: Sequence[MatchTask]) -> list[TaskFeatures]:
        """The features of each task, in order."""
        split = self._sentences(
            [t.summary for t in tasks] + [r for t in tasks for r in t.references]
        )
        texts = {s for sentences in split.values() for s in sentences}
        texts |= {c.text for t in tasks for c in t.claims}
        embedded = self.embedder.embed(sorted(texts), self.batch_size) if texts else {}
        vectors: dict[str, tuple[np.ndarray, np.ndarray, list[str]]] = {}
        tokenizer = self.embedder.tokenizer

        def tokens_of(text: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
            """Unit vectors, idf and words of a text's tokens, [CLS] and [SEP] left out."""
            found = vectors.get(text)
            if found is None:
                e = embedded[text]
                v = np.asarray(e.vectors[1:-1], dtype=np.float32)
                v = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)
                idf = np.array([self.token_idf[i] for i in e.ids[1:-1]], dtype=np.float64)
                words = wordpiece_words(tokenizer.convert_ids_to_tokens(list(e.ids[1:-1])))
                found = vectors[text] = (v, idf, words)
            return found

        normalizers: dict[Any, Normalizer] = {}
        sources: dict[tuple[Any, str], frozenset[str]] = {}
        propers: dict[tuple[str, ...], frozenset[str]] = {}
        # What depends on a document's claims and references but not on the summary, kept
        # for the document's other summaries (every system's): computed once, the same values.
        memo: dict[Any, Any] = {}
        out = []
        for task in tasks:
            normalizer = normalizers.get(task.aliases)
            if normalizer is None:
                normalizer = normalizers[task.aliases] = Normalizer(task.aliases)
            key = (task.aliases, task.source)
            if key not in sources:
                sources[key] = frozenset(normalizer.content(normalizer.tokens(task.source)))
            texts_key = (task.source, *task.references)
            proper = propers.get(texts_key)
            if proper is None:
                proper = propers[texts_key] = proper_words("\n".join(texts_key))
            out.append(
                self._task(task, normalizer, split, tokens_of, sources[key], proper, memo)
            )
            advance(1, "summaries read")
        return out

    def _task(self, task, normalizer, split, tokens_of, source, proper, memo) -> TaskFeatures:
        text = windows(task.summary, normalizer, self.width)
        n_windows = len(text.spans)
        values = np.zeros((len(task.claims), n_windows, len(FEATURES)))
        conflicts: list[list[Conflict | None]] = [[None] * n_windows for _ in task.claims]
        if not n_windows:
            return TaskFeatures(text, values, conflicts)
        # Token vectors of the summary, sentence by sentence; window = its sentences' columns.
        sentence_vectors = [tokens_of(s)[0] for s in text.sentences]
        starts = np.cumsum([0] + [len(v) for v in sentence_vectors[:-1]])
        summary_vectors = np.concatenate(sentence_vectors)
        summary_content = frozenset(t for seq in text.content_seq for t in seq)
        references = [
            np.concatenate([tokens_of(s)[0] for s in split[r]] or [np.zeros((0, 1))])
            for r in task.references
        ]
        reference_idf = [
            np.concatenate([tokens_of(s)[1] for s in split[r]] or [np.zeros(0)])
            for r in task.references
        ]
        index = {name: i for i, name in enumerate(FEATURES)}
        for c, claim in enumerate(task.claims):
            claim_proper = proper if task.source else None
            parts_key = ("parts", claim.text, task.aliases, claim_proper)
            parts = memo.get(parts_key)
            if parts is None:
                parts = memo[parts_key] = claim_parts(claim.text, normalizer, claim_proper)
            row = values[c]
            row[:, index["claim_length"]] = math.log1p(len(parts.content))
            row[:, index["source_support"]] = _share(parts.content, source)
            for w in range(n_windows):
                row[w, index["window_length"]] = math.log1p(len(text.content_seq[w]))
            claim_vectors, claim_idf, claim_words = tokens_of(claim.text)
            claim_aligned = Aligned(claim_words, claim_vectors)
            sentence_conflicts = self._sentence_conflicts(
                parts, claim_aligned, text, summary_content, normalizer, tokens_of
            )
            self._words(parts, text, row, index, sentence_conflicts, conflicts[c])
            token_scores = _recalls(
                claim_vectors, claim_idf, summary_vectors, starts, text.spans
            )
            row[:, index["bs"]], row[:, index["bs_weak"]], row[:, index["bs_min"]] = token_scores
            wording_key = ("wording", claim.text, claim.references, task.references)
            if wording_key not in memo:
                memo[wording_key] = self._wording(
                    claim, claim_vectors, claim_idf, references, reference_idf
                )
            wording = memo[wording_key]
            if wording is None:
                row[:, index["ref_bs"]] = row[:, index["bs"]]
                row[:, index["ref_min"]] = row[:, index["bs_min"]]
            else:
                ref_scores = _recalls(*wording, summary_vectors, starts, text.spans)
                row[:, index["ref_bs"]], _, row[:, index["ref_min"]] = ref_scores
        return TaskFeatures(text, values, conflicts)

    def _sentence_conflicts(
        self, parts, claim_aligned, text, summary_content, normalizer, tokens_of
    ) -> list[Conflict | None]:
        """Per sentence of the summary, how it contradicts the claim (:mod:`.conflicts`:
        another number or date, or a negation, else another name), or None."""
        found_by_sentence = []
        for s, (sentence, tokens) in enumerate(zip(text.sentences, text.tokens, strict=True)):
            found = find_conflict(parts, sentence, tokens, normalizer, self.word_idf)
            if found is None:
                v, _, words = tokens_of(sentence)
                found = find_name_conflict(
                    parts,
                    claim_aligned,
                    sentence,
                    Aligned(words, v),
                    tokens,
                    text.content[s],
                    summary_content,
                    normalizer,
                    self.word_idf,
                )
            found_by_sentence.append(found)
        return found_by_sentence

    def _words(
        self,
        parts: ClaimParts,
        text: Windows,
        row: np.ndarray,
        index: dict[str, int],
        sentence_conflicts: list[Conflict | None],
        conflicts: list[Conflict | None],
    ) -> None:
        content = parts.content
        weights = {t: self.word_idf(t) for t in content}
        total = sum(weights.values())
        bigrams = set(pairwise(parts.content_seq))
        for w, (a, b) in enumerate(text.spans):
            window = text.content[w]
            lex = _share(content, window)
            row[w, index["lex"]] = lex
            found = sum(v for t, v in weights.items() if t in window)
            row[w, index["lex_idf"]] = found / total if total > 0 else lex
            row[w, index["lex_missing_idf"]] = max(
                (v for t, v in weights.items() if t not in window), default=0.0
            )
            if bigrams:
                seq = text.content_seq[w]
                kept = set(pairwise(seq))
                row[w, index["lex_bigram"]] = len(bigrams & kept) / len(bigrams)
            else:
                row[w, index["lex_bigram"]] = lex
            if parts.names:
                missing = sum(1 for name in parts.names if not set(name) <= window)
                row[w, index["names_missing"]] = missing / len(parts.names)
            if parts.numbers:
                missing = sum(1 for n in parts.numbers if n not in window)
                row[w, index["numbers_missing"]] = missing / len(parts.numbers)
            window_tokens = {t for toks in text.tokens[a:b] for t in toks}
            negated = bool(window_tokens & NEGATIONS)
            row[w, index["negation"]] = float(negated != bool(parts.negations))
            conflict = next((x for x in sentence_conflicts[a:b] if x is not None), None)
            conflicts[w] = conflict
            row[w, index["conflict"]] = float(conflict is not None)

    def _wording(self, claim, claim_vectors, claim_idf, references, reference_idf):
        """Vectors and idf of the reference tokens that word the claim, or None.

        The claim's references are those its ``references`` name (all when not known).
        """
        chosen = range(len(references)) if claim.references is None else claim.references
        picked, weights = [], []
        for r in chosen:
            if r >= len(references) or not len(references[r]):
                continue
            similarity = claim_vectors @ references[r].T
            best = similarity.argmax(axis=1)
            keep = (similarity.max(axis=1) >= WORDING_SIMILARITY) & (claim_idf > 0)
            rows = np.unique(best[keep])
            if rows.size:
                picked.append(references[r][rows])
                weights.append(reference_idf[r][rows])
        if not picked:
            return None
        return np.concatenate(picked), np.concatenate(weights)


def _recalls(
    claim_vectors: np.ndarray,
    claim_idf: np.ndarray,
    summary_vectors: np.ndarray,
    starts: np.ndarray,
    spans: list[tuple[int, int]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per window: idf-weighted recall of the claim tokens, weak share, weakest token."""
    n = len(spans)
    if not len(claim_vectors) or not len(summary_vectors):
        return np.zeros(n), np.ones(n), np.zeros(n)
    similarity = claim_vectors @ summary_vectors.T
    per_sentence = np.maximum.reduceat(similarity, starts, axis=1)  # [claim tokens, sentences]
    best = np.stack([per_sentence[:, a:b].max(axis=1) for a, b in spans], axis=1)
    weights = claim_idf if claim_idf.sum() > 0 else np.ones_like(claim_idf)
    total = weights.sum()
    recall = (best * weights[:, None]).sum(axis=0) / total
    weak = ((best < WEAK_SIMILARITY) * weights[:, None]).sum(axis=0) / total
    informative = weights > 0
    weakest = best[informative].min(axis=0) if informative.any() else recall
    return recall, weak, weakest


def _share(words: frozenset[str], found: frozenset[str]) -> float:
    return len(words & found) / len(words) if words else 0.0


def gate(claim: Claim, text: Windows, normalizer: Normalizer) -> np.ndarray:
    """Windows holding every key phrase of the claim and one of its cues (when it has any)."""
    keys = [normalizer.tokens(k) for k in claim.keys]
    cues = [normalizer.tokens(c) for c in claim.any_of]
    out = np.ones(len(text.spans), dtype=bool)
    if not keys and not cues:
        return out
    for w, (a, b) in enumerate(text.spans):
        tokens = [t for toks in text.tokens[a:b] for t in toks]
        out[w] = all(contains_phrase(tokens, k) for k in keys) and (
            not cues or any(contains_phrase(tokens, c) for c in cues)
        )
    return out
