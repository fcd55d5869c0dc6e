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
  one person (a name after a kin noun, "her husband Tom", counts as a second), a person with
  a title or the subject or owner of something, of no title of the other sex: the safe case
  (:mod:`.people`);
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

The work is shared by small modules: :mod:`.heads` (which words head a fact, and which are
cut off), :mod:`.grammar` (what a clause says of itself: denied, hedged, a question),
:mod:`.descriptions` (titles and appositions), :mod:`.people` (who "he" may be) and
:mod:`.fact_text` (the fact's text and the checks that refuse a malformed one); this module
gathers each fact's words.
"""

from __future__ import annotations

from ..frames import HYPOTHETICAL
from ..parsing import Parse
from .descriptions import is_apposition, title_article
from .fact_text import THINGS, Clause, FactWriter
from .grammar import (
    RELATIVE,
    WH_WORDS,
    denied,
    has_subject_or_expletive,
    is_question,
    relative_word,
    trailing_participle,
    verb_end,
)
from .heads import ClauseHeads
from .names import DATE
from .people import People

#: Dependents never part of a fact's words.
DROPPED_LABELS = frozenset({"cc", "mark", "preconj", "intj", "discourse", "meta"})
#: Dependents of a verb read as adjuncts: a fact with and a fact without each.
ADJUNCTS = frozenset({"prep", "npadvmod", "tmod"})
#: Dependents that make a clause a statement without its adjuncts (a passive's "by" agent:
#: "textbooks are being replaced by tablets").
COMPLETING = frozenset({"dobj", "attr", "acomp", "oprd", "ccomp", "xcomp", "agent"})
#: A clause with more adjuncts is kept whole (a list of places, of dates).
MAX_ADJUNCTS = 3


def sentence_clauses(parse: Parse, people: People) -> list[Clause]:
    """The facts of one sentence (see the module docstring). ``people`` holds the persons named
    in the reference before this sentence; it is brought up to date here."""
    reader = _Sentence(parse, people)
    if is_question(parse):
        people.read(parse, reader.names)
        return []  # a question asserts nothing
    found = reader.clauses()
    people.read(parse, reader.names)
    if reader.writer.malformed:  # a fact would tear a word apart or dangle: the sentence whole
        text = parse.text.strip()
        start = parse.text.index(text) if text else 0
        text = text.rstrip(".!?;:").strip()
        return [Clause(text, start, start + len(text), "sentence")] if text else []
    if not found:
        text = parse.text.strip().rstrip(".!?;:").strip()
        return [Clause(text, 0, len(text), "fragment")] if text else []
    return found


class _Sentence(ClauseHeads):
    """The facts of one sentence: each fact's words, and its text by the writer."""

    def __init__(self, parse: Parse, people: People):
        super().__init__(parse)
        self.writer = FactWriter(parse, people, self.names)

    # Which tokens head a fact.

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

    def _clause(self, i: int) -> list[Clause]:
        """The facts of clause ``i``: the clause, or (:meth:`_adjuncts`) its core and the core
        with each of its adjuncts."""
        own = self._own(i)
        prefix: list[int] = []
        inserted: list[int] = []
        after, be = None, ""
        kind = "reported" if self.tokens[i].dep == "ccomp" else "clause"
        relative_head = self._relative_clause_of(i)
        if relative_head is not None:
            kind = "relative"
            relative = relative_word(self.parse, i)
            described = self.tokens[relative_head].head
            if is_apposition(self.parse, self.labels, described):  # "Ri, a diplomat who ...": Ri
                described = self.tokens[described].head
            noun = self._noun_phrase(described)
            if relative is not None:
                own.discard(relative)
            if relative is None or self.tokens[relative].dep == "dobj":
                # "the car he stole", "which police found": the noun after the verb
                inserted, after = noun, verb_end(self.parse, i)
            else:
                prefix = noun
        elif self.tokens[i].dep == "acl":  # "evacuations agreed ...": evacuations were agreed
            noun = self.tokens[i].head
            be = "were" if self.tokens[noun].tag in ("NNS", "NNPS") else "was"
            prefix, kind = self._noun_phrase(noun), "participle"
        elif self.tokens[i].dep == "advcl" and trailing_participle(self.parse, i):
            prefix, kind = self._inherited_subject(i), "participle"
            plural = any(self.tokens[j].tag in ("NNS", "NNPS") for j in prefix)
            be = "were" if plural else "was"
        elif not has_subject_or_expletive(self.parse, i):
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
            clause = self.writer.build(sorted(words), prefix, inserted, kind, after=after, be=be)
            if clause is not None:
                found.append(clause)
        return found

    def _relative_clause_of(self, i: int) -> int | None:
        """The relative clause that clause ``i`` is, or continues with a relative word of its
        own ("The company, which was founded in 1902 and which later moved to London"), or
        None."""
        if self.tokens[i].dep == "relcl":
            return i
        head = self.tokens[i].head
        if self.tokens[i].dep == "conj" and relative_word(self.parse, i) is not None:
            return self._relative_clause_of(head) if head != i else None
        return None

    def _adjuncts(self, i: int) -> list[set[int]]:
        """The adjuncts of clause ``i`` (a preposition's phrase, a date) when it has a core
        without them: "At least 23 people have been killed [in Monguno] [on Sunday]". Not of
        a denied clause ("did not die in the crash" does not say "did not die")."""
        if denied(self.parse, i) or any(self.tokens[k].lower == "never" for k in self.children[i]):
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

    def _titles(self) -> list[Clause]:
        """Each title as a fact: Tim Farron is Liberal Democrat leader."""
        found = []
        for head, roots in self.titles.items():
            title = [j for k in roots for j in self.parse.subtree(k)]
            title = sorted(title + title_article(self.parse, self.titles, head))
            name = [j for j in self._noun_phrase(head) if j not in title]
            clause = self.writer.build(name, [], [], "title", between=title)
            if clause is not None:
                found.append(clause)
        return found

    def _appositions(self) -> list[Clause]:
        """ "Ri Il Kyu, a 52-year-old diplomat": Ri Il Kyu is a 52-year-old diplomat."""
        found = []
        for k, t in enumerate(self.tokens):
            if not is_apposition(self.parse, self.labels, k):
                continue
            holder, described = self._noun_phrase(t.head), self._noun_phrase(k)
            if not holder or not described:
                continue
            clause = self.writer.build(holder, [], [], "apposition", between=described)
            if clause is not None:
                found.append(clause)
        return found

    # Text.
