"""One window against the frames of each claim set against it: the share of the claim it
states, its contradictions, and the sentence it says them in (:class:`WindowFindings`)."""

from __future__ import annotations

from ..conflicts import Conflict
from ..frames import Frame
from ..lexicon import Lexicon
from .frame_comparer import FrameComparer
from .outcomes import WindowFindings
from .window import Sentence, Window


class WindowComparer:
    """One window, against the frames of one claim at a time."""

    def __init__(self, lexicon: Lexicon, sentences: list[Sentence]):
        self.lexicon = lexicon
        self.window = Window(sentences)
        self.frame_comparer = FrameComparer(lexicon, self.window)

    def _aligned(self, c: Frame) -> list[tuple[Sentence, Frame]]:
        """The window frames whose predicate is the claim frame's, a synonym or an opposite,
        in the window's order."""
        related = self.lexicon.related(c.predicate) | self.lexicon.related(c.word.lower())
        found = sorted({i for word in related for i in self.window.by_word.get(word, ())})
        return [(self.window.frames[i][1], self.window.frames[i][2]) for i in found]

    def compare(self, claim: str, frames: list[Frame]) -> WindowFindings:
        """What the window says of ``claim``, read as ``frames``: each frame against the
        window frames it aligns with; a conflict counts only where no aligned frame states
        the claim's frame."""
        if not frames:
            return self._without_frames(claim)
        conflicts: list[Conflict] = []
        total = weighted = 0.0
        evidence: tuple[float, str] = (0.0, "")
        for frame in frames:
            parts = 1 + len(frame.args)
            readings = [
                r
                for s, w in self._aligned(frame)
                if (r := self.frame_comparer.reading(frame, w, s.text)) is not None
            ]
            loose = sum(self.window.anywhere(a) for a in frame.args)
            best = max([loose, *(r.score for r in readings)])
            total += parts
            weighted += best
            for r in readings:
                if r.score > evidence[0]:
                    evidence = (r.score, r.sentence)
            if any(r.consistent for r in readings):
                continue  # the window states the claim's frame too
            for r in readings:
                conflicts += [c for c in r.conflicts if c not in conflicts]
        if conflicts:
            evidence = (evidence[0], conflicts[0].sentence)
        if not evidence[1] and weighted > 0:
            evidence = (0.0, self.window.best_sentence(frames))
        return WindowFindings(tuple(conflicts), weighted / total, evidence[1])

    def _without_frames(self, claim: str) -> WindowFindings:
        """A claim with no predicate ("Arango's 4-3 defeat"): the share of its words the
        window holds."""
        words = {w.lower() for w in claim.split() if len(w) > 3}
        found = {w.strip(".,;:'\"") for w in words} & self.window.words
        support = len(found) / len(words) if words else 0.0
        best = max(self.window.sentences, key=lambda s: len(found & s.words), default=None)
        return WindowFindings((), support, best.text if best is not None and found else "")
