"""The learned fact matcher: a small logistic model over word, token and wording evidence.

Each summary is read one window (a sentence, or two adjacent ones) at a time; for each claim
and window :mod:`bench.facts.features` measures word overlap, token alignment (MiniLM, the
shared BERTScore encoder), the reference's own wording of the fact, and disagreements; a
logistic model shipped with the package (``bench/facts/weights/``; retrain with
``python -m bench.training.logistic``) turns them into the probability that the window states the
claim. A claim's score is its best window's probability; the window is its evidence.

A claim is *contradicted* when a sentence states the rest of it with another number, date or
name in the same place, or negates it (:mod:`bench.facts.conflicts`), and *present* when its
probability reaches the decision threshold. That threshold is not a constant fitted on one
dataset: by default it is where the evidence favours "stated" over "not stated" (likelihood
ratio 1; see :attr:`LearnedArgs.threshold`), a point that does not move with how often facts
are present in a dataset. The soft fact recall (the mean probability) needs no threshold.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from pydantic import Field

from ..encoders.bertscore_encoder import BertScoreEncoder
from ..fingerprint import path_digest
from ..plugin import PluginArgs
from .conflicts import Conflict
from .features import FEATURES, FeatureExtractor, TaskFeatures, gate
from .logistic import LogisticModel
from .matcher import ClaimVerdict, FactMatcher, MatchTask, Verdict
from .normalize import Normalizer
from .word_idf import WordIdf, idf_corpus

DEFAULT_WEIGHTS = "checklist-v1.json"


def default_weights_path() -> Path:
    """The packaged logistic model's weights file."""
    return Path(str(resources.files("bench.facts") / "weights" / DEFAULT_WEIGHTS))


class LearnedArgs(PluginArgs):
    """Settings of the learned matcher: its weights file, threshold and window."""

    weights: str | None = Field(
        None, description="model JSON from `python -m bench.training.logistic` (default: packaged)"
    )
    threshold: float | None = Field(
        None,
        ge=0,
        le=1,
        description="probability for 'present' (default: the model's even-odds point, where "
        "the evidence is as likely for a stated fact as for one not stated)",
    )
    window: int = Field(2, ge=1, le=3, description="longest run of adjacent sentences read")
    batch_size: int = Field(64, ge=1)
    device: str | None = Field(None, description="cpu, cuda ... (default: cuda if available)")

    #: Fields that cannot change a number (left out of cache keys).
    not_in_key: ClassVar[dict[str, str]] = {
        "batch_size": "texts are encoded one length at a time, unpadded: batches change nothing",
        "weights": "the weights file is keyed by its bytes (key_inputs), wherever it lies",
    }


@dataclass(frozen=True)
class ClaimScores:
    """A claim's probability per window, the best window, and a contradiction if any."""

    probabilities: np.ndarray
    best: int  # index of the best window (-1: none)
    conflict: Conflict | None


