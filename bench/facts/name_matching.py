"""When a claim's name and a window's are one name said differently, and when they can rival.

The word-level checks (:mod:`bench.facts.word_conflicts`) report another name in a window only
when it is of the claim name's kind, is not the claim's name said differently (a shared stem,
initials, a short form, a place within the other) and can be compared with it at all (two
places the gazetteer knows, two nationalities of different countries).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property

from .places import Places, packaged_places
from .word_reading import NamedEntity

#: Names whose words share this many first letters are one name said differently
#: (Iran / Iranian, China / Chinese), as in the lexical matcher's name test.
SAME_STEM = 4
#: A word this long or longer that begins another is its short form ("Fed" / "Federal").
SHORT_FORM = 3


class NameMatcher:
    """Compares two names of one kind, with the gazetteer for places and nationalities."""

    @cached_property
    def places(self) -> Places:
        """The gazetteer (read on the first place name compared)."""
        return packaged_places()

    def same(self, name: NamedEntity, other: NamedEntity) -> bool:
        """The same name said differently: a shared stem, initials or a short form, or a
        place within the other."""
        if named_in(name.words, other.words) or _short_form(name, other):
            return True
        return (
            name.kind == "place"
            and other.kind == "place"
            and self.places.related(name.written, other.written)
        )

    def comparable(self, name: NamedEntity, other: NamedEntity) -> bool:
        """Two places only when the gazetteer knows both; two nationalities only when each
        names one country, and another one (British / English: one country; Muslim, Sunni:
        none)."""
        if name.kind == "place":
            return self.places.known(name.written) and self.places.known(other.written)
        if name.kind == "nationality":
            mine, theirs = self.places.country_of(name.text), self.places.country_of(other.text)
            return mine is not None and theirs is not None and mine != theirs
        return True


def _short_form(name: NamedEntity, other: NamedEntity) -> bool:
    """One name is the other's initials (EU, NHS) or a word of one begins a word of the
    other ("Fed" / "Federal Reserve")."""
    for a, b in ((name, other), (other, name)):
        if len(a.words) == 1 and len(b.words) > 1:
            initials = "".join(w[0] for w in b.words if w not in ("of", "and", "for", "the"))
            if a.words[0].replace(".", "") == initials:
                return True
    return any(
        len(x) >= SHORT_FORM and len(y) > len(x) and y.startswith(x)
        for a, b in ((name, other), (other, name))
        for x in a.words
        for y in b.words
    )


def named_in(name: Sequence[str], words: Iterable[str]) -> bool:
    """Whether ``words`` (lower case) hold one of the name's words, a word with its first
    :data:`SAME_STEM` letters (Iran / Iranian, Japan / Japanese, Portugal / Portuguese), or
    its short form ("Lib" for "Liberal")."""
    stems = {w[:SAME_STEM] for w in name if len(w) >= SAME_STEM}
    exact = set(name)
    return any(
        w in exact
        or (len(w) >= SAME_STEM and w[:SAME_STEM] in stems)
        or (len(w) >= SHORT_FORM and any(n.startswith(w) for n in exact))
        for w in words
    )
