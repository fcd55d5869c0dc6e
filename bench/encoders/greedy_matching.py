"""BERTScore's greedy matching of (candidate, reference) pairs, from cached token embeddings.

The embeddings come from a :class:`~bench.encoders.token_embeddings.TokenEmbedder` (each text
encoded once per process); here they are matched one pair at a time with bert-score's own
``greedy_cos_idf`` steps, with idf weights looked up per token id at match time, so one
embedding serves any idf table. Unpadded and on one intra-op thread, as the forward passes
(*Determinism* in :mod:`bench.encoders.token_embeddings`), so a pair's score is the same bits
whatever else is matched with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..progress import advance
from .batching import one_intra_op_thread

if TYPE_CHECKING:
    from .token_embeddings import TokenEmbedder


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
    thread, as the forward passes (see the module docstring). Each text's unit vectors and
    idf scale are prepared once per call, not once per pair
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
