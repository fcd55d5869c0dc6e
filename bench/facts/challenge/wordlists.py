"""The word lists the perturbations read, from the TSV files in ``data/`` beside this module.

The lists are data, not code, so that a reviewer can read (and extend) them without reading
Python. Lines starting with ``#`` and blank lines are comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def _rows(name: str, width: int) -> list[list[str]]:
    """The TAB-separated rows of ``data/name``; every row must have at least ``width`` fields."""
    rows = []
    path = DATA / name
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < width:
            raise ValueError(f"{path}:{number}: expected {width} TAB-separated fields")
        rows.append(fields)
    return rows


@dataclass(frozen=True)
class WordSwaps:
    """Word -> the words it may become, per part of speech (``VERB``, ``ADJ``, ``NOUN``)."""

    by_pos: dict[str, dict[str, tuple[str, ...]]]
    #: (lemma, preposition) pairs after which the lemma is not swapped ("lost to").
    blocked: frozenset[tuple[str, str]] = frozenset()

    def targets(self, lemma: str, pos: str) -> tuple[str, ...]:
        """The words ``lemma`` may be swapped for, as part of speech ``pos`` (none: empty)."""
        return self.by_pos.get(pos, {}).get(lemma, ())


def _swaps(name: str) -> WordSwaps:
    table: dict[str, dict[str, list[str]]] = {}
    blocked = set()
    for left, right, pos, *rest in _rows(name, 3):
        for block in rest[0].split(",") if rest and rest[0] else ():
            lemma, _, preposition = block.partition(":")
            blocked.add((lemma, preposition))
        forward = table.setdefault(pos, {}).setdefault(left, [])
        if right not in forward:
            forward.append(right)
        # A several-word opposite ("lose to") is not matched as a source: one way only.
        if " " not in right and " " not in left:
            backward = table[pos].setdefault(right, [])
            if left not in backward:
                backward.append(left)
    return WordSwaps(
        {p: {w: tuple(t) for w, t in m.items()} for p, m in table.items()}, frozenset(blocked)
    )


@cache
def antonyms() -> WordSwaps:
    """Predicates and their opposites (rise/fall, acquit/convict, victory/defeat...)."""
    return _swaps("antonyms.tsv")


@cache
def synonyms() -> WordSwaps:
    """Meaning-preserving swaps (injure/hurt...), for paraphrases."""
    return _swaps("synonyms.tsv")


@cache
def comparatives() -> dict[str, tuple[str, ...]]:
    """Comparative/ordering word -> its opposites (more -> less, fewer; before -> after)."""
    table: dict[str, list[str]] = {}
    for left, right, *_ in _rows("comparatives.tsv", 2):
        for a, b in ((left, right), (right, left)):
            if b not in table.setdefault(a, []):
                table[a].append(b)
    return {w: tuple(t) for w, t in table.items()}


@cache
def relations() -> dict[str, tuple[str, ...]]:
    """Relation word -> the other words of its group (son -> father, brother...)."""
    table: dict[str, tuple[str, ...]] = {}
    for _group, *words in _rows("relations.tsv", 3):
        for word in words:
            table[word] = tuple(w for w in words if w != word)
    return table


@cache
def irregular_verbs() -> dict[str, tuple[str, str, str]]:
    """Lemma -> (past, past participle, present participle or "") for verbs the rules miss."""
    return {
        lemma: (past, participle, rest[0] if rest else "")
        for lemma, past, participle, *rest in _rows("irregular_verbs.tsv", 3)
    }


@cache
def demonyms() -> dict[str, tuple[str, ...]]:
    """Nationality adjective -> the other adjectives of its region (French -> German,
    Spanish...), from ``data/demonyms.tsv``."""
    regions: dict[str, list[str]] = {}
    for adjective, region, *_ in _rows("demonyms.tsv", 2):
        regions.setdefault(region, []).append(adjective)
    return {
        adjective: tuple(a for a in members if a != adjective)
        for members in regions.values() for adjective in members
    }
