"""ROUGE through Google's rouge-score, with multi-reference policies and real sentence splits.

Multi-reference policies (``max``, ``mean``, ``jackknife``; named in the signature):
:mod:`.rouge_multiref`.

ROUGE-Lsum needs one sentence per line. rouge-score splits with nltk's punkt (not available
offline) or on newlines; by default we split with our rule-based sentence splitter and join
with newlines, for candidates and references alike (``sentence_split: rules``; ``pysbd`` uses
pysbd instead, as summbench did before, at ~100x the cost). Texts that already hold one
sentence per line (CNN/DM highlights, pre-split outputs) can keep their lines
(``sentence_split: lines``, rouge-score's own behaviour). The other ROUGE types ignore line
breaks, so nothing is split when ROUGE-Lsum is not asked for. The splitter and its version are
in the signature (``split:rules-1``).

Tokens: rouge-score's own tokenizer by default (``[a-z0-9]``, Porter stems; a reference mostly
in another script is refused, :mod:`.rouge_scripts`); ``tokenizer: unicode`` keeps every script;
``language:`` (or the dataset card's language) segments and stems as the XL-Sum scorer does
(:mod:`.rouge_multilingual`, :mod:`.rouge_languages`), named in the signature's ``tok:`` field
with its packages' versions. Ours are Python objects that every backend calls.

Backends (never in the signature: all give rouge-score's numbers to the last bit, which the
tests check on real and random text): ``rust`` calls rouge-score-rs once for every pair of a
batch; ``python`` is our pure-Python scorer (:mod:`.rouge_python`); ``rouge-score`` calls
rouge-score itself, pair by pair, and is the reference the others are tested against. A pair
too long for rouge-score's m x n tables goes, wholly or for ROUGE-L, to our scorer, whose
memory is linear; a pair too long to finish in reasonable time is refused before scoring
(:mod:`.rouge_limits`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any, Literal

from ..text import split_sentences
from ..text.sentences import splitter_label
from . import rouge_languages as languages
from . import rouge_limits as limits
from .base import Column, ItemScore, Metric, ScoringItem, package_version
from .rouge_multiref import _PARTS, combine
from .rouge_scripts import UnicodeTokenizer, check_scripts, deleted_letters
from .rouge_settings import _LABELS, ROUGE_TYPES, RougeArgs

# What other modules and the tests import from here (the code moved out in issue 26).
__all__ = ["ROUGE_TYPES", "RougeArgs", "RougeMetric", "UnicodeTokenizer", "combine"]
__all__ += ["deleted_letters"]


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
        """Precision, recall and F1 for each ROUGE type; headline the ones ``headline`` names."""
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

    def settings(self) -> dict[str, Any]:
        """The settings, as run.json records them."""
        found = super().settings()
        # Unset, `language` is left out: run.json stays as it was before the setting existed.
        if found.get("language") is None:
            found.pop("language", None)
        return found

    def check_settings(self, where: str, *, file: str | None = None) -> None:
        """A language whose packages are not installed is refused before any work."""
        language = self._language
        if language is not None:
            from .rouge_multilingual import check_installed

            check_installed(language, f"{where}.language", file)

    @property
    def _language(self) -> languages.Language | None:
        """The language whose segmentation and stemming apply; None: rouge-score's own
        tokenizer (unset or ``en``) or ``tokenizer: unicode``."""
        return languages.LANGUAGES.get(self.args.language or languages.ENGLISH)

    @cached_property
    def _own_tokenizer(self) -> Any:
        # Ours are Python objects: every backend calls the same code, so one instance (with
        # its cache of each distinct text's tokens) serves them all.
        language = self._language
        if language is not None:
            from .rouge_multilingual import MultilingualTokenizer

            return MultilingualTokenizer(language, self.args.stemmer)
        if self.args.tokenizer == "unicode":
            return UnicodeTokenizer(self.args.stemmer)
        return None

    def _tokenizer(self) -> Any:
        return self._own_tokenizer

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
        return self.backend == "rust" and self._own_tokenizer is None

    def score(self, items: Sequence[ScoringItem]) -> list[ItemScore]:
        """ROUGE of each summary against its references, all pairs scored in batches."""
        if self.args.tokenizer == "default" and self._language is None:
            check_scripts(items)  # rouge-score's ASCII tokenizer: refuse other scripts
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

    def signature(self) -> str:
        """Types, stemming, tokenizer, multi-reference rule, sentence split, rouge-score version."""
        a = self.args
        return (
            f"rouge|types:{','.join(a.types)}|stem:{'yes' if a.stemmer else 'no'}"
            f"|tok:{self._tokenizer_label}|multi:{a.multi_ref}|split:{self._split_label}"
            f"|v:rouge-score-{package_version('rouge-score')}"
        )

    @property
    def _tokenizer_label(self) -> str:
        """``default``/``unicode``, or for a language its code, segmenter and stemmer with
        their versions: ``xlsum-zh(seg:jieba-0.42.1;stem:none)``. English (``language: en``)
        is rouge-score's own tokenizer, the same numbers as no language, so the same label."""
        language = self._language
        if language is None:
            return self.args.tokenizer
        from .rouge_multilingual import segmenter_label
        from .rouge_stemmers import stemmer_label

        return (
            f"xlsum-{language.code}(seg:{segmenter_label(language)};"
            f"stem:{stemmer_label(language, self.args.stemmer)})"
        )

    @property
    def _split_label(self) -> str:
        if self.args.sentence_split == "lines":
            return "lines"
        return splitter_label(self.args.sentence_split)

    def versions(self) -> dict[str, str]:
        """rouge-score's version, and pysbd's or a language segmenter's when used."""
        versions = {"rouge-score": package_version("rouge-score")}
        if self.args.sentence_split == "pysbd":
            versions["pysbd"] = package_version("pysbd")
        language = self._language
        if language is not None:
            from .rouge_multilingual import SEGMENTER_PACKAGES

            for package in SEGMENTER_PACKAGES[language.segmenter]:
                versions[package] = package_version(package)
            if language.stemmer == "turkish" and self.args.stemmer:
                versions["TurkishStemmer"] = package_version("TurkishStemmer")
        return versions
