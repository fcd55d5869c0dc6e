"""The verifier's model's answers to (claim, window) pairs, and the memory that keeps them
between calls (a run matches one system's summaries at a time, and systems that copy source
sentences share windows)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, NamedTuple

from ..encoders.verifier_delta import LABELS

#: (claim, window) answers a matcher remembers between calls (~200 bytes each with the
#: strings, which the tasks hold anyway); the first remembered go first.
MEMO_PAIRS = 1 << 19


class Answer(NamedTuple):
    """What the model said about one (claim, window) pair."""

    stated: float  # P(stated)
    contradicted: float  # P(contradicted)
    contradicts: bool  # "contradicted" is the most probable of the three


class AnswerMemo:
    """The answers read so far, the oldest forgotten past :data:`MEMO_PAIRS`; safe to share
    between threads. A pair's answer does not depend on what it was read with (see
    :mod:`bench.encoders.cross_encoder`), so remembering changes no number."""

    def __init__(self) -> None:
        self._answers: OrderedDict[tuple[str, str], Answer] = OrderedDict()
        self._lock = threading.Lock()

    def recall(self, pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Answer]:
        """The answers remembered for any of ``pairs``."""
        with self._lock:
            return {p: self._answers[p] for p in pairs if p in self._answers}

    def remember(self, fresh: dict[tuple[str, str], Answer]) -> None:
        """Keeps ``fresh`` answers, forgetting the oldest beyond :data:`MEMO_PAIRS`."""
        with self._lock:
            self._answers.update(fresh)
            while len(self._answers) > MEMO_PAIRS:
                self._answers.popitem(last=False)


def model_answers(
    encoder: Any, pairs: list[tuple[str, str]], batch_size: int
) -> dict[tuple[str, str], Answer]:
    """The answers of ``encoder`` (a :class:`bench.encoders.cross_encoder.CrossEncoder`) for
    ``pairs``, read now."""
    verified = encoder.predict(pairs, batch_size=batch_size, threads=_encoding_threads())
    contradicts = LABELS.index("contradicted")
    return {
        pair: Answer(float(s), float(c), bool(top == contradicts))
        for pair, s, c, top in zip(
            pairs,
            verified.stated,
            verified.contradicted,
            verified.probabilities.argmax(axis=1),
            strict=True,
        )
    }


def _encoding_threads() -> int:
    """The threads the caller gives encoders (``encoding_threads``: one unless meta-eval or
    an executor says otherwise); each batch still runs on one thread, so only time changes."""
    from ..encoders.batching import encoding_thread_count

    return encoding_thread_count()
