"""The in-memory form of a benchmark example, independent of where it was loaded from."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

#: The largest fact weight. A pyramid weight counts the references that state a fact, so real
#: ones are small; the bound keeps a sum of weights finite (1e308 twice overflowed to inf, and
#: the recall to nan). Datasets and the Python API refuse larger ones alike.
MAX_FACT_WEIGHT = 1e6


@dataclass(frozen=True)
class Fact:
    """One atomic fact of a checklist.

    ``weight`` is pyramid-style: how many of the example's references state the fact, and
    ``references`` lists which ones (indices into ``Example.references``), so that a
    leave-one-out score can recompute the weight without the held-out reference.
    ``keys`` are phrases that must appear for the fact to count as stated (for instance the
    number in "Ri is 52"); numbers in ``text`` are always required. ``span`` is where an
    extracted fact came from: (reference index, first character, after the last), or empty
    for a fact a person wrote; it changes no score.
    """

    id: str
    text: str
    weight: float = 1.0
    references: tuple[int, ...] = ()
    keys: tuple[str, ...] = ()
    span: tuple[int, int, int] | tuple[()] = ()


@dataclass(frozen=True)
class Probe:
    """A false claim a faithful summary must not make.

    ``contradicts`` names the fact it distorts; ``cues`` are the phrases that make the claim
    false (at least one must appear, beside the rest of the claim, for it to count as stated);
    ``keys`` name its subject where the cue alone could belong to another claim.
    """

    id: str
    text: str
    kind: str = "distortion"
    contradicts: str = ""
    cues: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Example:
    """A document (or cluster) to summarize, with everything it is scored against."""

    id: str
    source: str
    references: tuple[str, ...]
    checklist: tuple[Fact, ...] = ()
    probes: tuple[Probe, ...] = ()
    #: Text scraped with the page that is not part of the article (reader comments...).
    noise: str = ""
    #: Synonym groups for the lexical fact matcher; the first phrase of a group is canonical.
    aliases: tuple[tuple[str, ...], ...] = ()
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def without_reference(self, index: int) -> Example:
        """This example with reference ``index`` held out (leave-one-out scoring).

        Checklist weights are recomputed from the remaining references; facts no remaining
        reference states drop to weight 0.
        """
        refs = tuple(r for i, r in enumerate(self.references) if i != index)
        checklist = []
        for fact in self.checklist:
            kept = tuple(i if i < index else i - 1 for i in fact.references if i != index)
            weight = float(len(kept)) if fact.references else fact.weight
            checklist.append(replace(fact, references=kept, weight=weight))
        return replace(self, references=refs, checklist=tuple(checklist))


@dataclass(frozen=True)
class Dataset:
    """A named, fingerprinted list of examples."""

    name: str
    examples: tuple[Example, ...]
    #: Ids of the rows a ``limit`` left out: outputs for them are not errors, just unused.
    beyond_limit: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.examples)

    def __iter__(self):
        return iter(self.examples)

    def by_id(self) -> dict[str, Example]:
        """The examples by id."""
        return {e.id: e for e in self.examples}

    @cached_property
    def fingerprint(self) -> str:
        """A short hash of the content: changes whenever any text, fact or weight does."""
        digest = hashlib.sha256()
        for example in self.examples:
            # The fields as asdict() would give them (tuples serialise as lists), without its
            # deep copies: 10x faster on 100,000 examples.
            record = {k: v for k, v in vars(example).items() if k != "meta"}
            # A fact's span is left out when empty (as in every dataset written before facts
            # had one): their fingerprints stay as they were.
            record["checklist"] = [
                {k: v for k, v in vars(f).items() if v or k != "span"} for f in example.checklist
            ]
            record["probes"] = [vars(p) for p in example.probes]
            digest.update(json.dumps(record, sort_keys=True, ensure_ascii=False).encode())
        return digest.hexdigest()[:12]

    def signature(self) -> str:
        """The dataset's name, size and content fingerprint."""
        return f"data:{self.name}|n:{len(self.examples)}|sha:{self.fingerprint}"
