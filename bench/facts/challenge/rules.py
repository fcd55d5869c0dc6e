"""Which perturbation rules each source's pairs are made with.

The rules improve over time, but a source whose pairs a model was trained on keeps the rules
it was built with, so that the same seed rebuilds its pairs byte for byte and the model stays
valid (the fact verifier trains on RoSE-ACU's train split). A source moves to newer rules when
its model is retrained; the manifest records which rules made each source's pairs.

* ``1``: the rules of ``challenge-pairs/1``.
* ``2``: broader role swaps (names, definite phrases for people and groups, match results;
  verb agreement kept: :mod:`.roles`), scale changes to an adjacent scale with "m"/"k" read
  as a scale only after a currency sign, nationalities swapped within a written list of
  demonyms (:mod:`.nationalities`) instead of with names seen in other documents, the sides
  of a score ("3-1") never changed or spelled out, and the rare kinds (role swaps, scales,
  nationalities) preferred when a claim offers more kinds than it keeps.
"""

from __future__ import annotations

from ...errors import DatasetError

#: The newest rules.
LATEST = 2
#: Rules per source. RoSE-ACU moved from 1 to 2 when the verifier was retrained on its pairs
#: (version 1 swapped the roles of symmetric verbs, "X faces Y", and labelled that a change).
BY_SOURCE = {"rose-acu": 2, "pyrxsum": 2, "summac": 2}


def rules_for(source: str) -> int:
    """The rule version ``source``'s pairs are made with."""
    try:
        return BY_SOURCE[source]
    except KeyError:
        raise DatasetError(f"no rules are set for the source {source!r}.",
                           where="bench/facts/challenge/rules.py",
                           fix="add the source to BY_SOURCE.") from None
