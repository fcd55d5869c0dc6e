"""Fitting the verifier's cross-encoder: class weights, the seeded epochs of length-sorted
batches, and the training loop (AdamW, warm-up and linear decay, clipped gradients).
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..encoders.verifier_delta import LABELS
from .verifier_dev import dev_figures
from .verifier_pairs import TrainingPair

#: Batches are cut from length-sorted runs of this many batches' pairs (then shuffled), so a
#: batch holds pairs of similar length: little padding, the same randomness from the seed.
SORT_RUN = 50


def class_weights(spec: str, labels: Sequence[int]) -> list[float]:
    """``balanced``: each label weighted by n / (3 * its count); ``none``: ones; or three
    comma-separated numbers in the order of the labels."""
    if spec == "none":
        return [1.0] * len(LABELS)
    if spec == "balanced":
        counts = Counter(labels)
        return [len(labels) / (len(LABELS) * max(1, counts[i])) for i in range(len(LABELS))]
    try:
        weights = [float(w) for w in spec.split(",")]
    except ValueError:
        weights = []
    if len(weights) != len(LABELS) or any(not w > 0 for w in weights):
        raise SystemExit(
            f"--class-weights {spec!r}: give balanced, none, or {len(LABELS)} positive numbers "
            f"({', '.join(LABELS)})."
        )
    return weights


def epoch_batches(lengths: Sequence[int], batch_size: int, rng: np.random.Generator) -> list:
    """One epoch's batches of row indices: a seeded permutation, cut into runs that are
    sorted by length and cut into batches, the batches then shuffled."""
    order = rng.permutation(len(lengths))
    batches = []
    run = batch_size * SORT_RUN
    for start in range(0, len(order), run):
        chunk = sorted(order[start : start + run].tolist(), key=lambda i: (lengths[i], i))
        batches += [chunk[b : b + batch_size] for b in range(0, len(chunk), batch_size)]
    return [batches[i] for i in rng.permutation(len(batches))]


def _collate(packed: Sequence[Any]) -> tuple[Any, Any, Any]:
    import torch

    width = max(len(p.ids) for p in packed)
    ids = torch.zeros((len(packed), width), dtype=torch.long)
    segments = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    for row, p in enumerate(packed):
        ids[row, : len(p.ids)] = torch.tensor(p.ids)
        segments[row, : len(p.ids)] = torch.tensor(p.segments)
        mask[row, : len(p.ids)] = 1
    return ids, segments, mask


def fit_epochs(
    encoder: Any,
    fit: Sequence[TrainingPair],
    dev: Sequence[TrainingPair],
    weights: Sequence[float],
    args: argparse.Namespace,
    rng: np.random.Generator,
    say: Any,
) -> list[dict]:
    """Train ``encoder``'s top layers and head on ``fit`` (AdamW, linear warm-up over 6% of
    the steps and linear decay, gradients clipped at norm 1); one record per epoch."""
    import torch

    packed = encoder.pack([(p.claim, p.text) for p in fit])
    say(
        f"base: {encoder.base_label}; training layers {list(encoder.layers)} and the head; "
        f"{sum(p.truncated for p in packed)} training pairs cut to {args.max_length} tokens"
    )
    params = encoder.trainable_parameters()
    optimizer = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    steps = args.epochs * -(-len(fit) // args.batch_size)
    warmup = max(1, int(0.06 * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup)))
    )
    loss_fn = torch.nn.CrossEntropyLoss(weight=torch.tensor(weights, dtype=torch.float32))
    labels = torch.tensor([p.label for p in fit], dtype=torch.long)
    lengths = [len(p.ids) for p in packed]
    history = []
    for epoch in range(1, args.epochs + 1):
        encoder.train_mode()
        started = time.perf_counter()
        total, batches = 0.0, epoch_batches(lengths, args.batch_size, rng)
        for step, rows in enumerate(batches, 1):
            ids, segments, mask = _collate([packed[r] for r in rows])
            loss = loss_fn(encoder.logits(ids, segments, mask), labels[rows])
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            schedule.step()
            total += float(loss.detach()) * len(rows)
            if step % args.log_every == 0:
                say(
                    f"  epoch {epoch} batch {step}/{len(batches)} loss {float(loss.detach()):.4f} "
                    f"({(time.perf_counter() - started) / step:.2f} s/batch)"
                )
        seconds = time.perf_counter() - started
        encoder.eval_mode()
        record = {"epoch": epoch, "loss": round(total / len(fit), 4)}
        line = f"epoch {epoch}: loss {record['loss']:.4f}, {seconds / len(batches):.2f} s/batch"
        if dev and epoch < args.epochs:  # the last epoch's: of the delta as written (train)
            figures = dev_figures(encoder, dev, batch_size=args.batch_size, threads=args.threads)
            record["dev_accuracy"] = figures["accuracy"]
            line += f", dev accuracy {figures['accuracy']:.3f}"
        history.append(record)
        say(line)
    return history
