"""Fact checking of summaries: which checklist facts a summary states or contradicts."""

from .matcher import Claim, ClaimVerdict, FactMatcher, MatchTask, Verdict

__all__ = ["Claim", "ClaimVerdict", "FactMatcher", "MatchTask", "Verdict"]
