"""Fact matcher from BERTScore recall: how much of the fact the summary covers, token by token.

Each fact is scored as a one-sentence reference against the whole summary as candidate:
bert-score's recall greedily matches every fact token to its most similar summary token in the
contextual embedding space (all-MiniLM-L6-v2, layer 6, by default), idf-weighted with document
frequencies from the summarized sources, so names and numbers weigh more than "the". On PyrXSum
this per-fact recall agreed best with the human SCU labels of the offline matchers we measured
(``summbench meta-eval``; docs/metaeval.md has the table), so it was the checklist's default
matcher (the verifier is now) and its threshold comes from there.

Like the embedding matcher, it cannot see a swapped number: a false-claim probe also needs one
of its cue phrases in the summary.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any, ClassVar

from pydantic import Field, model_validator

from ..checkpoints import check_model_folder
from ..encoders.bertscore_encoder import BertScoreEncoder, check_layer_with_model
from ..encoders.greedy_matching import greedy_scores
from ..plugin import PluginArgs
from .matcher import ClaimVerdict, FactMatcher, MatchTask, Verdict
from .normalize import Normalizer, contains_phrase


class BertScoreMatcherArgs(PluginArgs):
    """Settings of the BERTScore matcher: model and layer, idf weights, and the recall threshold."""

    model: str | None = Field(None, description="bert-score model (default: packaged MiniLM)")
    num_layers: int | None = Field(None, ge=1, description="layer (required with model)")
    idf: bool = Field(True, description="idf weights from the tasks' source documents")
    # Calibrated, not guessed: the best balanced accuracy over all 4,780 (SCU, summary) units
    # of PyrXSum (0.795 there); 5-fold cross-validation picks 0.58-0.60 on every fold.
    threshold: float = Field(0.59, ge=0, le=1, description="recall needed for 'present'")
    batch_size: int = Field(64, ge=1)
    device: str | None = None

    not_in_key: ClassVar[Mapping[str, str]] = {
        "model": "keyed by the model folder's files, or a hub model's cached revision and "
        "files (key_inputs)",
        "batch_size": "texts are encoded unpadded, batched by equal length: an embedding "
        "does not depend on its batch (tests/encoders/test_bertscore_encoder.py)",
    }

    @model_validator(mode="after")
    def _layer_with_model(self) -> BertScoreMatcherArgs:
        check_layer_with_model(self.model, self.num_layers)
        return self


class BertScoreMatcher(FactMatcher):
    """BERTScore recall of each fact against the summary (idf from the sources)."""

    name = "bertscore"
    Args = BertScoreMatcherArgs
    args: BertScoreMatcherArgs

    def check_settings(self, where: str, *, file: str | None = None) -> None:
        """Refuse a model folder without a model, or a layer the model lacks."""
        check_model_folder(self.args.model, where=where, file=file, num_layers=self.args.num_layers)

    @cached_property
    def encoder(self) -> BertScoreEncoder:
        """The BERTScore encoder (shared with the metric when both use the same model)."""
        a = self.args
        return BertScoreEncoder(a.model, a.num_layers, a.device, where="matcher.args.model")

    def signature(self) -> str:
        """Model, layer, idf corpus and threshold."""
        a = self.args
        return (
            f"matcher:bertscore|model:{self.encoder.model_label}|layer:"
            f"{self.encoder.num_layers}|idf:{self._idf_label}"
            f"|thr:{a.threshold:g}"
        )

    def key_inputs(self) -> dict[str, Any]:
        """The encoder's model (its files or cached revision)."""
        return {"model": self.encoder.encoder_key}

    @property
    def _idf_label(self) -> str:
        if not self.args.idf:
            return "no"
        sources = getattr(self, "_idf_sources", None)
        if not sources:
            return "sources"
        return "sources-" + hashlib.sha256("\0".join(sources).encode()).hexdigest()[:12]

    def fit(self, sources: Sequence[str]) -> None:
        """Keep the source documents for idf weights (when ``idf`` is on)."""
        if self.args.idf and sources:
            self._idf_sources = sorted(set(sources))

    def loads_model(self) -> bool:
        """Always: judging loads a BERT model."""
        return True

    def warm_up(self) -> None:
        """Load the encoder's model."""
        _ = self.encoder.embedder

    def _idf_table(self, tasks: Sequence[MatchTask]) -> dict[int, float]:
        embedder = self.encoder.embedder
        if not self.args.idf:
            return embedder.uniform_idf()
        # Document frequencies from the dataset's sources (fit); without fit, from these
        # tasks' sources; without sources, from the summaries and facts themselves.
        corpus = (
            getattr(self, "_idf_sources", None)
            or sorted({t.source for t in tasks if t.source.strip()})
            or sorted({t.summary for t in tasks} | {c.text for t in tasks for c in t.claims})
        )
        cached = getattr(self, "_idf_cache", None)
        if cached is None or cached[0] != corpus:
            self._idf_cache = (corpus, embedder.idf(corpus))
        return self._idf_cache[1]

    def _recalls(self, tasks: Sequence[MatchTask]) -> list[list[float]]:
        pairs, where = [], []
        for t, task in enumerate(tasks):
            if not task.summary.strip():
                continue  # an empty summary states nothing
            for c, claim in enumerate(task.claims):
                pairs.append((task.summary, claim.text))  # the fact is the "reference"
                where.append((t, c))
        recalls = [[0.0] * len(task.claims) for task in tasks]
        if not pairs:
            return recalls
        embedder = self.encoder.embedder
        batch = self.args.batch_size
        values = greedy_scores(embedder, pairs, self._idf_table(tasks), batch)[:, 1].tolist()
        undefined = [i for i, v in enumerate(values) if math.isnan(v)]
        if undefined:
            # A fact whose every token appears in every source has idf 0 throughout and no
            # idf-weighted recall (0/0): score those facts with uniform weights.
            plain = greedy_scores(
                embedder, [pairs[i] for i in undefined], embedder.uniform_idf(), batch
            )[:, 1].tolist()
            for i, value in zip(undefined, plain, strict=True):
                values[i] = value
        for (t, c), value in zip(where, values, strict=True):
            recalls[t][c] = min(max(float(value), 0.0), 1.0)
        return recalls

    def match(self, tasks: Sequence[MatchTask]) -> list[list[ClaimVerdict]]:
        """Each claim's BERTScore recall in the summary, 'present' from the threshold up; a
        claim with ``any_of`` phrases scores 0 unless the summary holds one of them."""
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
