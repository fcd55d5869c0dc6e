"""A pure-Python ROUGE that gives rouge-score's numbers, bit for bit, several times faster.

It is the fallback when rouge-score-rs is not installed. rouge-score spends most of its time
stemming the same words again and again and filling O(m·n) LCS tables in Python; here

* each distinct word is stemmed once (a dictionary in front of the Porter stemmer);
* each distinct text is analysed once (tokens, n-gram counts, LCS match masks, sentences) and
  reused across every pair it appears in: a reference shared by ten systems is tokenized once;
* LCS lengths come from the bit-parallel algorithm of Allison and Dix (1986) in Hyyrö's (2004)
  formulation, one big-integer step per token instead of a table row; for ROUGE-Lsum, which
  needs the LCS itself, the same bit rows give every table entry, and the backtrack follows
  rouge-score's tie-breaking exactly (so the union LCS, and the score, are the same).

Every division and the F-measure are written as rouge-score writes them, so the floats agree
to the last bit; the tests compare them on real summaries and on random Unicode text.

Memory stays linear in the length of the texts, whatever their length (rouge-score and
rouge-score-rs fill an m x n table: 40 GB for two 100,000-word texts): a bit row is one bit per
token, the match masks of a long text are built one block of :data:`BLOCK` tokens at a time
(a mask per distinct token of a whole text would be quadratic for a text of distinct words),
and ROUGE-Lsum's backtrack keeps every k-th row and recomputes the rows between two kept ones
when it gets there (:func:`lcs_indices`). Time is still about m x n / 64 word operations:
:mod:`bench.metrics.rouge_limits` decides what is too long to wait for.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from math import isqrt
from typing import NamedTuple

_ASCII_WORD = re.compile(r"[a-z0-9]+")
_VALID_TOKEN = re.compile(r"^[a-z0-9]+$")


class Score(NamedTuple):
    """Precision, recall and F-measure, named as rouge-score names them."""

    precision: float
    recall: float
    fmeasure: float


_ZERO = Score(0, 0, 0)


def fmeasure(precision: float, recall: float) -> float:
    """rouge-score's F-measure, in the same floating-point operations."""
    if precision + recall > 0:
        return 2 * precision * recall / (precision + recall)
    return 0.0


class CachedTokenizer:
    """rouge-score's default tokenizer with each distinct word stemmed only once."""

    def __init__(self, use_stemmer: bool):
        self._stem: Callable[[str], str] | None = None
        if use_stemmer:
            from nltk.stem import porter

            self._stem = porter.PorterStemmer().stem
        self._stems: dict[str, str] = {}

    def tokenize(self, text: str) -> list[str]:
        """Lower-cased ASCII words, stemmed when a stemmer is set (stems cached per word)."""
        words = _ASCII_WORD.findall(text.lower())
        if self._stem is None:
            return words
        stems = self._stems
        out = []
        for word in words:
            stem = stems.get(word)
            if stem is None:
                stem = self._stem(word) if len(word) > 3 else word
                stems[word] = stem
            out.append(stem)
        # rouge-score drops any stem that is not [a-z0-9]+; Porter never makes one, but check.
        return [t for t in out if _VALID_TOKEN.match(t)]


#: Tokens per block of a long text's bit rows: a block's match masks take at most
#: BLOCK**2 / 16 bytes (16 MB), however many distinct words the text has.
BLOCK = 16_384
#: Texts longer than this (about 8,000 words) are analysed for each pair rather than kept: a
#: corpus of long texts would otherwise hold megabytes each in the cache.
UNCACHED_CHARS = 50_000
#: Bits of kept DP rows up to which ROUGE-Lsum's backtrack keeps every row (8 MB); above it,
#: only every k-th row (k = sqrt(rows)), the rest recomputed during the backtrack.
KEEP_ALL_ROWS_BITS = 1 << 26


class _Text:
    """Everything ROUGE needs from one text, computed once."""

    __slots__ = ("masks", "ngram_totals", "ngrams", "sentence_counts", "sentences", "tokens")

    def __init__(self, text: str, tokenize: Callable[[str], list[str]], orders, lsum: bool):
        self.tokens = tokenize(text) if orders is not None else []
        self.ngrams: dict[int, Counter] = {}
        self.ngram_totals: dict[int, int] = {}
        for n in orders or ():
            grams = Counter(zip(*(self.tokens[i:] for i in range(n)), strict=False))
            self.ngrams[n] = grams
            self.ngram_totals[n] = max(len(self.tokens) - n + 1, 0)
        # A long text's masks are made block by block when needed (see lcs_length).
        self.masks = _match_masks(self.tokens) if len(self.tokens) <= BLOCK else None
        self.sentences: list[list[str]] = []
        self.sentence_counts: Counter = Counter()
        if lsum:
            # rouge-score: one sentence per line, empty lines dropped.
            self.sentences = [tokenize(s) for s in text.split("\n") if len(s)]
            for sentence in self.sentences:
                self.sentence_counts.update(sentence)


