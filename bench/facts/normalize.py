"""Word normalisation for lexical fact matching.

Text becomes a sequence of comparable tokens: lower case, synonym phrases rewritten to one
canonical form (the dataset's alias groups), numbers written as digits ("ten" -> "10",
"34,000" -> "34000", "52-year-old" -> "52 year old"), "n't" spelt "not", and words Porter-stemmed
(the stemmer rouge-score uses). Stop words are dropped for overlap counting but kept for phrase
matching, so that a cue like "did not defect" can be found; negations are never stop words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

NEGATIONS = frozenset({"not", "no", "never", "nor", "neither", "none", "nothing", "without"})

_NUMBER_WORDS = {
    word: str(i)
    for i, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_NUMBER_WORDS.update(
    {
        "thirty": "30",
        "forty": "40",
        "fifty": "50",
        "sixty": "60",
        "seventy": "70",
        "eighty": "80",
        "ninety": "90",
        "hundred": "100",
        "thousand": "1000",
        "dozen": "12",
    }
)
_THOUSANDS_COMMA = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_TOKEN = re.compile(r"\w+(?:['’]\w+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})

#: Texts whose tokens a :class:`Normalizer` remembers before it starts over. Matchers ask for
#: the same claim, key and sentence many times (once per system and per rule), and rewriting
#: aliases is most of a lexical match's time; this bounds the memory on large datasets.
TOKEN_MEMO_SIZE = 1 << 16


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """English stop words (sumy's list), minus negations."""
    from sumy.utils import get_stop_words

    return frozenset(w.replace("’", "'") for w in get_stop_words("english")) - NEGATIONS


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem import porter

    return porter.PorterStemmer()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Porter stem of a lower-case word, repeated until it settles.

    One Porter pass leaves "disillusionment" at "disillusion" but takes "disillusion" to
    "disillus"; stemming to a fixed point lets such variants meet. Numbers and canonical alias
    forms (with an underscore) are left as they are.
    """
    if "_" in word or word.isdigit() or len(word) <= 3:
        return word
    for _ in range(4):
        shorter = _stemmer().stem(word)
        if shorter == word:
            break
        word = shorter
    return word


def _word_tokens(word: str) -> list[str]:
    word = word.replace("'s", "") if word.endswith("'s") else word
    if word.endswith("n't"):
        return [*_word_tokens(word[:-3]), "not"] if word[:-3] else ["not"]
    if word == "cannot":
        return ["can", "not"]
    return [_NUMBER_WORDS.get(word, word)] if word else []


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A phrase as whole words, any white space between them, optional possessive or plural."""
    words = r"\s+".join(map(re.escape, phrase.split()))
    return re.compile(rf"(?<!\w){words}(?:'s|s)?(?!\w)")


class Normalizer:
    """Turns text into tokens, applying one dataset's alias groups."""

    def __init__(self, aliases: Sequence[Sequence[str]] = ()):
        canonical: dict[str, str] = {}
        for group in aliases:
            for phrase in group:
                canonical[self._plain(phrase)] = group[0].lower()
        # Longest phrases are rewritten first, each in its own pass, so that "the north korean"
        # becomes "the north_korea" rather than "north_korea korean" through "the north".
        self._rewrites = [
            (_phrase_pattern(phrase), f" {target} ")
            for phrase, target in sorted(canonical.items(), key=lambda kv: (-len(kv[0]), kv[0]))
        ]
        self._memo: dict[str, tuple[str, ...]] = {}

    @staticmethod
    def _plain(text: str) -> str:
        return " ".join(text.lower().translate(_APOSTROPHES).replace("-", " ").split())

    def _rewrite_aliases(self, text: str) -> str:
        for pattern, replacement in self._rewrites:
            if pattern.search(text):
                text = pattern.sub(replacement, text)
        return text

    def tokens(self, text: str) -> list[str]:
        """All tokens, stop words included, in order (a new list: callers may change it)."""
        found = self._memo.get(text)
        if found is None:
            if len(self._memo) >= TOKEN_MEMO_SIZE:
                self._memo.clear()
            found = self._memo[text] = self._tokenize(text)
        return list(found)

    def _tokenize(self, text: str) -> tuple[str, ...]:
        plain = self._rewrite_aliases(self._plain(_THOUSANDS_COMMA.sub("", text)))
        out: list[str] = []
        for word in _TOKEN.findall(plain):
            out.extend(stem(t) for t in _word_tokens(word))
        return tuple(out)

    @staticmethod
    def content(tokens: Sequence[str]) -> list[str]:
        """Tokens that carry content: stop words and bare punctuation removed."""
        stops = stop_words()
        return [t for t in tokens if t not in stops]


@lru_cache(maxsize=8)
def shared_normalizer(aliases: tuple[tuple[str, ...], ...] = ()) -> Normalizer:
    """One :class:`Normalizer` per set of alias groups, kept across calls, so that the tokens
    it remembers serve every chunk of a run (a dataset has one set of groups)."""
    return Normalizer(aliases)


def contains_phrase(tokens: Sequence[str], phrase: Sequence[str]) -> bool:
    """Whether ``phrase`` occurs as a contiguous run in ``tokens``."""
    n = len(phrase)
    if n == 0:
        return True
    first = phrase[0]
    return any(
        tokens[i] == first and list(tokens[i : i + n]) == list(phrase)
        for i in range(len(tokens) - n + 1)
    )
