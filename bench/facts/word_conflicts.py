"""Word-level conflicts: where a window disagrees with a claim in a way one can point at.

The verifier's model reads a claim and a window together, but as a bag of close meanings: it
can read "shares rose" as stating "shares fell", or "arrested in Sydney" as stating "arrested in
Melbourne". The parse comparison (:mod:`bench.facts.structure`) finds such disagreements through
roles, which spaCy's small parser does not always get right; this module finds them from the
words and named entities alone. The window holds, where the claim does not,

* ``antonym``: a word the word lists give as the opposite of one of the claim's ("fell" for
  "rose", "rejected" for "approved"), the claim's own word missing from the window, unless the
  two words have different subjects ("Arsenal lost to Chelsea" states "Chelsea beat Arsenal");
* ``comparative``: a comparison turned round ("fewer" for "more", "after" for "before"), on the
  same condition;
* ``relation``: another relation word of the same kind ("nephew" for "son");
* ``name``: another name of the same kind (spaCy's entities: a person for a person, an
  organisation for an organisation, a place for a place, a nationality for a nationality),
  none of the claim name's words in the window ("Sara Errani lost the match" for "Serena
  Williams lost the match", "arrested in Sydney" for "arrested in Melbourne"). A name is the
  same as one of the claim's when they share a word or its first four letters (Iran /
  Iranian), when one is the other's initials or a word's beginning (EU / European Union, Fed
  / Federal Reserve), or when one is a place within the other ("Seoul" in "South Korea";
  :mod:`bench.facts.name_matching`).
  Two places conflict only when the gazetteer (:mod:`bench.facts.places`) knows both: a
  region it does not list ("Merseyside", "Bavaria") may hold the other. Two nationalities
  conflict only when each names one country and the countries differ ("Iraqi" / "Iranian";
  not British / English, one country, nor Muslim / Sunni, none);
* ``number``: another number counting the same thing (the same noun counted, or money in the
  same currency, or a percentage, "by" not against "to"), none of the window's numbers
  agreeing with the claim's (:mod:`bench.facts.quantities`: "3.5 million" agrees with
  "3,460,000") and the rival agreeing with none of the claim's other numbers ("12 injured"
  is not read against the "three killed" of "three killed and 12 injured");
* ``date``: a date naming the same part (a year, a month, a weekday) with another value;
* ``negation``: the claim's verb denied ("did not find" for "found", "cannot prevent" for "can
  prevent"), or the claim's denial missing ("imagined" for "never imagined"), at every place
  the window uses the verb, the denied clause holding :data:`VALUE_COVERAGE` of the rest of
  the claim and the verb's subject the claim's (a shared word, or a pronoun or common noun:
  "Police did not find the driver, but recovered the car" does not deny "Police found the
  car", nor "Jones did not win" "Smith won"). Forms of "be", "have" and "do" are not read:
  "Reds are not seven points adrift of fourth-placed Man City" does not deny that Man City are
  fourth;

and it holds the rest of the claim: at least :data:`COVERAGE` of the claim's other content
words (lemmas of its nouns, names, verbs, adjectives and numbers), :data:`VALUE_COVERAGE` for a
number or a date (a sentence about another count of the same thing, "five men were arrested"
for "two men were charged", holds most of the claim but not all).

Measured on the challenge set's test split and on true facts (seed references: 435 facts;
PyrXSum: 859 facts annotators found in a system summary; docs/metaeval.md, "Which fact
matcher", has the figures). Any other name, number or negation in a window holding 60% of the
rest of the claim flagged 18 and 20 of those; the tests above flag none of the 435. Words are
compared by their lower-case forms and lemmas from spaCy's parse (the comparison's parser and
cache: each distinct text is parsed once per process; :mod:`bench.facts.word_reading` reads
them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..text import split_sentences
from .conflicts import Conflict
from .frames import PRONOUNS
from .lexicon import GENERAL, Lexicon, packaged_lexicon
from .name_matching import NameMatcher, named_in
from .parsing import Parser, shared_parser
from .quantities import CURRENCY_SIGNS, CURRENCY_WORDS, Quantity
from .word_reading import Amount, TextWords, joined_words, read_words

#: Share of the claim's other content words the window must hold (the lexical matcher's bar
#: for a stated fact).
COVERAGE = 0.6
#: The same for another number or date: most of the rest of the claim.
VALUE_COVERAGE = 0.8
#: The rules' version, for signatures: raise it when a change can change a verdict.
VERSION = 4
#: Words before a number that make it a change rather than a level ("fell by 2%" / "to 4%").
CHANGE_WORDS = frozenset({"by"})
LEVEL_WORDS = frozenset({"to", "from", "at"})


class WordConflicts:
    """Finds opposite words, other names, numbers and dates (batch first)."""

    def __init__(self, lexicon: Lexicon | None = None, parser: Parser | None = None):
        self.lexicon = lexicon or packaged_lexicon()
        self.parser = parser or shared_parser()
        self.names = NameMatcher()

    def find(self, pairs: Sequence[tuple[str, str]]) -> list[Conflict | None]:
        """For each (claim, window): the word conflict, or None.

        Texts are parsed a sentence at a time, as the parse comparison reads them, so the two
        share the parser's cache (a two-sentence window is not parsed again whole)."""
        texts = list(dict.fromkeys(t for pair in pairs for t in pair))
        split = {text: tuple(split_sentences(text)) or (text,) for text in texts}
        sentences = list(dict.fromkeys(s for parts in split.values() for s in parts))
        parses = self.parser.parse(sentences)
        by_sentence = {s: read_words(parse) for s, parse in zip(sentences, parses, strict=True)}
        read = {text: joined_words([by_sentence[s] for s in split[text]]) for text in texts}
        return [self._conflict(read[claim], read[window], window) for claim, window in pairs]

    def _conflict(self, claim: TextWords, window: TextWords, text: str) -> Conflict | None:
        return (
            self._word_conflict(claim, window, text)
            or self._value_conflict(claim, window, text)
            or self._name_conflict(claim, window, text)
            or self._denial(claim, window, text)
        )

    def _word_conflict(self, claim: TextWords, window: TextWords, text: str) -> Conflict | None:
        lexicon = self.lexicon
        for mine in sorted(claim.words - window.words):
            for theirs in sorted(window.words - claim.words):
                if lexicon.opposite(mine, theirs):
                    kind = "comparative" if lexicon.comparison(mine, theirs) else "antonym"
                    if _other_subjects(claim, mine, window, theirs):
                        continue  # "Arsenal lost to Chelsea": the converse, not the opposite
                elif _same_relation_kind(lexicon, mine, theirs):
                    kind = "relation"
                else:
                    continue
                if _rest_held(claim, window, {mine}, COVERAGE):
                    return Conflict(kind, mine, theirs, text)
        return None

    def _value_conflict(self, claim: TextWords, window: TextWords, text: str) -> Conflict | None:
        """Another number or date where the claim has one (the module docstring)."""
        for mine in claim.amounts:
            q = mine.quantity
            if any(q.comparable(r.quantity) and q.agrees(r.quantity) for r in window.amounts):
                continue
            others = [
                r
                for r in window.amounts
                if _same_measure(mine, r)
                and not any(r.quantity.agrees(a.quantity) for a in claim.amounts)
            ]
            if others and _rest_held(claim, window, _value_words(q.text), VALUE_COVERAGE):
                return Conflict("number", _bare(q.text), _bare(others[0].quantity.text), text)
        for d in claim.dates:
            if any(d.shares_part(e) and d.agrees(e) for e in window.dates):
                continue
            others = [
                e
                for e in window.dates
                if d.shares_part(e) and not any(e.agrees(mine) for mine in claim.dates)
            ]
            if others and _rest_held(claim, window, _value_words(d.text), VALUE_COVERAGE):
                return Conflict("date", _bare(d.text), _bare(others[0].text), text)
        return None

    def _name_conflict(self, claim: TextWords, window: TextWords, text: str) -> Conflict | None:
        for name in claim.names:
            if named_in(name.words, window.words):
                continue  # the claim's name is there (in part: "Mr King", "King")
            others = [
                other
                for other in window.names
                if other.kind == name.kind
                and not set(other.words) & claim.words
                and not any(self.names.same(mine, other) for mine in claim.names)
                and self.names.comparable(name, other)
            ]
            if others and _rest_held(claim, window, set(name.words), COVERAGE):
                return Conflict("name", name.text, others[0].text, text)
        return None

    def _denial(self, claim: TextWords, window: TextWords, text: str) -> Conflict | None:
        """The claim's verb denied where the claim asserts it, or asserted where the claim
        denies it, everywhere the window uses it (the module docstring)."""
        for mine in claim.predicates:
            uses = [p for p in window.predicates if p.lemma == mine.lemma]
            own = [p for p in claim.predicates if p.lemma == mine.lemma]
            if not uses or any(p.denied == q.denied for p in uses for q in own):
                continue  # said both ways in one of the two ("said he prefers not to say")
            rest = claim.content - mine.subject - {mine.lemma}
            for theirs in uses:
                if theirs.named_subject and mine.subject and not mine.subject & theirs.subject:
                    continue  # "Jones did not win" says nothing of "Smith won"
                if not rest and not mine.subject & theirs.subject:
                    continue  # "He died": nothing else to tie the two together
                if rest and len(rest & theirs.clause) / len(rest) < VALUE_COVERAGE:
                    continue
                return Conflict("negation", mine.written, theirs.written, text)
        return None


