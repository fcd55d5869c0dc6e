"""The people a reference names so far, for the one safe case of putting a name for "he" or
"she" (:mod:`.clauses`): exactly one name that reads as a person's."""

from __future__ import annotations

from ..parsing import Parse
from .names import Names, looks_like_person, named_after_kin, titled

#: Subjects replaced by the person's name when the reference names exactly one.
PERSONAL = frozenset({"he", "she"})


class People:
    """The names a reference has given so far that may be a person's (:mod:`.names`), each
    by the words of its name and its fullest form ("Ri Il Kyu", then "Ri": one person), whether
    it reads as a person's (two words or more, or a title before it) and whether it may stand
    for "he" or "she": a title, or a subject or owner somewhere (:func:`_acts_as_person`)."""

    def __init__(self) -> None:
        #: words -> (the name as written, reads as a person's, may stand for "he")
        self.names: dict[frozenset[str], tuple[str, bool, bool]] = {}
        #: Names that are a person's but one word after a kin noun ("her husband Tom"): they
        #: make "he" unsure and are never put for it.
        self.kin: set[frozenset[str]] = set()

    def read(self, parse: Parse, names: Names, before: int | None = None) -> None:
        """Add the people the sentence names (before token ``before``)."""
        for run in names.people():
            if before is None or run[-1] < before:
                words = frozenset(parse.tokens[j].lower for j in run if parse.tokens[j].text != "-")
                person = looks_like_person(parse, run)
                if named_after_kin(parse, run) and not person:
                    self.kin.add(words)
                else:  # "Farron" after "Tim Farron": one person
                    written = parse.span_text(run)[2]
                    self._add(words, written, person, person and _acts_as_person(parse, run))

    def _add(self, words: frozenset[str], written: str, person: bool, eligible: bool) -> None:
        for known in list(self.names):
            if words <= known:
                text, was, could = self.names[known]
                self.names[known] = (text, was or person, could or eligible)  # "Farron"
                return
            if known < words:  # "Ri", then "Ri Il Kyu": the fuller form
                _, was, could = self.names.pop(known)
                person, eligible = person or was, eligible or could
        self.names[words] = (written, person, eligible)

    def only(self) -> str | None:
        """The one name that reads as a person's, when it may stand for "he" or "she"; None
        for nobody, or two ("he" could be either: "Jenny Wallenda met Karl Smith", "Police
        arrested Mary Jones. Her husband Tom ..."). A single word without a title or a kin
        noun before it ("Liverpool", "Apple") is passed over."""
        people = [(written, could) for written, person, could in self.names.values() if person]
        if len(people) == 1 and people[0][1] and not self.kin:
            return people[0][0]
        return None

    def with_sentence(self, parse: Parse, names: Names, before: int) -> People:
        """These people and those the sentence names before token ``before``."""
        both = People()
        both.names = dict(self.names)
        both.kin = set(self.kin)
        both.read(parse, names, before)
        return both


#: Where a name of two words stands when it reads as a person's: doing something, or owning.
_ACTING = frozenset({"nsubj", "nsubjpass", "poss"})


def _acts_as_person(parse: Parse, run: tuple[int, ...]) -> bool:
    """A name "he" or "she" may stand for: with a title or a role, or the subject or owner of
    something ("Jenny Wallenda died", "Jose Mourinho's Chelsea"). Two capitalised words
    elsewhere are as often a place, a show or a pet ("a cat from North Wales", "the Star Wars
    trailer"): such a name still makes "he" unsure, but is never put for it."""
    if titled(parse, run):
        return True
    return looks_like_person(parse, run) and parse.tokens[run[-1]].dep in _ACTING
