"""The stemmers of ``rouge``'s ``language:`` setting, as the XL-Sum scorer applies them.

* ``snowball``: nltk's Snowball stemmer for the language (nltk comes with rouge-score). The
  scorer leaves the words of nltk's stopword list unstemmed (``ignore_stopwords``), which needs
  nltk's stopwords corpus: a download no package registry serves, absent on most machines,
  where the scorer then fails. We stem every word (``docs/languages.md``).
* ``turkish``: the TurkishStemmer package (``summbench[multilingual]``).
* ``hindi``: the light suffix stripper of Ramanathan and Rao (2003), "A Lightweight Stemmer for
  Hindi", with the scorer's suffix lists: the longest suffix that leaves at least two
  characters is cut.
"""

from __future__ import annotations

from collections.abc import Callable

from .base import package_version
from .rouge_languages import Language

#: The Hindi suffixes by length (Ramanathan and Rao's lists, as the XL-Sum scorer has them);
#: longer ones are tried first. Version 1, in the signature: a change here changes numbers.
HINDI_VERSION = 1
_HINDI_SUFFIXES: dict[int, tuple[str, ...]] = {
    5: ("ाएंगी", "ाएंगे", "ाऊंगी", "ाऊंगा", "ाइयाँ", "ाइयों", "ाइयां"),
    4: (
        "ाएगी", "ाएगा", "ाओगी", "ाओगे", "एंगी", "ेंगी", "एंगे", "ेंगे", "ूंगी", "ूंगा",
        "ातीं", "नाओं", "नाएं", "ताओं", "ताएं", "ियाँ", "ियों", "ियां",
    ),
    3: (
        "ाकर", "ाइए", "ाईं", "ाया", "ेगी", "ेगा", "ोगी", "ोगे", "ाने", "ाना", "ाते",
        "ाती", "ाता", "तीं", "ाओं", "ाएं", "ुओं", "ुएं", "ुआं",
    ),
    2: (
        "कर", "ाओ", "िए", "ाई", "ाए", "ने", "नी", "ना", "ते", "ीं", "ती", "ता", "ाँ", "ां",
        "ों", "ें",
    ),
    1: ("ो", "े", "ू", "ु", "ी", "ि", "ा"),
}  # fmt: skip


def hindi_stem(word: str) -> str:
    """``word`` without its longest listed suffix, when at least two characters remain."""
    for length in (5, 4, 3, 2, 1):
        if len(word) > length + 1 and word.endswith(_HINDI_SUFFIXES[length]):
            return word[:-length]
    return word


def make_stemmer(language: Language) -> Callable[[str], str] | None:
    """The stemmer ``language`` gets, or None."""
    if language.stemmer == "snowball":
        from nltk.stem.snowball import SnowballStemmer

        return SnowballStemmer(language.name).stem
    if language.stemmer == "turkish":
        from TurkishStemmer import TurkishStemmer

        return TurkishStemmer().stem
    if language.stemmer == "hindi":
        return hindi_stem
    return None


def stemmer_label(language: Language, use_stemmer: bool) -> str:
    """The stemmer with its version, for the signature: ``snowball-french(nltk-3.10.4)``."""
    if not use_stemmer or language.stemmer is None:
        return "none"
    if language.stemmer == "snowball":
        return f"snowball-{language.name}(nltk-{package_version('nltk')})"
    if language.stemmer == "turkish":
        return f"turkishstemmer-{package_version('TurkishStemmer')}"
    return f"hindi-suffixes-{HINDI_VERSION}"