def _rest_held(claim: TextWords, window: TextWords, own: Iterable[str], bar: float) -> bool:
    """The window holds ``bar`` of the claim's content words other than ``own``."""
    rest = claim.content - set(own)
    return not rest or len(rest & window.words) / len(rest) >= bar


def _other_subjects(claim: TextWords, mine: str, window: TextWords, theirs: str) -> bool:
    """The two predicates have subjects, and no word in common between them. A pronoun is
    someone else only when the claim's subject is named in the window too: "They lost the
    grant" denies "The scientists won the grant", but "Chelsea beat them" may be the converse
    of "Arsenal lost to Chelsea" said of someone named before."""
    a, b = claim.subjects.get(mine), window.subjects.get(theirs)
    if not (a and b) or a & b:
        return False
    return not (b <= PRONOUNS and not a & window.words)


def _value_words(text: str) -> set[str]:
    return {w.strip(".,;:") for w in text.lower().split()}


def _bare(text: str) -> str:
    """A value as written, without the sentence's punctuation after it."""
    return text.rstrip(".,;:!?")


def _currency(q: Quantity) -> str:
    """The currency of a sum of money, from its sign or word ("" when not written)."""
    text = q.text.lower()
    for sign in sorted(CURRENCY_SIGNS, key=len, reverse=True):
        if sign in text:
            return sign
    words = set(re.findall(r"[a-z]+", text))
    for word in sorted(CURRENCY_WORDS):
        if word in words or word + "s" in words:
            return word
    return ""


def _same_measure(mine: Amount, other: Amount) -> bool:
    """Two numbers that count the same thing: a unit named on both sides and the same
    ("12 people" / "15 people"), sums in the same currency, or percentages; both a change or
    both a level ("fell by 2%" does not rival "fell to 4%"). A bare number says too little
    ("Radio 1" against "Sound of 2017"; "the second coach" against "a third title")."""
    q, r = mine.quantity, other.quantity
    if q.kind != r.kind:
        return False
    if {mine.before, other.before} & CHANGE_WORDS and {mine.before, other.before} & LEVEL_WORDS:
        return False
    if q.kind == "money":
        return _currency(q) == _currency(r)
    if q.kind == "percent":
        return not q.unit or not r.unit or q.unit == r.unit
    return bool(q.unit) and q.unit == r.unit


def _same_relation_kind(lexicon: Lexicon, mine: str, theirs: str) -> bool:
    kind = lexicon.relation_kind(mine)
    return kind not in (None, GENERAL) and kind == lexicon.relation_kind(theirs)
