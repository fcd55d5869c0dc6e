"""Which words of a parsed sentence head a fact of their own: the clauses (a verb with its
subject), the participles, the relative and adverbial clauses, and whether each is cut off from
the clause it hangs from, which it is only where the sentence asserts it (:mod:`.clauses`
gathers each fact's words)."""

from __future__ import annotations

from ..frames import HYPOTHETICAL, under_condition
from ..parsing import Parse
from .descriptions import find_titles, is_apposition, title_article
from .fact_text import THINGS
from .grammar import (
    asks,
    denied,
    has_subject_or_expletive,
    hedged,
    is_question,
    marks,
    relative_word,
    trailing_participle,
)
from .names import DATE, read_names

#: Labels of a token that heads a clause.
CLAUSE_LABELS = frozenset({"ROOT", "conj", "ccomp", "advcl", "relcl", "parataxis"})
#: Dependents that start a fact of their own (when they head a clause).
SPLIT_LABELS = frozenset({"conj", "relcl", "advcl", "parataxis"})
#: Verbs whose reported clause is asserted by the sentence (attribution dropped).
ASSERTING = frozenset(
    "say tell report announce confirm reveal add state explain write note find show admit "
    "acknowledge learn discover know realise realize disclose warn rule insist".split()
)
#: Clauses cut off only where the clause they hang from is asserted.
_ASSERTED_ONLY = frozenset({"advcl", "acl", "conj", "ccomp", "parataxis"})
#: Dependents of a verb that leave it waiting for an object its conjunct has.
_BARE_VERB = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "neg", "cc", "conj", "punct"})


class ClauseHeads:
    """A parsed sentence's clause heads (``heads``), its names (``labels``) and the titles
    before its names (``titles``: name head -> the title's roots), with the rules that say
    which dependent is a fact of its own (:meth:`_split`) and which is left out of the fact it
    hangs from (:meth:`_cut_off`)."""

    def __init__(self, parse: Parse):
        self.parse = parse
        self.tokens = parse.tokens
        self.children = parse.children
        self.names = read_names(parse)
        self._split_known: dict[int, bool] = {}
        self.labels = self.names.labels  # a token's date, region, place or name label, or ""
        self.heads = [i for i in range(len(self.tokens)) if self._heads_clause(i)]
        self.titles = find_titles(parse, self.labels)
        self.title_roots = {k for roots in self.titles.values() for k in roots}
        self.title_roots |= {
            k for head in self.titles for k in title_article(parse, self.titles, head)
        }

    def _heads_clause(self, i: int) -> bool:
        t = self.tokens[i]
        if t.dep == "acl":  # "evacuations agreed as part of a deal": a fact of its own
            return (
                t.tag == "VBN"
                and self.tokens[t.head].pos in ("NOUN", "PROPN")
                and any(self.tokens[k].dep not in ("punct", "cc") for k in self.children[i])
                # "a ruling that the terms should be made public": what the ruling says
                and not has_subject_or_expletive(self.parse, i)
                and not marks(self.parse, i)
            )
        if t.pos not in ("VERB", "AUX") or t.dep not in CLAUSE_LABELS:
            return False
        if t.dep == "conj" and not self._heads_clause(t.head):
            return False  # "tired and hungry": not two clauses
        return any(self.tokens[k].dep not in ("punct", "cc") for k in self.children[i])

    def _split(self, k: int) -> bool:
        """Whether dependent ``k`` (a clause head) is a fact of its own: decided once per
        token, as the rules ask it again of every clause up the tree (unremembered, a long
        sentence of nested clauses took time doubling with each clause)."""
        known = self._split_known.get(k)
        if known is None:
            known = self._split_known[k] = self._decide_split(k)
        return known

    def _decide_split(self, k: int) -> bool:
        t = self.tokens[k]
        if k not in self.heads or under_condition(self.parse, k):
            return False
        if t.dep in _ASSERTED_ONLY and not self._asserted(self._governor(k)):
            return False  # "Smith denied that he shot the guard after he robbed the bank"
        if t.dep == "ccomp":
            return self._reports(t.head) and not asks(self.parse, k)
        if t.dep == "relcl":
            return self._describes_one(k)
        if t.dep == "advcl":
            # A finite adverbial clause has a subject of its own ("after he fled"); one without
            # is the parser's ("Police said the men, having robbed the bank, fled": not police).
            finite = has_subject_or_expletive(self.parse, k)
            return (finite and not marks(self.parse, k) & HYPOTHETICAL) or trailing_participle(
                self.parse, k
            )
        if t.dep == "conj":
            return self._conjunct_stands_alone(k)
        return t.dep in SPLIT_LABELS or t.dep == "acl"

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
            is_question(self.parse)
            or under_condition(self.parse, g)
            or denied(self.parse, g)
            or hedged(self.parse, g)
        )

    def _conjunct_stands_alone(self, k: int) -> bool:
        """Whether the clause joined by "and" (``k``) is a fact of its own: only where the
        clause it joins is ("He denied that he stole the car and sold it": he sold nothing;
        "the town where she was abducted and murdered"), that clause is under no condition
        ("If the bill passes, taxes will rise and jobs will be lost") and has more than a
        subject before an object ``k`` would take from it ("The company hired and trained 300
        workers": not "the company hired")."""
        # That the clause it joins is asserted (not denied, hedged, conditional) was asked
        # first, of every clause cut off (:meth:`_asserted`).
        head = self.tokens[k].head
        if any(self.tokens[j].lower in ("or", "nor") for j in self.children[head]):
            return False  # "He will resign or be sacked": neither is asserted
        if any(
            self.tokens[j].dep == "advcl" and marks(self.parse, j) & HYPOTHETICAL
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
        if relative_word(self.parse, k) is None:
            return False
        noun = self.tokens[k].head
        if self.tokens[noun].pos not in ("NOUN", "PROPN", "PRON", "NUM"):
            return False  # ", which is a criminal offence": of the whole clause, not a thing
        relative = min(self.parse.subtree(k))
        paused = any(
            self.tokens[j].text in (",", "(", "-", "–", "—") for j in range(noun, relative)
        )
        named = self.tokens[noun].pos == "PROPN" and self.labels[noun] not in ("", DATE)
        if is_apposition(
            self.parse, self.labels, noun
        ):  # "Ri, a diplomat who was stationed in Cuba"
            return True
        if named and not paused and self.tokens[relative_word(self.parse, k)].dep == "dobj":
            return False  # "ties with Seoul which the two countries established": not Seoul
        # "a terminally ill man who wants the right to die": whichever man, he wants it
        indefinite = any(
            self.tokens[j].dep == "det" and self.tokens[j].lower in ("a", "an")
            for j in self.children[noun]
        )
        subject = self.tokens[relative_word(self.parse, k)].dep in ("nsubj", "nsubjpass")
        return paused or named or (indefinite and subject)

    def _reports(self, i: int) -> bool:
        """An assertion verb, itself asserted, whose reported clause is the fact."""
        # Not "refused to confirm that", "denied saying that", "expected to announce that": a
        # verb that is no clause of its own is not asserted.
        return self.tokens[i].lemma.lower() in ASSERTING and self._asserted(i)

    def _cut_off(self, k: int) -> bool:
        """Whether dependent ``k`` is left out of the fact it hangs from: a fact of its own
        (a clause, an apposition) or a title before a name."""
        return (
            k in self.title_roots
            or is_apposition(self.parse, self.labels, k)
            or self._split(k)
            or self._gapped(k)
        )

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
