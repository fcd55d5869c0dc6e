"""ROUGE tokens for ``language:``: the XL-Sum scorer's segmentation and stemming, with the
same packages it runs, each text segmented once.

The XL-Sum scorer (``multilingual-rouge``) turns a text into tokens in four steps, which
:class:`MultilingualTokenizer` repeats:

1. lower-case the text (``str.lower``);
2. clean it as BERT's basic tokenizer does: drop control characters, NUL and U+FFFD, read
   every Unicode space as a space, and cut at every punctuation mark (Unicode category P, or
   printable ASCII that is neither letter nor digit), the marks themselves dropped; the pieces
   are joined with single spaces;
3. segment it: jieba (Chinese), MeCab with UniDic through fugashi (Japanese), pythainlp's
   newmm (Thai); every other language, or a segmenter that finds no token, gets pyonmttok's
   aggressive mode (letters cut from digits and from other symbols), with a space around each
   CJK ideograph;
4. stem each token longer than 3 characters (:mod:`.rouge_stemmers`) and drop empty ones.

One difference on purpose: jieba and newmm return the spaces between words as tokens of their
own, which the scorer keeps, so two Chinese texts that share only their punctuation overlap.
We drop them (``docs/languages.md``; a test shows the scorer's number).

The packages come with ``pip install 'summbench[multilingual]'``; a missing one is a
:class:`~bench.errors.ConfigError` naming the setting and that command.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Callable

from ..errors import ConfigError
from .base import package_version
from .rouge_languages import Language
from .rouge_stemmers import make_stemmer

#: Tokens of this many distinct texts are kept; past it the cache starts again (memory).
_CACHE_TEXTS = 200_000
#: What each segmenter needs installed, for its version in the signature.
SEGMENTER_PACKAGES = {
    "jieba": ("jieba",),
    "fugashi": ("fugashi", "unidic-lite"),
    "pythainlp": ("pythainlp",),
    "onmt": ("pyonmttok",),
}
INSTALL = "pip install 'summbench[multilingual]'"


# The CJK Unified Ideographs blocks with their extensions B-E, and the compatibility blocks:
# the characters the scorer spaces apart when pyonmttok segments (kana and Hangul are not).
# Its ranges, exactly: U+2A6E0-U+2A6FF, between extensions B and C, is left out as it does.
_CJK_IDEOGRAPH = re.compile(
    "[\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U0002a6df\U0002a700-\U0002ceaf"
    "\uf900-\ufaff\U0002f800-\U0002fa1f]"
)


def _ascii_symbol(cp: int) -> bool:
    # Printable ASCII that is neither letter nor digit ($, ^, `...) counts as punctuation too.
    return 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126


class _CleanTable(dict):
    """``str.translate`` table of step 2, filled per character on first sight (then a plain
    dict lookup in C): None deletes it, a space separates, a kept character maps to itself."""

    def __missing__(self, cp: int) -> str | None:
        char = chr(cp)
        category = unicodedata.category(char)
        if char in "\t\n\r" or category == "Zs":
            action: str | None = " "
        elif cp == 0 or cp == 0xFFFD or category.startswith("C"):
            action = None
        elif category.startswith("P") or _ascii_symbol(cp):
            action = " "
        else:
            action = char
        self[cp] = action
        return action


def clean(text: str, table: _CleanTable | None = None) -> str:
    """Step 2: the text's words (cut at spaces and punctuation) joined by single spaces."""
    return " ".join(text.translate(table if table is not None else _CleanTable()).split())


#: The modules each segmenter and stemmer imports.
_MODULES = {
    "jieba": ("jieba",),
    "fugashi": ("fugashi", "unidic_lite"),
    "pythainlp": ("pythainlp",),
    "onmt": ("pyonmttok",),
    "turkish": ("TurkishStemmer",),
}


def _missing(language: Language, module: str, where: str, file: str | None) -> ConfigError:
    return ConfigError(
        f"`language: {language.code}` needs the module {module}, which is not installed",
        where=f"{file}: {where}" if file else where,
        fix=f"{INSTALL} (jieba, fugashi with unidic-lite, pythainlp, pyonmttok, "
        "TurkishStemmer).",
    )


