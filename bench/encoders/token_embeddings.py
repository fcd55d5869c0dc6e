"""Contextual token embeddings for BERTScore, each distinct text encoded once.

bert-score de-duplicates texts only within one ``score`` call, so scoring ten systems against
the same references encodes every reference ten times; and the BERTScore metric and the
bertscore fact matcher each load the model and encode the same summaries again. The forward
pass is nearly all of BERTScore's time on a CPU, so here

* one :class:`TokenEmbedder` per (model, layer, device) is shared by everything in the process
  that asks for it (:func:`shared_embedder`), loaded once;
* each distinct text is encoded once per process and kept in memory (least recently used first
  out, up to a byte budget). Not in the run's cache: float32 vectors take 1.5 KB a token with
  MiniLM, ~140 KB for a 70-word news summary, a hundred times what its scores take there. A
  later run encodes the texts of the items whose scores are not cached (a system added: its
  summaries and their references), and nothing for the others;
* texts are encoded in batches of equal token length, with one intra-op thread (see
  *Determinism* below; the rules are code in :mod:`bench.encoders.batching`), so an embedding
  depends on its text alone;
* greedy matching (:func:`bench.encoders.greedy_matching.greedy_scores`) matches the cached
  embeddings one pair at a time with bert-score's own ``greedy_cos_idf`` steps, with idf
  weights looked up per token id at match time, so one embedding serves any idf table.

The model, tokenizer, special-token handling and matching are bert-score's, so scores equal
``bert_score.score`` (to 1e-5: only bert-score's padding of the encoder's batches differs).

Determinism. The encoder's and the matching's float sums are nearly all matrix products (MKL's
sgemm on a CPU), and MKL picks how to split a product's inner sum from the number of threads it
runs on and the number of rows: with two threads, some products of 5 to 11 rows (one short
sentence) come out differently from one thread, by up to 2e-6 in an embedding; at any thread count
products of 1, 2-3 and 4 or more rows take three different kernels. So the embeddings, and the
scores, changed with OMP_NUM_THREADS, with the executor (whose workers run fewer threads) and
with which texts shared a batch. Here every forward pass and every match runs with one
intra-op thread (:func:`~bench.encoders.batching.one_intra_op_thread`), texts are batched only
with texts of the same token length (no padding), and texts under
:data:`~bench.encoders.batching.BATCHED_FROM` tokens are encoded alone (they
would fall on the 2-3 row kernel alone and on another in a batch). Then a text's numbers are a
fixed sequence of float operations: bit-identical whatever the thread setting, the machine's
load, the executor or the batch (tests check a text alone against the same text in batches,
under OMP_NUM_THREADS 1, 2 and 4). They are float32 numbers, good to about 1e-7 relative; a
machine with another instruction set (AVX2 against AVX-512) or another torch/MKL build may
differ in that last digit (run.json records the library versions).
"""

from __future__ import annotations

import ctypes
import sys
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from math import log
from typing import Any

import numpy as np

from .batching import (
    encoding_thread_count,
    equal_length_batches,
    one_intra_op_thread,
    run_batches,
)

#: Bytes of embeddings kept in memory per encoder before the least recently used are dropped.
DEFAULT_MEMORY_BUDGET = 1 << 30

#: A call that encoded this many tokens (~10 s on one CPU core) gives the memory its
#: activations held back to the system (:func:`release_freed_memory`, ~50 ms); smaller calls,
#: as a scoring run's chunks make, leave it to malloc to reuse.
RELEASE_AFTER_TOKENS = 1 << 14


@dataclass(frozen=True)
class Embedded:
    """A text's token ids (special tokens included) and their embeddings, [tokens, dim]."""

    ids: tuple[int, ...]
    vectors: np.ndarray


