"""How rare a word is among the sources' sentences (:class:`WordIdf`), for the learned
matcher's features (:mod:`bench.facts.features`) and the faithfulness metric."""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..text import split_sentences
from .normalize import Normalizer


def idf_corpus(sources: Sequence[str]) -> list[str]:
    """The sentences of the sources, distinct and sorted: the corpus idf is counted over.

    Sentences, not documents: in a dataset of a few articles on one story (the seed set) the
    story's names are in every document, and document idf would give them weight 0; among
    sentences they are as rare as names are anywhere, so the weights mean the same on a small
    single-story dataset as on a hundred unrelated articles.
    """
    return sorted({s for source in sources for s in split_sentences(source)})


class WordIdf:
    """Word (stem) document frequencies over a corpus, as idf scaled to 0..1."""

    def __init__(self, corpus: Sequence[str]):
        normalizer = Normalizer()
        counts: dict[str, int] = {}
        for text in corpus:
            for token in set(normalizer.content(normalizer.tokens(text))):
                counts[token] = counts.get(token, 0) + 1
        self._n = len(corpus)
        self._counts = counts
        self._top = math.log(self._n + 1) if self._n else 1.0

    def __call__(self, token: str) -> float:
        """log((n+1)/(df+1)) over its maximum: 1 for a word no document has, ~0 for "said"."""
        if not self._n:
            return 1.0
        return math.log((self._n + 1) / (self._counts.get(token, 0) + 1)) / self._top