class LearnedMatcher(FactMatcher):
    """Logistic model over overlap, alignment and reference-wording evidence (default)."""

    name = "learned"
    calibrated = True
    Args = LearnedArgs
    args: LearnedArgs

    @cached_property
    def weights_path(self) -> Path:
        """The weights file to load (the packaged one when none is set)."""
        return Path(self.args.weights) if self.args.weights else default_weights_path()

    @cached_property
    def model(self) -> LogisticModel:
        """The logistic model, refused when it was trained on other features than this version's."""
        from ..errors import ConfigError

        model = LogisticModel.load(self.weights_path)
        if model.features != FEATURES:
            raise ConfigError(
                f"the model was trained on features {list(model.features)}; this version "
                f"computes {list(FEATURES)}.",
                where=str(self.weights_path),
                fix="retrain it with `python -m bench.training.logistic`.",
            )
        return model

    def key_inputs(self) -> dict[str, str]:
        """Digests of the files behind the numbers (the model weights)."""
        return {"weights": self._weights_digest}

    @cached_property
    def _weights_digest(self) -> str:
        return path_digest(self.weights_path)[:12]

    @property
    def threshold(self) -> float:
        """The decision threshold: configured, or the model's even-odds point."""
        if self.args.threshold is not None:
            return self.args.threshold
        return float(self.model.meta.get("even_odds", 0.5))

    @cached_property
    def encoder(self) -> BertScoreEncoder:
        """The packaged MiniLM, the encoder the weights were trained with."""
        return BertScoreEncoder(device=self.args.device)

    def signature(self) -> str:
        """Weights digest, encoder, idf corpus, threshold, window, and the lexical rules the
        conflict features read."""
        from .lexical import RULES_VERSION
        from .places import places_label

        a = self.args
        # The conflict features read the lexical matcher's contradiction rules.
        return (
            f"matcher:learned|weights:{self._weights_digest}|enc:{self.encoder.model_label}"
            f"|layer:{self.encoder.num_layers}|idf:{self._idf_label}|thr:{self.threshold:.4g}"
            f"|win:{a.window}|rules:{RULES_VERSION}+{places_label()}"
        )

    @property
    def _idf_label(self) -> str:
        sources = getattr(self, "_sources", None)
        if not sources:
            return "sources"
        return "sources-" + hashlib.sha256("\0".join(sources).encode()).hexdigest()[:12]

    def fit(self, sources: Sequence[str]) -> None:
        """Keep the source documents for idf weights."""
        self._sources = sorted({s for s in sources if s.strip()})
        self.__dict__.pop("_extractor_cache", None)

    def loads_model(self) -> bool:
        """Always: the features need a BERT encoder."""
        return True

    def warm_up(self) -> None:
        """Load the encoder's model."""
        _ = self.encoder.embedder

    def _extractor(self, tasks: Sequence[MatchTask]) -> FeatureExtractor:
        # idf from the dataset's sources (fit); without fit, from these tasks' sources.
        corpus = getattr(self, "_sources", None) or sorted(
            {t.source for t in tasks if t.source.strip()}
        )
        cached = self.__dict__.get("_extractor_cache")
        if cached is None or cached[0] != corpus:
            embedder = self.encoder.embedder
            sentences = idf_corpus(corpus)
            token_idf = embedder.idf(sentences) if sentences else embedder.uniform_idf()
            extractor = FeatureExtractor(
                embedder,
                token_idf,
                WordIdf(sentences),
                width=self.args.window,
                batch_size=self.args.batch_size,
            )
            self.__dict__["_extractor_cache"] = cached = (corpus, extractor)
        return cached[1]

    def scores(self, tasks: Sequence[MatchTask]) -> list[tuple[TaskFeatures, list[ClaimScores]]]:
        """Features and per-window probabilities of every claim of every task."""
        computed = self._extractor(tasks).compute(tasks)
        normalizers: dict[Any, Normalizer] = {}
        out = []
        for task, features in zip(tasks, computed, strict=True):
            normalizer = normalizers.setdefault(task.aliases, Normalizer(task.aliases))
            claims = []
            for c, claim in enumerate(task.claims):
                if not features.windows.spans:
                    claims.append(ClaimScores(np.zeros(0), -1, None))
                    continue
                p = self.model.probability(features.values[c])
                p = np.where(gate(claim, features.windows, normalizer), p, 0.0)
                conflict = next((x for x in features.conflicts[c] if x is not None), None)
                claims.append(ClaimScores(p, int(np.argmax(p)), conflict))
            out.append((features, claims))
        return out

    def match(self, tasks: Sequence[MatchTask]) -> list[list[ClaimVerdict]]:
        """Each claim's features scored by the logistic model, then :meth:`verdicts`."""
        return self.verdicts(tasks, self.scores(tasks))

    def verdicts(
        self, tasks: Sequence[MatchTask], scored_tasks: list[tuple[TaskFeatures, list[ClaimScores]]]
    ) -> list[list[ClaimVerdict]]:
        """Verdicts from :meth:`scores` (the threshold applied, contradictions first)."""
        threshold = self.threshold
        results = []
        for task, (features, claims) in zip(tasks, scored_tasks, strict=True):
            texts = features.windows.texts
            verdicts = []
            for claim, scored in zip(task.claims, claims, strict=True):
                if scored.best < 0:
                    verdicts.append(ClaimVerdict(claim.id, Verdict.ABSENT, 0.0, ""))
                    continue
                score = float(scored.probabilities[scored.best])
                if scored.conflict is not None:
                    verdicts.append(
                        ClaimVerdict(
                            claim.id, Verdict.CONTRADICTED, score, scored.conflict.describe()
                        )
                    )
                    continue
                verdict = Verdict.PRESENT if score >= threshold else Verdict.ABSENT
                verdicts.append(ClaimVerdict(claim.id, verdict, score, texts[scored.best]))
            results.append(verdicts)
        return results


def even_odds(prior: float) -> float:
    """The probability at which a model fitted with positive rate ``prior`` sees likelihood
    ratio 1: evidence as likely for a stated fact as for one not stated."""
    return prior if 0 < prior < 1 else 0.5
