"""One argument of a claim frame against one of a window frame: the same thing, another, one
the window may mean (a pronoun, a name against a noun), or a clash inside the same thing
(another number, date, name, relation word or an opposite modifier)."""

from __future__ import annotations

from ..conflicts import Conflict
from ..frames import Argument, Frame, Name
from ..lexicon import Lexicon
from ..places import packaged_places
from .naming import PERSONAL, find, same_name
from .outcomes import CLASH, DIFFERENT, RESOLVED, SAME, UNKNOWN, Outcome
from .window import Window


class ArgumentMatcher:
    """Matches a claim's arguments with a window's, the window's words at hand."""

    def __init__(self, lexicon: Lexicon, window: Window):
        self.lexicon = lexicon
        self.window = window

    def match(self, a: Argument, b: Argument, w: Frame) -> Outcome:
        """How claim argument ``a`` fares against argument ``b`` of window frame ``w``."""
        lex = self.lexicon
        if a.nobody and b.nobody:
            return Outcome(SAME)
        if a.nobody or b.nobody:
            return Outcome(UNKNOWN, nobody=True)
        if b.pronoun:
            if a.pronoun:
                same = PERSONAL.get(a.lemma, a.lemma) == PERSONAL.get(b.lemma, b.lemma)
                return Outcome(SAME if same else UNKNOWN)
            return Outcome(RESOLVED if self.window.mentioned(a, b) else UNKNOWN)
        if a.pronoun:
            return Outcome(UNKNOWN)
        overlap = any(
            x.place == y.place and same_name(x.words, y.words) for x in a.names for y in b.names
        )
        content_head = lex.same(a.lemma, b.lemma) and not _head_in_quantity(a)
        head_same = (
            content_head
            or (_head_in_quantity(a) and _head_in_quantity(b))
            or (a.role == b.role == "amount" and bool(a.quantities) and bool(b.quantities))
            or (a.role == b.role == "time" and _same_kind_of_date(a, b))
        )
        if a.names and b.names and not overlap:
            # Names in the same place: the arguments' heads (each head inside its name, or
            # the same noun: "his son, Kim" / "his son, Tom"), or the same place beside the
            # same head ("the son of Mary" / "the son of Jane").
            heads = head_same or (_head_in_name(a) and _head_in_name(b))
            rivals = [
                (x, y)
                for x in a.names
                for y in b.names
                if x.place == y.place and x.group == y.group != "unknown" and heads
            ]
            if rivals:
                beside = content_head and rivals[0][0].place != "head"
                return self._name_clash(rivals[0], b, w, anchored=beside)
            return Outcome(DIFFERENT)
        if a.names and not b.names and not (head_same and not _head_in_name(a)):
            return Outcome(UNKNOWN)  # "Arango" / "the striker": perhaps the same
        if b.names and not a.names and not head_same:
            return Outcome(UNKNOWN)
        if overlap or head_same:
            return self._inside(a, b, w, anchored=content_head)
        if lex.other_relation(a.lemma, b.lemma):
            return self._relation_clash(a, b, w)
        if lex.opposite(a.lemma, b.lemma):
            conflict = Conflict("antonym", a.text, b.text, w.sentence, (b.start, b.end))
            return Outcome(CLASH, conflict)
        if a.words and 2 * len(a.words & b.words) >= len(a.words):
            return self._inside(a, b, w, anchored=True)
        return Outcome(DIFFERENT)

    def _inside(self, a: Argument, b: Argument, w: Frame, anchored: bool) -> Outcome:
        """Two arguments about the same thing: do their numbers, dates, relation words and
        comparisons agree? ``anchored``: the two share a content word at their head (the
        same "people"), not only a number or a date."""
        lex = self.lexicon
        if a.lemma != b.lemma and lex.other_relation(a.lemma, b.lemma):
            return self._relation_clash(a, b, w, anchored=anchored)
        for q in a.quantities:
            if q.bound or q.vague:
                continue
            others = [r for r in b.quantities if q.comparable(r) and not r.vague]
            if (
                others
                and not any(q.agrees(r) for r in b.quantities if r.kind == q.kind)
                and not self.window.stated_value(q)
            ):
                r = others[0]
                span = self.window.span_of(w, r.tokens)
                conflict = Conflict("number", q.text, r.text, w.sentence, span)
                return Outcome(CLASH, conflict, anchored=anchored)
        for d in a.dates:
            # Only dates naming the same parts are compared ("Monday" / "8pm": neither).
            others = [e for e in b.dates if d.shares_part(e)]
            if others and not any(d.agrees(e) for e in others) and not self.window.stated_date(d):
                e = others[0]
                span = self.window.span_of(w, e.tokens)
                conflict = Conflict("date", d.text, e.text, w.sentence, span)
                return Outcome(CLASH, conflict, anchored=anchored and a.role != "time")
        for m in sorted(a.modifiers):
            for n in sorted(b.modifiers):
                if lex.opposite(m, n) and m not in b.modifiers and n not in a.modifiers:
                    kind = "comparative" if lex.comparison(m, n) else "antonym"
                    span = find(w.sentence, n, (b.start, b.end))
                    written = w.sentence[span[0] : span[1]]
                    conflict = Conflict(kind, m, written, w.sentence, span)
                    return Outcome(CLASH, conflict, anchored=anchored)
        return Outcome(SAME)

    def _name_clash(
        self, rivals: tuple[Name, Name], b: Argument, w: Frame, anchored: bool
    ) -> Outcome:
        """Another name of the same kind in the claim name's place: a contradiction when the
        claim's name is nowhere in the window (else the parse may have misplaced it).
        ``anchored``: beside the same head ("police in Denver" / "police in Chicago")."""
        claimed, other = rivals
        if any(self.window.has_word(word) for word in claimed.words if len(word) > 2):
            return Outcome(DIFFERENT)
        if packaged_places().related(claimed.text, other.text):
            return Outcome(DIFFERENT)  # "Seoul" for "South Korea": a city in the country
        span = find(w.sentence, other.text, (b.start, b.end))
        conflict = Conflict("name", claimed.text, other.text, w.sentence, span)
        return Outcome(CLASH, conflict, anchored)

    def _relation_clash(
        self, a: Argument, b: Argument, w: Frame, anchored: bool = False
    ) -> Outcome:
        """Another relation word for the same person ("son" for "nephew"): a contradiction
        when the claim's word is nowhere in the window."""
        if a.lemma in self.window.words:
            return Outcome(DIFFERENT)
        span = find(w.sentence, b.lemma, (b.start, b.end))
        conflict = Conflict("relation", a.lemma, b.lemma, w.sentence, span)
        return Outcome(CLASH, conflict, anchored)

    def same_party(self, a: Argument, b: Argument) -> bool:
        """The same thing as the head of each argument names it (a name, or a noun without
        one), never a pronoun: "Hughes" and "Mr Hughes", not "Hughes" and "Hughes's coach"."""
        if a.pronoun or b.pronoun or a.nobody or b.nobody:
            return False
        mine = [n.words for n in a.names if n.place == "head"]
        theirs = [n.words for n in b.names if n.place == "head"]
        if not mine and not theirs:
            return self.lexicon.same(a.lemma, b.lemma)
        # The tagger may see a name in one sentence and not in the next: then the head word.
        mine = mine or [frozenset({a.lemma})]
        theirs = theirs or [frozenset({b.lemma})]
        return any(same_name(x, y) for x in mine for y in theirs)


def _same_kind_of_date(a: Argument, b: Argument) -> bool:
    """Two times that name a part in common (a year, a weekday, an hour...)."""
    return any(d.shares_part(e) for d in a.dates for e in b.dates)


def _head_in_name(a: Argument) -> bool:
    return any(a.lemma in n.words for n in a.names)


def _head_in_quantity(a: Argument) -> bool:
    return any(a.head in q.tokens or a.lemma == "%" for q in a.quantities)
