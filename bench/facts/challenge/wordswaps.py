"""Changed facts made by swapping one word (or inserting/removing a negation): antonym
predicates, comparatives, relation words, negation.

Each rule edits a word the claim itself holds, so the claim's fact really changes, and skips
every construction where the swap could leave a broken sentence (phrasal verbs, a verb whose
frame the opposite does not share).
"""

from __future__ import annotations

import random
from typing import Any

from .analysis import ClaimFacts
from .edits import Edit, ProposedEdit, apply_edits, article_edit, capitalize, token_edit
from .inflect import noun_form, verb_form
from .wordlists import WordSwaps, antonyms, comparatives, relations

_NEGATIONS = {"not", "n't", "never"}
_REPORTING = {"say", "tell", "claim", "report", "confirm", "announce"}
_DO = {"did": "VBD", "does": "VBZ", "do": "VBP"}
#: Auxiliaries "not" may follow (contractions such as "'s" and "'ll" are left alone).
_AUXILIARIES = {
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could",
    "should", "may", "might", "must", "be",
}


def _styled(new: str, like: str) -> str:
    return capitalize(new) if like[:1].isupper() else new


def verb_swap_is_safe(token: Any, swaps: WordSwaps, target: str) -> bool:
    """Whether ``token`` (a verb) can take ``target`` in its place: no particle ("passed
    away"), no clause it controls ("agreed to sign"), no blocked preposition ("lost to"), no
    passive when the target has several words ("were beaten" -/-> "were lost to")."""
    for child in token.children:
        if child.dep_ in ("prt", "xcomp"):
            return False
        if child.dep_ in ("prep", "dative") and (token.lemma_.lower(), child.lower_) in \
                swaps.blocked:
            return False
        if child.dep_ in ("auxpass", "nsubjpass") and " " in target:
            return False
    return True


def word_form(token: Any, lemma: str) -> str | None:
    """``lemma`` inflected as ``token`` is (its tag), or ``None`` if we cannot."""
    if token.pos_ == "VERB":
        return verb_form(lemma, token.tag_)
    if token.pos_ == "NOUN":
        return noun_form(lemma, token.tag_)
    if token.pos_ == "ADJ" and token.tag_ == "JJ":
        return lemma
    return None


def swap_word(sentence: Any, token: Any, swaps: WordSwaps, kind: str,
              rng: random.Random) -> ProposedEdit | None:
    """``token`` replaced by one of its swaps from ``swaps`` (antonyms or synonyms)."""
    lemma = token.lemma_.lower()
    targets = swaps.targets(lemma, token.pos_)
    if not targets or token.text.lower() == token.text.upper():
        return None
    target = rng.choice(targets)
    if token.pos_ == "VERB" and not verb_swap_is_safe(token, swaps, target):
        return None
    form = word_form(token, target)
    if form is None:
        return None
    form = _styled(form, token.text)
    edits = [token_edit(token, form)]
    article = article_edit(sentence, token.i, form)
    if article is not None:
        edits.append(article)
    edited = apply_edits(sentence.text, edits)
    if not edited or edited == sentence.text:
        return None
    return ProposedEdit(kind, edited, token.text, form)


def antonym_changes(sentence: Any, claim: ClaimFacts, rng: random.Random) -> list[ProposedEdit]:
    """A predicate the claim states turned into its opposite (rose -> fell, victory ->
    defeat, guilty -> innocent)."""
    out = []
    for token in sentence:
        if token.pos_ in ("VERB", "ADJ", "NOUN") and claim.mentions_any([token]):
            candidate = swap_word(sentence, token, antonyms(), "antonym", rng)
            if candidate is not None:
                out.append(candidate)
    return out


def comparative_changes(sentence: Any, claim: ClaimFacts,
                        rng: random.Random) -> list[ProposedEdit]:
    """A comparative or ordering word the claim holds turned round (more -> fewer/less,
    higher -> lower, before -> after)."""
    out = []
    table = comparatives()
    for token in sentence:
        word = token.lower_
        if word not in table or word not in claim.words:
            continue
        if word in ("before", "after") and (
            token.tag_ != "IN" or (token.i + 1 < len(sentence) and sentence[token.i + 1].like_num)
        ):
            continue  # "after five weeks" is a duration: "before five weeks" is not English
        options = table[word]
        if word == "more":
            after = sentence[token.i + 1] if token.i + 1 < len(sentence) else None
            plural = after is not None and after.tag_ == "NNS"
            options = ("fewer",) if plural else ("less",)
        new = _styled(rng.choice(options), token.text)
        edited = apply_edits(sentence.text, [token_edit(token, new)])
        if edited and edited != sentence.text:
            out.append(ProposedEdit("comparative", edited, token.text, new))
    return out


