"""ROUGE through Google's rouge-score, with multi-reference policies and real sentence splits.

Multi-reference policies (named in the signature):

* ``max``: per ROUGE type, the reference with the highest F1, with its precision and recall:
  exactly ``RougeScorer.score_multi``.
* ``mean``: precision, recall and F1 each averaged over the references.
* ``jackknife``: ROUGE-1.5.5's leave-one-out: for M references, the ``max`` score over each of
  the M subsets of M-1 references, averaged. With one reference it is that reference's score.
  A human reference scored against the others has already had itself left out, so it gets the
  ``max`` over the others, as ROUGE-1.5.5 scores human summaries.

ROUGE-Lsum needs one sentence per line. rouge-score splits with nltk's punkt (not available
offline) or on newlines; by default we split with our rule-based sentence splitter and join
with newlines, for candidates and references alike (``sentence_split: rules``; ``pysbd`` uses
pysbd instead, as summbench did before, at ~100x the cost). Texts that already hold one
sentence per line (CNN/DM highlights, pre-split outputs) can keep their lines
(``sentence_split: lines``, rouge-score's own behaviour). The other ROUGE types ignore line
breaks, so nothing is split when ROUGE-Lsum is not asked for. The splitter and its version are
in the signature (``split:rules-1``).

Backends (never in the signature: all give rouge-score's numbers to the last bit, which the
tests check on real and random text): ``rust`` calls rouge-score-rs once for every pair of a
batch; ``python`` is our pure-Python scorer (:mod:`.rouge_python`); ``rouge-score`` calls
rouge-score itself, pair by pair, and is the reference the others are tested against. A pair
too long for rouge-score's m x n tables goes, wholly or for ROUGE-L, to our scorer, whose
memory is linear; a pair too long to finish in reasonable time is refused before scoring
(:mod:`.rouge_limits`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field, field_validator

from ..errors import ConfigError
from ..plugin import PluginArgs
from ..text import split_sentences
from ..text.sentences import splitter_label
from . import rouge_limits as limits
from .base import Column, ItemScore, Metric, ScoringItem, package_version

ROUGE_TYPES = ("rouge1", "rouge2", "rouge3", "rouge4", "rougeL", "rougeLsum")
_LABELS = {
    "rouge1": "R-1",
    "rouge2": "R-2",
    "rouge3": "R-3",
    "rouge4": "R-4",
    "rougeL": "R-L",
    "rougeLsum": "R-Lsum",
}
_PARTS = (("p", "precision", "P"), ("r", "recall", "R"), ("f", "fmeasure", "F"))

# Scripts written without spaces between words: each character is a token.
_NO_SPACE_SCRIPTS = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f]"
)
_WORD = re.compile(r"[^\W_]+")
# The letters rouge-score's default tokenizer keeps: those that lower-case to a-z (the
# Kelvin sign and the dotted capital I lower-case to ASCII letters too).
_KEPT_LETTER = re.compile("[A-Za-z\u0130\u212a]")


def deleted_letters(text: str) -> tuple[int, int]:
    """(letters in ``text``, how many of them rouge-score's default tokenizer deletes)."""
    letters = sum(map(str.isalpha, text))
    return letters, letters - sum(1 for _ in _KEPT_LETTER.finditer(text))


class UnicodeTokenizer:
    """rouge-score's tokenizer, but keeping letters of every script.

    rouge-score's default tokenizer deletes everything outside ``[a-z0-9]``, so Greek, Cyrillic,
    Arabic or Chinese text scores 0 against itself. This one lower-cases (NFKC), keeps Unicode
    letters and digits, gives each character of scripts written without spaces (Chinese,
    Japanese, Thai) its own token, and Porter-stems ASCII words longer than 3 letters as
    rouge-score does. On ASCII text it gives exactly rouge-score's tokens.
    """

    def __init__(self, use_stemmer: bool):
        from nltk.stem import porter

        self._stemmer = porter.PorterStemmer() if use_stemmer else None
        self._stems: dict[str, str] = {}  # each distinct word is stemmed once

    def _stem(self, token: str) -> str:
        stem = self._stems.get(token)
        if stem is None:
            stem = self._stemmer.stem(token) if len(token) > 3 and token.isascii() else token
            self._stems[token] = stem
        return stem

    def tokenize(self, text: str) -> list[str]:
        text = unicodedata.normalize("NFKC", text).lower()
        text = _NO_SPACE_SCRIPTS.sub(lambda m: f" {m.group(0)} ", text)
        tokens = _WORD.findall(text)
        if self._stemmer is not None:
            tokens = [self._stem(t) for t in tokens]
        return tokens


class RougeArgs(PluginArgs):
    types: tuple[str, ...] = Field(("rouge1", "rouge2", "rougeL", "rougeLsum"))
    stemmer: bool = Field(True, description="Porter-stem tokens (rouge-score's use_stemmer)")
    tokenizer: Literal["default", "unicode"] = Field(
        "default", description="default: rouge-score's ASCII tokenizer; unicode: any script"
    )
    multi_ref: Literal["max", "mean", "jackknife"] = Field("max")
    sentence_split: Literal["rules", "pysbd", "lines"] = Field(
        "rules",
        description="ROUGE-Lsum sentences: rules (our fast splitter) or pysbd split the text; "
        "lines keeps its line breaks as sentence ends (for texts already split, as "
        "rouge-score expects)",
    )
    backend: Literal["auto", "rust", "python", "rouge-score"] = Field(
        "auto",
        description="rust: rouge-score-rs (same numbers, ~50x faster); python: our pure-Python "
        "scorer (same numbers, ~5x faster); rouge-score: the reference itself; auto: rust when "
        "installed, else python",
    )
    headline: tuple[str, ...] = Field(
        ("rouge1_f", "rouge2_f", "rougeL_f"), description="columns shown on the leaderboard"
    )

    not_in_key: ClassVar[Mapping[str, str]] = {
        "backend": "every backend gives rouge-score's numbers to the bit "
        "(tests/metrics/test_rouge_backends.py)",
        "headline": "chooses the columns the leaderboard shows, not their values",
    }

    @field_validator("types")
    @classmethod
    def _known_types(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [t for t in value if t not in ROUGE_TYPES]
        if unknown or not value:
            raise ValueError(f"ROUGE types must be among {', '.join(ROUGE_TYPES)}")
        return value


def _pick(scores: list[dict[str, Any]], rouge_type: str) -> tuple[float, float, float]:
    """The (P, R, F) of the reference with the highest F1 (the first on ties, as np.argmax)."""
    best = scores[0][rouge_type]
    for score in scores[1:]:
        if score[rouge_type].fmeasure > best.fmeasure:
            best = score[rouge_type]
    return (best.precision, best.recall, best.fmeasure)


def _mean(values: list[float]) -> float:
    # np.mean, without the array: below 8 values numpy adds left to right, as sum() does.
    if len(values) < 8:
        return sum(values) / len(values)
    return float(np.mean(values))


def combine(scores: list[dict[str, Any]], rouge_type: str, policy: str) -> tuple[float, ...]:
    """Combine per-reference rouge-score results into one (P, R, F) under ``policy``."""
    if policy == "max" or len(scores) == 1:
        return _pick(scores, rouge_type)
    if policy == "mean":
        return tuple(_mean([getattr(s[rouge_type], name) for s in scores]) for _, name, _ in _PARTS)
    # jackknife
    subsets = [_pick(scores[:i] + scores[i + 1 :], rouge_type) for i in range(len(scores))]
    return tuple(_mean([s[k] for s in subsets]) for k in range(3))


#: Pairs are scored in about this many blocks when splitting can overlap scoring (more
#: blocks: less left unoverlapped at the ends, more hand-overs), none under the minimum.
_OVERLAP_BLOCKS = 8
_MIN_OVERLAP_BLOCK = 32


def _unchanged(text: str) -> str:
    return text


class RougeMetric(Metric):
    """ROUGE-N/L/Lsum precision, recall and F1 (rouge-score), multi-reference."""

    name = "rouge"
    Args = RougeArgs
    args: RougeArgs

    def columns(self) -> list[Column]:
        return [
            Column(
                f"{t}_{suffix}",
                f"{_LABELS[t]} {label}",
                True,
                f"{t}_{suffix}" in self.args.headline,
            )
            for t in self.args.types
            for suffix, _, label in _PARTS
        ]

    @cached_property
    def backend(self) -> str:
        """The implementation in use. Not in the signature: all give the same numbers, to
        the last bit (tests compare them on real and on random text)."""
        if self.args.backend != "auto":
            return self.args.backend
        try:
            import rouge_score_rs  # noqa: F401
        except ImportError:
            return "python"
        return "rust"

    def _tokenizer(self) -> UnicodeTokenizer | None:
        # Our Unicode tokenizer is a Python object: every backend calls the same code.
        if self.args.tokenizer == "unicode":
            return UnicodeTokenizer(self.args.stemmer)
        return None

    @cached_property
    def _scorer(self) -> Any:
        tokenizer = self._tokenizer()
        types = list(self.args.types)
        if self.backend == "python":
            from .rouge_python import PythonRougeScorer

            return PythonRougeScorer(types, use_stemmer=self.args.stemmer, tokenizer=tokenizer)
        if self.backend == "rust":
            from rouge_score_rs import rouge_scorer
        else:
            from rouge_score import rouge_scorer
        return rouge_scorer.RougeScorer(types, use_stemmer=self.args.stemmer, tokenizer=tokenizer)

    def _score_pairs(self, targets: list[str], predictions: list[str]) -> list[dict[str, Any]]:
        if self.backend in ("rust", "python"):
            return self._scorer.score_batch(targets, predictions)
        return [
            self._scorer.score(target=t, prediction=p)
            for t, p in zip(targets, predictions, strict=True)
        ]

    @staticmethod
    def prepare(text: str, splitter: Literal["rules", "pysbd"] = "rules") -> str:
        """One sentence per line, as ROUGE-Lsum expects."""
        return "\n".join(split_sentences(text, splitter))

    def _preparer(self):
        """What each text goes through before scoring: a sentence split only if Lsum needs it."""
        splitter = self.args.sentence_split
        if "rougeLsum" not in self.args.types or splitter == "lines":
            return _unchanged
        prepared: dict[str, str] = {}

        def prep(text: str) -> str:
            found = prepared.get(text)
            if found is None:
                found = prepared[text] = self.prepare(text, splitter)
            return found

        return prep

    @cached_property
    def _bounded_scorer(self) -> Any:
        """Our pure-Python scorer, for pairs too long for the others (:mod:`.rouge_limits`)."""
        if self.backend == "python":
            return self._scorer
        from .rouge_python import PythonRougeScorer

        return PythonRougeScorer(
            list(self.args.types), use_stemmer=self.args.stemmer, tokenizer=self._tokenizer()
        )

    def _long_pairs(self, items: Sequence[ScoringItem], prep) -> dict[int, str]:
        """For each pair (by index, in pair order) too long for the configured backend to
        score whole, how it is scored (a :func:`.rouge_limits.route`); a pair too long for
        any is refused here, before anything is scored."""
        unicode = self.args.tokenizer == "unicode"
        bounds: dict[str, int] = {}
        sizes: dict[str, limits.Size] = {}

        def bound(text: str) -> int:
            found = bounds.get(text)
            if found is None:
                found = bounds[text] = limits.length_bound(text, unicode)
            return found

        def size(text: str) -> limits.Size:
            found = sizes.get(text)
            if found is None:
                found = sizes[text] = limits.measure(prep(text), self._bounded_scorer.tokenize)
            return found

        types = self.args.types
        long: dict[int, str] = {}
        index = -1
        for item in items:
            refs = item.example.references
            for r, ref in enumerate(refs):
                index += 1
                if bound(ref) * bound(item.candidate) <= limits.NATIVE_CELLS:
                    continue
                summary, reference = size(item.candidate), size(ref)
                how = limits.route(summary, reference, backend=self.backend, types=types)
                limits.check(
                    summary,
                    reference,
                    types=types,
                    how=how,
                    example=item.example.id,
                    reference_no=f"{r + 1} of {len(refs)}",
                )
                if how != limits.NATIVE:
                    long[index] = how
        return long

    def _prepared_pair_scores(self, items: Sequence[ScoringItem]) -> list[dict[str, Any]]:
        """Every (reference, candidate) pair's scores, in item then reference order.

        Pairs too long for the configured backend's m x n tables go, wholly or for ROUGE-L
        only, to our linear-memory Python scorer (same numbers); see :mod:`.rouge_limits`.
        """
        prep = self._preparer()
        pairs = [(ref, item.candidate) for item in items for ref in item.example.references]
        long = self._long_pairs(items, prep)
        if not long:
            return self._scored(pairs, prep)
        native = iter(self._scored([p for k, p in enumerate(pairs) if k not in long], prep))
        split = [k for k, how in long.items() if how == limits.SPLIT]
        partial = iter(self._split_scores([pairs[k] for k in split], prep))
        scorer = self._bounded_scorer
        out = []
        for k, (t, c) in enumerate(pairs):
            how = long.get(k, limits.NATIVE)
            if how == limits.NATIVE:
                out.append(next(native))
            elif how == limits.PYTHON:
                out.append(scorer.score(target=prep(t), prediction=prep(c)))
            else:
                out.append(next(partial))
        return out

    def _split_scores(self, pairs: list[tuple[str, str]], prep) -> list[dict[str, Any]]:
        """Scores of long pairs of short sentences: rouge-score-rs for every type but ROUGE-L
        (its tables are per sentence pair, or none), our Python scorer for ROUGE-L."""
        if not pairs:
            return []
        types = list(self.args.types)
        targets, predictions = [prep(t) for t, _ in pairs], [prep(c) for _, c in pairs]
        others = [t for t in types if t != "rougeL"]
        rest: list[dict[str, Any]] = [{} for _ in pairs]
        if others:
            from rouge_score_rs import rouge_scorer

            rest = rouge_scorer.RougeScorer(
                others, use_stemmer=self.args.stemmer, tokenizer=self._tokenizer()
            ).score_batch(targets, predictions)
        if "rougeL" not in types:
            return rest
        lcs = self._bounded_scorer
        return [
            {
                rouge_type: (
                    lcs.score_types(t, p, ["rougeL"])["rougeL"]
                    if rouge_type == "rougeL"
                    else found[rouge_type]
                )
                for rouge_type in types
            }
            for t, p, found in zip(targets, predictions, rest, strict=True)
        ]

    def _scored(self, pairs: list[tuple[str, str]], prep) -> list[dict[str, Any]]:
        """The scores of (reference, candidate) pairs from the configured backend.

        rouge-score-rs scores a batch on native threads without holding the GIL, so with it
        the pairs go in blocks and each block is scored in a thread while this one splits the
        next block's sentences: the split (Python, a third of the default path's time) runs
        beside the scoring instead of before it. Every pair gets the same numbers either way.
        """

        def prepared(block: Sequence[tuple[str, str]]) -> tuple[list[str], list[str]]:
            return [prep(t) for t, _ in block], [prep(c) for _, c in block]

        if not pairs:
            return []
        overlaps = self._scores_natively and prep is not _unchanged
        if not overlaps or len(pairs) < 2 * _MIN_OVERLAP_BLOCK:
            return self._score_pairs(*prepared(pairs))
        from concurrent.futures import ThreadPoolExecutor

        size = max(_MIN_OVERLAP_BLOCK, -(-len(pairs) // _OVERLAP_BLOCKS))
        blocks = [pairs[s : s + size] for s in range(0, len(pairs), size)]
        scores: list[dict[str, Any]] = []
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="rouge") as scorer:
            pending = scorer.submit(self._score_pairs, *prepared(blocks[0]))
            for block in blocks[1:]:
                ready = prepared(block)  # while the previous block is being scored
                scores += pending.result()
                pending = scorer.submit(self._score_pairs, *ready)
            scores += pending.result()
        return scores

    @property
    def _scores_natively(self) -> bool:
        """Whether a batch is scored without the GIL: rouge-score-rs with its own tokenizer."""
        return self.backend == "rust" and self.args.tokenizer == "default"

    def score(self, items: Sequence[ScoringItem]) -> list[ItemScore]:
        self._check_scripts(items)
        # Every (reference, candidate) pair in batch calls, then regrouped per item.
        pair_scores = self._prepared_pair_scores(items)
        types = self.args.types
        keys = [
            (rouge_type, [f"{rouge_type}_{suffix}" for suffix, _, _ in _PARTS])
            for rouge_type in types
        ]
        # Every backend's Score is a (precision, recall, fmeasure) named tuple: _PARTS' order.
        flat_keys = [key for _, parts in keys for key in parts]
        out = []
        start = 0
        for item in items:
            size = len(item.example.references)
            if size == 1:  # the common case, kept cheap: no policy to apply
                found = pair_scores[start]
                start += 1
                numbers = [float(x) for rouge_type in types for x in found[rouge_type]]
                out.append(ItemScore(dict(zip(flat_keys, numbers, strict=True))))
                continue
            per_ref = pair_scores[start : start + size]
            start += size
            policy = (
                "max"
                if item.held_out and self.args.multi_ref == "jackknife"
                else self.args.multi_ref
            )
            values: dict[str, float | None] = {}
            for rouge_type, (p_key, r_key, f_key) in keys:
                p, r, f = combine(per_ref, rouge_type, policy)
                values[p_key], values[r_key], values[f_key] = float(p), float(r), float(f)
            out.append(ItemScore(values))
        return out

    def _check_scripts(self, items: Sequence[ScoringItem]) -> None:
        """Refuse references that rouge-score's ASCII tokenizer would mostly delete.

        Such a reference (Chinese, Russian, Arabic...) scores by its few Latin letters and
        digits alone: a year or an acronym decides the score, and without them it is a silent
        0 that looks like a result. The unicode tokenizer is the fix. Only references are
        checked: a summary in another script than its references rightly scores low.
        """
        if self.args.tokenizer != "default":
            return
        checked: set[str] = set()
        for item in items:
            refs = item.example.references
            for r, ref in enumerate(refs):
                if ref.isascii() or ref in checked:  # ASCII: every letter is kept
                    continue
                checked.add(ref)
                letters, deleted = deleted_letters(ref)
                # "Most" (over half): a text mostly in a Latin script with a few foreign
                # words or names still scores on what it is mostly made of, while a text
                # mostly in another script would score on its leftovers.
                if deleted * 2 > letters:
                    raise ConfigError(
                        f"reference {r + 1} of example {item.example.id!r} has {deleted:,} of "
                        f"its {letters:,} letters outside a-z, and rouge-score's default "
                        "tokenizer deletes them: the text would be scored by the Latin "
                        "letters and digits left (or score 0 against itself).",
                        where="metrics.rouge.args.tokenizer",
                        fix="set `tokenizer: unicode`, which keeps letters of every script.",
                    )

    def signature(self) -> str:
        a = self.args
        return (
            f"rouge|types:{','.join(a.types)}|stem:{'yes' if a.stemmer else 'no'}"
            f"|tok:{a.tokenizer}|multi:{a.multi_ref}|split:{self._split_label}"
            f"|v:rouge-score-{package_version('rouge-score')}"
        )

    @property
    def _split_label(self) -> str:
        if self.args.sentence_split == "lines":
            return "lines"
        return splitter_label(self.args.sentence_split)

    def versions(self) -> dict[str, str]:
        versions = {"rouge-score": package_version("rouge-score")}
        if self.args.sentence_split == "pysbd":
            versions["pysbd"] = package_version("pysbd")
        return versions
