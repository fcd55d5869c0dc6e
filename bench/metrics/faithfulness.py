"""Faithfulness to the source: does each summary sentence follow from the document?

Reference-free. Each sentence of the summary becomes a claim and the source document plays the
summary's part for a fact matcher: the matcher reads the source window by window (a sentence or
two), finds the passage that best supports the sentence, and says whether it states it
(*supported*), does not (*unsupported*: nothing in the source says so, as with an invented
detail), or states something incompatible (*contradicted*: another name, number or date in the
same place, or a negation; see :mod:`bench.facts.conflicts`). Any matcher works:

* ``learned`` (default, offline): the checklist's logistic model over word overlap, MiniLM
  token alignment and agreement checks;
* ``nli``: entailment probability from an NLI checkpoint (premise: source window; hypothesis:
  the summary sentence), the SummaC zero-shot recipe;
* ``llm``: an LLM judge asked about the source (``mode: source``).

A sentence's support is the matcher's probability that the source states it, times the share
of its words the source has at all (idf-weighted: a name or number the source never mentions
weighs most): a fluent sentence built around an invented detail can align well with the
passage it embroiders, but its new words are nowhere in the source. On XSumFaith this raised
the ROC AUC of the learned checker from 0.77 to 0.80 (docs/facts.md, "Faithfulness to the source");
nothing in it is fitted.

Columns, per summary: ``faithfulness``, the mean support of its sentences (contradicted
sentences count 0); ``unsupported``, the
share of sentences not judged supported; ``contradicted``, how many sentences contradict the
source. The details list every sentence with its verdict, support and the source passage (or
the contradiction) behind it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any, ClassVar

from pydantic import Field

from ..facts.matcher import Claim, FactMatcher, MatchTask, Verdict
from ..facts.registry import DEFAULT_CHECKER, MATCHERS
from ..plugin import PluginArgs
from ..text import split_sentences
from ..validation import located
from .base import Column, ItemScore, Metric, ScoringItem
from .checklist import MatcherSpec


class FaithfulnessArgs(PluginArgs):
    """Settings of the faithfulness metric: the checker that reads the source, its threshold,
    and novelty scaling."""

    checker: MatcherSpec = Field(
        default_factory=lambda: MatcherSpec(type=DEFAULT_CHECKER),
        description="the fact matcher that reads the source (learned, nli, llm ...)",
    )
    threshold: float | None = Field(
        None,
        ge=0,
        le=1,
        description="support needed for 'supported' (default: the checker's own threshold)",
    )
    novelty: bool = Field(
        True, description="scale support by the share of the sentence's words the source has"
    )

    not_in_key: ClassVar[dict[str, str]] = {
        "checker": "keyed by the checker's own key: its validated settings (key_inputs)",
    }


class FaithfulnessMetric(Metric):
    """Whether each summary sentence follows from the source (reference-free)."""

    name = "faithfulness"
    needs = frozenset({"source"})
    Args = FaithfulnessArgs
    args: FaithfulnessArgs

    def columns(self) -> list[Column]:
        """The mean support of the summary's sentences (the headline), the share not supported,
        and the number contradicted."""
        return [
            Column("faithfulness", "Faithfulness", True, headline=True),
            Column("unsupported", "Unsupported sentences", False),
            Column("contradicted", "Contradicted sentences", False, decimals=2),
        ]

    @cached_property
    def checker(self) -> FactMatcher:
        """The fact matcher that checks each summary sentence against the source."""
        return self._build_checker("metrics.faithfulness.args")

    def _build_checker(self, where: str, file: str | None = None) -> FactMatcher:
        spec = self.args.checker
        cls = MATCHERS.get(spec.type, where=located(file, f"{where}.checker.type"))
        args = dict(spec.args)
        if spec.type == "llm":
            args.setdefault("mode", "source")  # ask about the source, not about a summary
        return cls.from_config(args, file=file, where=f"{where}.checker.args")  # type: ignore[return-value]

    def check_settings(self, where: str, *, file: str | None = None) -> None:
        """Build the checker (refusing an unknown type or bad settings) and check its settings."""
        checker = self._build_checker(where, file)
        checker.check_settings(f"{where}.checker.args", file=file)
        self.__dict__["checker"] = checker  # the cached property, built once

    def key_inputs(self) -> dict[str, str]:
        """The checker's key."""
        return {"checker": self.checker.cache_key()}

    def loads_model(self) -> bool:
        """Whether the checker loads one."""
        return self.checker.loads_model()

    def warm_up(self) -> None:
        """Warm up the checker."""
        self.checker.warm_up()

    def fit(self, examples: Sequence[Any]) -> None:
        """Pass the source documents to the checker, and keep them for the novelty idf weights."""
        sources = sorted({e.source for e in examples if e.source.strip()})
        self.checker.fit(sources)
        self._sources = sources
        self.__dict__.pop("_word_idf", None)

    @cached_property
    def _word_idf(self) -> Any:
        from ..facts.word_idf import WordIdf, idf_corpus

        return WordIdf(idf_corpus(getattr(self, "_sources", None) or []))

    def _known(self, sentence: str, source_words: frozenset[str], normalizer: Any) -> float:
        """Share of the sentence's content words (idf-weighted) that the source has."""
        words = set(normalizer.content(normalizer.tokens(sentence)))
        weights = {w: self._word_idf(w) for w in words}
        total = sum(weights.values())
        if total <= 0:
            return 1.0
        return sum(v for w, v in weights.items() if w in source_words) / total

    def attach_store(self, store: Any) -> None:
        """Pass the store on to the checker."""
        self.checker.attach_store(store)

    def signature(self) -> str:
        """Threshold, novelty, and the checker's signature."""
        a = self.args
        threshold = "checker" if a.threshold is None else f"{a.threshold:g}"
        novelty = f"novelty:{self._idf_label}" if a.novelty else "novelty:no"
        return f"faithfulness|thr:{threshold}|{novelty}|{self.checker.signature()}"

    @property
    def _idf_label(self) -> str:
        import hashlib

        sources = getattr(self, "_sources", None)
        if not sources:
            return "sources"
        return "sources-" + hashlib.sha256("\0".join(sources).encode()).hexdigest()[:12]

    def usage(self) -> dict[str, Any]:
        """The requests of an LLM checker; empty for the others."""
        client = getattr(self.checker, "client", None)
        return client.usage_record() if client is not None else {}

    def score(self, items: Sequence[ScoringItem]) -> list[ItemScore]:
        """Split each summary into sentences and judge each one as a claim against the source."""
        from ..facts.normalize import Normalizer

        tasks, sentences, known = [], [], []
        normalizers: dict[Any, Normalizer] = {}
        for item in items:
            split = split_sentences(item.candidate)
            sentences.append(split)
            claims = tuple(Claim(f"s{i}", s, references=()) for i, s in enumerate(split))
            source = item.example.source
            tasks.append(MatchTask(source, claims, item.example.aliases, source))
            if self.args.novelty:
                aliases = item.example.aliases
                normalizer = normalizers.setdefault(aliases, Normalizer(aliases))
                words = frozenset(normalizer.content(normalizer.tokens(source)))
                known.append([self._known(s, words, normalizer) for s in split])
            else:
                known.append([1.0] * len(split))
        verdicts = self.checker.match(tasks) if tasks else []
        return [
            self._summarise(split, item_verdicts, item_known)
            for split, item_verdicts, item_known in zip(sentences, verdicts, known, strict=True)
        ]

    @property
    def threshold(self) -> float:
        """Support needed for 'supported': configured, else the checker's own threshold."""
        if self.args.threshold is not None:
            return self.args.threshold
        own = getattr(self.checker, "threshold", None)  # the learned matcher's even odds
        if own is None:
            own = getattr(self.checker.args, "threshold", 0.5)
        return float(own)

    def _summarise(self, sentences: list[str], verdicts: list, known: list[float]) -> ItemScore:
        if not sentences:
            return ItemScore({"faithfulness": None, "unsupported": None, "contradicted": 0.0})
        rows, support = [], []
        threshold = self.threshold
        for sentence, v, share in zip(sentences, verdicts, known, strict=True):
            score = v.confidence * share
            verdict = v.verdict
            if verdict is not Verdict.CONTRADICTED:
                verdict = Verdict.PRESENT if score >= threshold else Verdict.ABSENT
            support.append(0.0 if verdict is Verdict.CONTRADICTED else score)
            rows.append(
                {
                    "sentence": sentence,
                    "verdict": {
                        Verdict.PRESENT: "supported",
                        Verdict.ABSENT: "unsupported",
                        Verdict.CONTRADICTED: "contradicted",
                    }[verdict],
                    "support": round(score, 4),
                    "known_words": round(share, 4),
                    "evidence": v.evidence,
                }
            )
        n = len(sentences)
        values: dict[str, float | None] = {
            "faithfulness": sum(support) / n,
            "unsupported": sum(r["verdict"] != "supported" for r in rows) / n,
            "contradicted": float(sum(r["verdict"] == "contradicted" for r in rows)),
        }
        return ItemScore(values, {"sentences": rows})
