"""The word lists the structured comparison reads: synonyms, opposites, comparisons, relation
words, symmetric predicates and the verbs that deny their clause.

They are plain text files shipped with the package (``bench/facts/wordlists/``), one entry a
line, ``#`` starting a comment; each file's head says what it holds. :func:`read_lexicon`
reads a folder of them (:func:`packaged_lexicon`, the packaged one), refusing a malformed line
with its file and line number.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from ..errors import ConfigError

FILES = (
    "synonyms.txt",
    "antonyms.txt",
    "comparatives.txt",
    "relations.txt",
    "symmetric.txt",
    "negators.txt",
)
#: The relation kind whose words stand for any word of a kind and never conflict.
GENERAL = "general"


@dataclass(frozen=True)
class Lexicon:
    """What the comparison knows about words (all lower case)."""

    synonym_groups: dict[str, frozenset[int]]  # word -> the lines (groups) that hold it
    opposites: frozenset[tuple[str, str]]  # both orders
    comparatives: frozenset[tuple[str, str]]  # both orders, as written
    relations: dict[str, str]  # word -> its kind
    symmetric: frozenset[str]
    negators: frozenset[str]

    @cached_property
    def _neighbours(self) -> dict[str, frozenset[str]]:
        """Each listed word -> its synonyms and opposites."""
        out: dict[str, set[str]] = {}
        by_group: dict[int, set[str]] = {}
        for word, groups in self.synonym_groups.items():
            for g in groups:
                by_group.setdefault(g, set()).add(word)
        for word, groups in self.synonym_groups.items():
            out.setdefault(word, set()).update(*(by_group[g] for g in groups))
        for a, b in self.opposites | self.comparatives:
            out.setdefault(a, set()).add(b)
        return {w: frozenset(n) for w, n in out.items()}

    def related(self, word: str) -> frozenset[str]:
        """``word``, its synonyms and its opposites: the predicates a frame can align with."""
        return self._neighbours.get(word, frozenset()) | {word}

    def same(self, a: str, b: str) -> bool:
        """The same word, or synonyms."""
        if a == b:
            return True
        groups = self.synonym_groups.get(a)
        return bool(groups and groups & self.synonym_groups.get(b, frozenset()))

    def opposite(self, a: str, b: str) -> bool:
        """Opposites, lemmas or comparisons as written."""
        return (a, b) in self.opposites or (a, b) in self.comparatives

    def comparison(self, a: str, b: str) -> bool:
        """Comparisons that point opposite ways ("more" / "fewer")."""
        return (a, b) in self.comparatives

    def is_comparative(self, word: str) -> bool:
        """Whether ``word`` is one of the lexicon's comparatives."""
        return any(word == a for a, _ in self.comparatives)

    def relation_kind(self, word: str) -> str | None:
        """The kind of relation word ``word`` is ("family"), None if it is none."""
        return self.relations.get(word)

    def other_relation(self, a: str, b: str) -> bool:
        """Two different relation words of one kind, neither general, not synonyms."""
        kind = self.relations.get(a)
        return (
            kind is not None
            and kind != GENERAL
            and self.relations.get(b) == kind
            and not self.same(a, b)
        )


def _lines(path: Path) -> list[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            "the word list is missing.",
            where=str(path),
            fix=f"a word-list folder holds {', '.join(FILES)} (see bench/facts/wordlists/).",
        ) from None
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip().lower()
        if line:
            out.append((number, line))
    return out


def _pairs(path: Path) -> frozenset[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for number, line in _lines(path):
        sides = [side.split() for side in line.split("|")]
        if len(sides) != 2 or not sides[0] or not sides[1]:
            raise ConfigError(
                f"expected words, '|' and the words opposite them, found {line!r}.",
                where=f"{path}:{number}",
                fix="write one opposition a line: 'rise climb | fall drop'.",
            )
        for a in sides[0]:
            for b in sides[1]:
                if a == b:
                    raise ConfigError(
                        f"{a!r} is on both sides of '|'.",
                        where=f"{path}:{number}",
                        fix="a word cannot be its own opposite: remove it from one side.",
                    )
                pairs |= {(a, b), (b, a)}
    return frozenset(pairs)


def _relations(path: Path) -> dict[str, str]:
    relations: dict[str, str] = {}
    for number, line in _lines(path):
        kind, colon, words = line.partition(":")
        if not colon or not kind.strip() or not words.split():
            raise ConfigError(
                f"expected 'kind: words', found {line!r}.",
                where=f"{path}:{number}",
                fix="write one kind a line: 'family: son daughter nephew'.",
            )
        for word in words.split():
            if word in relations and relations[word] != kind.strip():
                raise ConfigError(
                    f"{word!r} is of kind {relations[word]!r} already.",
                    where=f"{path}:{number}",
                    fix="give each relation word one kind.",
                )
            relations[word] = kind.strip()
    return relations


def _words(path: Path) -> frozenset[str]:
    return frozenset(w for _, line in _lines(path) for w in line.split())


def read_lexicon(folder: Path) -> Lexicon:
    """The word lists of ``folder`` (see :data:`FILES`)."""
    groups: dict[str, set[int]] = {}
    for number, line in _lines(folder / "synonyms.txt"):
        for word in line.split():
            groups.setdefault(word, set()).add(number)
    return Lexicon(
        synonym_groups={w: frozenset(g) for w, g in groups.items()},
        opposites=_pairs(folder / "antonyms.txt"),
        comparatives=_pairs(folder / "comparatives.txt"),
        relations=_relations(folder / "relations.txt"),
        symmetric=_words(folder / "symmetric.txt"),
        negators=_words(folder / "negators.txt"),
    )


@lru_cache(maxsize=1)
def packaged_lexicon() -> Lexicon:
    """The word lists shipped with summbench."""
    return read_lexicon(Path(str(resources.files("bench.facts") / "wordlists")))
