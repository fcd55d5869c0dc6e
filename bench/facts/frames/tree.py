"""Walking a dependency parse for the frame reader: a token's subtree, whether it has a
subject or is passive, the named entities' spans, and whether its clause is asserted."""

from __future__ import annotations

from collections.abc import Iterable

from ..parsing import Parse
from .vocabulary import HYPOTHETICAL


def subtree(parse: Parse, i: int, stop: frozenset[str] | set[str]) -> set[int]:
    """Token ``i`` and its descendants, not entering children with a label in ``stop``.

    A set, unlike :meth:`Parse.subtree`'s sorted list: an age's number is read from the
    first of it (:func:`bench.facts.frames.verbless.age_frames`), so a change of order here
    can change a frame."""
    out, todo = set(), [i]
    while todo:
        j = todo.pop()
        out.add(j)
        todo += [k for k in parse.children[j] if parse.tokens[k].dep not in stop]
    return out


def has_subject(parse: Parse, i: int) -> bool:
    """Whether predicate ``i`` has a subject of its own."""
    return any(parse.tokens[k].dep in ("nsubj", "nsubjpass") for k in parse.children[i])


def is_passive(parse: Parse, i: int) -> bool:
    """Whether predicate ``i`` is in the passive voice."""
    return any(parse.tokens[k].dep in ("auxpass", "nsubjpass") for k in parse.children[i])


def entities(parse: Parse) -> dict[int, tuple[int, int]]:
    """Each token inside a named entity -> the entity's (first, after-last) tokens."""
    spans: dict[int, tuple[int, int]] = {}
    tokens = parse.tokens
    i = 0
    while i < len(tokens):
        if tokens[i].ent and tokens[i].ent_start:
            j = i + 1
            while j < len(tokens) and tokens[j].ent == tokens[i].ent and not tokens[j].ent_start:
                j += 1
            for k in range(i, j):
                spans[k] = (i, j)
            i = j
        else:
            i += 1
    return spans


def entity_spans(
    entity_of: dict[int, tuple[int, int]], tokens: Iterable[int]
) -> list[tuple[int, int]]:
    """The spans of the entities ``tokens`` touch (see :func:`entities`), each once, in the
    order of their first token among ``tokens``."""
    return list(dict.fromkeys(entity_of[j] for j in tokens if j in entity_of))


def under_condition(parse: Parse, i: int) -> bool:
    """Whether token ``i``'s clause, or one it hangs from, is under "if", "whether" or
    "unless" (its "mark")."""
    seen = set()
    while i not in seen:
        seen.add(i)
        if any(
            parse.tokens[k].dep == "mark" and parse.tokens[k].lower in HYPOTHETICAL
            for k in parse.children[i]
        ):
            return True
        i = parse.tokens[i].head
    return False


def is_asserted(parse: Parse, i: int) -> bool:
    """Whether token ``i``'s clause is said to be so: not in a question, not under "if",
    "whether" or "unless"."""
    if parse.text.rstrip().rstrip("'\"’”)").endswith("?"):
        return False
    return not under_condition(parse, i)
