"""A claim cut from a source sentence: its main clause, for the sources that have no
human-written units (SummaC's articles).

"Carlos Colina, 32, will be arraigned on April 14, the district attorney said." -> "Carlos
Colina will be arraigned on April 14." What is cut never changes what the rest states:

* a comma-delimited aside: an apposition, a non-restrictive relative clause, an age
  (", who was 32,", ", the club's captain,");
* a closing or opening reporting frame (", police said", "according to X");
* an adverbial clause after a comma whose link keeps the main clause true ("after",
  "as", "because", "while", "when", "although", a participle: ", killing three"); a
  condition ("if", "unless") is never cut, and the sentence is left whole then;
* a second clause joined by "and"/"but" with a subject of its own;
* a linking word at the start ("However,", "But").

Sentences that make a poor standalone claim are refused: a question, a quotation, a first-
or second-person voice, a pronoun or "there" as the subject, too short or too long.
"""

from __future__ import annotations

import re
from typing import Any

from .analysis import content
from .edits import capitalize

#: Links of an adverbial clause that may be cut: the main clause stays true without them.
_CUTTABLE_MARKS = frozenset({
    "after", "as", "because", "since", "while", "when", "although", "though", "whilst",
    "before", "once",
})
#: Words a claim does not start with.
_LINKING = frozenset({
    "however", "but", "and", "meanwhile", "separately", "also", "so", "yet", "still",
    "instead", "now", "then", "indeed", "nevertheless", "moreover", "furthermore",
})
_REPORTING = frozenset({"say", "tell", "add", "report", "confirm", "announce", "state",
                        "claim", "explain", "write"})
#: Words that make a subject negative ("no one", "not a single", "neither").
_NEGATIVE = frozenset({"no", "not", "none", "neither", "nobody", "nothing", "never"})
_PERSONAL = frozenset({"i", "me", "my", "mine", "we", "us", "our", "ours", "you", "your",
                       "yours", "myself", "ourselves", "yourself"})
_BAD_CHARACTERS = re.compile(r"[\"“”‘’()\[\]:;?!@#*/|]|--| [-–] |\.\.|http|www\.")
#: Words of a claim, at least and at most, and content words at least.
MIN_WORDS, MAX_WORDS, MIN_CONTENT = 5, 30, 3


#: A live report's score line ("Second Half ends, Gateshead 2, Wrexham 1.").
SCORE_LINE = re.compile(r"[A-Z][\w'.-]* \d+, [A-Z][\w' .-]* \d+\b|"
                        r"\b(?:Half|Match) (?:ends|begins)\b")


def sentence_is_usable(text: str) -> bool:
    """Whether ``text`` reads as one plain declarative sentence of news prose (a capital at
    the start, a full stop at the end, no quotation, no list or headline punctuation, not a
    live report's score line)."""
    if not text[:1].isupper() or not text.endswith(".") or text.endswith((" .", "..")):
        return False
    if SCORE_LINE.search(text):
        return False
    if _BAD_CHARACTERS.search(text[:-1]) or "'" in text.replace("'s ", "").replace("s' ", ""):
        return False
    words = text.split()
    return MIN_WORDS <= len(words) <= 60


class _Refused(Exception):
    """The sentence gives no safe claim."""


def _subtree_with_commas(token: Any, subject: Any) -> set[int]:
    """``token``'s subtree and the commas that set it off: both inside a clause ("X, 32,
    said" -> "X said", "paid £5m for X, 22, in May" -> "paid £5m for X in May"); only the
    one before it where the comma after it closes an opening phrase ("After the match,
    speaking to the BBC, X said" -> "After the match, X said") or opens a clause that
    follows (", saying ...", ", and ..."); the one after it at the start ("Speaking to the
    BBC, X said" -> "X said")."""
    tokens = list(token.subtree)
    indices = {t.i for t in tokens}
    doc = token.doc
    first, last = tokens[0].i, tokens[-1].i
    before = first > 0 and doc[first - 1].text == ","
    after = last + 1 < len(doc) and doc[last + 1].text == ","
    if before:
        indices.add(first - 1)
    if after and not before:
        indices.add(last + 1)
    elif after:
        following = doc[last + 2] if last + 2 < len(doc) else None
        if following is None:
            raise _Refused
        if following.i != subject.left_edge.i and following.tag_ != "VBG" and \
                following.pos_ not in ("CCONJ", "SCONJ"):
            indices.add(last + 1)
    return indices


