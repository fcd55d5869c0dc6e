"""The extractive oracle: source sentences chosen greedily to maximise ROUGE with the references.

It reads the references, so it is not a system: it shows how far an extractive summary of this
length could go (an upper bound, up to the greediness of the search). The objective is the mean
of ROUGE-1 and ROUGE-2 F1 averaged over the references, computed on rouge-score's own tokens
(with its Porter stemmer); the reported scores are then computed by the ROUGE metric like any
other system's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..data.schema import Example
from .base import ExtractiveSummarizer


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _f1(candidate: Counter, reference: Counter) -> float:
    overlap = sum((candidate & reference).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(candidate.values())
    recall = overlap / sum(reference.values())
    return 2 * precision * recall / (precision + recall)


class OracleSummarizer(ExtractiveSummarizer):
    """Greedy ROUGE-1/2 oracle over source sentences (reads the references: an upper bound)."""

    name = "oracle"
    kind = "oracle"

    def rank(self, example: Example, sentences: list[str]) -> list[int]:
        """The sentences in the order a greedy search adds them (each the one that most raises the
        mean ROUGE-1/2 F1 with the references), stopping when none raises it: not all of them."""
        from rouge_score.tokenizers import DefaultTokenizer

        tokenizer = DefaultTokenizer(use_stemmer=True)
        sent_tokens = [tokenizer.tokenize(s) for s in sentences]
        refs = [tokenizer.tokenize(r) for r in example.references]
        ref_grams = [(_ngrams(r, 1), _ngrams(r, 2)) for r in refs]

        def objective(chosen: list[int]) -> float:
            tokens = [t for i in sorted(chosen) for t in sent_tokens[i]]
            uni, bi = _ngrams(tokens, 1), _ngrams(tokens, 2)
            return sum((_f1(uni, r1) + _f1(bi, r2)) / 2 for r1, r2 in ref_grams) / len(refs)

        # Greedy: add the sentence that raises the objective most, until none does. The order
        # of addition is the ranking; the budget then keeps as many as fit.
        chosen: list[int] = []
        best = 0.0
        remaining = set(range(len(sentences)))
        while remaining:
            gains = [(objective([*chosen, i]), -i) for i in remaining]
            score, neg_index = max(gains)
            if score <= best:
                break
            best = score
            chosen.append(-neg_index)
            remaining.discard(-neg_index)
        return chosen
