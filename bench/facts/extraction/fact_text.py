"""A fact's text, written from its sentence's own tokens, and the checks that refuse a
malformed one (:mod:`.clauses` decides which words make each fact).

Text is rebuilt from the sentence's tokens in their order, with the sentence's spacing where
they were adjacent; only a subject taken from elsewhere, the "is" of an apposition or a title
and the "was" of a participle are put in. A fact needs two content words, one of them a thing
(not "he said"); one that would tear a written word apart or end on a word waiting for more
marks the sentence malformed, and it is kept whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..parsing import Parse
from .names import DATE, Names
from .people import PERSONAL, People

#: Parts of speech that carry content: a fact needs two, one of them a thing (:data:`THINGS`).
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
THINGS = frozenset({"NOUN", "PROPN", "NUM"})
#: Punctuation never kept: a fact is cut from its quotation or its brackets.
_UNPAIRED = frozenset("()[]\"“”‘’`'") | {"''", "``"}
#: What is left of a dateline glued to the first word: "(CNN)More than 500" -> "CNN)More".
_DATELINE = re.compile(r"^[A-Z][\w.-]*\)\s*")


@dataclass(frozen=True)
class Clause:
    """One fact of a sentence: its text, the character span of its own words in the sentence
    and what made it: ``clause``, ``reported`` (what an assertion verb reports), ``relative``,
    ``participle`` ("a bomb confiscated by vigilantes"), ``apposition``, ``title`` ("Liberal
    Democrat leader Tim Farron"), ``fragment`` (a sentence with no clause) or ``sentence`` (a
    sentence kept whole because its parse would give a malformed fact)."""

    text: str
    start: int
    end: int
    kind: str


class FactWriter:
    """Writes the facts of one parsed sentence; ``malformed`` turns true when a fact would
    tear a word apart or end on a word waiting for more."""

    def __init__(self, parse: Parse, people: People, names: Names):
        self.parse = parse
        self.tokens = parse.tokens
        self.people = people
        self.names = names
        self.labels = names.labels
        self.malformed = False

    def end(self, k: int) -> int:
        """The character offset just past token ``k``."""
        return self.tokens[k].idx + len(self.tokens[k].text)

    def build(
        self,
        own: Sequence[int],
        prefix: Sequence[int],
        inserted: Sequence[int],
        kind: str,
        between: Sequence[int] = (),
        after: int | None = None,
        be: str = "",
    ) -> Clause | None:
        """The fact's text: ``prefix`` (a subject from elsewhere), the clause's own words with
        ``inserted`` (the noun of an object relative) after token ``after``, and for an
        apposition "is" and what it says."""
        body = [j for j in own if j not in set(prefix) | set(inserted)]
        if not body:
            return None
        # The fact's pieces in the order written, each a run of the sentence's tokens.
        if inserted and after is not None:
            runs = [[j for j in body if j <= after], list(inserted), [j for j in body if j > after]]
        else:
            runs = [list(body)]
        pieces = [self.text(prefix), be] if prefix else []
        pieces += [self.text(run) for run in runs]
        if between:
            pieces += ["is", self.text(between)]
        used = [*prefix, *body, *between, *inserted]
        if kind != "fragment" and not self._checkable(used):
            return None  # "he said", "he was quoted as saying": nothing to check
        written = [j for run in [prefix, *runs, between] for j in run]
        if self._torn(set(used)) or self._dangling(
            [j for j in written if self.tokens[j].pos != "PUNCT"]
        ):
            self.malformed = True
            return None
        text = " ".join(" ".join(p for p in pieces if p).split())  # one space between words
        text = self._named(text, prefix or body)
        text = _DATELINE.sub("", text).strip(" ,;:-–—").strip()
        if not text:
            return None
        words = [j for j in [*body, *between] if self.tokens[j].pos != "PUNCT"] or list(body)
        start, end, _ = self.parse.span_text(words)
        return Clause(text[0].upper() + text[1:], start, end, kind)

    def _torn(self, used: set[int]) -> bool:
        """Whether the words tear one written word apart: "have re- Ignacio Scocco" when the
        parser read "re-signed" as three words in two phrases."""
        for j in used:
            for n in (j - 1, j + 1):
                if (
                    0 <= n < len(self.tokens)
                    and n not in used
                    and self._glued(min(j, n))
                    and _wordlike(self.tokens[j].text)
                    and _wordlike(self.tokens[n].text)
                ):
                    return True
        return False

    def _glued(self, j: int) -> bool:
        """Whether tokens ``j`` and ``j + 1`` are written without a space between them."""
        return self.end(j) == self.tokens[j + 1].idx

    def _dangling(self, words: Sequence[int]) -> bool:
        """Whether a fact (its words in the order written) starts with "and" or ends on a
        word that waits for another: "in the town April Jones was abducted and"."""
        if not words:
            return False
        first, last = self.tokens[words[0]], self.tokens[words[-1]]
        return first.pos == "CCONJ" or (
            last.dep in ("cc", "prep", "det", "mark", "preconj", "poss")
            and last.pos in ("CCONJ", "ADP", "DET", "SCONJ", "PRON")
        )

    def _checkable(self, used: Sequence[int]) -> bool:
        """Two content words, one of them a noun, a name or a number that is not a date
        ("South Korea's spy agency confirmed on Tuesday" is checkable; "confirmed on Tuesday"
        is not)."""
        t = self.tokens
        content = [j for j in used if t[j].pos in CONTENT_POS]
        things = [j for j in content if t[j].pos in THINGS and self.labels[j] != DATE]
        person = (
            t[used[0]].lower in PERSONAL
            and self.people.with_sentence(self.parse, self.names, used[0]).only() is not None
        )
        return len(content) + person >= 2 and bool(things or person)

    def _named(self, text: str, first: Sequence[int]) -> str:
        """A leading "he" or "she" as the one person the reference has named."""
        t = self.tokens[first[0]]
        person = self.people.with_sentence(self.parse, self.names, first[0]).only()
        glued = first[0] + 1 < len(self.tokens) and self.tokens[first[0] + 1].idx == self.end(
            first[0]
        )
        if (
            t.lower in PERSONAL
            and t.tag == "PRP"
            and person
            and not glued
            and not _titled_otherwise(person, t.lower)
        ):
            return person + text[len(t.text) :]
        return text

    def text(self, indices: Iterable[int]) -> str:
        """The words in sentence order, with the sentence's spacing where adjacent; a
        punctuation mark only between two kept words ("52-year-old", "Hull, Leeds and York"),
        never a quotation mark or a bracket."""
        chosen = set(indices)
        indices = [
            j
            for j in sorted(chosen)
            if self.tokens[j].pos != "PUNCT"
            or (
                j - 1 in chosen
                and j + 1 in chosen
                and self.tokens[j].text not in _UNPAIRED
                and self.tokens[j + 1].pos != "PUNCT"
            )
        ]
        out = []
        for n, j in enumerate(indices):
            t = self.tokens[j]
            if n and indices[n - 1] == j - 1:
                out.append(self.parse.text[self.end(j - 1) : t.idx])
            elif n and (j == 0 or self.end(j - 1) < t.idx or t.pos != "PUNCT"):
                out.append(" ")  # a gap; none before punctuation that was written glued
            out.append(t.text)
        return "".join(out).strip()


def _wordlike(text: str) -> bool:
    """A piece of a written word: letters or digits, a hyphen, an apostrophe's "'s"."""
    return any(c.isalnum() for c in text) or text in ("-", "'", "’")


#: Titles that say whether "he" or "she" may stand for the name ("Ms Fleming" is no "he").
_HER_TITLES = frozenset("ms ms. mrs mrs. miss lady dame queen princess".split())
_HIS_TITLES = frozenset("mr mr. sir lord king prince".split())


def _titled_otherwise(name: str, pronoun: str) -> bool:
    """Whether the name's title is of the other sex than the pronoun."""
    title = name.split()[0].lower() if name.split() else ""
    return title in (_HIS_TITLES if pronoun == "she" else _HER_TITLES)

