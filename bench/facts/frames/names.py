"""The names in an argument: each named entity's words, its group, and where it stands in the
argument (:class:`~bench.facts.frames.model.Name`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..parsing import Parse, Token
from .model import Name
from .tree import entity_spans
from .vocabulary import NAME_GROUPS

_NAME_FILLER = frozenset({"the", "'s", "’s", "'", ",", "-", "."})
#: What separates the words of one token of a name ("(CNN)Kayahan": a dateline glued on).
_INSIDE_NAME = re.compile(r"[^\w'’.-]+")


def argument_names(
    parse: Parse, entity_of: dict[int, tuple[int, int]], k: int, tokens: list[int]
) -> list[Name]:
    """The names among ``tokens``, the argument headed by ``k``: its named entities of a
    group in :data:`NAME_GROUPS`, then a proper noun head the tagger did not see as one."""
    t = parse.tokens
    names = []
    chosen = set(tokens)
    for span in entity_spans(entity_of, tokens):
        label = t[span[0]].ent
        if label not in NAME_GROUPS:
            continue
        inside = [x for x in range(*span) if x in chosen]
        words = _name_words(t[x].lower for x in inside)
        if words:
            place = _place(t, inside, k)
            text = parse.span_text(inside)[2]
            names.append(Name(text, NAME_GROUPS[label], words, place))
    if t[k].pos == "PROPN" and k not in entity_of:
        # A proper noun the tagger did not see as a name: a name of unknown kind, so that
        # "Tattoo Disasters" is not taken for "Extreme Beauty Disasters".
        run = sorted(
            {k} | {j for j in parse.children[k] if t[j].dep == "compound" and t[j].pos == "PROPN"}
        )
        words = _name_words(t[j].lower for j in run)
        names.append(Name(parse.span_text(run)[2], "unknown", words, "head"))
    return names


def _name_words(words: Iterable[str]) -> frozenset[str]:
    """A name's words, lower case, each token split where it holds more than letters
    ("cnn)kayahan": "cnn" and "kayahan"), without "the" and the possessive."""
    return frozenset(
        part
        for word in words
        for part in _INSIDE_NAME.split(word)
        if part and part not in _NAME_FILLER
    )


def _place(tokens: Sequence[Token], name: list[int], head: int) -> str:
    """Where a name stands in the argument headed by ``head`` (see :class:`Name`)."""
    inside = set(name)
    if head in inside:
        return "head"
    root = next((j for j in name if tokens[j].head not in inside), name[0])
    seen = set()
    while root not in seen:
        seen.add(root)
        token = tokens[root]
        parent = token.head
        if token.dep in ("conj", "appos"):
            if parent == head:
                return "head"
            root = parent
            continue
        if token.dep == "poss" and parent == head:
            return "owner"
        if token.dep == "pobj":
            preposition = tokens[parent]
            if preposition.head == head:
                return "owner" if preposition.lower == "of" else f"prep:{preposition.lower}"
        if parent == head:
            return "modifier"
        root = parent
    return "other"
