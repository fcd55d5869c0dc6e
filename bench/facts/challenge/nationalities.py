"""Nationality adjectives swapped within a written list of demonyms (kind ``nationality``,
rule version 2; version 1 swaps in nationality words seen in other documents, see
:mod:`.entities`).

"a French striker" -> "a Spanish striker", "the Scottish government" -> "the Welsh
government": the adjective the claim holds becomes another of its region in
``data/demonyms.tsv``, one the text does not already use. Only adjectives are swapped (before a
noun, or after "is"/"was"): a language ("speaks French") or a people ("the French") is left
alone, and so is a word inside another name ("the French Open", "American Airlines").
"""

from __future__ import annotations

import random
import re
from typing import Any

from .analysis import ClaimFacts
from .edits import ProposedEdit, apply_edits, article_edit, span_edit
from .wordlists import demonyms

#: Entity labels of names an adjective may sit inside without being a nationality.
_OTHER_NAMES = {"ORG", "EVENT", "FAC", "LOC", "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE"}


def _adjective_use(entity: Any) -> bool:
    """Whether a NORP entity is used as an adjective: modifying a noun, or the predicate
    after a copula ("he is French")."""
    last = entity[-1]
    head = last.head
    if last.dep_ in ("amod", "compound") and head.i > last.i and head.pos_ in ("NOUN", "PROPN"):
        return head.ent_type_ not in _OTHER_NAMES
    return last.dep_ in ("acomp", "attr") and last.tag_ == "JJ" and head.lemma_ == "be"


def changes(sentence: Any, claim: ClaimFacts, context: str,
            rng: random.Random) -> list[ProposedEdit]:
    """One candidate per nationality adjective of ``sentence`` that the claim also holds."""
    table = demonyms()
    out = []
    for entity in sentence.ents:
        if entity.label_ != "NORP" or entity.text not in table:
            continue
        if not all((t.lower_, "NORP") in claim.entity_words for t in entity):
            continue  # the claim's own parse must read the same nationality there
        if not _adjective_use(entity):
            continue
        options = [a for a in table[entity.text]
                   if not re.search(rf"\b{re.escape(a)}\b", context)]
        if not options:
            continue
        new = rng.choice(options)
        edits = [span_edit(entity, new)]
        article = article_edit(sentence, entity.start, new)
        if article is not None:
            edits.append(article)
        edited = apply_edits(sentence.text, edits)
        if edited and edited != sentence.text:
            out.append(ProposedEdit("nationality", edited, entity.text, new))
    return out
