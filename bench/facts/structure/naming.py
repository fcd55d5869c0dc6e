"""Whether two arguments name the same thing, as the comparison reads them: a frame's two
parties, the words that name an argument, two names alike, a pronoun's kind; and where a word
is in a sentence (a conflict's span)."""

from __future__ import annotations

from ..frames import Argument, Frame

#: Prepositions whose object is a predicate's other party when it has no direct object
#: ("lost to Hull", "won against Leeds", "is taller than Ann").
SECOND_PARTY = ("to", "against", "over", "than")
#: A personal pronoun's kind (a pronoun stands for one of its own kind only).
PERSONAL = {
    "he": "he",
    "him": "he",
    "himself": "he",
    "she": "she",
    "her": "she",
    "herself": "she",
    "it": "it",
    "itself": "it",
    "they": "they",
    "them": "they",
    "themselves": "they",
}


def parties(frame: Frame) -> tuple[Argument | None, Argument | None]:
    """The frame's two parties: the subject, and the object (or, for a predicate without
    one, the object of "to", "against", "over" or "than")."""
    subject = next((a for a in frame.args if a.role == "subj"), None)
    second = next((a for a in frame.args if a.role == "obj"), None)
    if second is None:
        for word in SECOND_PARTY:
            role = "than" if word == "than" else f"prep:{word}"
            second = next((a for a in frame.args if a.role == role), None)
            if second is not None:
                break
    return subject, second


def key_words(a: Argument) -> set[str]:
    """The words that must be in a text for it to name what ``a`` names."""
    if a.pronoun or a.nobody:
        return set()
    if a.names:
        return {w for n in a.names for w in n.words if len(w) > 1}
    return {a.lemma} if a.lemma else set()


def same_name(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """One name's words are all in the other ("Arango" / "Juan Arango"), allowing a word to
    be the start of the other ("Iran" / "Iranian", a misspelt "Anfiel" / "Anfield"). Two
    names that each have words of their own ("Henry Cain" / "Thomas Cain") are two names."""
    return all(in_words(w, theirs) for w in mine) or all(in_words(w, mine) for w in theirs)


def in_words(word: str, words: frozenset[str]) -> bool:
    """``word`` is one of ``words``, the start of one, or begins with one (each of at least
    four letters)."""
    if word in words:
        return True
    if len(word) < 4:
        return False
    return any(len(w) >= 4 and (w.startswith(word) or word.startswith(w)) for w in words)


def find(sentence: str, text: str, within: tuple[int, int]) -> tuple[int, int]:
    """Where ``text`` is in ``sentence``, looked for inside ``within`` first."""
    start = sentence.find(text, within[0], within[1])
    if start < 0:
        start = sentence.lower().find(text.lower(), within[0])
    return (start, start + len(text)) if start >= 0 else within
