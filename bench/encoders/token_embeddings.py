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
  *Determinism* below), so an embedding depends on its text alone;
* greedy matching (:func:`greedy_scores`) pads the cached embeddings per batch of pairs and
  calls bert-score's own ``greedy_cos_idf``, with idf weights looked up per token id at match
  time, so one embedding serves any idf table.

The model, tokenizer, special-token handling and matching are bert-score's, so scores equal
``bert_score.score`` (to 1e-5: only bert-score's padding of the encoder's batches differs).

Determinism. The encoder's and the matching's float sums are nearly all matrix products (MKL's
sgemm on a CPU), and MKL picks how to split a product's inner sum from the number of threads it
runs on and the number of rows: with two threads, some products of 5 to 11 rows (one short
sentence) come out differently from one thread, by up to 2e-6 in an embedding; at any thread count
products of 1, 2-3 and 4 or more rows take three different kernels. So the embeddings, and the
scores, changed with OMP_NUM_THREADS, with the executor (whose workers run fewer threads) and
with which texts shared a batch. Here every forward pass and every match runs with one
intra-op thread (:func:`one_intra_op_thread`), texts are batched only with texts of the same
token length (no padding), and texts under :data:`BATCHED_FROM` tokens are encoded alone (they
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
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from math import log
from typing import Any

import numpy as np

from ..progress import advance

#: Bytes of embeddings kept in memory per encoder before the least recently used are dropped.
DEFAULT_MEMORY_BUDGET = 1 << 30

#: Texts of fewer tokens than this are encoded alone: a batch of them is a matrix product of
#: 4 rows or more, one of them alone of 2 or 3, and MKL sums those two differently.
BATCHED_FROM = 4

#: Most tokens in one encoder batch (long texts go in smaller batches: bounded memory;
#: ~100 MB of activations per encoding thread).
MAX_BATCH_TOKENS = 2048
#: A call that encoded this many tokens (~10 s on one CPU core) gives the memory its
#: activations held back to the system (:func:`release_freed_memory`, ~50 ms); smaller calls,
#: as a scoring run's chunks make, leave it to malloc to reuse.
RELEASE_AFTER_TOKENS = 1 << 14

_ONE_THREAD = threading.RLock()

#: Threads that encode one call's batches side by side (:func:`encoding_threads`).
_ENCODING_THREADS: ContextVar[int] = ContextVar("bench_encoding_threads", default=1)


@contextmanager
def encoding_threads(threads: int) -> Iterator[None]:
    """Encode the batches of every :meth:`TokenEmbedder.embed` inside on ``threads`` threads.

    Each batch still runs on one thread with one intra-op thread, so every embedding is the
    one it is alone (see *Determinism*): threads change only the time. One thread unless a
    caller says otherwise: the executors give each process its share of the cores (the
    runner's own process and ``auto``'s helper all of them, each of ``w`` pool workers
    ``1/w``; Ray actors one), and ``summbench meta-eval``, one process doing nothing else, one
    thread per core.
    """
    token = _ENCODING_THREADS.set(max(1, threads))
    try:
        yield
    finally:
        _ENCODING_THREADS.reset(token)


def run_with_helpers(work: Callable[[bool], None], threads: int) -> None:
    """Run ``work(False)`` here and ``work(True)`` in ``threads - 1`` helper threads, until all
    return; ``work`` takes its items from a shared queue, and ``True`` tells it it is a helper
    (the caller reports progress for everyone)."""
    helpers = [
        threading.Thread(target=work, args=(True,), daemon=True) for _ in range(threads - 1)
    ]
    for helper in helpers:
        helper.start()
    try:
        work(False)
    finally:
        for helper in helpers:
            helper.join()


@contextmanager
def one_intra_op_thread() -> Iterator[None]:
    """Run torch with one intra-op thread inside, and restore the setting after.

    torch's thread setting is process-wide (MKL's is global), so concurrent users are run one
    after another: a second thread entering waits, rather than restoring the first thread's
    setting under it. Re-entering from the same thread is allowed.
    """
    import torch

    with _ONE_THREAD:
        before = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            yield
        finally:
            torch.set_num_threads(before)


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
        # Batches of texts with exactly the same number of tokens: no padding at all, so a
        # text's embedding does not depend on what it was batched with (padding changes the
        # attention's float sums, by ~1e-7: enough to change a table's last digit between a
        # cold run and a run that found half its texts cached). See *Determinism* above.
        by_length: dict[int, list[str]] = defaultdict(list)
        for text in texts:
            by_length[len(ids[text])].append(text)
        batches = []
        for length in sorted(by_length, reverse=True):
            group = by_length[length]
            size = batch_size if length >= BATCHED_FROM else 1
            # Long texts in fewer per batch: a batch's activations grow with its tokens (and
            # its attention with their square: 64 texts of 250 tokens took ~300 MB at once).
            # The batch changes no number (see *Determinism*); past ~1,000 tokens a batch is
            # as fast per token on a CPU.
            size = max(1, min(size, MAX_BATCH_TOKENS // length))
            batches += [group[start : start + size] for start in range(0, len(group), size)]
        out: dict[str, Embedded] = {}
        with one_intra_op_thread():
            threads = min(_ENCODING_THREADS.get(), len(batches))
            if threads > 1:
                self._encode_in_threads(batches, ids, out, threads)
            else:
                for batch in batches:
                    out.update(self._forward(batch, ids))
                    advance(len(batch), "texts encoded")
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

    def _encode_in_threads(
        self,
        batches: list[list[str]],
        ids: dict[str, list[int]],
        out: dict[str, Embedded],
        threads: int,
    ) -> None:
        """The batches on ``threads`` threads (this one and helpers), each taking the next
        batch when it is free. Each batch runs on one thread with one intra-op thread (the
        caller holds :func:`one_intra_op_thread`; a helper sets its own thread's setting, which
        torch and MKL keep per thread), so a batch's numbers are those it gets alone: only
        which thread computes it changes (``tests/metaeval/test_fast_paths.py``). torch releases the
        GIL inside each operation, so the threads run in parallel on the cores there are.
        Progress is reported from the calling thread (the listener is its context's)."""
        import torch

        pending = iter(batches)
        lock = threading.Lock()
        unreported = [0]

        def work(helper: bool) -> None:
            if helper:
                torch.set_num_threads(1)  # this thread's own OpenMP/MKL setting
            while True:
                with lock:
                    batch = next(pending, None)
                if batch is None:
                    return
                found = self._forward(batch, ids)
                done = 0
                with lock:
                    out.update(found)
                    unreported[0] += len(batch)
                    if not helper:  # the caller reports the helpers' batches too
                        done, unreported[0] = unreported[0], 0
                if done:
                    advance(done, "texts encoded")

        run_with_helpers(work, threads)
        if unreported[0]:
            advance(unreported[0], "texts encoded")

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


def greedy_scores(
    embedder: TokenEmbedder,
    pairs: Sequence[tuple[str, str]],
    idf: dict[int, float],
    batch_size: int = 64,
) -> np.ndarray:
    """BERTScore (P, R, F1) of each (candidate, reference) pair, as an [n, 3] array.

    bert-score's ``greedy_cos_idf`` on one pair at a time: unpadded, so a pair's score does
    not depend on which pairs share its batch (padding a batch changes the order of float
    sums, by ~1e-7), and a table is the same however the work was split; with one intra-op
    thread, as the forward passes (see *Determinism* in the module docstring). Each text's
    unit vectors and idf scale are prepared once per call, not once per pair
    (:func:`_greedy_pair`: the same operations on the same tensors, so the same bits).
    """
    import torch

    if not pairs:
        return np.zeros((0, 3), dtype=np.float32)
    embedded = embedder.embed([t for pair in pairs for t in pair], batch_size)
    tensors: dict[str, tuple[Any, Any, bool]] = {}
    # Each text's prepared tensors are kept until its last pair only: a whole call's (every
    # summary of a dataset) would double the memory its embeddings take.
    last = {text: row for row, pair in enumerate(pairs) for text in pair}

    def prepared(text: str) -> tuple[Any, Any, bool]:
        found = tensors.get(text)
        if found is None:
            e = embedded[text]
            vectors = torch.from_numpy(e.vectors).to(embedder.device).unsqueeze(0)
            weights = torch.tensor([[idf[i] for i in e.ids]], dtype=torch.float)
            weights = weights.to(embedder.device)
            # greedy_cos_idf's first steps, which depend on the text alone: unit vectors
            # (its in-place div_ by the norm) and idf weights summing to 1 (its div_).
            found = tensors[text] = (
                vectors / torch.norm(vectors, dim=-1).unsqueeze(-1),
                weights / weights.sum(dim=1, keepdim=True),
                len(e.ids) == 2,  # [CLS] [SEP] only: bert-score's "empty sentence"
            )
        return found

    out = np.empty((len(pairs), 3), dtype=np.float32)
    with torch.no_grad(), one_intra_op_thread():
        for row, (candidate, reference) in enumerate(pairs):
            out[row] = _greedy_pair(*prepared(reference), *prepared(candidate))
            for text in (candidate, reference):
                if last[text] == row:
                    tensors.pop(text, None)
            if row % 256 == 255 or row == len(pairs) - 1:
                advance(row % 256 + 1, "pairs matched")
    return out


def _greedy_pair(
    ref: Any, ref_scale: Any, ref_empty: bool, hyp: Any, hyp_scale: Any, hyp_empty: bool
) -> tuple[float, float, float]:
    """bert-score's ``greedy_cos_idf`` for one unpadded pair, from prepared unit vectors
    [1, tokens, dim] and idf scales [1, tokens], as (P, R, F1).

    The same tensor operations, in the same order, on tensors of the same shapes, less those
    that cannot change a number here: its masks are all ones without padding (the similarity
    multiplied by 1.0 is itself), and the per-text steps were done once by the caller. Checked
    to the bit against ``greedy_cos_idf`` (tests/metaeval/test_fast_paths.py).
    """
    import torch

    sim = torch.bmm(hyp, ref.transpose(1, 2))
    word_precision = sim.max(dim=2)[0]
    word_recall = sim.max(dim=1)[0]
    P = (word_precision * hyp_scale).sum(dim=1)
    R = (word_recall * ref_scale).sum(dim=1)
    F = 2 * P * R / (P + R)
    if hyp_empty or ref_empty:  # bert-score sets an empty side's P and R to 0 (F stays)
        P = P.masked_fill(torch.ones_like(P, dtype=torch.bool), 0.0)
        R = R.masked_fill(torch.ones_like(R, dtype=torch.bool), 0.0)
    F = F.masked_fill(torch.isnan(F), 0.0)
    return P.item(), R.item(), F.item()


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
