"""What the word-level conflict checks read in a text: its words, names, numbers, dates and verbs.

:func:`read_words` turns one sentence's parse (spaCy's small model, through
:mod:`bench.facts.parsing`) into a :class:`TextWords`; :func:`joined_words` puts the sentences of
a window back together. :mod:`bench.facts.word_conflicts` compares a claim's with a window's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .dates import When, read_when
from .parsing import Parse
from .quantities import Quantity, quantities

#: Parts of speech that carry a claim's content.
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
#: spaCy's entity labels whose names are compared, and the kind each is of: two names
#: conflict only when of one kind (a place's name is not an organisation's).
NAME_KINDS = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "nationality",
}
#: Dependency labels of a predicate's subject.
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
#: Verbs whose denial is not read: a copula or an auxiliary says too little on its own.
UNREAD_VERBS = frozenset({"be", "have", "do"})
#: Dependents that start another clause: a denial does not reach into them.
OTHER_CLAUSES = frozenset({"conj", "cc", "parataxis", "advcl"})
#: A date written as a span of years or with a slash ("2016-17", "9/11"): not read as parts.
_SPAN = re.compile(r"\d[-/–]\d")


@dataclass(frozen=True)
class NamedEntity:
    """A named entity: its lower-case words, in order, its kind (:data:`NAME_KINDS`) and its
    text as written."""

    words: tuple[str, ...]
    kind: str
    written: str

    @property
    def text(self) -> str:
        """The name's words, lower case, joined by spaces (not as written: see ``written``)."""
        return " ".join(self.words)


@dataclass(frozen=True)
class Amount:
    """A number of the text and the word before it."""

    quantity: Quantity
    before: str


@dataclass(frozen=True)
class Predicate:
    """A verb of the text: its lemma, whether it is denied, its subject's words (and whether
    the subject holds a name) and the words of its clause."""

    lemma: str
    denied: bool
    written: str  # the verb with its denial, as written ("did not find")
    subject: frozenset[str]
    named_subject: bool
    clause: frozenset[str]


@dataclass(frozen=True)
class TextWords:
    """What the checks compare of one text (a claim or a window)."""

    words: frozenset[str]  # lower-case forms and lemmas
    content: frozenset[str]  # lemmas of the content words
    names: tuple[NamedEntity, ...]  # named entities of the kinds compared, in order
    amounts: tuple[Amount, ...]  # numbers outside dates
    dates: tuple[When, ...]  # dates that name a part (a year, a month...)
    subjects: dict[str, frozenset[str]]  # a word (form or lemma) -> its subject's words
    predicates: tuple[Predicate, ...]  # verbs, with their denial and clause


def read_words(parse: Parse) -> TextWords:
    """The words, names, numbers, dates and verbs of one sentence's parse."""
    tokens = parse.tokens
    words, content = set(), set()
    for token in tokens:
        lemma = token.lemma.lower()
        words.update((token.lower, lemma))
        if token.pos in CONTENT_POS:
            content.add(lemma)
    dates, in_dates = _dates(parse)
    amounts = [
        Amount(q, tokens[q.tokens[0] - 1].lower if q.tokens[0] > 0 else "")
        for q in quantities(parse, [i for i in range(len(tokens)) if i not in in_dates])
        if not q.vague and not q.bound
    ]
    return TextWords(
        frozenset(words),
        frozenset(content),
        _names(parse),
        tuple(amounts),
        dates,
        _subjects(parse),
        _predicates(parse),
    )


def joined_words(parts: Sequence[TextWords]) -> TextWords:
    """The words of a text read sentence by sentence."""
    if len(parts) == 1:
        return parts[0]
    subjects: dict[str, frozenset[str]] = {}
    for part in parts:
        for word, subject in part.subjects.items():
            subjects[word] = subjects.get(word, frozenset()) | subject
    return TextWords(
        frozenset().union(*(p.words for p in parts)),
        frozenset().union(*(p.content for p in parts)),
        tuple(n for p in parts for n in p.names),
        tuple(a for p in parts for a in p.amounts),
        tuple(d for p in parts for d in p.dates),
        subjects,
        tuple(v for p in parts for v in p.predicates),
    )


