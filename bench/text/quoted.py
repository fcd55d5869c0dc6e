"""The quoted and bracketed spans of a line, inside which a full stop or a question mark does
not end a sentence (:mod:`.rules`), paired as pysbd pairs them."""

from __future__ import annotations

import re

# Marks that may open a protected span (a quotation, brackets, dashes).
_MAY_PROTECT = ('"', "“", "(", "[", "‘", "«", "--", " '", "\t'", "\xa0'")
# Spans inside which terminators do not count: quotations and brackets (paired as pysbd
# pairs them: each opening mark with the next closing one).
_PARENTHESES = re.compile(r"\([^()\\]+\)")
_SPANS = (
    ("“", re.compile(r"“[^”\\]+”")),
    ("[", re.compile(r"\[[^\]\\]+\]")),
    ("‘", re.compile(r"(?<=\s)‘(?:[^’]|’[a-zA-Z])*’")),
    ("«", re.compile(r"«[^»\\]+»")),
    ("--", re.compile(r"--[^-]*--")),
)
# Single quotes double as apostrophes: a quotation opens after a space, and apostrophes inside
# words ('cause, don't) are skipped. When a quote-like word is glued to the next word and no
# quote is followed by a space, they are all apostrophes (pysbd's reading).
_SINGLE_QUOTED = re.compile(r"(?<=[ \t\xa0])'(?:[^']|'[a-zA-Z])*'")
_LEADING_APOSTROPHE = re.compile(r"(?<=[ \t\xa0])'(?:[^']|'[a-zA-Z])*'\S")
_QUOTE_THEN_SPACE = re.compile(r"'\s")


def _double_quoted(line: str, spans: list[tuple[int, int]]) -> None:
    """Add the spans ``"..."``: each quotation mark with the next one, as the pattern
    ``"[^"\\]+"`` pairs them left to right (string searches: several times faster)."""
    start = line.find('"')
    while start >= 0:
        end = line.find('"', start + 1)
        if end < 0:
            return
        if end == start + 1 or line.find("\\", start + 1, end) >= 0:
            start = end  # no pair here: the closing mark may open the next one
            continue
        spans.append((start, end + 1))
        start = line.find('"', end + 1)


def protected_spans(line: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Quoted and bracketed spans: all of them, and those that are not single-quoted."""
    spans: list[tuple[int, int]] = []
    if '"' in line:
        _double_quoted(line, spans)
    if "(" in line:
        spans += [m.span() for m in _PARENTHESES.finditer(line)]
    if not line.isascii() or "[" in line or "--" in line:
        for mark, pattern in _SPANS:
            if mark in line:
                spans += [m.span() for m in pattern.finditer(line)]
    if not (" '" in line or "\t'" in line or "\xa0'" in line):
        return spans, spans
    others = list(spans)
    if not (_LEADING_APOSTROPHE.search(line) and not _QUOTE_THEN_SPACE.search(line)):
        spans += [m.span() for m in _SINGLE_QUOTED.finditer(line)]
    return spans, others


def inside(spans: list[tuple[int, int]], index: int) -> bool:
    """Whether ``index`` falls strictly inside one of ``spans`` (not on its marks)."""
    for start, end in spans:  # noqa: SIM110 (a loop: any() is slower on these short lists)
        if start < index < end - 1:
            return True
    return False


def may_protect(line: str) -> bool:
    """Whether ``line`` holds a mark that may open a protected span (a cheap test first)."""
    if '"' in line or "(" in line or "[" in line or "--" in line or " '" in line:
        return True
    if line.isascii():  # (constant time)
        return "\t'" in line
    return any(mark in line for mark in _MAY_PROTECT)
