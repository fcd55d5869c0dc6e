"""What a frame is: a predicate (:class:`Frame`), its arguments (:class:`Argument`) and the
names inside them (:class:`Name`), as the structured comparison reads them."""

from __future__ import annotations

from dataclasses import dataclass

from ..dates import When
from ..quantities import Quantity


@dataclass(frozen=True)
class Name:
    """A named entity: as written, its group, its words (lower case), and where it stands in
    its argument: "head" (the argument names it: "Smith", "his son, Kim", "Smith and Jones"),
    "owner" ("Smith's son", "the son of Smith"), "modifier" ("the Chelsea striker"), or
    "prep:<word>" ("the match in Paris")."""

    text: str
    group: str
    words: frozenset[str]
    place: str = "head"


@dataclass(frozen=True)
class Argument:
    """One argument of a frame, with what the comparison reads of it."""

    role: str
    head: int
    tokens: tuple[int, ...]
    text: str
    start: int  # character offsets in the sentence
    end: int
    lemma: str  # the head's lemma (a name's head: its word)
    words: frozenset[str]  # content lemmas
    names: tuple[Name, ...]
    quantities: tuple[Quantity, ...]
    dates: tuple[When, ...]
    modifiers: frozenset[str]  # adjectives and comparisons, as written and as lemmas
    pronoun: bool  # "he", "they": someone said before
    nobody: bool  # "nobody", "no one": a negative quantifier, matches anyone
    negative: bool  # "no injuries": the argument denies the predicate
    plural: bool  # "men", "Smith and Jones"


@dataclass(frozen=True)
class Frame:
    """A predicate and its arguments, in one sentence."""

    predicate: str  # lemma; "go_up"; an adjective after "be"; "be" before a noun
    word: str  # the predicate as written
    head: int
    negated: bool
    args: tuple[Argument, ...]
    clause: frozenset[int]  # tokens of the clause (without the clauses inside it)
    copula: bool  # "be": subject and attribute are not ordered
    comparative: bool  # "higher", "more"
    start: int
    end: int
    sentence: str
    asserted: bool = True  # False under "if", "whether", "unless": not said to be so
    denials: tuple[tuple[int, int], ...] = ()  # character spans of "not", "nobody", "failed"
    clausal: bool = False  # says something of a clause ("said that ...", "refused to ...")

    def roles(self, role: str) -> list[Argument]:
        """The arguments in ``role``, in order."""
        return [a for a in self.args if a.role == role]

    @property
    def text(self) -> str:
        """The frame's span of its sentence, as written."""
        return self.sentence[self.start : self.end]
