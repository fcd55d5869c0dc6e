"""Swapping a named entity for another of the same type: person, place, organisation,
nationality, date.

Replacements come from other documents of the same split (so no name crosses from test to
train) and must not already occur in the text. Dates are changed in place (another year,
weekday or month), which keeps their shape.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from typing import Any

from .analysis import ClaimFacts
from .edits import Edit, ProposedEdit, apply_edits, article_edit, span_edit

KIND_OF = {"PERSON": "person", "GPE": "place", "LOC": "place", "ORG": "organisation",
           "NORP": "nationality", "DATE": "date"}

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
# A nationality or people word, as opposed to a party or religion ("Labour", "Muslim").
_NATIONALITY = re.compile(r"^[A-Z][a-z]+(?:an|ian|ese|ish|i|ch|ic|ss|ek|ai)$")
#: Religions, parties and such that look like nationalities ("Christian", "Republican").
_NOT_NATIONALITIES = {
    "Christian", "Catholic", "Anglican", "Protestant", "Episcopalian", "Presbyterian",
    "Lutheran", "Evangelical", "Islamic", "Jewish", "Republican", "Democratic", "Olympian",
    "Orthodox", "Methodist", "Baptist", "Mormon", "Shiite", "Sunni", "Satanic",
}
_NAME = re.compile(r"^[A-Z](?:[\w'.-]*[\w.])?(?: [A-Z](?:[\w'.-]*[\w.])?){0,3}$")


def shape(entity: Any) -> tuple[str, int] | None:
    """(kind, words) of an entity that may be swapped, or ``None`` for one we leave alone
    (digits in a name, an odd spelling, a NORP that is not a nationality)."""
    kind = KIND_OF.get(entity.label_)
    text = entity.text
    if kind is None or kind == "date":
        return None
    if any(c.isdigit() for c in text) or not _NAME.match(text) or len(entity) > 4:
        return None
    if kind == "nationality" and (not _NATIONALITY.match(text) or text in _NOT_NATIONALITIES):
        return None
    if kind != "nationality" and any(t.pos_ != "PROPN" for t in entity):
        return None  # "Groups" at the start of a sentence is not a name
    words = min(len(text.split()), 2) if kind == "person" else 1
    return kind, words


def consistent_names(entities: Iterable[Any]) -> frozenset[str]:
    """Entity texts the parser labels the same way every time, and at least twice: the small
    model's one-off labels ("BBQ" as an organisation) are often wrong, and a wrong label makes
    a replacement of the wrong type ("the Kentucky" for "the Earth")."""
    labels: dict[str, set[str]] = {}
    seen: dict[str, int] = {}
    for entity in entities:
        labels.setdefault(entity.text, set()).add(entity.label_)
        seen[entity.text] = seen.get(entity.text, 0) + 1
    return frozenset(t for t, found in labels.items() if len(found) == 1 and seen[t] >= 2)


class EntityPool:
    """Entities seen in a split's documents, by (kind, words), for replacements (only the
    names in ``trusted``: see :func:`consistent_names`)."""

    def __init__(self, entities: Iterable[tuple[str, Any]], trusted: frozenset[str]):
        table: dict[tuple[str, int], dict[str, set[str]]] = {}
        for doc_id, entity in entities:
            key = shape(entity)
            if key is None or entity.text not in trusted:
                continue
            table.setdefault(key, {}).setdefault(entity.text, set()).add(doc_id)
            if key == ("person", 2):  # a surname alone stands for a person too
                table.setdefault(("person", 1), {}).setdefault(
                    entity.text.split()[-1], set()).add(doc_id)
        self.table = {k: sorted(v.items()) for k, v in sorted(table.items())}

    def pick(self, key: tuple[str, int], doc: str, avoid: str,
             rng: random.Random) -> str | None:
        """A name of shape ``key`` from a document other than ``doc`` that shares no word
        with ``avoid`` (the text it goes into)."""
        avoid_words = set(re.findall(r"\w+", avoid.lower()))
        options = [
            name for name, docs in self.table.get(key, ())
            if docs != {doc} and not (set(re.findall(r"\w+", name.lower())) & avoid_words)
        ]
        return rng.choice(options) if options else None


def changes(sentence: Any, claim: ClaimFacts, context: str, doc: str, pool: EntityPool,
            rng: random.Random, nationalities: bool = True) -> list[ProposedEdit]:
    """Entity swaps in ``sentence`` (a Doc) for the entities the claim mentions
    (nationalities too unless ``nationalities`` is false: rule version 2 swaps them within
    a list, see :mod:`.nationalities`)."""
    out: list[ProposedEdit] = []
    for entity in sentence.ents:
        # The claim's own parse must see the same kind of name there: two parses agreeing
        # keep most of the small model's wrong labels out.
        if not any((t.lower_, entity.label_) in claim.entity_words for t in entity):
            continue
        if not _names_this(entity, sentence, claim):
            continue
        if entity.label_ == "DATE":
            out += _date_changes(sentence, entity, rng)
            continue
        key = shape(entity)
        if key is None or (key[0] == "nationality" and not nationalities):
            continue
        if key == ("person", 1) and not re.search(rf"\b[A-Z][\w'.-]* {re.escape(entity.text)}\b",
                                                  context):
            continue  # a lone word the model calls a person ("Vaccine") unless the text
            # also gives it as a full name ("Juan Arango" ... "Arango")
        new = pool.pick(key, doc, context, rng)
        if new is None:
            continue
        edits = [span_edit(entity, new)]
        article = article_edit(sentence, entity.start, new)
        if article is not None:
            edits.append(article)
        edited = apply_edits(sentence.text, edits)
        if edited and edited != sentence.text:
            out.append(ProposedEdit(key[0], edited, entity.text, new))
    return out


_BEFORE_MONTH = ("in", "on", "since", "until", "by", "from", "last", "next", "early", "late",
                 "mid", "of", "this", "to", "between", "and", "till", "before", "after")


def _names_this(entity: Any, sentence: Any, claim: ClaimFacts) -> bool:
    """Whether the claim is about this entity rather than a namesake in the same sentence:
    "Karl Wallenda" is not what "Jenny Wallenda was Nik Wallenda's grandmother" names, though
    the claim holds "Wallenda". The claim must hold the whole name, or a word of it that no
    other name of the sentence shares."""
    if all(t.lower_ in claim.words for t in entity if t.is_alpha):
        return True
    others = {t.lower_ for e in sentence.ents if e != entity for t in e}
    return any(t.lower_ in claim.words and t.lower_ not in others for t in entity if t.is_alpha)


def _reads_as_month(text: str, start: int, name: str) -> bool:
    """Whether ``name`` at ``start`` is a month rather than a name: a day number next to it,
    or a preposition before it ("in June", "June 4", "4 June")."""
    before = text[:start].rstrip().rsplit(" ", 1)[-1].lower()
    after = text[start + len(name):].lstrip()
    return before in _BEFORE_MONTH or before.isdigit() or after[:1].isdigit()


def _date_changes(sentence: Any, entity: Any, rng: random.Random) -> list[ProposedEdit]:
    """Another year, weekday or month in a date the claim states (one word changed)."""
    text = entity.text
    start = entity.start_char
    options: list[tuple[int, int, str, str]] = []
    year = _YEAR.search(text)
    if year:
        old = int(year.group())
        new = old + rng.choice((-3, -2, -1, 1, 2, 3))
        options.append((start + year.start(), start + year.end(), year.group(), str(new)))
    for names in (WEEKDAYS, MONTHS):
        for name in names:
            found = re.search(rf"\b{name}\b", text)
            if found and names is MONTHS and not _reads_as_month(sentence.text, start +
                                                                  found.start(), name):
                continue  # "his wife June"
            if found:
                other = rng.choice([n for n in names if n != name])
                options.append((start + found.start(), start + found.end(), name, other))
    if not options:
        return []
    begin, end, old, new = rng.choice(sorted(options))
    edited = apply_edits(sentence.text, [Edit(begin, end, new)])
    return [ProposedEdit("date", edited, old, new)] if edited else []
