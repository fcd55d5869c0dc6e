"""How the encoders batch and thread their forward passes, so that no number they give depends
on the batch, the thread count or which thread computed it.

Why each rule is needed (MKL splits a matrix product's sums by its thread count and its row
count; padding changes the attention's float sums) is *Determinism* in
:mod:`bench.encoders.token_embeddings`. The rules, shared by the BERTScore embedder and the
verifier's cross-encoder, live here so that both follow them the same way:

* :func:`equal_length_batches`: items are batched only with items of exactly the same token
  count (no padding), items under :data:`BATCHED_FROM` tokens are read alone, and a batch holds
  at most :data:`MAX_BATCH_TOKENS` tokens;
* :func:`one_intra_op_thread`: every forward pass runs on one intra-op thread;
* :func:`run_batches`: the batches are shared among :func:`encoding_threads` threads, each batch
  computed whole on one of them, so only which thread computes a batch changes.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from ..progress import advance

#: Texts of fewer tokens than this are encoded alone: a batch of them is a matrix product of
#: 4 rows or more, one of them alone of 2 or 3, and MKL sums those two differently.
BATCHED_FROM = 4

#: Most tokens in one encoder batch (long texts go in smaller batches: bounded memory;
#: ~100 MB of activations per encoding thread).
MAX_BATCH_TOKENS = 2048

_ONE_THREAD = threading.RLock()

#: Threads that encode one call's batches side by side (:func:`encoding_threads`).
_ENCODING_THREADS: ContextVar[int] = ContextVar("bench_encoding_threads", default=1)

Item = TypeVar("Item")
Batch = TypeVar("Batch", bound=Sequence[Any])
Result = TypeVar("Result")


@contextmanager
def encoding_threads(threads: int) -> Iterator[None]:
    """Encode the batches of every encoder call inside on ``threads`` threads: BERTScore's
    (:meth:`~bench.encoders.token_embeddings.TokenEmbedder.embed`) and the verifier
    matcher's (:meth:`~bench.encoders.cross_encoder.CrossEncoder.predict`).

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


def encoding_thread_count() -> int:
    """The threads the innermost :func:`encoding_threads` gives (one outside any)."""
    return _ENCODING_THREADS.get()


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


def equal_length_batches(
    items: Sequence[Item], lengths: Sequence[int], batch_size: int
) -> list[list[Item]]:
    """``items`` (of ``lengths`` tokens each) in batches of one token length, longest first.

    No padding at all, so an item's numbers do not depend on what it was batched with (padding
    changes the attention's float sums, by ~1e-7: enough to change a table's last digit
    between a cold run and a run that found half its texts cached). Items under
    :data:`BATCHED_FROM` tokens go alone. Long items go fewer to a batch: a batch's activations
    grow with its tokens (and its attention with their square: 64 texts of 250 tokens took
    ~300 MB at once). The batch changes no number; past ~1,000 tokens a batch is as fast per
    token on a CPU.
    """
    by_length: dict[int, list[Item]] = defaultdict(list)
    for item, length in zip(items, lengths, strict=True):
        by_length[length].append(item)
    batches = []
    for length in sorted(by_length, reverse=True):
        group = by_length[length]
        size = batch_size if length >= BATCHED_FROM else 1
        size = max(1, min(size, MAX_BATCH_TOKENS // length))
        batches += [group[start : start + size] for start in range(0, len(group), size)]
    return batches


def run_batches(
    batches: Sequence[Batch],
    forward: Callable[[Batch], Result],
    store: Callable[[Batch, Result], None],
    threads: int,
    what: str,
) -> None:
    """``store(batch, forward(batch))`` for every batch, on ``threads`` threads (this one and
    helpers), each taking the next batch when it is free; progress is reported as ``what``.

    The caller holds :func:`one_intra_op_thread`; a helper sets its own thread's setting, which
    torch and MKL keep per thread, so every batch runs on one thread with one intra-op thread
    and its numbers are those it gets alone: only which thread computes it changes
    (``tests/metaeval/test_fast_paths.py``). torch releases the GIL inside each operation, so the
    threads run in parallel on the cores there are. ``store`` runs under a lock. Progress is
    reported from the calling thread (the listener is its context's), the helpers' batches
    included.
    """
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
            result = forward(batch)
            done = 0
            with lock:
                store(batch, result)
                unreported[0] += len(batch)
                if not helper:  # the caller reports the helpers' batches too
                    done, unreported[0] = unreported[0], 0
            if done:
                advance(done, what)

    _run_with_helpers(work, threads)
    if unreported[0]:
        advance(unreported[0], what)


def _run_with_helpers(work: Callable[[bool], None], threads: int) -> None:
    """Run ``work(False)`` here and ``work(True)`` in ``threads - 1`` helper threads, until all
    return; ``work`` takes its items from a shared queue, and ``True`` tells it it is a helper
    (the caller reports progress for everyone)."""
    helpers = [threading.Thread(target=work, args=(True,), daemon=True) for _ in range(threads - 1)]
    for helper in helpers:
        helper.start()
    try:
        work(False)
    finally:
        for helper in helpers:
            helper.join()