def _match_masks(tokens: Sequence[str], only: set[str] | None = None) -> dict[str, int]:
    """For each token (of ``only``, if given), the bit mask of the positions where it occurs."""
    masks: dict[str, int] = {}
    for position, token in enumerate(tokens):
        if only is None or token in only:
            masks[token] = masks.get(token, 0) | (1 << position)
    return masks


def lcs_length(
    masks: dict[str, int] | None, length: int, other: Sequence[str], tokens: Sequence[str] = ()
) -> int:
    """Length of the LCS of a sequence (given by its match masks and length) and ``other``.

    Without ``masks`` (a long text) the sequence is given as ``tokens`` and processed in
    blocks of :data:`BLOCK` positions (:func:`_blocked_lcs_length`).
    """
    if masks is None:
        return _blocked_lcs_length(tokens, other)
    full = (1 << length) - 1
    row = full
    for token in other:
        matched = row & masks.get(token, 0)
        row = ((row + matched) | (row - matched)) & full
    return length - row.bit_count()


def _blocked_lcs_length(tokens: Sequence[str], other: Sequence[str]) -> int:
    """:func:`lcs_length` on a bit row cut into blocks, lowest positions first.

    In the row update ``(row + matched) | (row - matched)``, ``matched`` is a subset of
    ``row``'s bits, so the subtraction never borrows across positions: only the addition's
    carry crosses from one block into the next. Each block is run over all of ``other`` with
    the carry it received at each step (kept from the block below, one byte a step), which
    gives the same row, block by block, as the whole-width update; memory is one block's masks
    and one byte per token of ``other``.
    """
    carries = bytearray(len(other))
    found = 0
    for start in range(0, len(tokens), BLOCK):
        block = tokens[start : start + BLOCK]
        width = len(block)
        full = (1 << width) - 1
        get = _match_masks(block).get
        row = full
        for step, token in enumerate(other):
            matched = row & get(token, 0)
            if matched or carries[step]:
                total = row + matched + carries[step]
                carries[step] = total >> width
                row = (total & full) | (row ^ matched)
        found += width - row.bit_count()
    return found


def lcs_indices(ref: Sequence[str], can: Sequence[str]) -> list[int]:
    """The positions in ``ref`` of the LCS that rouge-score's ``lcs_ind`` returns.

    Row ``i`` of the DP table (``ref[:i]`` against every prefix of ``can``) is a bit vector:
    bit ``j-1`` is clear where the table grows from column ``j-1`` to ``j``, so
    ``t[i][j] = j - popcount(row_i & (2**j - 1))``. Masks are made only for tokens of ``ref``
    (no other token can match), so they take at most as many bits as the rows. Up to
    :data:`KEEP_ALL_ROWS_BITS` every row is kept; above, every k-th row (k = sqrt(len(ref))),
    and the backtrack, which walks the rows downwards, recomputes the k rows above a kept one
    when it reaches them: O(sqrt(m) n) bits instead of O(m n), for a second forward pass.
    """
    width = len(can)
    full = (1 << width) - 1
    get = _match_masks(can, set(ref)).get

    def step(row: int, token: str) -> int:
        matched = row & get(token, 0)
        return ((row + matched) | (row - matched)) & full

    return _backtrack(ref, can, _dp_rows(ref, step, full, width))


