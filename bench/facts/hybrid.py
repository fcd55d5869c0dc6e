"""Combine fact matchers: a weighted mean of their scores, one threshold.

For example lexical (exact numbers, names, negations) with embedding (paraphrase). A claim is
contradicted when any member finds it contradicted; the evidence is that of the member with the
highest score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from ..plugin import PluginArgs
from ..validation import located
from .matcher import ClaimVerdict, FactMatcher, MatchTask, Verdict


class MemberSpec(BaseModel):
    """One member of a hybrid matcher: a matcher entry and its weight in the mean."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: str
    args: dict[str, Any] = Field(default_factory=dict)
    weight: float = Field(1.0, gt=0)


class HybridArgs(PluginArgs):
    """Settings of the hybrid matcher: its members (lexical and embedding by default) and the
    threshold on their weighted mean score."""

    members: tuple[MemberSpec, ...] = Field(
        (MemberSpec(type="lexical"), MemberSpec(type="embedding")), min_length=1
    )
    # Calibrated on PyrXSum's human SCU labels for the default members (balanced acc. 0.779).
    threshold: float = Field(0.44, ge=0, le=1, description="weighted mean score for 'present'")

    not_in_key: ClassVar[Mapping[str, str]] = {
        "members": "keyed by each member's own key and weight (key_inputs)",
    }


class HybridMatcher(FactMatcher):
    """Weighted mean of several matchers' scores (default: lexical + embedding)."""

    name = "hybrid"
    Args = HybridArgs
    args: HybridArgs

    @cached_property
    def members(self) -> list[tuple[FactMatcher, float]]:
        """The member matchers, built from their settings, with their weights."""
        return self._build_members("matcher.args")

    def _build_members(
        self, where: str, file: str | None = None
    ) -> list[tuple[FactMatcher, float]]:
        from .registry import MATCHERS

        built = []
        for i, spec in enumerate(self.args.members):
            cls = MATCHERS.get(spec.type, where=located(file, f"{where}.members[{i}].type"))
            member = cls.from_config(spec.args, file=file, where=f"{where}.members[{i}].args")
            member.check_settings(f"{where}.members[{i}].args", file=file)
            built.append((member, spec.weight))
        return built

    def check_settings(self, where: str, *, file: str | None = None) -> None:
        """Build every member, refusing an unknown type or bad settings under ``where``."""
        self.__dict__["members"] = self._build_members(where, file)  # the cached property, once

    def key_inputs(self) -> dict[str, Any]:
        """Each member's cache key, with its weight."""
        return {"members": [[m.cache_key(), w] for m, w in self.members]}

    def loads_model(self) -> bool:
        """Whether any member loads one."""
        return any(m.loads_model() for m, _ in self.members)

    def warm_up(self) -> None:
        """Warm up every member."""
        for member, _ in self.members:
            member.warm_up()

    def signature(self) -> str:
        """The threshold, and each member's signature with its weight."""
        parts = ",".join(f"{m.signature().replace('|', ';')}*{w:g}" for m, w in self.members)
        return f"matcher:hybrid|thr:{self.args.threshold:g}|members:{parts}"

    def match(self, tasks: Sequence[MatchTask]) -> list[list[ClaimVerdict]]:
        """Every member judges the tasks; :meth:`combine` makes one verdict per claim."""
        return self.combine(tasks, [m.match(tasks) for m, _ in self.members])

    def combine(
        self, tasks: Sequence[MatchTask], outputs: Sequence[list[list[ClaimVerdict]]]
    ) -> list[list[ClaimVerdict]]:
        """The hybrid's verdicts from its members' verdicts on ``tasks`` (one list per member,
        in :attr:`members` order): a caller that already has them (meta-evaluation runs
        every default matcher) need not match again."""
        total = sum(w for _, w in self.members)
        results = []
        for t, task in enumerate(tasks):
            verdicts = []
            for c, claim in enumerate(task.claims):
                member_verdicts = [out[t][c] for out in outputs]
                score = (
                    sum(
                        v.confidence * w
                        for v, (_, w) in zip(member_verdicts, self.members, strict=True)
                    )
                    / total
                )
                best = max(member_verdicts, key=lambda v: v.confidence)
                if any(v.verdict is Verdict.CONTRADICTED for v in member_verdicts):
                    contradicted = next(
                        v for v in member_verdicts if v.verdict is Verdict.CONTRADICTED
                    )
                    verdicts.append(
                        ClaimVerdict(claim.id, Verdict.CONTRADICTED, score, contradicted.evidence)
                    )
                    continue
                verdict = Verdict.PRESENT if score >= self.args.threshold else Verdict.ABSENT
                verdicts.append(ClaimVerdict(claim.id, verdict, score, best.evidence))
            results.append(verdicts)
        return results
