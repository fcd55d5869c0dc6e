"""Fact matcher from BERTScore recall: how much of the fact the summary covers, token by token.

Each fact is scored as a one-sentence reference against the whole summary as candidate:
bert-score's recall greedily matches every fact token to its most similar summary token in the
contextual embedding space (all-MiniLM-L6-v2, layer 6, by default), idf-weighted with document
frequencies from the summarized sources, so names and numbers weigh more than "the". On PyrXSum
this per-fact recall agreed best with the human SCU labels of the offline matchers we measured
(``summbench meta-eval``; the README has the table), so it is the checklist's default matcher and
its threshold comes from there.

Like the embedding matcher, it cannot see a swapped number: a false-claim probe also needs one
of its cue phrases in the summary.
"""

from __future__ import annotations

import math
import warnings
from collections import defaultdict
from collections.abc import Sequence
from functools import cached_property
from typing import Any

from pydantic import Field

from ..plugin import PluginArgs
from .matcher import ClaimVerdict, FactMatcher, MatchTask, Verdict
from .normalize import Normalizer, contains_phrase


class BertScoreMatcherArgs(PluginArgs):
    model: str | None = Field(None, description="bert-score model (default: packaged MiniLM)")
    num_layers: int | None = Field(None, ge=1, description="layer (required with model)")
    idf: bool = Field(True, description="idf weights from the tasks' source documents")
    # Calibrated, not guessed: the best balanced accuracy over all 4,780 (SCU, summary) units
    # of PyrXSum (0.795 there); 5-fold cross-validation picks 0.58-0.60 on every fold.
    threshold: float = Field(0.59, ge=0, le=1, description="recall needed for 'present'")
    batch_size: int = Field(64, ge=1)
    device: str | None = None


class BertScoreMatcher(FactMatcher):
    """BERTScore recall of each fact against the summary (idf from the sources)."""

    name = "bertscore"
    Args = BertScoreMatcherArgs
    args: BertScoreMatcherArgs

    @cached_property
    def _metric(self) -> Any:
        from ..metrics.bertscore import BertScoreMetric

        return BertScoreMetric.from_config(
            {
                "model": self.args.model,
                "num_layers": self.args.num_layers,
                "idf": self.args.idf,
                "batch_size": self.args.batch_size,
                "device": self.args.device,
            }
        )

    def signature(self) -> str:
        a = self.args
        return (
            f"matcher:bertscore|model:{self._metric.model_label}|layer:"
            f"{self._metric.num_layers}|idf:{'sources' if a.idf else 'no'}"
            f"|thr:{a.threshold:g}"
        )

    def _recalls(self, tasks: Sequence[MatchTask]) -> list[list[float]]:
        scorer = self._metric._scorer
        if self.args.idf:
            # Document frequencies from the summarized sources; without sources, from the
            # summaries and facts themselves.
            corpus = sorted({t.source for t in tasks if t.source.strip()}) or sorted(
                {t.summary for t in tasks} | {c.text for t in tasks for c in t.claims}
            )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # "overwriting the previous idf"
                scorer.compute_idf(corpus)
        candidates, references, where = [], [], []
        for t, task in enumerate(tasks):
            if not task.summary.strip():
                continue  # bert-score crashes on empty text; an empty summary states nothing
            for c, claim in enumerate(task.claims):
                candidates.append(task.summary)
                references.append(claim.text)
                where.append((t, c))
        recalls = [[0.0] * len(task.claims) for task in tasks]
        if candidates:
            _, recall, _ = scorer.score(candidates, references, batch_size=self.args.batch_size)
            values = recall.tolist()
            undefined = [i for i, v in enumerate(values) if math.isnan(v)]
            if undefined:
                # A fact whose every token appears in every source has idf 0 throughout and
                # no idf-weighted recall (0/0): score those facts with uniform weights.
                plain = self._uniform_recall(
                    [candidates[i] for i in undefined], [references[i] for i in undefined]
                )
                for i, value in zip(undefined, plain, strict=True):
                    values[i] = value
            for (t, c), value in zip(where, values, strict=True):
                recalls[t][c] = min(max(float(value), 0.0), 1.0)
        return recalls

    def _uniform_recall(self, candidates: list[str], references: list[str]) -> list[float]:
        scorer = self._metric._scorer
        saved = scorer._idf_dict
        uniform = defaultdict(lambda: 1.0)
        # bert-score gives the special tokens no weight; keep that.
        tokenizer = scorer._tokenizer
        uniform[tokenizer.sep_token_id] = 0
        uniform[tokenizer.cls_token_id] = 0
        scorer._idf_dict = uniform
        try:
            _, recall, _ = scorer.score(candidates, references, batch_size=self.args.batch_size)
        finally:
            scorer._idf_dict = saved
        return recall.tolist()

    def match(self, tasks: Sequence[MatchTask]) -> list[list[ClaimVerdict]]:
        recalls = self._recalls(tasks)
        results = []
        for task, task_recalls in zip(tasks, recalls, strict=True):
            normalizer = Normalizer(task.aliases)
            summary_tokens = normalizer.tokens(task.summary)
            verdicts = []
            for claim, score in zip(task.claims, task_recalls, strict=True):
                if claim.any_of and not any(
                    contains_phrase(summary_tokens, normalizer.tokens(c)) for c in claim.any_of
                ):
                    score = 0.0
                verdict = Verdict.PRESENT if score >= self.args.threshold else Verdict.ABSENT
                verdicts.append(ClaimVerdict(claim.id, verdict, score, task.summary))
            results.append(verdicts)
        return results
