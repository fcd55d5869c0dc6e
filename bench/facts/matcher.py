"""The interface every fact matcher implements (lexical now; embedding, NLI, LLM later)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import ClassVar

from ..plugin import JudgingPlugin


class Verdict(str, Enum):
    """What a summary does with a claim."""

    PRESENT = "present"
    ABSENT = "absent"
    CONTRADICTED = "contradicted"


@dataclass(frozen=True)
class Claim:
    """A statement to look for in a summary: a checklist fact or a false-claim probe.

    ``keys`` must all appear; at least one of ``any_of`` must appear when it is non-empty
    (a probe's cues). Matchers that understand meaning may ignore both.
    """

    id: str
    text: str
    keys: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    #: Indices into :attr:`MatchTask.references` of the references that state the claim (a
    #: checklist fact's ``references``); None when not known (any reference may).
    references: tuple[int, ...] | None = None


@dataclass(frozen=True)
class MatchTask:
    """One summary and the claims to judge against it.

    ``source`` is the summarized document, for matchers that use it (idf weights, for one);
    ``references`` the reference summaries the claims were written from, for matchers that
    compare the summary with a reference's own wording of a fact.
    """

    summary: str
    claims: tuple[Claim, ...]
    aliases: tuple[tuple[str, ...], ...] = ()
    source: str = ""
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimVerdict:
    """The verdict on one claim, the matcher's score, and the summary text behind it.

    ``confidence`` is the matcher's score (0..1) that the claim is stated, before its threshold:
    the verdict is ``present`` when it reaches the threshold (unless the claim is contradicted).
    Meta-evaluation calibrates thresholds on these scores and averages them into a soft
    pyramid score.
    """

    claim_id: str
    verdict: Verdict
    confidence: float
    evidence: str


class FactMatcher(JudgingPlugin):
    """Judges claims against summaries, in batches (the lifecycle is
    :class:`bench.plugin.JudgingPlugin`'s)."""

    #: Whether ``confidence`` is a probability that the claim is stated (a calibrated model),
    #: rather than a similarity. The checklist then leads with the expected fact recall (the
    #: mean probability), which needs no threshold.
    calibrated: ClassVar[bool] = False

    def fit(self, sources: Sequence[str]) -> None:
        """See every source document of the dataset once (for corpus statistics, as idf;
        see :class:`bench.plugin.JudgingPlugin`)."""

    def match(self, tasks: Sequence[MatchTask]) -> list[list[ClaimVerdict]]:
        """One list of verdicts per task, in the order of its claims."""
        raise NotImplementedError

    def signature(self) -> str:
        """Every setting that can change a verdict."""
        raise NotImplementedError
