"""Which systems are ranked, and on which examples, when some failed: the one rule.

Ranked systems are compared on the examples every one of them completed (the common set): the
ranking, their means, intervals and paired tests all stand on those examples, so two systems
are always compared on the same texts, which a paired test needs. A failure is not scored as a
worst value: "worst" is undefined for unbounded or lower-is-better columns (contradictions,
words).

One system that failed often would shrink everyone's evaluation, so while the common set holds
fewer than :data:`KEEP` of the examples that the most complete real system completed, the
systems that completed the fewest are listed apart, unranked, with means over the examples
they did complete. Ties are set apart together (no order by name decides who stays), and the
systems that completed the most are never set apart. With no failures every system is ranked
on every example, exactly as before the rule existed.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass

#: The least share of the most complete system's examples that the ranking may stand on.
KEEP = 0.9

#: The rule in words, for the notes under every table (``{keep}`` is :data:`KEEP`).
RULE = (
    "Rule: systems are ranked on the examples all ranked systems completed; while those "
    "would be fewer than {keep:.0%} of what the most complete system completed, the systems that "
    "completed the fewest are listed apart, unranked."
)


@dataclass(frozen=True)
class Coverage:
    """The outcome of :func:`choose_ranked`."""

    ranked: tuple[str, ...]  # systems ranked, in the order given
    unranked: tuple[str, ...]  # systems listed apart, in the order given
    common: frozenset[str]  # example ids every ranked system completed


def choose_ranked(completed: Mapping[str, Set[str]], examples: Set[str]) -> Coverage:
    """Split real systems into ranked and unranked, and find the examples they are ranked on.

    ``completed`` maps each real system to the ids of the examples it completed; ``examples``
    are all the run's example ids (the common set when no system is ranked).
    """
    ranked = list(completed)
    most = max((len(done) for done in completed.values()), default=0)

    def common() -> frozenset[str]:
        shared = frozenset(examples)
        for name in ranked:
            shared &= completed[name]
        return shared

    shared = common()
    while len(shared) < KEEP * most:
        fewest = min(len(completed[name]) for name in ranked)
        if fewest == max(len(completed[name]) for name in ranked):
            break  # only the most complete are left: they stay, whatever they share
        ranked = [name for name in ranked if len(completed[name]) > fewest]
        shared = common()
    unranked = tuple(name for name in completed if name not in ranked)
    return Coverage(tuple(ranked), unranked, shared)