class TokenEmbedder:
    """One encoder as bert-score builds it (model cut at ``num_layers``), with a text cache
    in memory."""

    def __init__(
        self,
        model_path: str,
        num_layers: int,
        label: str,
        device: str | None = None,
        memory_budget: int = DEFAULT_MEMORY_BUDGET,
    ):
        import torch
        from bert_score.utils import get_model, get_tokenizer
        from transformers.utils import logging as transformers_logging

        from .. import cpu_kernels

        cpu_kernels.check()
        transformers_logging.disable_progress_bar()  # one bar per model load is noise in logs
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.tokenizer = get_tokenizer(model_path, use_fast=False)
        # Long texts are cut to the model's window, and said per item (``truncated``): the
        # tokenizer's own "Token indices sequence length is longer..." line, printed once per
        # process in the middle of a meta-evaluation's log, says nothing more. Marked as said.
        warned = getattr(self.tokenizer, "deprecation_warnings", None)
        if isinstance(warned, dict):
            warned["sequence-length-is-longer-than-the-specified-maximum"] = True
        self.model = get_model(model_path, num_layers).to(self.device)
        #: Names the encoder: a model label (never a local path) and the layer.
        self.label = f"{label}|layer:{num_layers}"
        #: How many sequences went through the model: the cost the cache exists to cut.
        self.encoded = 0
        self._memory: OrderedDict[str, Embedded] = OrderedDict()
        self._memory_bytes = 0
        self._memory_budget = memory_budget
        self._lock = threading.Lock()

    def _remember(self, text: str, embedded: Embedded) -> None:
        if text in self._memory:
            self._memory.move_to_end(text)
            return
        self._memory[text] = embedded
        self._memory_bytes += embedded.vectors.nbytes
        while self._memory_bytes > self._memory_budget and len(self._memory) > 1:
            _, dropped = self._memory.popitem(last=False)
            self._memory_bytes -= dropped.vectors.nbytes

    def embed(
        self, texts: Sequence[str], batch_size: int = 64, remember: bool = True
    ) -> dict[str, Embedded]:
        """The embeddings of every text (encoding only those not in memory).

        ``remember=False``: texts not in memory yet are not kept there (a caller that needs
        them once, as the embedding matcher pooling its sentence windows).
        """
        with self._lock:
            wanted = list(dict.fromkeys(texts))
            found: dict[str, Embedded] = {}
            for text in wanted:
                if text in self._memory:
                    self._memory.move_to_end(text)
                    found[text] = self._memory[text]
            missing = [t for t in wanted if t not in found]
            if missing:
                fresh = self._encode(missing, batch_size)
                if remember:
                    for text, embedded in fresh.items():
                        self._remember(text, embedded)
                found.update(fresh)
            return found

    def forget(self) -> None:
        """Drop the embeddings kept in memory."""
        with self._lock:
            self._memory.clear()
            self._memory_bytes = 0

    def _encode(self, texts: list[str], batch_size: int) -> dict[str, Embedded]:
        ids = {text: sent_encode(self.tokenizer, text) for text in texts}
        # Batches of texts with exactly the same number of tokens (see *Determinism* above).
        batches = equal_length_batches(texts, [len(ids[t]) for t in texts], batch_size)
        out: dict[str, Embedded] = {}
        with one_intra_op_thread():
            run_batches(
                batches,
                lambda batch: self._forward(batch, ids),
                lambda _, found: out.update(found),
                min(encoding_thread_count(), len(batches)),
                "texts encoded",
            )
        self.encoded += len(texts)
        if sum(len(ids[t]) for t in texts) >= RELEASE_AFTER_TOKENS:
            release_freed_memory()  # the activations just freed: see release_freed_memory
        return out

    def _forward(self, batch: list[str], ids: dict[str, list[int]]) -> dict[str, Embedded]:
        """One batch (texts of one token length) through the model."""
        import torch
        from bert_score.utils import bert_encode

        tokens = torch.tensor([ids[t] for t in batch], dtype=torch.long)
        vectors = bert_encode(
            self.model,
            tokens.to(self.device),
            attention_mask=torch.ones_like(tokens).to(self.device),
        ).cpu()
        return {
            text: Embedded(tuple(ids[text]), vectors[row].numpy().copy())
            for row, text in enumerate(batch)
        }

    def truncated(self, text: str) -> bool:
        """Whether ``text`` was cut to fit the encoder (its tokens past the limit unseen)."""
        limit = self.tokenizer.model_max_length
        if len(text) < limit:  # fewer characters than the limit: fewer tokens too
            return False
        full = self.tokenizer(text.strip(), add_special_tokens=True, truncation=False)
        return len(full["input_ids"]) > limit

    # -- idf ---------------------------------------------------------------------------------
    def uniform_idf(self) -> defaultdict:
        """bert-score's weights without idf: 1 for every token, 0 for [CLS] and [SEP]."""
        weights: defaultdict = defaultdict(lambda: 1.0)
        weights[self.tokenizer.sep_token_id] = 0
        weights[self.tokenizer.cls_token_id] = 0
        return weights

    def idf(self, corpus: Sequence[str]) -> defaultdict:
        """bert-score's idf table over ``corpus`` (``get_idf_dict``, without its process pool)."""
        counts: dict[int, int] = defaultdict(int)
        for text in corpus:
            for token in set(sent_encode(self.tokenizer, text)):
                counts[token] += 1
        n = len(corpus)
        weights: defaultdict = defaultdict(lambda: log((n + 1) / 1))
        weights.update({token: log((n + 1) / (c + 1)) for token, c in counts.items()})
        return weights


