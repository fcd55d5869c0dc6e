"""Fact checklist scores: weighted fact recall and contradicted claims.

For each item the matcher judges every checklist fact (present / absent / contradicted) and
every probe (a false claim: stated or not). Columns:

* ``fact_recall``: pyramid-style weighted recall, sum of the weights of present facts over the
  sum of all weights (weights = how many references state the fact);
* ``fact_recall_soft``: the same with each fact counted by the matcher's score instead of its
  verdict (contradicted facts count 0). With a calibrated matcher (the default ``learned``
  one, whose score is the probability that the fact is stated) this is the *expected* fact
  recall: it needs no threshold, agrees with the human pyramid better than the verdicts do
  (docs/metaeval.md, "Which fact matcher"), and is the headline column;
* ``contradictions``: how many false claims the summary makes: the probes it states, plus the
  checklist facts it contradicts that no stated probe already accounts for (another number,
  a negation: what the matcher finds itself). A fact contradicted *through* a stated probe
  counts once, as that probe; two probes stated against one fact are two false claims;
* ``contradiction_rate``: that count over the claims that could be contradicted: every probe,
  plus every checklist fact that no probe is written against (a fact with probes is already
  represented by them, so the rate stays within 0..1);
* ``facts_contradicted``: checklist facts the summary contradicts, through a stated probe or a
  conflict the matcher finds itself (another number, a negation).

Checklists of plain facts without probes therefore count what the matcher finds. A contradicted
fact counts nothing toward either recall, whatever the matcher's score for it.

The details keep every verdict with its evidence, for the drill-down.

``facts: auto`` scores against facts extracted from the example's references instead
(:mod:`bench.facts.extraction`): each reference cut into clause-sized facts, the facts of
several references merged and weighted by how many references state each (read by this
metric's matcher). The dataset's own checklist and probes are not read then (a probe names a
fact of the dataset's checklist); the columns say "auto facts" and the signature names the
extractor and its version. A default run on a dataset without checklists scores this way.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cached_property
from typing import Any, ClassVar, Literal

from pydantic import Field

from ..data.schema import Fact
from ..facts.matcher import Claim, FactMatcher, MatchTask, Verdict
from ..facts.registry import DEFAULT_MATCHER, MATCHERS
from ..plugin import PluginArgs, PluginSpec
from ..validation import located
from .base import Column, ItemScore, Metric, ScoringItem


def fact_references(fact: Fact) -> tuple[int, ...] | None:
    """The references that state a fact: those listed; none when leave-one-out scoring removed
    the only one (its weight is then 0); unknown (None) when the dataset does not say."""
    if fact.references:
        return tuple(fact.references)
    return () if fact.weight == 0 else None


def checklist_tasks(items: Sequence[ScoringItem], probes: bool = True) -> list[MatchTask]:
    """One matcher task per item: its checklist facts, then (``probes``) its probes."""
    tasks = []
    for item in items:
        example = item.example
        claims = tuple(
            Claim(f.id, f.text, f.keys, (), fact_references(f)) for f in example.checklist
        )
        if probes:
            claims += tuple(Claim(p.id, p.text, p.keys, p.cues, ()) for p in example.probes)
        tasks.append(
            MatchTask(item.candidate, claims, example.aliases, example.source, example.references)
        )
    return tasks


#: Extracted checklists a checklist metric keeps (by references) between scoring calls.
EXTRACTED_KEPT = 20_000


class MatcherSpec(PluginSpec):
    """The fact matcher a metric judges with: a :class:`~bench.plugin.PluginSpec` without a
    display name (its verdicts show under the metric's columns), so none is written or read."""

    # The default is chosen by measurement (bench.facts.registry.DEFAULT_MATCHER).
    type: str = Field(
        DEFAULT_MATCHER, description="registered name, or an import string 'module:Class'"
    )
    name: None = Field(None, exclude=True, description="a matcher has no display name")


class ChecklistArgs(PluginArgs):
    """Settings of the checklist metric: the fact matcher, and where the facts come from."""

    matcher: MatcherSpec = Field(default_factory=MatcherSpec)
    facts: Literal["dataset", "auto"] = Field(
        "dataset",
        description="dataset: the example's own checklist; auto: facts extracted from its "
        "references (bench.facts.extraction)",
    )

    not_in_key: ClassVar[Mapping[str, str]] = {
        "matcher": "keyed by the matcher's own key: its validated settings (key_inputs)",
    }


class ChecklistMetric(Metric):
    """Weighted fact recall and contradicted claims (facts and probes) against the example's
    fact checklist."""

    name = "checklist"
    Args = ChecklistArgs
    args: ChecklistArgs

    @property
    def needs(self) -> frozenset[str]:  # type: ignore[override]
        """The references when the facts are extracted from them; otherwise the checklist."""
        return frozenset({"references" if self.automatic else "checklist"})

    @property
    def automatic(self) -> bool:
        """Whether the facts are extracted from the references (``facts: auto``)."""
        return self.args.facts == "auto"

    def columns(self) -> list[Column]:
        """Fact recall, hard and soft (the soft one leads for a calibrated matcher), and three
        measures of contradiction."""
        # A calibrated matcher leads with the expected recall (no threshold involved); the
        # others with the share of facts judged present.
        soft_first = self._matcher_class.calibrated
        # Extracted facts are labelled as such wherever the columns are shown.
        auto, soft = (" (auto facts)", ", auto facts") if self.automatic else ("", "")
        return [
            Column("fact_recall", f"Fact recall{auto}", True, headline=not soft_first),
            Column("fact_recall_soft", f"Fact recall (soft{soft})", True, headline=soft_first),
            Column("contradictions", f"Contradictions{auto}", False, headline=True, decimals=2),
            Column("contradiction_rate", "Contradiction rate", False),
            Column("facts_contradicted", "Facts contradicted", False, decimals=2),
        ]

    def key_inputs(self) -> dict[str, Any]:
        """The matcher's key, and the extractor's label when the checklists are extracted."""
        found: dict[str, Any] = {"matcher": self.matcher.cache_key()}
        if self.automatic:
            found["extractor"] = self.extractor.label()
        return found

    @cached_property
    def _matcher_class(self) -> type[FactMatcher]:
        return MATCHERS.get(self.args.matcher.type, where="metrics.checklist.args.matcher.type")

    def check_settings(self, where: str, *, file: str | None = None) -> None:
        """Build the matcher (refusing an unknown type or bad settings) and check its settings."""
        cls = MATCHERS.get(self.args.matcher.type, where=located(file, f"{where}.matcher.type"))
        matcher = cls.from_config(self.args.matcher.args, file=file, where=f"{where}.matcher.args")
        matcher.check_settings(f"{where}.matcher.args", file=file)
        self.__dict__["matcher"] = matcher  # the cached property, built once

    @cached_property
    def matcher(self) -> FactMatcher:
        """The fact matcher that judges each checklist fact against the summary."""
        return self._matcher_class.from_config(  # type: ignore[return-value]
            self.args.matcher.args, where="metrics.checklist.args.matcher.args"
        )

    @cached_property
    def extractor(self) -> Any:
        """The fact extractor for checklists made automatically from the references."""
        from ..facts.extraction.extractor import FactExtractor

        return FactExtractor()

    def extracted(self, items: Sequence[ScoringItem]) -> list[ScoringItem]:
        """The items with their examples' checklists extracted from their references (and
        no probes), each set of references extracted and merged once per metric."""
        memo = self.__dict__.setdefault("_extracted", {})
        lock = self.__dict__.setdefault("_extracted_lock", threading.Lock())
        todo = list(dict.fromkeys(i.example.references for i in items))
        with lock:
            todo = [refs for refs in todo if refs not in memo]
            if todo:
                checklists = self.extractor.checklists(todo, matcher=self.matcher)
                for refs, facts in zip(todo, checklists, strict=True):
                    memo[refs] = tuple(Fact(**vars(f)) for f in facts)
            found = [
                replace(
                    item,
                    example=replace(
                        item.example, checklist=memo[item.example.references], probes=()
                    ),
                )
                for item in items
            ]
            while len(memo) > EXTRACTED_KEPT:  # the oldest go first (a few KB each)
                del memo[next(iter(memo))]
            return found

    def score(self, items: Sequence[ScoringItem]) -> list[ItemScore]:
        """Match each summary against its checklist (extracted first, when automatic) and sum up
        the verdicts per item."""
        if self.automatic:
            items = self.extracted(items)
        tasks = checklist_tasks(items)
        return [
            self._summarise(item, verdicts)
            for item, verdicts in zip(items, self.matcher.match(tasks), strict=True)
        ]

    def _summarise(self, item: ScoringItem, verdicts: list) -> ItemScore:
        example = item.example
        n_facts = len(example.checklist)
        fact_verdicts, probe_verdicts = verdicts[:n_facts], verdicts[n_facts:]
        stated = [
            (probe, v)
            for probe, v in zip(example.probes, probe_verdicts, strict=True)
            if v.verdict is Verdict.PRESENT
        ]
        contradicted_by_probe = {probe.contradicts: v.evidence for probe, v in stated}
        facts = []
        total = found = soft = 0.0
        n_contradicted = n_found_alone = 0
        for fact, v in zip(example.checklist, fact_verdicts, strict=True):
            verdict, evidence = v.verdict, v.evidence
            if fact.id in contradicted_by_probe:
                verdict, evidence = Verdict.CONTRADICTED, contradicted_by_probe[fact.id]
            total += fact.weight
            found += fact.weight if verdict is Verdict.PRESENT else 0.0
            if verdict is not Verdict.CONTRADICTED:
                soft += fact.weight * v.confidence
            n_contradicted += verdict is Verdict.CONTRADICTED
            n_found_alone += (
                v.verdict is Verdict.CONTRADICTED and fact.id not in contradicted_by_probe
            )
            record = {
                "id": fact.id,
                "weight": fact.weight,
                "verdict": verdict.value,
                "confidence": round(v.confidence, 4),
                "evidence": evidence,
            }
            if self.automatic:  # the fact itself: no dataset file holds it
                record |= {"text": fact.text, "span": list(fact.span)}
            facts.append(record)
        # Stated probes are false claims each; a fact the matcher contradicts with no stated
        # probe against it is one more, found without a probe. Facts without probes are the
        # claims only the matcher can find contradicted; the probes stand for the others.
        contradicted = len(stated) + n_found_alone
        probed = {probe.contradicts for probe in example.probes}
        claims = len(example.probes) + sum(fact.id not in probed for fact in example.checklist)
        values: dict[str, float | None] = {
            "fact_recall": found / total if total > 0 else None,
            "fact_recall_soft": soft / total if total > 0 else None,
            "contradictions": float(contradicted),
            "contradiction_rate": contradicted / claims if claims else None,
            "facts_contradicted": float(n_contradicted),
        }
        details = {
            "facts": facts,
            "probes_stated": [{"id": p.id, "evidence": v.evidence} for p, v in stated],
        }
        return ItemScore(values, details)

    def signature(self) -> str:
        """How the facts are made, the weights, what counts as a contradiction, and the matcher's
        signature."""
        # contra:facts+probes = contradictions count contradicted facts as well as stated
        # probes (they used to count probes only): the column changed meaning, so scores
        # cached under the old signature are not reused, nor old runs merged with new ones.
        facts = f"facts:auto({self.extractor.label()})|" if self.automatic else ""
        return f"checklist|{facts}weights:pyramid|contra:facts+probes|{self.matcher.signature()}"

    def fit(self, examples: Sequence[Any]) -> None:
        """Pass the dataset's source documents to the matcher."""
        self.matcher.fit(sorted({e.source for e in examples if e.source.strip()}))

    def attach_store(self, store: Any) -> None:
        """Pass the store on to the matcher."""
        self.matcher.attach_store(store)

    def loads_model(self) -> bool:
        """Whether the matcher loads one."""
        return self.matcher.loads_model()

    def warm_up(self) -> None:
        """Warm up the matcher."""
        self.matcher.warm_up()

    def usage(self) -> dict[str, Any]:
        """The requests of an LLM matcher; empty for the others."""
        client = getattr(self.matcher, "client", None)  # LLM judges account their requests
        return client.usage_record() if client is not None else {}