def check_installed(
    language: Language, where: str = "metrics.rouge.args.language", file: str | None = None
) -> None:
    """A :class:`ConfigError` naming ``where`` and the extra when a module ``language`` needs
    is missing; found without importing it (jieba's import alone takes a second)."""
    from importlib.util import find_spec

    needed = (*_MODULES[language.segmenter], "pyonmttok", *_MODULES.get(language.stemmer, ()))
    for module in needed:
        if find_spec(module) is None:
            raise _missing(language, module, where, file)


def _segmenter(kind: str) -> Callable[[str], list[str]]:
    """Step 3's segmenter ``kind`` (imports its package)."""
    if kind == "jieba":
        import logging

        with warnings.catch_warnings():  # jieba imports pkg_resources, which warns
            warnings.simplefilter("ignore")
            import jieba
        jieba.setLogLevel(logging.WARNING)  # not "Building prefix dict..." on every run
        return lambda text: list(jieba.cut(text))
    if kind == "fugashi":
        import os

        import fugashi
        import unidic_lite

        # fugashi.Tagger looks for the full `unidic` first, which downloads its dictionary
        # on import; the scorer's dictionary here is unidic-lite, named directly.
        rc = os.path.join(unidic_lite.DICDIR, "mecabrc")
        tagger = fugashi.GenericTagger(f'-r "{rc}" -d "{unidic_lite.DICDIR}" -O wakati -b 50000')
        return lambda text: tagger.parse(text).split()
    if kind == "pythainlp":
        from pythainlp.tokenize import word_tokenize

        return lambda text: word_tokenize(text, engine="newmm")
    return _onmt()


def _onmt() -> Callable[[str], list[str]]:
    import pyonmttok

    aggressive = pyonmttok.Tokenizer("aggressive")

    def segment(text: str) -> list[str]:
        return _CJK_IDEOGRAPH.sub(r" \g<0> ", " ".join(aggressive.tokenize(text)[0])).split()

    return segment


class MultilingualTokenizer:
    """The XL-Sum scorer's tokens of a text in ``language`` (the module's steps 1-4), with the
    tokens of each distinct text kept: a reference scored against several summaries, or
    again for ROUGE-Lsum's lines, is segmented once."""

    def __init__(self, language: Language, use_stemmer: bool):
        self.language = language
        check_installed(language)
        self._segment = _segmenter(language.segmenter)
        self._fallback = self._segment if language.segmenter == "onmt" else _onmt()
        self._stem = make_stemmer(language) if use_stemmer else None
        self._table = _CleanTable()
        self._stems: dict[str, str] = {}
        self._tokens: dict[str, list[str]] = {}  # by text
        self._cleaned: dict[str, list[str]] = {}  # by cleaned text (step 2)

    def tokenize(self, text: str) -> list[str]:
        """The tokens of ``text`` (rouge-score's tokenizer interface), computed once per text."""
        found = self._tokens.get(text)
        if found is None:
            if len(self._tokens) >= _CACHE_TEXTS:
                self._tokens.clear()
                self._cleaned.clear()
            found = self._tokens[text] = self._tokenize(text)
        return found

    def _tokenize(self, text: str) -> list[str]:
        cleaned = clean(text.lower(), self._table)
        # Texts that differ in case, spacing or punctuation only are segmented once.
        found = self._cleaned.get(cleaned)
        if found is None:
            found = self._cleaned[cleaned] = self._stemmed_words(cleaned)
        return found

    def _stemmed_words(self, cleaned: str) -> list[str]:
        tokens = self._segment(cleaned) if cleaned else []
        if not tokens and cleaned:  # as the scorer does: a segmenter that found nothing
            tokens = self._fallback(cleaned)
        # Spaces returned as tokens (jieba, newmm) are not words: see the module docstring.
        tokens = [t for t in tokens if t and not t.isspace()]
        if self._stem is None:
            return tokens
        stems = [self._stemmed(t) for t in tokens]
        return [s for s in stems if s]  # a stemmer may leave nothing of a word

    def _stemmed(self, token: str) -> str:
        stem = self._stems.get(token)
        if stem is None:
            stem = self._stems[token] = self._stem(token) if len(token) > 3 else token
        return stem


def segmenter_label(language: Language) -> str:
    """The segmenter with its packages' versions, for the signature: ``jieba-0.42.1``."""
    packages = SEGMENTER_PACKAGES[language.segmenter]
    return "+".join(f"{p}-{package_version(p)}" for p in packages)
