"""ROUGE's tokenizers for scripts other than Latin, and the check that refuses such text
under rouge-score's ASCII tokenizer.

rouge-score keeps only ``[a-z0-9]``: a Chinese, Russian or Arabic reference scores by its few
Latin letters and digits, or 0 against itself. Two ways out: ``tokenizer: unicode``
(:class:`UnicodeTokenizer`, any script, no language knowledge) and ``language:``
(:mod:`.rouge_multilingual`, the XL-Sum scorer's segmentation and stemming).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from ..errors import ConfigError
from .base import ScoringItem

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
        """The tokens of ``text``: lower-cased (NFKC) letters and digits of any script, a
        character of a script without spaces to a token, stemmed when asked."""
        text = unicodedata.normalize("NFKC", text).lower()
        text = _NO_SPACE_SCRIPTS.sub(lambda m: f" {m.group(0)} ", text)
        tokens = _WORD.findall(text)
        if self._stemmer is not None:
            tokens = [self._stem(t) for t in tokens]
        return tokens


def check_scripts(items: Sequence[ScoringItem]) -> None:
    """Refuse references that rouge-score's ASCII tokenizer would mostly delete.

    Such a reference (Chinese, Russian, Arabic...) scores by its few Latin letters and digits
    alone: a year or an acronym decides the score, and without them it is a silent 0 that
    looks like a result. Only references are checked: a summary in another script than its
    references rightly scores low.
    """
    checked: set[str] = set()
    for item in items:
        refs = item.example.references
        for r, ref in enumerate(refs):
            if ref.isascii() or ref in checked:  # ASCII: every letter is kept
                continue
            checked.add(ref)
            letters, deleted = deleted_letters(ref)
            # "Most" (over half): a text mostly in a Latin script with a few foreign words or
            # names still scores on what it is mostly made of, while a text mostly in another
            # script would score on its leftovers.
            if deleted * 2 > letters:
                raise ConfigError(
                    f"reference {r + 1} of example {item.example.id!r} has {deleted:,} of "
                    f"its {letters:,} letters outside a-z, and rouge-score's default "
                    "tokenizer deletes them: the text would be scored by the Latin "
                    "letters and digits left (or score 0 against itself).",
                    where="metrics.rouge.args.tokenizer",
                    fix="set `tokenizer: unicode`, which keeps letters of every script, or "
                    "`language:` to the text's language (e.g. `language: zh`, with pip install "
                    "'summbench[multilingual]'): its word segmentation and stemming.",
                )