def _dp_rows(
    ref: Sequence[str], step: Callable[[int, str], int], full: int, width: int
) -> Callable[[int], tuple[int, int]]:
    """A function of ``i`` giving rows ``i`` and ``i-1`` of :func:`lcs_indices`' DP table as
    bit rows, for the backtrack's ``i`` walking down from ``len(ref)``: every row is kept when
    they fit in :data:`KEEP_ALL_ROWS_BITS`; else every k-th row, and the rows between two kept
    ones are recomputed from the upper one when the backtrack first enters them."""
    m = len(ref)
    every = 1 if m * width <= KEEP_ALL_ROWS_BITS else isqrt(m) + 1
    kept = []  # row i for every i divisible by `every`
    row = full
    for i, token in enumerate(ref):
        if i % every == 0:
            kept.append(row)
        row = step(row, token)
    if every == 1:
        kept.append(row)  # every row, 0 to m
        return lambda i: (kept[i], kept[i - 1])

    segment: list[int] = []
    segment_start = -1

    def rows_at(i: int) -> tuple[int, int]:
        """Rows i and i-1, from the segment of rows holding both (recomputed from its
        kept row the first time the backtrack, walking down, enters it)."""
        nonlocal segment, segment_start
        start = (i - 1) - (i - 1) % every
        if start != segment_start:
            segment_start, value = start, kept[start // every]
            segment = [value]
            for token in ref[start : min(start + every, m)]:
                value = step(value, token)
                segment.append(value)
        return segment[i - start], segment[i - 1 - start]

    return rows_at


def _backtrack(
    ref: Sequence[str], can: Sequence[str], rows_at: Callable[[int], tuple[int, int]]
) -> list[int]:
    """The positions in ``ref`` of the LCS, walked back from the table's last cell with
    rouge-score's tie-breaking (on a tie, up a row); ``rows_at`` gives the bit rows."""

    def cell(row: int, j: int) -> int:
        return j - (row & ((1 << j) - 1)).bit_count()

    i, j = len(ref), len(can)
    found: list[int] = []
    while i > 0 and j > 0:
        if ref[i - 1] == can[j - 1]:
            found.append(i - 1)
            i -= 1
            j -= 1
        else:
            upper, lower = rows_at(i)
            if cell(upper, j - 1) > cell(lower, j):
                j -= 1
            else:
                i -= 1
    found.reverse()
    return found


def _score_ngrams(target: _Text, prediction: _Text, n: int) -> Score:
    t, p = target.ngrams[n], prediction.ngrams[n]
    small, large = (t, p) if len(t) <= len(p) else (p, t)
    overlap = 0
    for gram, count in small.items():
        other = large.get(gram)
        if other:
            overlap += count if count < other else other
    precision = overlap / max(prediction.ngram_totals[n], 1)
    recall = overlap / max(target.ngram_totals[n], 1)
    return Score(precision, recall, fmeasure(precision, recall))


def _score_lcs(target: _Text, prediction: _Text) -> Score:
    if not target.tokens or not prediction.tokens:
        return _ZERO
    length = lcs_length(target.masks, len(target.tokens), prediction.tokens, target.tokens)
    precision = length / len(prediction.tokens)
    recall = length / len(target.tokens)
    return Score(precision, recall, fmeasure(precision, recall))


def _score_lsum(target: _Text, prediction: _Text) -> Score:
    ref_sentences, can_sentences = target.sentences, prediction.sentences
    if not ref_sentences or not can_sentences:
        return _ZERO
    m = sum(map(len, ref_sentences))
    n = sum(map(len, can_sentences))
    if not n or not m:
        return _ZERO
    ref_left = Counter(target.sentence_counts)
    can_left = Counter(prediction.sentence_counts)
    hits = 0
    for ref in ref_sentences:
        union: set[int] = set()
        for can in can_sentences:
            union.update(lcs_indices(ref, can))
        for position in sorted(union):
            token = ref[position]
            if can_left[token] > 0 and ref_left[token] > 0:
                hits += 1
                can_left[token] -= 1
                ref_left[token] -= 1
    recall = hits / m
    precision = hits / n
    return Score(precision, recall, fmeasure(precision, recall))


class PythonRougeScorer:
    """Scores (target, prediction) pairs like ``RougeScorer.score``, reusing work across pairs.

    ``tokenizer`` is any object with ``tokenize(text) -> list[str]``; by default rouge-score's
    tokenizer (with a stem cache). Analysed texts are kept up to ``cache_size`` distinct texts
    (none longer than :data:`UNCACHED_CHARS`: analysing again is cheap beside their LCS),
    then forgotten all at once, so memory stays bounded on any corpus.
    """

    def __init__(
        self,
        rouge_types: Sequence[str],
        use_stemmer: bool = False,
        tokenizer=None,
        cache_size: int = 100_000,
    ):
        self.rouge_types = list(rouge_types)
        self._tokenize = (tokenizer or CachedTokenizer(use_stemmer)).tokenize
        self._orders = sorted({int(t[5:]) for t in self.rouge_types if t[5:].isdigit()})
        needs_tokens = bool(self._orders) or "rougeL" in self.rouge_types
        # rouge-score skips whole-text tokens only when rougeLsum is the one type.
        self._token_orders = self._orders if needs_tokens else None
        self._lsum = "rougeLsum" in self.rouge_types
        self._cache: dict[str, _Text] = {}
        self._cache_size = cache_size

    def tokenize(self, text: str) -> list[str]:
        """The tokens this scorer makes of ``text`` (rouge-score's, or the given tokenizer's)."""
        return self._tokenize(text)

    def _text(self, text: str) -> _Text:
        found = self._cache.get(text)
        if found is None:
            if len(self._cache) >= self._cache_size:
                self._cache.clear()
            found = _Text(text, self._tokenize, self._token_orders, self._lsum)
            if len(text) <= UNCACHED_CHARS:
                self._cache[text] = found
        return found

    def score(self, target: str, prediction: str) -> dict[str, Score]:
        """ROUGE of ``prediction`` against ``target`` for every type of this scorer."""
        return self.score_types(target, prediction, self.rouge_types)

    def score_types(
        self, target: str, prediction: str, rouge_types: Sequence[str]
    ) -> dict[str, Score]:
        """Like :meth:`score`, for some of this scorer's types only."""
        t, p = self._text(target), self._text(prediction)
        result: dict[str, Score] = {}
        for rouge_type in rouge_types:
            if rouge_type == "rougeL":
                result[rouge_type] = _score_lcs(t, p)
            elif rouge_type == "rougeLsum":
                result[rouge_type] = _score_lsum(t, p)
            else:
                result[rouge_type] = _score_ngrams(t, p, int(rouge_type[5:]))
        return result

    def score_batch(self, targets: Sequence[str], predictions: Sequence[str]) -> list[dict]:
        """Like :meth:`score`, for each (target, prediction) pair."""
        return [self.score(t, p) for t, p in zip(targets, predictions, strict=True)]
