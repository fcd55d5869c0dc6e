"""Rewrites that move phrases: subject/object swaps (a changed fact) and the structural
paraphrases (reported speech turned round, a fronted adverbial, passive <-> active).

Every rule works on contiguous subtrees of spaCy's parse and refuses anything it cannot move
cleanly (a pronoun, a clause inside a noun phrase, a phrase that is not contiguous).
"""

from __future__ import annotations

from typing import Any

from .analysis import ClaimFacts
from .edits import Edit, ProposedEdit, apply_edits, capitalize, decapitalize
from .inflect import verb_form

_MAX_PHRASE = 6


def _phrase(head: Any) -> Any | None:
    """The contiguous noun phrase ``head`` heads (a Span), or ``None`` when it is a pronoun,
    too long, or holds a verb or a comma (a clause or an apposition)."""
    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    tokens = list(head.subtree)
    start, end = tokens[0].i, tokens[-1].i + 1
    if end - start != len(tokens) or len(tokens) > _MAX_PHRASE:
        return None
    span = head.doc[start:end]
    if any((t.pos_ in ("VERB", "AUX", "PRON") and t.tag_ != "PRP$") or t.text in (",", "(", ")")
           for t in span):
        return None
    return span


def _is_name(span: Any) -> bool:
    return span[0].pos_ == "PROPN" or span[0].ent_type_ != ""


def _moved(span: Any, to_start: bool) -> str:
    """A phrase's text as it reads at its new place."""
    text = span.text
    return capitalize(text) if to_start else decapitalize(text, _is_name(span))


#: Who can do something to whom: people, and groups (named, or "the club").
_PEOPLE = {
    "man", "woman", "boy", "girl", "child", "officer", "official", "player", "teacher",
    "student", "pupil", "doctor", "patient", "driver", "victim", "suspect", "friend",
    "husband", "wife", "son", "daughter", "mother", "father", "brother", "sister", "manager",
    "coach", "boss", "striker", "goalkeeper", "midfielder", "defender", "captain", "minister",
    "president", "leader", "judge", "neighbour", "owner", "worker", "soldier", "gunman",
}
_GROUPS = {"team", "club", "side", "government", "company", "court", "jury", "police", "army"}


def _agent_class(span: Any) -> str | None:
    """"person" or "group" for a phrase naming someone who can act on another (a name, or
    a noun for people), ``None`` otherwise or for a coordination ("X and Y")."""
    if any(t.dep_ in ("cc", "conj") for t in span):
        return None
    root = span.root
    lemma = root.lemma_.lower()
    if (root.pos_ == "PROPN" and root.ent_type_ == "PERSON") or lemma in _PEOPLE:
        return "person"
    if (root.pos_ == "PROPN" and root.ent_type_ in ("ORG", "GPE", "NORP")) or lemma in _GROUPS:
        return "group"
    return None


def _plural(head: Any) -> bool:
    return head.tag_ in ("NNS", "NNPS")


