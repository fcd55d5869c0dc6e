"""Resampling in blocks of rows, so memory stays bounded at any number of examples.

A bootstrap or randomization test over n examples draws a (resamples, n) matrix; at n = 100,000
and 1,000 resamples that is 800 MB of indices and as much again of gathered scores. Drawing it
in blocks of rows keeps about :data:`CHUNK_ELEMENTS` of them alive at once. The numbers do not
change: numpy's generators fill an array in row-major order from one stream, so consecutive
draws of blocks of rows give the very values of one draw of the whole matrix (for integers in
any block size; for booleans, which are cut from 32-bit words, in blocks whose size is a
multiple of 32 - see :func:`row_blocks`), and each row's statistic is computed from its row
alone. Tests check the blocked draws against one whole draw.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

#: Elements of a (rows, n) block drawn at once: 4 Mi int64 indices (32 MB) plus the scores
#: they gather (32 MB).
CHUNK_ELEMENTS = 1 << 22


def row_blocks(rows: int, n: int, *, boolean: bool = False) -> Iterator[tuple[int, int]]:
    """(start, stop) of consecutive blocks of ``rows`` rows of length ``n``.

    With ``boolean``, every block but the last holds a multiple of 32 values: numpy draws 32
    booleans from each 32-bit word and starts a fresh word at every call, so only such blocks
    leave the stream exactly where one whole draw would have it.
    """
    step = 32 // math.gcd(n, 32) if boolean else 1
    size = max(step, CHUNK_ELEMENTS // max(n, 1) // step * step)
    for start in range(0, rows, size):
        yield start, min(start + size, rows)