def sent_encode(tokenizer: Any, text: str) -> list[int]:
    """bert-score's token ids of ``text`` (``bert_score.utils.sent_encode``), for every text
    under transformers 4 and 5: every tokenization through bert-score goes through here.

    bert-score 0.3.13 encodes a blank text (empty after ``strip()``) as
    ``tokenizer.build_inputs_with_special_tokens([])``, a method transformers 5 removed from
    its tokenizers, so an empty summary, reference or fact raised AttributeError. For a blank
    text we take the same ids, the special tokens of an empty sequence ([CLS] [SEP] for BERT),
    from ``encode("")`` when that method is gone; every other text is bert-score's own call,
    so its ids, and its scores, are unchanged. Matching then scores a blank side 0, as
    bert-score does (:func:`_greedy_pair`).
    """
    from bert_score.utils import sent_encode as bert_score_sent_encode

    if text.strip() or hasattr(tokenizer, "build_inputs_with_special_tokens"):
        return bert_score_sent_encode(tokenizer, text)
    return tokenizer.encode("", add_special_tokens=True)


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None


def release_freed_memory() -> None:
    """Give the pages malloc holds free back to the system (glibc's ``malloc_trim``; a no-op
    elsewhere).

    A forward pass frees its activations (tens of MB a batch) into malloc's arenas, one per
    encoding thread, and glibc keeps most of that memory mapped for reuse; between one
    metric's encoding and the next matcher's it is resident and unused: a few hundred MB of
    meta-eval's peak at pyramid scale. Numbers are untouched: only free pages are returned.
    A call walks the heap (~50 ms at 1 GB): for the end of a long phase, not every batch.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


_SHARED: dict[tuple[str, int, str | None], TokenEmbedder] = {}
_SHARED_LOCK = threading.Lock()


def shared_embedder(
    model_path: str, num_layers: int, label: str, device: str | None = None
) -> TokenEmbedder:
    """The process's one embedder for this model, layer and device (created on first use)."""
    key = (model_path, num_layers, device)
    with _SHARED_LOCK:
        if key not in _SHARED:
            _SHARED[key] = TokenEmbedder(model_path, num_layers, label, device)
        return _SHARED[key]


def forget_shared() -> None:
    """Drop the embeddings every shared embedder keeps in memory (its model stays loaded)."""
    with _SHARED_LOCK:
        embedders = list(_SHARED.values())
    for embedder in embedders:
        embedder.forget()
