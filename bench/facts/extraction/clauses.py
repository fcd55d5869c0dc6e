"""Atomic facts from one parsed sentence: a clause, and each of its adjuncts, a fact.

A reference sentence usually says several things: "Ri Il Kyu, a 52-year-old diplomat who was
stationed in Cuba, defected and fled to South Korea in November, officials said." A person
writing a fact checklist would note that Ri defected, that he fled to South Korea, that he did
so in November, that he is a 52-year-old diplomat and that he was stationed in Cuba. This
module makes those cuts on spaCy's dependency parse (:mod:`bench.facts.parsing`):

* each clause is a fact: a predicate (a verb, or "be" with what it says), its subject and its
  arguments, with the words that hang from them; a clause with adjuncts (a preposition's
  phrase, a date) gives one fact per adjunct, the clause's core with it, and the core alone
  when it says something on its own (it has an object, an attribute, a clause or a passive's
  agent): "The firm cut 300 jobs" and "The firm cut 300 jobs in March" (not in a denied
  clause: "did not die in the crash" does not say "did not die");
* clauses joined by "and" (verbs in conjunction), relative clauses that tell more of one thing
  ("Ri, who was stationed in Cuba", "a man who wants the right to die"; not "people who have
  never been divorced can ...", which picks out which), finite adverbial clauses ("after he
  fled"), participles after a noun ("a bomb confiscated by vigilantes") or after the verb ("has
  appeared in court charged over a stabbing": the man was charged), appositions ("Ri, a
  diplomat") and titles before a name ("Liberal Democrat leader Tim Farron") are cut off as
  facts of their own; a clause without a subject takes its governor's ("Ri defected and fled":
  "Ri fled"), a relative clause the noun it describes, an apposition or a title becomes "X is
  Y"; an adverbial clause, a participle or a clause joined by "and" is cut off only where
  the clause it hangs from is asserted: not denied ("not", "never", "nor", "No one ..."),
  hedged ("may have", "allegedly"), conditional or itself inside another ("Smith denied that
  he shot the guard after he robbed the bank" is one fact), and a clause joined by "and" not
  when the two verbs share an object ("hired and trained 300 workers") nor by "or";
* what an assertion verb reports ("officials said [Ri defected]") is the fact, the attribution
  dropped, when the verb is itself asserted (not "refused to confirm that", "denied saying
  that", "falsely said that", "No one has confirmed that"); a clause under "deny", "if",
  "whether", a question, a denial, a modal ("could confirm that") or asked indirectly ("could
  explain why ...") stays inside its governor's fact, "if" included, so that nothing is stated
  that the sentence does not assert ("He denied that he stole the car" is one fact, never "he
  stole the car");
* a subject "he" or "she" becomes the person's name when the reference so far names exactly
  one person (a name after a kin noun, "her husband Tom", counts as a second): the safe case;
* a sentence with no clause (a headline fragment, a list) is one fact as it stands, and so
  is a sentence whose parse would give a fact that tears a written word apart ("have re-
  Ignacio Scocco", from "re-signed" read as three words) or ends on a word waiting for more
  ("in the town where she was abducted and"); a fact needs two content words, one of them a
  thing (not "he said").

Text is rebuilt from the sentence's own tokens, in their order, with the sentence's spacing
where they were adjacent; only the subject taken from elsewhere and the "is" (or "was") of an
apposition, a title or a participle are put in. The parser makes mistakes this module cannot
see ("which" attached to the nearest noun), so an extracted checklist is a draft: `summbench
facts extract` writes it out for a person to read and edit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..frames import HYPOTHETICAL, under_condition
from ..parsing import Parse
from .names import DATE, ORG, REGION, Names, looks_like_person, read_names

#: Labels of a token that heads a clause.
CLAUSE_LABELS = frozenset({"ROOT", "conj", "ccomp", "advcl", "relcl", "parataxis"})
#: Dependents that start a fact of their own (when they head a clause).
SPLIT_LABELS = frozenset({"conj", "relcl", "advcl", "parataxis"})
#: Dependents never part of a fact's words.
DROPPED_LABELS = frozenset({"cc", "mark", "preconj", "intj", "discourse", "meta"})
#: Verbs whose reported clause is asserted by the sentence (attribution dropped).
ASSERTING = frozenset(
    "say tell report announce confirm reveal add state explain write note find show admit "
    "acknowledge learn discover know realise realize disclose warn rule insist".split()
)
#: Dependents of a verb read as adjuncts: a fact with and a fact without each.
ADJUNCTS = frozenset({"prep", "npadvmod", "tmod"})
#: Dependents that make a clause a statement without its adjuncts (a passive's "by" agent:
#: "textbooks are being replaced by tablets").
COMPLETING = frozenset({"dobj", "attr", "acomp", "oprd", "ccomp", "xcomp", "agent"})
#: Words that open an indirect question ("explain why ..."), which asserts nothing.
WH_WORDS = frozenset("why how what who whom whose which when where whether if".split())
#: Modals that put a report in doubt ("could explain that ...").
HEDGES = frozenset("could may might would should".split())
#: Adverbs that do the same ("allegedly stabbed a guard and escaped").
DOUBTING = frozenset("allegedly reportedly possibly probably apparently falsely wrongly".split())
#: Subjects that deny what their verb says ("No one has confirmed that ...").
NOBODY = frozenset("nobody none nothing neither".split())
#: What is left of a dateline glued to the first word: "(CNN)More than 500" -> "CNN)More".
_DATELINE = re.compile(r"^[A-Z][\w.-]*\)\s*")
#: Clauses cut off only where the clause they hang from is asserted.
_ASSERTED_ONLY = frozenset({"advcl", "acl", "conj", "ccomp", "parataxis"})
#: A clause with more adjuncts is kept whole (a list of places, of dates).
MAX_ADJUNCTS = 3
#: Relative words that stand for the noun a relative clause describes.
RELATIVE = frozenset({"who", "whom", "which", "that"})
#: Subjects replaced by the person's name when the reference names exactly one.
PERSONAL = frozenset({"he", "she"})
#: Parts of speech that carry content: a fact needs two, one of them a thing (:data:`THINGS`).
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
THINGS = frozenset({"NOUN", "PROPN", "NUM"})
#: Participles that say how to read their clause, not what its subject underwent.
_READING_PARTICIPLES = frozenset("compare base give include accord add adjust measure".split())
#: Dependents of a verb that leave it waiting for an object its conjunct has.
_BARE_VERB = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "neg", "cc", "conj", "punct"})
#: Punctuation never kept: a fact is cut from its quotation or its brackets.
_UNPAIRED = frozenset("()[]\"“”‘’`'") | {"''", "``"}


@dataclass(frozen=True)
class Clause:
    """One fact of a sentence: its text, the character span of its own words in the sentence
    and what made it: ``clause``, ``reported`` (what an assertion verb reports), ``relative``,
    ``participle`` ("a bomb confiscated by vigilantes"), ``apposition``, ``title`` ("Liberal
    Democrat leader Tim Farron"), ``fragment`` (a sentence with no clause) or ``sentence`` (a
    sentence kept whole because its parse would give a malformed fact)."""

    text: str
    start: int
    end: int
    kind: str


class People:
    """The names a reference has given so far that may be a person's (:mod:`.names`), each
    by the words of its name and its fullest form ("Ri Il Kyu", then "Ri": one person), and
    whether it reads as a person's (two words or more, or a title before it)."""

    def __init__(self) -> None:
        self.names: dict[frozenset[str], tuple[str, bool]] = {}

    def read(self, parse: Parse, names: Names, before: int | None = None) -> None:
        """Add the people the sentence names (before token ``before``)."""
        for run in names.people():
            if before is None or run[-1] < before:
                words = frozenset(parse.tokens[j].lower for j in run if parse.tokens[j].text != "-")
                # "Farron" after "Tim Farron": one person
                self._add(words, parse.span_text(run)[2], looks_like_person(parse, run))

    def _add(self, words: frozenset[str], written: str, person: bool) -> None:
        for known in list(self.names):
            if words <= known:
                text, was = self.names[known]
                self.names[known] = (text, was or person)  # "Farron", after "Tim Farron"
                return
            if known < words:  # "Ri", then "Ri Il Kyu": the fuller form
                person = person or self.names.pop(known)[1]
        self.names[words] = (written, person)

    def only(self) -> str | None:
        """The one name that reads as a person's, or None (nobody, or two: "he" could be
        either: "Police arrested Mary Jones. Her husband Tom ..."). A single word without a
        title or a kin noun before it ("Liverpool", "Apple") is passed over."""
        people = [written for written, person in self.names.values() if person]
        return people[0] if len(people) == 1 else None

    def with_sentence(self, parse: Parse, names: Names, before: int) -> People:
        """These people and those the sentence names before token ``before``."""
        both = People()
        both.names = dict(self.names)
        both.read(parse, names, before)
        return both