def relation_changes(sentence: Any, claim: ClaimFacts, rng: random.Random) -> list[ProposedEdit]:
    """A family or role word the claim holds changed to another of its group (son ->
    father, midfielder -> goalkeeper)."""
    out = []
    table = relations()
    for token in sentence:
        word = token.lower_
        if word not in table or word not in claim.words or token.pos_ != "NOUN":
            continue
        new = _styled(rng.choice(table[word]), token.text)
        edits = [token_edit(token, new)]
        article = article_edit(sentence, token.i, new)
        if article is not None:
            edits.append(article)
        edited = apply_edits(sentence.text, edits)
        if edited and edited != sentence.text:
            out.append(ProposedEdit("relation", edited, token.text, new))
    return out


def _negatable_verbs(sentence: Any, claim: ClaimFacts) -> list[Any]:
    """The main verbs the claim is about: the root, or a clause a reporting verb governs."""
    verbs = []
    for token in sentence:
        if token.dep_ not in ("ROOT", "ccomp") or token.pos_ not in ("VERB", "AUX"):
            continue
        if token.dep_ == "ccomp" and token.head.lemma_ not in _REPORTING:
            continue
        if token.pos_ == "VERB" and not claim.mentions_any([token]):
            continue
        if token.lemma_ in _REPORTING and any(c.dep_ == "ccomp" for c in token.children):
            continue  # "X, police said" -> "police did not say": negate what was said
        if token.pos_ == "AUX":
            # A copula: the claim must hold what the subject is said to be.
            predicate = [t for c in token.children if c.dep_ in ("attr", "acomp")
                         for t in c.subtree]
            if token.lemma_ != "be" or not claim.mentions_any(predicate):
                continue
        verbs.append(token)
    return verbs


def negation_changes(sentence: Any, claim: ClaimFacts, rng: random.Random) -> list[ProposedEdit]:
    """The claim's main verb negated ("has joined" -> "has not joined", "won" -> "did not
    win"/"never won"), or its negation removed ("did not win" -> "won")."""
    out = []
    for verb in _negatable_verbs(sentence, claim):
        candidate = _toggle_negation(sentence, verb, rng)
        if candidate is not None:
            out.append(candidate)
    return out


def _toggle_negation(sentence: Any, verb: Any, rng: random.Random) -> ProposedEdit | None:
    children = list(verb.children)
    negations = [c for c in children if c.dep_ == "neg" and c.lower_ in _NEGATIONS]
    auxiliaries = [c for c in children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
    text = sentence.text
    if negations:
        negation = negations[0]
        do = [a for a in auxiliaries if a.lower_ in _DO]
        if do and negation.i == do[0].i + 1:
            # "did not win" -> "won": the verb takes the tense the auxiliary carried.
            form = verb_form(verb.lemma_.lower(), _DO[do[0].lower_])
            if form is None or verb.tag_ != "VB":
                return None
            edits = [Edit(do[0].idx, verb.idx + len(verb.text), _styled(form, do[0].text))]
            before = sentence[do[0].i: verb.i + 1].text
            edited = apply_edits(text, edits)
            return ProposedEdit("negation", edited, before, form) if edited else None
        if negation.lower_ == "n't":
            return None
        edited = apply_edits(text, [Edit(negation.idx, negation.idx + len(negation.text), "")])
        return ProposedEdit("negation", edited, negation.text, "") if edited else None
    word = "never" if rng.random() < 0.3 else "not"
    plain = [a for a in auxiliaries if a.lower_ in _AUXILIARIES]
    if auxiliaries and not plain:
        return None  # a contraction or an odd auxiliary
    if plain:
        anchor = plain[0]
        if anchor.i + 1 < len(sentence) and sentence[anchor.i + 1].dep_ == "nsubj":
            return None  # a question or an inversion
        new = f"{anchor.text} {word}"
        if anchor.lower_ == "can" and word == "not":
            new = anchor.text + "not"
        edited = apply_edits(text, [token_edit(anchor, new)])
        return ProposedEdit("negation", edited, anchor.text, new) if edited else None
    if verb.lemma_ == "be" and verb.lower_ in _AUXILIARIES:
        new = f"{verb.text} {word}"
        edited = apply_edits(text, [token_edit(verb, new)])
        return ProposedEdit("negation", edited, verb.text, new) if edited else None
    if verb.pos_ != "VERB" or verb.i == 0 or sentence[verb.i - 1].dep_ == "advmod":
        return None  # "first broke" -/-> "first never broke"
    do = {"VBD": "did", "VBZ": "does", "VBP": "do"}.get(verb.tag_)
    if do is None:
        return None
    new = f"never {verb.text}" if word == "never" else f"{do} not {verb.lemma_.lower()}"
    edited = apply_edits(text, [token_edit(verb, new)])
    return ProposedEdit("negation", edited, verb.text, new) if edited else None
