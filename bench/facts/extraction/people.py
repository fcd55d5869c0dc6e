"""The people a reference names so far, for the one safe case of putting a name for "he" or
"she" (:mod:`.clauses`): exactly one name that reads as a person's."""

from __future__ import annotations

from ..parsing import Parse
from .names import Names, looks_like_person, named_after_kin

#: Subjects replaced by the person's name when the reference names exactly one.
PERSONAL = frozenset({"he", "she"})


class People:
    """The names a reference has given so far that may be a person's (:mod:`.names`), each
    by the words of its name and its fullest form ("Ri Il Kyu", then "Ri": one person), and
    whether it reads as a person's (two words or more, or a title before it)."""

    def __init__(self) -> None:
        self.names: dict[frozenset[str], tuple[str, bool]] = {}
        #: Names that are a person's but one word after a kin noun ("her husband Tom"): they
        #: make "he" unsure and are never put for it.
        self.kin: set[frozenset[str]] = set()

    def read(self, parse: Parse, names: Names, before: int | None = None) -> None:
        """Add the people the sentence names (before token ``before``)."""
        for run in names.people():
            if before is None or run[-1] < before:
                words = frozenset(parse.tokens[j].lower for j in run if parse.tokens[j].text != "-")
                # "Farron" after "Tim Farron": one person
                if named_after_kin(parse, run) and not looks_like_person(parse, run):
                    self.kin.add(words)
                else:
                    self._add(words, parse.span_text(run)[2], looks_like_person(parse, run))

    def _add(self, words: frozenset[str], written: str, person: bool) -> None:
        for known in list(self.names):
            if words <= known:
                text, was = self.names[known]
                self.names[known] = (text, was or person)  # "Farron", after "Tim Farron"
                return
            if known < words:  # "Ri", then "Ri Il Kyu": the fuller form
                person = person or self.names.pop(known)[1]
        self.names[words] = (written, person)

    def only(self) -> str | None:
        """The one name that reads as a person's, or None (nobody, or two: "he" could be
        either: "Police arrested Mary Jones. Her husband Tom ..."). A single word without a
        title or a kin noun before it ("Liverpool", "Apple") is passed over."""
        people = [written for written, person in self.names.values() if person]
        return people[0] if len(people) == 1 and not self.kin else None

    def with_sentence(self, parse: Parse, names: Names, before: int) -> People:
        """These people and those the sentence names before token ``before``."""
        both = People()
        both.names = dict(self.names)
        both.kin = set(self.kin)
        both.read(parse, names, before)
        return both
