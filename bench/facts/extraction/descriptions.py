"""What describes a name in a sentence without a clause of its own: a title before it
("Liberal Democrat leader Tim Farron") and an apposition after it ("Ri Il Kyu, a 52-year-old
diplomat"), each a fact "X is Y" (:mod:`.clauses`)."""

from __future__ import annotations

from ..parsing import Parse
from .names import DATE, ORG, REGION


def find_titles(parse: Parse, labels: tuple[str, ...]) -> dict[int, list[int]]:
    """ "Liberal Democrat leader Tim Farron": the modifiers before a name that are not
    part of it and hold a word that names no entity (a title, a role)."""
    t, found = parse.tokens, {}
    for head, token in enumerate(t):
        label = labels[head]
        if token.pos != "PROPN" or label in ("", DATE) or token.dep == "compound":
            continue
        if label == ORG and token.text.isupper():
            continue  # "obese MP", "central-west NSW": not a name with a title
        start = head
        while start > 0 and labels[start - 1] == label and t[start - 1].head == head:
            start -= 1  # the name's own words ("Tim" of "Tim Farron")
        roots = [
            k
            for k in parse.children[head]
            if k < start and t[k].dep in ("compound", "amod", "nmod")
        ]
        words = [j for k in roots for j in parse.subtree(k)]
        if (
            words
            and max(words) == start - 1
            and any(t[j].pos == "NOUN" and not labels[j] for j in words)
        ):
            found[head] = roots
    return found


def title_article(parse: Parse, titles: dict[int, list[int]], head: int) -> list[int]:
    """ "the Kenyan capital Nairobi": "the" goes with the title (Nairobi is the Kenyan
    capital; in Nairobi)."""
    first = min(j for k in titles[head] for j in parse.subtree(k))
    return [
        k for k in parse.children[head] if k < first and parse.tokens[k].dep in ("det", "predet")
    ]


def is_apposition(parse: Parse, labels: tuple[str, ...], k: int) -> bool:
    """Whether ``k`` is an apposition that is a fact of its own ("Ri, a diplomat"); not a
    place's ("Sarasota, Florida": where, not what)."""
    t = parse.tokens[k]
    if t.dep != "appos" or t.head == k:
        return False
    if labels[t.head] == DATE:  # "in February, a setback for ...": not what February is
        return False
    if labels[k] == REGION and labels[t.head]:
        return False  # "Sarasota, Florida": where, not what
    phrase = parse.subtree(k)
    if not any(parse.tokens[j].text in (",", "(", "-", "–", "—") for j in range(t.head, k)):
        return False  # "champion Nadal": no pause, a title, not an apposition
    if any(parse.tokens[c].dep in ("conj", "cc") for c in parse.children[k]):
        return False  # "the regime, a poor evaluation of his work and ...": a list
    after = [j for j in range(max(phrase) + 1, len(parse.tokens))]
    # "... relations in February, a setback for Pyongyang.": the whole clause described
    return any(parse.tokens[j].pos != "PUNCT" for j in after)