def role_swaps(sentence: Any, claim: ClaimFacts) -> list[ProposedEdit]:
    """Subject and object of a verb the claim is about swapped ("Leeds beat Hull" -> "Hull
    beat Leeds"), when the claim names both and both are plain noun phrases."""
    out = []
    for verb in sentence:
        if verb.pos_ != "VERB" or not claim.mentions_any([verb]):
            continue
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        for agent in (c for c in verb.children if c.dep_ == "agent"):
            objects += [c for c in agent.children if c.dep_ == "pobj"]
        if len(subjects) != 1 or len(objects) != 1:
            continue
        finite = verb.tag_ in ("VBD", "VBZ", "VBP") or any(
            c.dep_ in ("aux", "auxpass") and c.lower_ != "to" for c in verb.children)
        if not finite:
            continue  # a headline's "X to review Y"
        subject, obj = _phrase(subjects[0]), _phrase(objects[0])
        if subject is None or obj is None or not subject.end <= verb.i < obj.start:
            continue
        if not (claim.mentions_any(subject) and claim.mentions_any(obj)):
            continue
        if subject.text.lower() == obj.text.lower():
            continue
        kind = _agent_class(subject)
        if kind is None or kind != _agent_class(obj):
            continue  # "an eagle carded Dufner", "Tottenham captained Kane": not swapped
        present = verb.tag_ in ("VBZ", "VBP") or any(
            c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP") for c in verb.children)
        if present and _plural(subject.root) != _plural(obj.root):
            continue  # the verb would no longer agree with its subject
        at_start = subject.start == 0
        edits = [
            Edit(subject.start_char, subject.end_char, _moved(obj, at_start)),
            Edit(obj.start_char, obj.end_char, _moved(subject, False)),
        ]
        edited = apply_edits(sentence.text, edits)
        if edited and edited != sentence.text:
            out.append(ProposedEdit("role_swap", edited, f"{subject.text} / {obj.text}",
                                 f"{obj.text} / {subject.text}"))
    return out


def place_swaps(sentence: Any, claim: ClaimFacts) -> list[ProposedEdit]:
    """The two ends of a move swapped ("left Arsenal for Barcelona" -> "left Barcelona for
    Arsenal", "from Leeds to Hull" -> "from Hull to Leeds") when the claim names both."""
    out = []
    for verb in sentence:
        if verb.pos_ != "VERB" or not claim.mentions_any([verb]):
            continue
        ends = {}
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in ("from", "to", "for"):
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if len(objects) == 1:
                    ends[child.lower_] = _phrase(objects[0])
            if child.dep_ == "dobj" and verb.lemma_ in ("leave", "quit"):
                ends["from"] = _phrase(child)
        first, second = ends.get("from"), ends.get("to") or ends.get("for")
        if first is None or second is None or first.start > second.start:
            continue
        if not all(t.ent_type_ in ("GPE", "LOC", "ORG", "FAC") for t in (first.root,
                                                                         second.root)):
            continue
        if not (claim.mentions_any(first) and claim.mentions_any(second)):
            continue
        if first.text.lower() == second.text.lower():
            continue
        edits = [Edit(first.start_char, first.end_char, second.text),
                 Edit(second.start_char, second.end_char, first.text)]
        edited = apply_edits(sentence.text, edits)
        if edited and edited != sentence.text:
            out.append(ProposedEdit("role_swap", edited, f"{first.text} / {second.text}",
                                 f"{second.text} / {first.text}"))
    return out


def _final_punctuation(sentence: Any) -> str:
    last = sentence[-1]
    return last.text if last.is_punct and last.text in ".!?" else ""


def reported_speech(sentence: Any) -> list[ProposedEdit]:
    """"X said Y." <-> "Y, X said." (and "according to X" moved the same way)."""
    root = next((t for t in sentence if t.dep_ == "ROOT"), None)
    end_mark = _final_punctuation(sentence)
    if root is None or root.lemma_ != "say" or not end_mark or root.tag_ != "VBD":
        return []
    body_end = len(sentence) - 1
    subjects = [c for c in root.children if c.dep_ == "nsubj"]
    clauses = [c for c in root.children if c.dep_ == "ccomp"]
    if len(subjects) != 1 or len(clauses) != 1:
        return []
    subject = _phrase(subjects[0])
    if subject is None:
        return []
    clause_tokens = list(clauses[0].subtree)
    clause = sentence[clause_tokens[0].i: clause_tokens[-1].i + 1]
    if len(clause) != len(clause_tokens):
        return []
    if subject.start == 0 and subject.end == root.i:
        # "X said (that) Y." -> "Y, X said."
        start = root.i + 1
        if sentence[start].lower_ == "that":
            start += 1
        if clause.start != start or clause.end != body_end:
            return []
        if clause[0].pos_ == "PRON" and clause[0].lower_ not in ("it",):
            return []
        text = f"{capitalize(clause.text)}, {_moved(subject, False)} said{end_mark}"
        before = sentence.text
    elif clause.start == 0 and subject.start == clause.end + 1 and root.i == subject.end \
            and root.i == body_end - 1 and sentence[clause.end].text == ",":
        # "Y, X said." -> "X said Y."
        first = clause[0]
        rest = clause.text
        if first.pos_ != "PROPN" and first.ent_type_ == "" and not first.text.isupper():
            rest = rest[:1].lower() + rest[1:]
        text = f"{_moved(subject, True)} said {rest}{end_mark}"
        before = sentence.text
    else:
        return []
    return [ProposedEdit("paraphrase", text, before, text)]


_FRONTABLE = {"on", "in", "at", "during", "after", "before", "last", "earlier"}


def fronted_adverbial(sentence: Any) -> list[ProposedEdit]:
    """"X happened on Friday." <-> "On Friday, X happened." (a short final prepositional
    phrase of the main verb whose object is a date or time)."""
    root = next((t for t in sentence if t.dep_ == "ROOT"), None)
    end_mark = _final_punctuation(sentence)
    if root is None or not end_mark:
        return []
    body_end = len(sentence) - 1
    for prep in root.children:
        if prep.dep_ != "prep" or prep.lower_ not in _FRONTABLE:
            continue
        tokens = list(prep.subtree)
        span = sentence[tokens[0].i: tokens[-1].i + 1]
        if len(span) != len(tokens) or len(span) > 4:
            continue
        if not any(t.ent_type_ in ("DATE", "TIME") for t in span[1:]):
            continue
        if span.end == body_end and span.start > root.i and sentence[span.start - 1].text != ",":
            main = sentence[0: span.start]
            first = main[0]
            main_text = main.text
            if first.pos_ != "PROPN" and first.ent_type_ == "" and not first.text.isupper():
                main_text = main_text[:1].lower() + main_text[1:]
            text = f"{capitalize(span.text)}, {main_text}{end_mark}"
            return [ProposedEdit("paraphrase", text, span.text, f"{capitalize(span.text)},")]
        if span.start == 0 and sentence[span.end].text == ",":
            main = sentence[span.end + 1: body_end]
            text = f"{capitalize(main.text)} {decapitalize(span.text, False)}{end_mark}"
            if sentence[span.end + 1].pos_ == "PRON" and sentence[span.end + 1].lower_ == "i":
                continue
            return [ProposedEdit("paraphrase", text, f"{span.text},", span.text)]
    return []


def voice(sentence: Any) -> list[ProposedEdit]:
    """"X was VBN by Y ..." <-> "Y VBD X ...", simple past only, both phrases plain nouns."""
    root = next((t for t in sentence if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ != "VERB":
        return []
    children = list(root.children)
    lemma = root.lemma_.lower()
    past = verb_form(lemma, "VBD")
    participle = verb_form(lemma, "VBN")
    if any(c.dep_ in ("aux", "neg", "prt") for c in children):
        return []
    subjects = [c for c in children if c.dep_ in ("nsubj", "nsubjpass")]
    if len(subjects) != 1:
        return []
    subject = _phrase(subjects[0])
    if subject is None or subject.start != 0 or past is None or participle is None:
        return []
    auxpass = [c for c in children if c.dep_ == "auxpass"]
    text = sentence.text
    if auxpass:
        agents = [c for c in children if c.dep_ == "agent"]
        if len(auxpass) != 1 or auxpass[0].lower_ not in ("was", "were") or len(agents) != 1:
            return []
        if root.lower_ != participle or auxpass[0].i != subject.end or root.i != subject.end + 1:
            return []
        by = agents[0]
        pobj = [c for c in by.children if c.dep_ == "pobj"]
        if by.i != root.i + 1 or len(pobj) != 1:
            return []
        agent = _phrase(pobj[0])
        if agent is None or agent.start != by.i + 1:
            return []
        new = f"{_moved(agent, True)} {past} {_moved(subject, False)}"
        edited = apply_edits(text, [Edit(0, agent.end_char, new)])
        old = sentence[0: agent.end].text
    else:
        if root.tag_ != "VBD" or root.lower_ != past or root.i != subject.end:
            return []
        objects = [c for c in children if c.dep_ == "dobj"]
        if len(objects) != 1:
            return []
        obj = _phrase(objects[0])
        if obj is None or obj.start != root.i + 1:
            return []
        be = "were" if _plural(obj.root) else "was"
        new = f"{_moved(obj, True)} {be} {participle} by {_moved(subject, False)}"
        edited = apply_edits(text, [Edit(0, obj.end_char, new)])
        old = sentence[0: obj.end].text
    if not edited or edited == text:
        return []
    return [ProposedEdit("paraphrase", edited, old, new)]
