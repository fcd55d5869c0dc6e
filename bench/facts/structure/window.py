"""A summary window (1-3 sentences) as the comparison reads it: its sentences' parses and
frames, and the look-ups a comparison makes in it (a word, a number, a date, the sentence a
frame is from, what a pronoun can stand for)."""

from __future__ import annotations

from dataclasses import dataclass

from ..dates import When
from ..frames import Argument, Frame
from ..parsing import Parse
from ..quantities import Quantity
from .naming import PERSONAL, in_words, key_words


@dataclass(frozen=True)
class Sentence:
    """A sentence as the comparison reads it, once: its parse, its frames, its words and
    its numbers."""

    text: str
    parse: Parse
    frames: tuple[Frame, ...]
    words: frozenset[str]  # lower-case words and lemmas
    quantities: tuple[Quantity, ...]


class Window:
    """One window's sentences, with its words, numbers, dates and frames at hand."""

    def __init__(self, sentences: list[Sentence]):
        self.sentences = sentences
        self.words = frozenset().union(*(s.words for s in sentences))
        self.quantities = [q for s in sentences for q in s.quantities]
        self.dates = [d for s in sentences for f in s.frames for a in f.args for d in a.dates]
        # The window's frames by predicate and by word, to find those a claim's frame aligns
        # with without trying each.
        self._stems: dict[str, list[str]] | None = None  # words by their first four letters
        self.frames: list[tuple[int, Sentence, Frame]] = []
        self.by_word: dict[str, list[int]] = {}
        for s in sentences:
            for f in s.frames:
                for key in {f.predicate, f.word.lower()}:
                    self.by_word.setdefault(key, []).append(len(self.frames))
                self.frames.append((len(self.frames), s, f))

    def has_word(self, word: str) -> bool:
        """The window has ``word``, or a word that begins with it or that it begins with
        (see :func:`in_words`)."""
        if word in self.words:
            return True
        if self._stems is None:
            self._stems = {}
            for w in self.words:
                if len(w) >= 4:
                    self._stems.setdefault(w[:4], []).append(w)
        return len(word) >= 4 and in_words(word, frozenset(self._stems.get(word[:4], ())))

    def anywhere(self, a: Argument) -> float:
        """1.0 when the window has every word that names claim argument ``a``, else 0.0 (the
        credit for an argument stated outside any aligned frame)."""
        keys = key_words(a)
        return 1.0 if keys and all(k in self.words for k in keys) else 0.0

    def best_sentence(self, frames: list[Frame]) -> str:
        """The window sentence with the most of the words that name the claim frames'
        arguments, the first of equals ("" when it has none)."""
        keys = [k for f in frames for a in f.args for k in key_words(a)]
        scored = [
            (sum(k in s.words for k in keys), -i, s.text) for i, s in enumerate(self.sentences)
        ]
        best = max(scored, default=(0, 0, ""))
        return best[2] if best[0] else ""

    def in_clause(self, a: Argument, w: Frame) -> bool:
        """Whether window frame ``w``'s clause has every word that names claim argument ``a``
        (an argument it states outside its roles)."""
        keys = key_words(a)
        if not keys:
            return False
        tokens = self.parse_of(w).tokens
        words = {x for i in w.clause for x in (tokens[i].lower, tokens[i].lemma.lower())}
        return all(k in words for k in keys)

    def parse_of(self, w: Frame) -> Parse:
        """The parse of the window sentence frame ``w`` was read from."""
        for s in self.sentences:
            if s.text == w.sentence:
                return s.parse
        raise LookupError(w.sentence)  # a frame always comes from one of the window's

    def mentioned(self, a: Argument, pronoun: Argument) -> bool:
        """Whether the window names what a claim's argument names, so that a pronoun there
        can stand for it ("Arango was booked. He bit Zavela.")."""
        keys = key_words(a)
        if not keys or not all(k in self.words for k in keys):
            return False
        person = any(n.group == "person" for n in a.names)
        kind = PERSONAL.get(pronoun.lemma, "")
        if kind in ("he", "she"):
            return not a.plural and (person or not a.names)
        if kind == "it":
            return not a.plural and not person
        if kind == "they":
            return a.plural or (bool(a.names) and not person)
        return False

    def stated_value(self, q: Quantity) -> bool:
        """The window has the claim's value somewhere, whatever it counts (a misspelt or
        reworded unit: "10 desintations" / "10 destinations")."""
        return any(
            q.kind == r.kind and not r.bound and not r.vague and q.agrees(r)
            for r in self.quantities
        )

    def stated_date(self, d: When) -> bool:
        """The window names the claim's date (a part of it, not contradicting it)."""
        return any(d.agrees(e) and d.shares_part(e) for e in self.dates)

    def span_of(self, w: Frame, tokens: tuple[int, ...]) -> tuple[int, int]:
        """The character span of ``tokens`` in the sentence of window frame ``w``."""
        start, end, _ = self.parse_of(w).span_text(tokens)
        return start, end