def _comma_delimited(token: Any) -> bool:
    """Whether ``token``'s subtree is set off by a comma before it (or starts the
    sentence and has one after it) and ends at a comma or the final full stop."""
    tokens = list(token.subtree)
    doc = token.doc
    first, last = tokens[0].i, tokens[-1].i
    if last - first + 1 != len(tokens):
        return False
    before = doc[first - 1].text if first > 0 else ""
    after = doc[last + 1].text if last + 1 < len(doc) else ""
    if before == ",":
        return after in (",", ".")
    return first == 0 and after == ","


def _cut(root: Any, subject: Any, sentence: Any) -> set[int] | None:
    """The token indices to cut, or ``None`` when the sentence should not give a claim."""
    cut: set[int] = set()
    for child in root.children:
        dep = child.dep_
        if dep == "advcl":
            marks = [c.lower_ for c in child.children if c.dep_ == "mark"]
            participle = not marks and child.tag_ in ("VBG", "VBN")
            if not _comma_delimited(child):
                continue
            if (marks and marks[0] in _CUTTABLE_MARKS) or participle:
                cut |= _subtree_with_commas(child, subject)
            else:
                return None  # "if", "unless", "until": the main clause is not said outright
        elif dep in ("parataxis", "ccomp") and child.i > root.i and child.lemma_ in \
                _REPORTING and _comma_delimited(child):
            cut |= _subtree_with_commas(child, subject)  # "X did Y, police said."
        elif dep == "conj" and child.pos_ in ("VERB", "AUX") and any(
                c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
            conjunctions = [c for c in root.children if c.dep_ == "cc" and c.i < child.i
                            and c.i > root.i]
            tokens = list(child.subtree)
            if tokens[-1].i != len(sentence) - 2 or not conjunctions:
                return None
            start = conjunctions[-1].i
            if sentence[start - 1].text == ",":
                start -= 1
            cut |= set(range(start, tokens[-1].i + 1))
        elif dep in ("advmod", "cc", "intj") and child.i == 0 and child.lower_ in _LINKING:
            cut.add(0)
            if len(sentence) > 1 and sentence[1].text == ",":
                cut.add(1)
        elif dep == "prep" and child.lower_ == "according" and _comma_delimited(child):
            cut |= _subtree_with_commas(child, subject)
    for token in sentence:
        if token.i not in cut and _aside(token):
            cut |= _subtree_with_commas(token, subject)
    return cut


_WH = frozenset({"who", "whom", "whose", "which", "where"})


def _aside(token: Any) -> bool:
    """Whether ``token`` heads a comma-delimited aside on a noun that can go: a relative
    clause (", who was 32,"), or an apposition, age or participle on a name (", the club's
    captain,", ", 32,", ", based in Leeds,"). Items of a list ("assault, simple assault,
    and threats") are not asides."""
    if token.dep_ not in ("appos", "relcl", "acl", "amod", "npadvmod") or \
            token.head.pos_ not in ("PROPN", "NOUN") or not _comma_delimited(token):
        return False
    tokens = list(token.subtree)
    if tokens[0].i <= token.head.i or any(t.dep_ in ("cc", "conj") for t in tokens):
        return False
    if token.dep_ == "relcl":
        return tokens[0].lower_ in _WH
    return token.head.pos_ == "PROPN"


def _comma_splits_subject(kept: list[Any], subject: Any, root: Any) -> bool:
    """Whether an odd number of commas is left between the subject and its verb ("Plans to
    X, have been cut", "Ann Lee, of Leeds is"): an aside was only half cut, or the sentence
    was odd to begin with."""
    verb = min({root.i} | {c.i for c in root.children if c.dep_ in ("aux", "auxpass")})
    start = subject.left_edge.i
    return sum(1 for t in kept if start <= t.i < verb and t.text == ",") % 2 == 1


def main_verb(sentence: Any) -> Any | None:
    """The verb of the clause a claim is cut from: the root, or what a closing reporting
    frame reports ("The firm will close, the owners said." -> "close")."""
    roots = [t for t in sentence if t.dep_ == "ROOT"]
    if len(roots) != 1 or roots[0].pos_ not in ("VERB", "AUX"):
        return None
    root = roots[0]
    if root.lemma_ in _REPORTING:
        for child in root.children:
            if child.dep_ == "ccomp" and child.i < root.i and child.left_edge.i == 0 and \
                    sentence[child.right_edge.i + 1].text == "," and child.pos_ in ("VERB",
                                                                                    "AUX"):
                return child
    return root


def claim_from(sentence: Any) -> str | None:
    """The main clause of a parsed sentence as a claim, or ``None`` when the sentence does
    not give a safe one."""
    text = sentence.text
    if not sentence_is_usable(text):
        return None
    root = main_verb(sentence)
    if root is None:
        return None
    # A closing reporting frame goes: "X will close, the owners said." -> "X will close."
    frame = set() if root.dep_ == "ROOT" else {
        t.i for t in sentence if t.i > root.right_edge.i and t.i != len(sentence) - 1}
    if any(t.lower_ in _PERSONAL for t in sentence):
        return None
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    if len(subjects) != 1 or subjects[0].pos_ in ("PRON", "DET") or \
            subjects[0].lower_ in ("there", "it", "this", "that") or subjects[0].i > root.i:
        return None  # "He said", "There were", "No thanks, some fans said"
    if sentence[0].dep_ == "mark" or any(c.dep_ == "parataxis" for c in root.children
                                         if c.lemma_ not in _REPORTING):
        return None  # "Because X is Y." "X was in May, the next is in June."
    if any(t.lower_ in _NEGATIVE for t in subjects[0].subtree):
        return None  # "Not a single X is Y": negating it again would not read
    if root.lemma_ in _REPORTING and not any(c.dep_ in ("ccomp", "xcomp") for c in
                                             root.children):
        return None  # "Nicholson told BBC Radio Devon." says nothing on its own
    try:
        cut = _cut(root, subjects[0], sentence)
    except _Refused:
        return None
    if cut is None or root.i in cut or subjects[0].i in cut:
        return None
    cut |= frame
    kept = [t for t in sentence if t.i not in cut]
    if _comma_splits_subject(kept, subjects[0], root):
        return None
    pieces = []
    for before, token in zip([None, *kept], kept, strict=False):
        if before is not None:
            # Across a cut, the space that ended the cut words: "Marwan, who ..., was".
            pieces.append(before.whitespace_ if token.i == before.i + 1
                          else sentence[token.i - 1].whitespace_)
        pieces.append(token.text)
    claim = "".join(pieces).strip()
    claim = re.sub(r"\s+", " ", claim)
    claim = re.sub(r"\s+([,.])", r"\1", claim)
    claim = re.sub(r",+\.$", ".", claim)
    claim = claim.lstrip(", ")
    if not claim.endswith("."):
        claim += "." if kept[-1].text != "." else ""
    claim = capitalize(claim)
    words = claim.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS or claim.count(",") > 2:
        return None
    if sum(content(t) for t in kept) < MIN_CONTENT:
        return None  # "The timing is interesting, too."
    return claim


def keeps_its_frame(sentence: Any, claim: Any) -> bool:
    """Whether the parsed ``claim`` still reads as the sentence's main clause: one root,
    the same verb, the same subject word. A cut that left a run-on ("in Tampa Fernandez
    steered") parses differently and is dropped."""
    def frame(doc: Any) -> tuple[str, str] | None:
        verb = main_verb(doc)
        if verb is None:
            return None
        subjects = [c.text for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        return (verb.lemma_, subjects[0]) if len(subjects) == 1 else None

    found = frame(claim)
    return found is not None and found == frame(sentence)
