"""Text processing shared by summarizers and metrics: sentences and words."""

from .sentences import sentence_windows, split_sentences
from .words import count_words, words

__all__ = ["count_words", "sentence_windows", "split_sentences", "words"]
