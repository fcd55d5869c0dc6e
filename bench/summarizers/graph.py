"""Graph-based extractive baselines through sumy: TextRank and LexRank.

sumy's own tokenizer needs nltk's punkt data, which cannot be downloaded offline, so sentences
come from our splitter (the same one lead and the oracle use) and words from a regular
expression; sumy does the ranking.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import Field

from ..data.schema import Example
from ..text import words
from .base import ExtractiveSummarizer, SummarizerArgs


class _WordTokenizer:
    """The part of sumy's tokenizer interface that ``Sentence`` uses."""

    language = "english"

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(words(sentence))


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sumy.utils import get_stop_words

    return frozenset(get_stop_words("english"))


def _ratings(summarizer: Any, document: Any) -> dict[Any, float]:
    """Sentence -> score, as the sumy summarizer computes it before picking the top ones.

    sumy exposes scores only inside ``__call__``, which hands them to ``_get_best_sentences``;
    we catch them there (on the instance, for this one call) so word budgets can use the full
    ranking rather than a fixed sentence count.
    """
    captured: dict[Any, float] = {}

    def capture(sentences: Any, count: Any, rating: Any, *args: Any, **kwargs: Any) -> tuple:
        captured.update(rating if isinstance(rating, dict) else {s: rating(s) for s in sentences})
        return ()

    summarizer._get_best_sentences = capture
    summarizer(document, len(document.sentences))
    return captured


class GraphArgs(SummarizerArgs):
    """Settings of the graph-based summarizers: stemming and stop words."""

    stemmer: bool = Field(True, description="Snowball-stem words before comparing sentences")
    stop_words: bool = Field(True, description="ignore English stop words")


class _SumySummarizer(ExtractiveSummarizer):
    Args = GraphArgs
    args: GraphArgs

    def _make(self) -> Any:
        raise NotImplementedError

    def rank(self, example: Example, sentences: list[str]) -> list[int]:
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

        tokenizer = _WordTokenizer()
        document = ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in sentences])])
        ratings = _ratings(self._make(), document)
        scores = [float(ratings.get(s, 0.0)) for s in document.sentences]
        # Best first; ties go to the earlier sentence so the ranking is deterministic.
        return sorted(range(len(sentences)), key=lambda i: (-scores[i], i))

    def _configure(self, summarizer: Any) -> Any:
        if self.args.stop_words:
            summarizer.stop_words = _stop_words()
        return summarizer

    def _stemmer(self) -> Any:
        from sumy.nlp.stemmers import Stemmer, null_stemmer

        return Stemmer("english") if self.args.stemmer else null_stemmer


class TextRankSummarizer(_SumySummarizer):
    """TextRank (Mihalcea and Tarau, 2004) through sumy."""

    name = "textrank"

    def _make(self) -> Any:
        from sumy.summarizers.text_rank import TextRankSummarizer as SumyTextRank

        return self._configure(SumyTextRank(self._stemmer()))


class LexRankSummarizer(_SumySummarizer):
    """LexRank (Erkan and Radev, 2004) through sumy."""

    name = "lexrank"

    def _make(self) -> Any:
        from sumy.summarizers.lex_rank import LexRankSummarizer as SumyLexRank

        return self._configure(SumyLexRank(self._stemmer()))
