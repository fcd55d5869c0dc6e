"""The sentences a baseline is made from, and the random pairs of them it scores.

bert-score made its English baselines from a million lines of WMT's 2017 news crawl (one
sentence a line), kept the lines of fewer than 32 space-separated words and scored random
pairs of them, each line in one pair. We follow that on the news texts in ``../shared/data``
(:func:`shared_texts`), cut into sentences by summbench's splitter: the SummaC source articles
(BBC and CNN/DailyMail), the PyrXSum articles and references (BBC) and the RoSE-ACU references
(CNN/DailyMail). A user's corpus is a text file or several, each line cut the same way
(:func:`file_texts`). Nothing here is copied into the project: the record beside a baseline
names each input by its path under the shared folder (or its file name) and its SHA-256.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ...errors import DatasetError
from ...fingerprint import file_digest
from ...utf8 import read_utf8

#: bert-score's length limit: a sentence is kept when it has fewer space-separated words.
MAX_WORDS = 32
#: What the record says of the sentences kept.
RULE = (
    "sentences (summbench's rules splitter) with fewer than 32 space-separated words, each "
    "distinct sentence once, in the order read"
)
PYRXSUM_ARTICLES = Path("data") / "PyrXSum" / "documents.txt"


def shared_texts(shared: Path) -> tuple[list[str], dict[str, str]]:
    """The texts of the shared data folder, in a fixed order, and the digest of each file read
    (by its path under ``shared``)."""
    from ...facts.challenge.sources import (
        PYRXSUM,
        ROSE,
        SUMMAC,
        pyrxsum_documents,
        rose_documents,
        summac_articles,
    )

    if not shared.is_dir():
        raise DatasetError(
            "the shared data folder does not exist.", where=str(shared),
            fix="pass --shared PATH to the folder holding data/SummaC, data/PyrXSum and "
            "data/RoSE-ACU (../shared beside the repository), or --corpus FILE.",
        )
    texts = [article.text for article in summac_articles(shared)]
    texts += _lines(shared / PYRXSUM_ARTICLES)
    texts += [s for document in pyrxsum_documents(shared) for s in document.sentences]
    texts += [s for document in rose_documents(shared) for s in document.sentences]
    read = [*SUMMAC, PYRXSUM_ARTICLES, PYRXSUM / "references.txt", PYRXSUM / "SCUs.txt", ROSE]
    return texts, {path.as_posix(): file_digest(shared / path) for path in read}


def file_texts(paths: list[Path]) -> tuple[list[str], dict[str, str]]:
    """The lines of a user's text files, and each file's digest (by its name: no path of the
    user's machine goes into the record)."""
    texts: list[str] = []
    for path in paths:
        texts += _lines(path)
    return texts, {path.name: file_digest(path) for path in paths}


def sentences(texts: list[str]) -> list[str]:
    """The distinct sentences of ``texts`` that bert-score's limit keeps, in the order read."""
    from ...text import split_sentences

    kept: dict[str, None] = {}
    for text in texts:
        for sentence in split_sentences(text):
            sentence = sentence.strip()
            if sentence and len(sentence.split(" ")) < MAX_WORDS:
                kept.setdefault(sentence)
    return list(kept)


def random_pairs(
    corpus: list[str], pairs: int | None, seed: int
) -> tuple[list[str], list[str]]:
    """``pairs`` pairs of distinct sentences (every sentence in at most one pair), drawn with a
    generator seeded by ``seed``: bert-score's draw without replacement. None: as many pairs as
    the corpus holds (half its sentences), as bert-score pairs every line it kept."""
    most = len(corpus) // 2
    count = most if pairs is None else pairs
    if not 1 <= count <= most:
        raise DatasetError(
            f"{count} pairs asked of {len(corpus)} sentences (at most {most} pairs).",
            where="--pairs", fix=f"ask for 1 to {most} pairs, or give more text.",
        )
    order = np.random.default_rng(seed).permutation(len(corpus))
    first = [corpus[i] for i in order[:count]]
    second = [corpus[i] for i in order[count : 2 * count]]
    return first, second


def _lines(path: Path) -> list[str]:
    """A UTF-8 text file's non-blank lines (a bad byte is named by its line and column)."""
    if not path.is_file():
        raise DatasetError("file not found.", where=str(path), fix="check the path.")
    return [line for line in read_utf8(path).splitlines() if line.strip()]
