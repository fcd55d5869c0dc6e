"""Frames no verb says: an age ("Lucy, 15,", "a 31-year-old man"; and "Lucy is 15", "15 years
old" read as one) and a relation ("Mary, his wife": Mary is his wife)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..lexicon import Lexicon
from ..parsing import Parse, Token
from .arguments import ArgumentReader
from .model import Argument, Frame
from .tree import is_asserted, subtree
from .vocabulary import NOT_IN_ARGUMENT


def age_frames(reader: ArgumentReader) -> Iterable[Frame]:
    """The ages "Lucy, 15," and "a 31-year-old man" give, as "age" frames."""
    parse, t, children = reader.parse, reader.tokens, reader.children
    for n, token in enumerate(t):
        person = token.head
        if token.tag == "CD" and token.dep in ("appos", "npadvmod") and person != n:
            if t[person].pos not in ("PROPN", "NOUN") or children[n]:
                continue
            number = [n]
        elif token.lower == "old" and token.dep == "amod" and t[person].pos in ("NOUN", "PROPN"):
            number = [
                j
                for k in children[n]
                if t[k].dep == "npadvmod"
                for j in subtree(parse, k, frozenset())
            ]
            if not any(t[j].tag == "CD" for j in number):
                continue
        else:
            continue
        # The person alone: "Ann Lee, 33, and Tom Bell, 26": 33 is Ann Lee's age.
        whole = subtree(parse, person, NOT_IN_ARGUMENT | {"conj", "cc"})
        subject = reader.describe(person, "subj", sorted(whole - subtree(parse, n, frozenset())))
        amount = reader.describe(number[0], "amount", sorted(number))
        yield _pseudo_frame(parse, "age", n, (subject, amount))


def relation_frames(reader: ArgumentReader, lexicon: Lexicon) -> Iterable[Frame]:
    """A relation word beside a person's name ("Mary, his wife", "his wife, Mary"), as the
    frame "Mary is his wife"."""
    parse, t = reader.parse, reader.tokens
    for n, token in enumerate(t):
        if token.pos != "NOUN" or lexicon.relation_kind(token.lemma.lower()) is None:
            continue
        people = [k for k in reader.children[n] if t[k].dep == "appos" and t[k].pos == "PROPN"]
        if token.dep == "appos" and t[token.head].pos == "PROPN":
            people.append(token.head)
        for person in people:
            mine = subtree(parse, person, NOT_IN_ARGUMENT)
            theirs = subtree(parse, n, NOT_IN_ARGUMENT)
            # One holds the other: "Mary, his wife" / "his wife, Mary".
            subject = reader.describe(person, "subj", sorted(mine - theirs if n in mine else mine))
            attribute = reader.describe(
                n, "attr", sorted(theirs - mine if person in theirs else theirs)
            )
            yield _pseudo_frame(parse, "be", n, (subject, attribute))


def as_age(
    predicate: str, args: list[Argument], tokens: Sequence[Token]
) -> tuple[str, list[Argument]]:
    """ "Lucy is 15" and "Lucy is 15 years old" as the age frame "Lucy, 15" gives."""
    if predicate == "old":
        amounts = [a for a in args if a.role == "amount" and a.quantities]
        if amounts:
            return "age", args
        return predicate, args
    if predicate == "be":
        numbers = [
            a
            for a in args
            if a.role == "attr"
            and tokens[a.head].tag == "CD"
            and len(a.quantities) == 1
            and not a.quantities[0].vague
            and len(a.tokens) <= 2  # "15", "about 15"; not "one of the finalists"
        ]
        if numbers and any(a.role == "subj" for a in args):
            return "age", [replace(a, role="amount") if a in numbers else a for a in args]
    return predicate, args


def _pseudo_frame(parse: Parse, predicate: str, head: int, args: tuple[Argument, ...]) -> Frame:
    """A frame no verb says: "Mary, his wife" (be), "Lucy, 15" (age)."""
    start = min(a.start for a in args)
    end = max(a.end for a in args)
    clause = frozenset(j for a in args for j in a.tokens)
    return Frame(
        predicate,
        "",
        head,
        False,
        args,
        clause,
        predicate == "be",
        False,
        start,
        end,
        parse.text,
        is_asserted(parse, head),
    )
