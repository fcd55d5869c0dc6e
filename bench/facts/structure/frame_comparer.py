"""One claim frame against one window frame: whether the window frame states the claim's, tells
of another event, or contradicts it (a swap of roles, a clash in one argument, the predicate
denied or turned around), and how much of the claim frame it states."""

from __future__ import annotations

from ..conflicts import Conflict
from ..frames import Argument, Frame
from ..lexicon import Lexicon
from .argument_matcher import ArgumentMatcher
from .naming import find, parties
from .outcomes import (
    ABSENT,
    CLASH,
    DIFFERENT,
    LOOSE,
    RANK,
    RESOLVED,
    SAME,
    STATED,
    UNKNOWN,
    FrameReading,
    Outcome,
)
from .window import Window

#: Credit for a claim argument the window names only by a pronoun it cannot resolve.
UNRESOLVED_CREDIT = 0.5


class FrameComparer:
    """Compares a claim's frames with one window's, one pair of frames at a time."""

    def __init__(self, lexicon: Lexicon, window: Window):
        self.lexicon = lexicon
        self.window = window
        self.arguments = ArgumentMatcher(lexicon, window)

    def reading(self, c: Frame, w: Frame, sentence: str) -> FrameReading | None:
        """Claim frame ``c`` against window frame ``w`` (of window sentence ``sentence``); None
        when their predicates are neither the same, synonyms nor opposites."""
        lex = self.lexicon
        if lex.same(c.predicate, w.predicate):
            opposite = False
        elif lex.opposite(c.predicate, w.predicate) or lex.opposite(c.word.lower(), w.word.lower()):
            opposite = True
        else:
            return None
        flipped = c.negated != w.negated
        asserted = c.asserted and w.asserted
        if self._crossed(c, w) and not c.copula:
            crossed = self._crossed_reading(c, w, sentence, opposite, flipped, asserted)
            if crossed is not None:
                return crossed
        return self._argument_reading(c, w, sentence, opposite, flipped, asserted)

    def _crossed_reading(
        self, c: Frame, w: Frame, sentence: str, opposite: bool, flipped: bool, asserted: bool
    ) -> FrameReading | None:
        """The claim's two parties the other way round in the window: the same fact said by
        the opposite predicate, or a swap; None: neither (a symmetric predicate, "met", or
        a frame not asserted), left to the arguments."""
        stated = len(c.args)
        if opposite:  # "Hull beat Leeds" / "Leeds lost to Hull": the same fact
            if flipped and asserted:
                return self._negation(c, w, sentence, float(stated), stated)
            return FrameReading(1.0 + stated, not flipped, (), stated, sentence)
        if asserted and not {c.predicate, w.predicate} & self.lexicon.symmetric:
            conflict = Conflict("swap", c.text, w.text, sentence, (w.start, w.end))
            return FrameReading(float(stated), False, (conflict,), stated, sentence)
        return None

    def _argument_reading(
        self, c: Frame, w: Frame, sentence: str, opposite: bool, flipped: bool, asserted: bool
    ) -> FrameReading:
        """The two frames argument by argument: another event, the same fact, or a
        contradiction (a clash inside one argument, or the predicate denied or turned
        around) when the window states the rest of the claim's frame."""
        lex = self.lexicon
        paired = self._pair(c, w)
        outcomes = [o for _, o in paired]
        credit, stated = _tally(outcomes)
        clashes = [o for o in outcomes if o.state == CLASH]
        if any(o.state == DIFFERENT for o in outcomes) or len(clashes) > 1:
            return FrameReading(credit, False, (), stated, sentence)  # another event
        # The rest of the claim must be stated around the predicate: every other argument
        # (a "nobody" stands for anyone), one of them the same thing, not a pronoun's guess,
        # unless the clash is inside an argument the two share ("12 people" / "15 people").
        rest = [(a, o) for a, o in paired if o.state != CLASH]
        told = all(o.state in STATED or o.nobody for _, o in rest)
        anchored = any(o.state == SAME for _, o in rest) or any(o.anchored for o in clashes)
        if clashes:
            conflict = clashes[0].conflict
            if (
                opposite
                or flipped
                or not asserted
                or not told
                or not anchored
                or conflict is None
                or (conflict.kind == "name" and not clashes[0].anchored and not _specific(rest))
                or (conflict.kind == "name" and c.predicate == "age")  # two people, one age
            ):
                return FrameReading(credit, False, (), stated, sentence)
            return FrameReading(credit, False, (conflict,), stated, sentence)
        if not any(o.state in (SAME, RESOLVED) for o in outcomes):
            return FrameReading(credit, False, (), stated, sentence)
        if opposite == flipped:  # the same, or "did not win" for "lost"
            return FrameReading(1.0 + credit, True, (), stated, sentence)
        if not anchored:
            return FrameReading(credit, False, (), stated, sentence)
        # A predicate denied or turned around: only when the window names each of the claim's
        # parties (for "be", each of its arguments; "it was not an accident" says nothing of
        # "Hughes is No 8"), and neither says it of a clause ("refused to say if ...").
        core = set(map(id, parties(c))) if not c.copula else {id(a) for a in c.args}
        named = all(o.state in (SAME, RESOLVED) or o.nobody for a, o in paired if id(a) in core)
        if not (asserted and told and named) or c.clausal or w.clausal:
            return FrameReading(credit, False, (), stated, sentence)
        if flipped:
            return self._negation(c, w, sentence, credit, stated)
        kind = (
            "comparative"
            if c.comparative or w.comparative or lex.comparison(c.word.lower(), w.word.lower())
            else "antonym"
        )
        conflict = Conflict(kind, c.word, w.word, sentence, _span(w, sentence, w.word))
        return FrameReading(credit, False, (conflict,), stated, sentence)

    def _negation(self, c: Frame, w: Frame, sentence: str, credit: float, stated: int):
        """A contradiction by denial: the window's denying words ("not", "No one",
        "failed"), or where the claim's denial is missing, the window's clause."""
        if w.negated:
            span = (w.denials[0][0], w.denials[-1][1])
            words = " ... ".join(sentence[a:b] for a, b in w.denials)
        else:
            span = (w.start, w.end)
            words = sentence[w.start : w.end]
        conflict = Conflict("negation", c.text, words, sentence, span)
        return FrameReading(credit, False, (conflict,), stated, sentence)

    def _pair(self, c: Frame, w: Frame) -> list[tuple[Argument, Outcome]]:
        """Each of the claim frame's arguments, with how it fares in the window frame."""
        outcomes = []
        c_core, w_core = parties(c), parties(w)
        roles = self._copula_roles(c, w) if c.copula and w.copula else {}
        for a in c.args:
            if a.role in roles:
                candidates = w.roles(roles[a.role])
            elif a is c_core[1] and w_core[1] is not None:
                candidates = [w_core[1]]
            else:
                candidates = w.roles(a.role)
                turned = self._turned(a, w)
                if turned is not None and not any(
                    self.arguments.match(a, b, w).state == SAME for b in candidates
                ):
                    outcomes.append((a, turned))
                    continue
            if candidates:
                outcome = max(
                    (self.arguments.match(a, b, w) for b in candidates), key=lambda o: RANK[o.state]
                )
            else:
                outcome = Outcome(LOOSE if self.window.in_clause(a, w) else ABSENT)
            outcomes.append((a, outcome))
        return outcomes

    def _copula_roles(self, c: Frame, w: Frame) -> dict[str, str]:
        """ "X is Y" and "Y is X" say the same: the window's subject and attribute in the
        claim's order or the other way round, whichever matches better (each used once)."""
        match = self.arguments.match

        def fit(mine: str, theirs: str) -> int:
            return max(
                (RANK[match(a, b, w).state] for a in c.roles(mine) for b in w.roles(theirs)),
                default=0,
            )

        straight = fit("subj", "subj") + fit("attr", "attr")
        crossed = fit("subj", "attr") + fit("attr", "subj")
        if crossed > straight:
            return {"subj": "attr", "attr": "subj"}
        return {"subj": "subj", "attr": "attr"}

    def _turned(self, a: Argument, w: Frame) -> Outcome | None:
        """A comparison clash when the window has the claim's "before X" as "after X"."""
        if not a.role.startswith("prep:"):
            return None
        word = a.role[5:]
        for b in w.args:
            other = b.role[5:] if b.role.startswith("prep:") else ""
            same = other and self.lexicon.comparison(word, other)
            if same and self.arguments.match(a, b, w).state == SAME:
                span = find(w.sentence, other, (w.start, w.end))
                conflict = Conflict("comparative", word, other, w.sentence, span)
                return Outcome(CLASH, conflict, anchored=True)
        return None

    def _crossed(self, c: Frame, w: Frame) -> bool:
        """Whether the claim's two parties are the window's the other way round (each the
        same thing by its head or its name, not a pronoun)."""
        (cs, co), (ws, wo) = parties(c), parties(w)
        if cs is None or co is None or ws is None or wo is None:
            return False
        same = self.arguments.same_party
        if same(cs, co) or not (same(cs, wo) and same(co, ws)):
            return False
        return not (same(cs, ws) or same(co, wo))


def _tally(outcomes: list[Outcome]) -> tuple[float, int]:
    """The credit a window frame earns for the claim frame's arguments (a pronoun it cannot
    resolve earns part of one), and how many of them it states."""
    credit = sum(
        1.0 if o.state in STATED else UNRESOLVED_CREDIT if o.state == UNKNOWN else 0.0
        for o in outcomes
    )
    return credit, sum(o.state in STATED for o in outcomes)


def _specific(rest: list[tuple[Argument, Outcome]]) -> bool:
    """Whether the rest of a claim the window states pins down one event: two arguments, or
    one with a name, a number or a date ("hit the net" does not: two players can)."""
    stated = [a for a, o in rest if o.state in STATED]
    return len(stated) >= 2 or any(a.names or a.quantities or a.dates for a in stated)


def _span(w: Frame, sentence: str, word: str) -> tuple[int, int]:
    return find(sentence, word, (w.start, w.end))
