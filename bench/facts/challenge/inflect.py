"""Inflecting a verb or noun lemma to the form a Penn Treebank tag asks for.

Small on purpose: it only needs to cover the lemmas of our own word lists (regular rules plus
the irregular table in ``data/irregular_verbs.tsv``). ``None`` means "not sure": the caller
skips the candidate rather than emit a wrong form.
"""

from __future__ import annotations

from .wordlists import irregular_verbs

_VOWELS = "aeiou"


def _third_person(lemma: str) -> str:
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        return lemma + "es"
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in _VOWELS:
        return lemma[:-1] + "ies"
    return lemma + "s"


def _regular_past(lemma: str) -> str:
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in _VOWELS:
        return lemma[:-1] + "ied"
    return lemma + "ed"


def _regular_gerund(lemma: str) -> str:
    if lemma.endswith("ie"):
        return lemma[:-2] + "ying"
    if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        return lemma[:-1] + "ing"
    return lemma + "ing"


def verb_form(lemma: str, tag: str) -> str | None:
    """``lemma`` inflected for ``tag`` (VB, VBP, VBZ, VBD, VBN, VBG); several words ("lose
    to") inflect their first word. ``None`` for other tags."""
    head, sep, rest = lemma.partition(" ")
    form = _single_verb_form(head, tag)
    if form is None:
        return None
    return form + sep + rest


def _single_verb_form(lemma: str, tag: str) -> str | None:
    irregular = irregular_verbs().get(lemma)
    if tag in ("VB", "VBP"):
        return "are" if lemma == "be" and tag == "VBP" else lemma
    if tag == "VBZ":
        return {"be": "is", "have": "has"}.get(lemma, _third_person(lemma))
    if tag == "VBD":
        return irregular[0] if irregular else _regular_past(lemma)
    if tag == "VBN":
        return irregular[1] if irregular else _regular_past(lemma)
    if tag == "VBG":
        return irregular[2] if irregular and irregular[2] else _regular_gerund(lemma)
    return None


def plural(noun: str) -> str:
    """The regular plural of ``noun`` (the word lists hold no irregular nouns)."""
    if noun.endswith(("s", "sh", "ch", "x", "z")):
        return noun + "es"
    if noun.endswith("y") and len(noun) > 1 and noun[-2] not in _VOWELS:
        return noun[:-1] + "ies"
    return noun + "s"


def noun_form(lemma: str, tag: str) -> str | None:
    """``lemma`` as a singular (NN) or plural (NNS) noun; ``None`` for other tags."""
    if tag == "NN":
        return lemma
    if tag == "NNS":
        return plural(lemma)
    return None


def article_for(word: str) -> str:
    """"a" or "an" before ``word`` (by its spelling; enough for the words we insert)."""
    lower = word.lower()
    if lower[:1].isdigit():
        return "an" if lower.startswith(("8", "11", "18")) else "a"
    if lower.startswith(("uni", "use", "usu", "eu", "one", "once")):
        return "a"
    if lower.startswith(("hour", "honest", "honour", "heir")):
        return "an"
    return "an" if lower[:1] in _VOWELS else "a"
