"""(claim, text) pairs packed as the verifier's cross-encoder reads them.

A pair is ``[CLS] claim [SEP] text [SEP]``, the claim in segment 0 and the text in segment 1,
cut explicitly to a window of tokens: the text loses its end first, the claim keeps at least
half the window, and :attr:`Packed.truncated` says which pairs lost tokens.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Packed:
    """A pair as the model reads it: token ids, segment ids, and whether tokens were cut."""

    ids: tuple[int, ...]
    segments: tuple[int, ...]
    truncated: bool


def pack_pairs(tokenizer: Any, pairs: Sequence[tuple[str, str]], max_length: int) -> list[Packed]:
    """Each (claim, text) as ``[CLS] claim [SEP] text [SEP]``, cut to ``max_length`` tokens:
    the text loses its end first; the claim keeps at least half the window. Each distinct
    string is tokenized once."""
    distinct = sorted({t for pair in pairs for t in pair})
    ids = dict(
        zip(
            distinct,
            tokenizer(distinct, add_special_tokens=False)["input_ids"] if distinct else [],
            strict=True,
        )
    )
    cls, sep = tokenizer.cls_token_id, tokenizer.sep_token_id
    budget = max_length - 3
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