def _names(parse: Parse) -> tuple[NamedEntity, ...]:
    runs: list[tuple[list[int], str]] = []
    for i, token in enumerate(parse.tokens):
        kind = NAME_KINDS.get(token.ent)
        if kind is None:
            continue
        if token.ent_start or not runs or runs[-1][1] != kind or runs[-1][0][-1] != i - 1:
            runs.append(([], kind))
        runs[-1][0].append(i)
    names = []
    for indices, kind in runs:
        kept = [i for i in indices if parse.tokens[i].lower not in ("the", "'s", "’s")]
        if kept:
            words = tuple(parse.tokens[i].lower for i in kept)
            names.append(NamedEntity(words, kind, parse.span_text(kept)[2]))
    return tuple(names)


def _dates(parse: Parse) -> tuple[tuple[When, ...], set[int]]:
    """The DATE entities that name a part, and every DATE or TIME token (kept out of the
    numbers). Times are not compared: "10:00 GMT" and "11:00 BST" are one time."""
    spans: list[list[int]] = []
    labels: list[str] = []
    for i, token in enumerate(parse.tokens):
        if token.ent in ("DATE", "TIME"):
            if token.ent_start or not spans or spans[-1][-1] != i - 1:
                spans.append([])
                labels.append(token.ent)
            spans[-1].append(i)
    dates = []
    for span, label in zip(spans, labels, strict=True):
        when = read_when(parse, span)
        if label == "DATE" and when.named and not _SPAN.search(when.text):
            dates.append(when)
    return tuple(dates), {i for span in spans for i in span}


def _subjects(parse: Parse) -> dict[str, frozenset[str]]:
    """Each predicate word (form and lemma) -> the words of its subject, when it has one."""
    out: dict[str, set[str]] = {}
    for i, token in enumerate(parse.tokens):
        for j in parse.children[i]:
            if parse.tokens[j].dep in SUBJECTS:
                subject = {parse.tokens[j].lower}
                subject |= {
                    parse.tokens[k].lower
                    for k in parse.children[j]
                    if parse.tokens[k].dep in ("compound", "amod", "poss")
                }
                for key in (token.lower, token.lemma.lower()):
                    out.setdefault(key, set()).update(subject)
    return {k: frozenset(v) for k, v in out.items()}


def _predicates(parse: Parse) -> tuple[Predicate, ...]:
    """The verbs of a parse other than :data:`UNREAD_VERBS`, each with its denial ("not",
    "never", "no longer", "n't" as its dependents; "not only" is no denial)."""
    tokens, children = parse.tokens, parse.children
    found = []
    for i, token in enumerate(tokens):
        if token.pos != "VERB" or token.lemma.lower() in UNREAD_VERBS:
            continue
        denials = [j for j in children[i] if tokens[j].dep == "neg"]
        denials += [  # "no longer": the "no" hangs from "longer"
            j
            for j in children[i]
            if tokens[j].dep == "advmod" and any(tokens[k].dep == "neg" for k in children[j])
        ]
        aux = [j for j in children[i] if tokens[j].dep in ("aux", "auxpass") and j < i]
        subject = [j for j in children[i] if tokens[j].dep in SUBJECTS]
        subject_words = {
            tokens[k].lower for j in subject for k in parse.subtree(j) if tokens[k].pos != "DET"
        }
        shown = sorted({*aux, *denials, i}) if denials else [i]
        found.append(
            Predicate(
                token.lemma.lower(),
                bool(denials),
                parse.span_text(shown)[2],
                frozenset(subject_words),
                any(tokens[k].pos == "PROPN" for j in subject for k in parse.subtree(j)),
                frozenset(
                    w
                    for k in parse.subtree(i, OTHER_CLAUSES)
                    for w in (tokens[k].lower, tokens[k].lemma.lower())
                ),
            )
        )
    return tuple(found)