def sentence_clauses(parse: Parse, people: People) -> list[Clause]:
    """The facts of one sentence (see the module docstring). ``people`` holds the persons named
    in the reference before this sentence; it is brought up to date here."""
    reader = _Sentence(parse, people)
    if reader.question():
        people.read(parse, reader.names)
        return []  # a question asserts nothing
    found = reader.clauses()
    people.read(parse, reader.names)
    if reader.malformed:  # the parse cut a word apart or left one dangling: the sentence whole
        text = parse.text.strip()
        start = parse.text.index(text) if text else 0
        text = text.rstrip(".!?;:").strip()
        return [Clause(text, start, start + len(text), "sentence")] if text else []
    if not found:
        text = parse.text.strip().rstrip(".!?;:").strip()
        return [Clause(text, 0, len(text), "fragment")] if text else []
    return found


class _Sentence:
    def __init__(self, parse: Parse, people: People):
        self.parse = parse
        self.tokens = parse.tokens
        self.children = parse.children
        self.people = people
        self.names = read_names(parse)
        self.labels = self.names.labels  # a token's date, region, place or name label, or ""
        self.heads = [i for i in range(len(self.tokens)) if self._heads_clause(i)]
        self.titles = self._find_titles()  # name head -> the title's roots before it
        self.title_roots = {k for roots in self.titles.values() for k in roots}
        self.title_roots |= {k for head in self.titles for k in self._title_article(head)}
        #: A fact's words tore a word apart or left one dangling: the parse is not to be
        #: trusted, and the sentence is kept whole (:func:`sentence_clauses`).
        self.malformed = False

    # Which tokens head a fact.

    def _heads_clause(self, i: int) -> bool:
        t = self.tokens[i]
        if t.dep == "acl":  # "evacuations agreed as part of a deal": a fact of its own
            return (
                t.tag == "VBN"
                and self.tokens[t.head].pos in ("NOUN", "PROPN")
                and any(self.tokens[k].dep not in ("punct", "cc") for k in self.children[i])
                # "a ruling that the terms should be made public": what the ruling says
                and not self._has_subject(i)
                and not self._marks(i)
            )
        if t.pos not in ("VERB", "AUX") or t.dep not in CLAUSE_LABELS:
            return False
        if t.dep == "conj" and not self._heads_clause(t.head):
            return False  # "tired and hungry": not two clauses
        return any(self.tokens[k].dep not in ("punct", "cc") for k in self.children[i])

    def _split(self, k: int) -> bool:
        """Whether dependent ``k`` (a clause head) is a fact of its own."""
        t = self.tokens[k]
        if k not in self.heads or under_condition(self.parse, k):
            return False
        if t.dep in _ASSERTED_ONLY and not self._asserted(self._governor(k)):
            return False  # "Smith denied that he shot the guard after he robbed the bank"
        if t.dep == "ccomp":
            return self._reports(t.head) and not self._asks(k)
        if t.dep == "relcl":
            return self._describes_one(k)
        if t.dep == "advcl":
            # A finite adverbial clause has a subject of its own ("after he fled"); one without
            # is the parser's ("Police said the men, having robbed the bank, fled": not police).
            finite = self._has_subject(k)
            return (finite and not self._marks(k) & HYPOTHETICAL) or self._trailing_participle(k)
        if t.dep == "conj":
            return self._conjunct_stands_alone(k)
        return t.dep in SPLIT_LABELS or t.dep == "acl"

    def _trailing_participle(self, k: int) -> bool:
        """ "A man has appeared in court charged over a stabbing": a passive participle after
        its verb, with no word of its own before it, says a thing of the subject (the man was
        charged); not "compared with", "based on" and the like, which say how to read it."""
        t = self.tokens[k]
        return (
            t.tag == "VBN"
            and k > t.head
            and not self._marks(k)
            and not self._has_subject(k)
            and min(self.parse.subtree(k)) == k
            and t.lemma.lower() not in _READING_PARTICIPLES
        )

    def _governor(self, k: int) -> int:
        """The clause head that clause ``k`` hangs from (the root when none is nearer)."""
        j = self.tokens[k].head
        while j != self.tokens[j].head and j not in self.heads:
            j = self.tokens[j].head
        return j

    def _asserted(self, g: int) -> bool:
        """Whether clause ``g`` is asserted by the sentence, so that what hangs from it may be:
        the root or a clause cut off as a fact of its own, not denied, hedged ("may have
        fallen asleep and missed the runway"), conditional ("If convicted, he would be the
        first senator jailed") or under "no one", "falsely" and the like."""
        t = self.tokens[g]
        if t.dep != "ROOT" and not (g in self.heads and self._split(g)):
            return False
        return not (
            self.question() or under_condition(self.parse, g) or self._denied(g) or self._hedged(g)
        )

    def _marks(self, k: int) -> set[str]:
        return {self.tokens[j].lower for j in self.children[k] if self.tokens[j].dep == "mark"}

    def _conjunct_stands_alone(self, k: int) -> bool:
        """Whether the clause joined by "and" (``k``) is a fact of its own: only where the
        clause it joins is ("He denied that he stole the car and sold it": he sold nothing;
        "the town where she was abducted and murdered"), that clause is under no condition
        ("If the bill passes, taxes will rise and jobs will be lost") and has more than a
        subject before an object ``k`` would take from it ("The company hired and trained 300
        workers": not "the company hired")."""
        head = self.tokens[k].head
        if self.tokens[head].dep != "ROOT" and not self._split(head):
            return False
        if any(self.tokens[j].lower in ("or", "nor") for j in self.children[head]):
            return False  # "He will resign or be sacked": neither is asserted
        if self._hedged(head) or self._denied(head):
            return False  # "may have fallen asleep and missed", "did not sack ..., nor did it"
        if any(
            self.tokens[j].dep == "advcl" and self._marks(j) & HYPOTHETICAL
            for j in self.children[head]
        ):
            return False
        bare = all(self.tokens[j].dep in _BARE_VERB for j in self.children[head])
        return not (bare and any(self.tokens[j].dep == "dobj" for j in self.children[k]))

    def _describes_one(self, k: int) -> bool:
        """A relative clause that tells more of one thing ("Ri Il Kyu, who was stationed in
        Cuba"), not one that picks out which ("people who have never been divorced can ...",
        "the house in which he lived"): after a comma or a name, with "who", "which" or
        "that" as its subject or object."""
        if self._relative_word(k) is None:
            return False
        noun = self.tokens[k].head
        if self.tokens[noun].pos not in ("NOUN", "PROPN", "PRON", "NUM"):
            return False  # ", which is a criminal offence": of the whole clause, not a thing
        relative = min(self.parse.subtree(k))
        paused = any(
            self.tokens[j].text in (",", "(", "-", "–", "—") for j in range(noun, relative)
        )
        named = self.tokens[noun].pos == "PROPN" and self.labels[noun] not in ("", DATE)
        if self._apposition(noun):  # "Ri, a diplomat who was stationed in Cuba"
            return True
        if named and not paused and self.tokens[self._relative_word(k)].dep == "dobj":
            return False  # "ties with Seoul which the two countries established": not Seoul
        # "a terminally ill man who wants the right to die": whichever man, he wants it
        indefinite = any(
            self.tokens[j].dep == "det" and self.tokens[j].lower in ("a", "an")
            for j in self.children[noun]
        )
        subject = self.tokens[self._relative_word(k)].dep in ("nsubj", "nsubjpass")
        return paused or named or (indefinite and subject)

    def _reports(self, i: int) -> bool:
        """An assertion verb, itself asserted, whose reported clause is the fact."""
        t = self.tokens[i]
        if t.lemma.lower() not in ASSERTING or self._denied(i) or self.question():
            return False
        if self._hedged(i):
            return False
        if t.dep != "ROOT" and not (i in self.heads and t.dep in CLAUSE_LABELS and self._split(i)):
            return False  # "refused to confirm that", "denied saying that", "expected to announce"
        return not any(
            self.tokens[j].dep == "mark" and self.tokens[j].lower in HYPOTHETICAL
            for j in self.children[i]
        )

    def _asks(self, k: int) -> bool:
        """Whether clause ``k`` is an indirect question ("could explain why some birds are
        declining", "told how he fled"): what it asks is not asserted."""
        first = min(self.parse.subtree(k))
        return self.tokens[first].lower in WH_WORDS

    def _hedged(self, i: int) -> bool:
        """ "Competition could explain that ...", "allegedly stabbed": a modal or an adverb
        puts the clause in doubt."""
        return any(
            (self.tokens[k].dep == "aux" and self.tokens[k].lower in HEDGES)
            or (self.tokens[k].dep == "advmod" and self.tokens[k].lower in DOUBTING)
            for k in self.children[i]
        )

    def _denied(self, i: int) -> bool:
        """A "not", "never" or "nor" on the verb, or a subject that is nobody ("No one has
        confirmed that ...")."""
        for k in self.children[i]:
            t = self.tokens[k]
            if t.dep == "neg" or t.lower in ("never", "nor"):
                return True
            if t.dep in ("nsubj", "nsubjpass") and (
                t.lower in NOBODY or any(self.tokens[d].lower == "no" for d in self.children[k])
            ):
                return True
        return False

    def question(self) -> bool:
        return self.parse.text.rstrip().rstrip("'\"’”)").endswith("?")

    def _has_subject(self, i: int) -> bool:
        return any(self.tokens[k].dep in ("nsubj", "nsubjpass", "expl") for k in self.children[i])

    def _relative_word(self, i: int) -> int | None:
        for k in self.children[i]:
            t = self.tokens[k]
            if t.lower in RELATIVE and t.dep in ("nsubj", "nsubjpass", "dobj"):
                return k
        return None

    # The facts.

    def clauses(self) -> list[Clause]:
        found: list[Clause] = []
        for i in self.heads:
            if self._part_of_governor(i):
                continue
            found += self._clause(i)
        found += self._appositions() + self._titles()
        seen, unique = set(), []
        for c in found:
            if c.text.lower() not in seen:
                seen.add(c.text.lower())
                unique.append(c)
        return unique

    def _part_of_governor(self, i: int) -> bool:
        """A clause kept inside its governor's fact, or a reporting verb whose only content
        is the report ("officials said")."""
        t = self.tokens[i]
        if t.dep != "ROOT" and not self._split(i):
            return True
        reported = [k for k in self.children[i] if self.tokens[k].dep == "ccomp"]
        if reported and all(self._split(k) for k in reported):
            subjects = [k for k in self.children[i] if self.tokens[k].dep in ("nsubj", "nsubjpass")]
            rest = self._own(i) - {j for k in subjects for j in self.parse.subtree(k)}
            return not any(self.tokens[j].pos in THINGS and self.labels[j] != DATE for j in rest)
        return False

    def _own(self, i: int) -> set[int]:
        """Clause ``i``'s words: its subtree without the clauses cut off, appositions,
        dropped labels and separating punctuation."""
        out, todo = set(), [i]
        while todo:
            j = todo.pop()
            out.add(j)
            joined_cut = any(
                self.tokens[k].dep == "conj" and self._cut_off(k) for k in self.children[j]
            )
            for k in self.children[j]:
                dep = self.tokens[k].dep
                if dep == "cc" and not joined_cut:
                    pass  # "Prices rose and fell": the "and" of words kept together
                elif dep == "mark" and self.tokens[k].lower in HYPOTHETICAL:
                    pass  # "If convicted, he faces 20 years": the condition stays
                elif j == i and dep == "advmod" and self._opens_cut_clause(i, k):
                    continue  # "[when] it blocked the light": the clause without its "when"
                elif (j == i and dep in DROPPED_LABELS) or self._cut_off(k):
                    continue  # the clause's own "after"; an apposition; another fact
                todo.append(k)
        return out

    def _opens_cut_clause(self, i: int, k: int) -> bool:
        """Whether ``k`` is the "when" or "where" that opens adverbial clause ``i`` cut off
        as a fact of its own."""
        return (
            self.tokens[i].dep == "advcl"
            and self.tokens[k].lower in WH_WORDS
            and k == min(self.parse.subtree(i))
        )

    def _end(self, k: int) -> int:
        return self.tokens[k].idx + len(self.tokens[k].text)

    def _clause(self, i: int) -> list[Clause]:
        """The facts of clause ``i``: the clause, or (:meth:`_adjuncts`) its core and the core
        with each of its adjuncts."""
        own = self._own(i)
        prefix: list[int] = []
        inserted: list[int] = []
        after, be = None, ""
        kind = "reported" if self.tokens[i].dep == "ccomp" else "clause"
        if self.tokens[i].dep == "relcl":
            kind = "relative"
            relative = self._relative_word(i)
            described = self.tokens[i].head
            if self._apposition(described):  # "Ri, a diplomat who ...": Ri
                described = self.tokens[described].head
            noun = self._noun_phrase(described)
            if relative is not None:
                own.discard(relative)
            if relative is None or self.tokens[relative].dep == "dobj":
                # "the car he stole", "which police found": the noun after the verb
                inserted, after = noun, self._verb_end(i)
            else:
                prefix = noun
        elif self.tokens[i].dep == "acl":  # "evacuations agreed ...": evacuations were agreed
            noun = self.tokens[i].head
            be = "were" if self.tokens[noun].tag in ("NNS", "NNPS") else "was"
            prefix, kind = self._noun_phrase(noun), "participle"
        elif self.tokens[i].dep == "advcl" and self._trailing_participle(i):
            prefix, kind = self._inherited_subject(i), "participle"
            plural = any(self.tokens[j].tag in ("NNS", "NNPS") for j in prefix)
            be = "were" if plural else "was"
        elif not self._has_subject(i):
            prefix = self._inherited_subject(i)
            own |= self._inherited_auxiliaries(i)
        variants = [own]
        adjuncts = self._adjuncts(i)
        if adjuncts:
            core = own - {j for a in adjuncts for j in a}
            variants = [core | a for a in adjuncts]
            if self._complete(i):
                variants.insert(0, core)
        found = []
        for words in variants:
            clause = self._build(sorted(words), prefix, inserted, kind, after=after, be=be)
            if clause is not None:
                found.append(clause)
        return found

    def _adjuncts(self, i: int) -> list[set[int]]:
        """The adjuncts of clause ``i`` (a preposition's phrase, a date) when it has a core
        without them: "At least 23 people have been killed [in Monguno] [on Sunday]". Not of
        a denied clause ("did not die in the crash" does not say "did not die")."""
        if self._denied(i) or any(self.tokens[k].lower == "never" for k in self.children[i]):
            return []
        found = []
        for k in self.children[i]:
            if self.tokens[k].dep not in ADJUNCTS or self._cut_off(k):
                continue
            words = set(self.parse.subtree(k)) - {j for c in self._cut_children(k) for j in c}
            dated = any(self.labels[j] == DATE for j in words)
            if self.tokens[k].dep != "prep" and not dated:
                continue  # "fell 12 percent": the amount is the clause's own
            if any(self.tokens[j].pos == "NUM" and self.labels[j] != DATE for j in words):
                continue  # "fell by 12 percent", "sold for $5m": the same
            if any(self.tokens[j].pos in THINGS for j in words):
                found.append(words)
        return found if found and len(found) <= MAX_ADJUNCTS else []

    def _complete(self, i: int) -> bool:
        """Whether clause ``i`` says something without its adjuncts: it has an object, an
        attribute or a clause ("Leicester signed Genge" from Bristol). Not "the bout comes"
        (at the perfect time), nor a passive ("Ri was stationed" in Cuba); "forces are
        putting the public" (at risk) gets through."""
        return any(self.tokens[k].dep in COMPLETING for k in self.children[i])

    def _cut_children(self, k: int) -> list[list[int]]:
        """The subtrees under ``k`` that are facts of their own (left out of its phrase)."""
        return [self.parse.subtree(j) for j in self.parse.subtree(k) if j != k and self._cut_off(j)]

    def _inherited_subject(self, i: int) -> list[int]:
        """The subject of the clause a subjectless one depends on ("Ri defected and fled")."""
        seen = set()
        while i not in seen and self.tokens[i].dep in ("conj", "advcl", "xcomp"):
            seen.add(i)
            i = self.tokens[i].head
            subject = self._subject_tokens(i)
            if subject:
                return subject
        return []

    def _subject_tokens(self, i: int) -> list[int]:
        for k in self.children[i]:
            if self.tokens[k].dep in ("nsubj", "nsubjpass"):
                if self.tokens[i].dep == "relcl" and self.tokens[k].lower in RELATIVE:
                    return self._noun_phrase(self.tokens[i].head)
                return self._noun_phrase(k)
        return []

    def _inherited_auxiliaries(self, i: int) -> set[int]:
        """ "was arrested and charged": the "was" of "arrested" for "charged"."""
        t = self.tokens[i]
        if t.dep != "conj" or t.tag not in ("VBN", "VB", "VBG"):
            return set()
        if any(self.tokens[k].dep in ("aux", "auxpass") for k in self.children[i]):
            return set()
        head = t.head
        return {k for k in self.children[head] if self.tokens[k].dep in ("aux", "auxpass", "neg")}

    def _noun_phrase(self, k: int) -> list[int]:
        """A noun with its own words: without the clauses and appositions that are facts of
        their own, nor the other nouns of an "and"; with a clause that picks out which ("people
        who have never been divorced")."""
        out, todo = set(), [k]
        while todo:
            j = todo.pop()
            out.add(j)
            for c in self.children[j]:
                if (j == k and self.tokens[c].dep in ("cc", "conj")) or self._cut_off(c):
                    continue
                todo.append(c)
        return sorted(out)

    def _cut_off(self, k: int) -> bool:
        """Whether dependent ``k`` is left out of the fact it hangs from: a fact of its own
        (a clause, an apposition) or a title before a name."""
        return k in self.title_roots or self._apposition(k) or self._split(k) or self._gapped(k)

    def _gapped(self, k: int) -> bool:
        """ "Three people have been killed and at least 62 others wounded": a noun joined to a
        verb is a clause without its verb, whose own fact is the participle under it."""
        t = self.tokens[k]
        return (
            t.dep == "conj"
            and t.pos in THINGS
            and self.tokens[t.head].pos in ("VERB", "AUX")
            and any(self._split(j) for j in self.children[k])
        )

    def _find_titles(self) -> dict[int, list[int]]:
        """ "Liberal Democrat leader Tim Farron": the modifiers before a name that are not
        part of it and hold a word that names no entity (a title, a role)."""
        t, found = self.tokens, {}
        for head, token in enumerate(t):
            label = self.labels[head]
            if token.pos != "PROPN" or label in ("", DATE) or token.dep == "compound":
                continue
            if label == ORG and token.text.isupper():
                continue  # "obese MP", "central-west NSW": not a name with a title
            start = head
            while start > 0 and self.labels[start - 1] == label and t[start - 1].head == head:
                start -= 1  # the name's own words ("Tim" of "Tim Farron")
            roots = [
                k
                for k in self.children[head]
                if k < start and t[k].dep in ("compound", "amod", "nmod")
            ]
            words = [j for k in roots for j in self.parse.subtree(k)]
            if (
                words
                and max(words) == start - 1
                and any(t[j].pos == "NOUN" and not self.labels[j] for j in words)
            ):
                found[head] = roots
        return found

    def _title_article(self, head: int) -> list[int]:
        """ "the Kenyan capital Nairobi": "the" goes with the title (Nairobi is the Kenyan
        capital; in Nairobi)."""
        first = min(j for k in self.titles[head] for j in self.parse.subtree(k))
        return [
            k for k in self.children[head] if k < first and self.tokens[k].dep in ("det", "predet")
        ]

    def _titles(self) -> list[Clause]:
        """Each title as a fact: Tim Farron is Liberal Democrat leader."""
        found = []
        for head, roots in self.titles.items():
            title = [j for k in roots for j in self.parse.subtree(k)]
            title = sorted(title + self._title_article(head))
            name = [j for j in self._noun_phrase(head) if j not in title]
            clause = self._build(name, [], [], "title", between=title)
            if clause is not None:
                found.append(clause)
        return found

    def _apposition(self, k: int) -> bool:
        """Whether ``k`` is an apposition that is a fact of its own ("Ri, a diplomat"); not a
        place's ("Sarasota, Florida": where, not what)."""
        t = self.tokens[k]
        if t.dep != "appos" or t.head == k:
            return False
        if self.labels[t.head] == DATE:  # "in February, a setback for ...": not what February is
            return False
        if self.labels[k] == REGION and self.labels[t.head]:
            return False  # "Sarasota, Florida": where, not what
        phrase = self.parse.subtree(k)
        if not any(self.tokens[j].text in (",", "(", "-", "–", "—") for j in range(t.head, k)):
            return False  # "champion Nadal": no pause, a title, not an apposition
        if any(self.tokens[c].dep in ("conj", "cc") for c in self.children[k]):
            return False  # "the regime, a poor evaluation of his work and ...": a list
        after = [j for j in range(max(phrase) + 1, len(self.tokens))]
        # "... relations in February, a setback for Pyongyang.": the whole clause described
        return any(self.tokens[j].pos != "PUNCT" for j in after)

    def _appositions(self) -> list[Clause]:
        """ "Ri Il Kyu, a 52-year-old diplomat": Ri Il Kyu is a 52-year-old diplomat."""
        found = []
        for k, t in enumerate(self.tokens):
            if not self._apposition(k):
                continue
            holder, described = self._noun_phrase(t.head), self._noun_phrase(k)
            if not holder or not described:
                continue
            clause = self._build(holder, [], [], "apposition", between=described)
            if clause is not None:
                found.append(clause)
        return found

    # Text.

    def _verb_end(self, i: int) -> int:
        """The last token of the verb group headed by ``i`` (its particle: "set up")."""
        return max([i, *(k for k in self.children[i] if self.tokens[k].dep == "prt")])

    def _build(
        self,
        own: Sequence[int],
        prefix: Sequence[int],
        inserted: Sequence[int],
        kind: str,
        between: Sequence[int] = (),
        after: int | None = None,
        be: str = "",
    ) -> Clause | None:
        """The fact's text: ``prefix`` (a subject from elsewhere), the clause's own words with
        ``inserted`` (the noun of an object relative) after token ``after``, and for an
        apposition "is" and what it says."""
        body = [j for j in own if j not in set(prefix) | set(inserted)]
        if not body:
            return None
        pieces = []
        if prefix:
            pieces += [self._text(prefix), be]
        if inserted and after is not None:
            pieces += [self._text(j for j in body if j <= after), self._text(inserted)]
            pieces.append(self._text(j for j in body if j > after))
        else:
            pieces.append(self._text(body))
        if between:
            pieces += ["is", self._text(between)]
        used = [*prefix, *body, *between, *inserted]
        if kind != "fragment" and not self._checkable(used):
            return None  # "he said", "he was quoted as saying": nothing to check
        ends = (
            [*prefix, *body, *inserted, *between]
            if not (inserted and after is not None)
            else [*prefix, *body, *inserted]
        )
        if self._torn(set(used)) or self._dangling(
            [j for j in ends if self.tokens[j].pos != "PUNCT"]
        ):
            self.malformed = True
            return None
        text = " ".join(" ".join(p for p in pieces if p).split())  # one space between words
        text = self._named(text, prefix or body)
        text = _DATELINE.sub("", text).strip(" ,;:-–—").strip()
        if not text:
            return None
        words = [j for j in [*body, *between] if self.tokens[j].pos != "PUNCT"] or list(body)
        start, end, _ = self.parse.span_text(words)
        return Clause(text[0].upper() + text[1:], start, end, kind)

    def _torn(self, used: set[int]) -> bool:
        """Whether the words tear one written word apart: "have re- Ignacio Scocco" when the
        parser read "re-signed" as three words in two phrases."""
        for j in used:
            for n in (j - 1, j + 1):
                if (
                    0 <= n < len(self.tokens)
                    and n not in used
                    and self._glued(min(j, n))
                    and _wordlike(self.tokens[j].text)
                    and _wordlike(self.tokens[n].text)
                ):
                    return True
        return False

    def _glued(self, j: int) -> bool:
        """Whether tokens ``j`` and ``j + 1`` are written without a space between them."""
        return self._end(j) == self.tokens[j + 1].idx

    def _dangling(self, words: Sequence[int]) -> bool:
        """Whether a fact (its words in the order written) starts with "and" or ends on a
        word that waits for another: "in the town April Jones was abducted and"."""
        if not words:
            return False
        first, last = self.tokens[words[0]], self.tokens[words[-1]]
        return first.pos == "CCONJ" or (
            last.dep in ("cc", "prep", "det", "mark", "preconj", "poss")
            and last.pos in ("CCONJ", "ADP", "DET", "SCONJ", "PRON")
        )

    def _checkable(self, used: Sequence[int]) -> bool:
        """Two content words, one of them a noun, a name or a number that is not a date
        ("South Korea's spy agency confirmed on Tuesday" is checkable; "confirmed on Tuesday"
        is not)."""
        t = self.tokens
        content = [j for j in used if t[j].pos in CONTENT_POS]
        things = [j for j in content if t[j].pos in THINGS and self.labels[j] != DATE]
        person = (
            t[used[0]].lower in PERSONAL
            and self.people.with_sentence(self.parse, self.names, used[0]).only() is not None
        )
        return len(content) + person >= 2 and bool(things or person)

    def _named(self, text: str, first: Sequence[int]) -> str:
        """A leading "he" or "she" as the one person the reference has named."""
        t = self.tokens[first[0]]
        person = self.people.with_sentence(self.parse, self.names, first[0]).only()
        glued = first[0] + 1 < len(self.tokens) and self.tokens[first[0] + 1].idx == self._end(
            first[0]
        )
        if t.lower in PERSONAL and t.tag == "PRP" and person and not glued:
            return person + text[len(t.text) :]
        return text

    def _text(self, indices: Iterable[int]) -> str:
        """The words in sentence order, with the sentence's spacing where adjacent; a
        punctuation mark only between two kept words ("52-year-old", "Hull, Leeds and York"),
        never a quotation mark or a bracket."""
        chosen = set(indices)
        indices = [
            j
            for j in sorted(chosen)
            if self.tokens[j].pos != "PUNCT"
            or (
                j - 1 in chosen
                and j + 1 in chosen
                and self.tokens[j].text not in _UNPAIRED
                and self.tokens[j + 1].pos != "PUNCT"
            )
        ]
        out = []
        for n, j in enumerate(indices):
            t = self.tokens[j]
            if n and indices[n - 1] == j - 1:
                out.append(self.parse.text[self._end(j - 1) : t.idx])
            elif n and (j == 0 or self._end(j - 1) < t.idx or t.pos != "PUNCT"):
                out.append(" ")  # a gap; none before punctuation that was written glued
            out.append(t.text)
        return "".join(out).strip()


def _wordlike(text: str) -> bool:
    """A piece of a written word: letters or digits, a hyphen, an apostrophe's "'s"."""
    return any(c.isalnum() for c in text) or text in ("-", "'", "’")
