"""Minimal edits of a sentence, and what a perturbation proposes (a :class:`ProposedEdit`).

A perturbation names character spans of the original sentence and what to put there; the edit
keeps everything else byte for byte, so a changed fact differs from its text only where the
fact changed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .inflect import article_for


@dataclass(frozen=True)
class Edit:
    """Replace ``sentence[start:end]`` with ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class ProposedEdit:
    """One proposed pair for a claim: the anchor sentence rewritten, and what changed.

    ``before``/``after`` are the changed words (the pair's ``change``); ``sentence`` the whole
    rewritten anchor sentence.
    """

    kind: str
    sentence: str
    before: str
    after: str


def apply_edits(sentence: str, edits: Iterable[Edit]) -> str | None:
    """``sentence`` with ``edits`` applied (``None`` when two overlap).

    A replacement at the very start takes a capital when the text it replaces had one (and
    the word that moves away from the start loses it unless it is a name: see
    :func:`decapitalize`). Spaces left doubled by an emptied span are closed up.
    """
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    for first, second in itertools.pairwise(ordered):
        if second.start < first.end:
            return None
    out = sentence
    for edit in reversed(ordered):
        replacement = edit.replacement
        if edit.start == 0 and sentence[:1].isupper() and replacement[:1].islower():
            replacement = replacement[:1].upper() + replacement[1:]
        out = out[: edit.start] + replacement + out[edit.end :]
    out = re.sub(r" {2,}", " ", out)
    out = re.sub(r" +([,.;:!?])", r"\1", out)
    out = re.sub(r",(\s*,)+", ",", out)
    return out.strip()


def decapitalize(words: str, is_name: bool) -> str:
    """``words`` as they read away from the start of a sentence: "The ruling" -> "the ruling"
    but "Arango" stays (``is_name``), and so do acronyms ("BBC")."""
    first = words.split(" ", 1)[0]
    if is_name or (len(first) > 1 and first.isupper()):
        return words
    return words[:1].lower() + words[1:]


def capitalize(words: str) -> str:
    """``words`` with its first letter upper-cased, the rest left as it is."""
    return words[:1].upper() + words[1:]


def article_edit(doc: Sequence, index: int, new_first_word: str) -> Edit | None:
    """The edit that keeps "a"/"an" right when the word at token ``index`` becomes
    ``new_first_word`` ("an American" -> "a Brazilian"); ``None`` when nothing changes."""
    if index == 0:
        return None
    before = doc[index - 1]
    if before.lower_ not in ("a", "an"):
        return None
    wanted = article_for(new_first_word)
    if wanted == before.lower_:
        return None
    if before.text[:1].isupper():
        wanted = capitalize(wanted)
    return Edit(before.idx, before.idx + len(before.text), wanted)


def token_edit(token, replacement: str) -> Edit:
    """Replace one spaCy token's text (its trailing space stays)."""
    return Edit(token.idx, token.idx + len(token.text), replacement)


def span_edit(tokens, replacement: str) -> Edit:
    """Replace the text from the first to the last of ``tokens`` (a spaCy span)."""
    first, last = tokens[0], tokens[-1]
    return Edit(first.idx, last.idx + len(last.text), replacement)
