"""The structured comparison's entry point: :class:`StructuredComparer` reads each distinct
sentence once (its parse and frames, remembered) and compares each (claim, window) pair."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

from ...errors import ArgumentError
from ...text import split_sentences
from ..frames import read_frames
from ..lexicon import Lexicon, packaged_lexicon
from ..parsing import Parse, Parser, shared_parser
from ..quantities import quantities
from .outcomes import WindowFindings
from .window import Sentence
from .window_comparer import WindowComparer

#: Sentences whose frames are remembered: ~8 KB each beside the parse (measured on RoSE's
#: references), so at most ~160 MB.
FRAMES_CACHE_SIZE = 20_000


class StructuredComparer:
    """Compares claims with summary windows through their dependency parses (batch first:
    each distinct sentence is parsed once per process, whatever the number of pairs)."""

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        parser: Parser | None = None,
        cache_size: int = FRAMES_CACHE_SIZE,
    ):
        self.lexicon = lexicon or packaged_lexicon()
        self.parser = parser or shared_parser()
        self._sentences: OrderedDict[str, Sentence] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def compare(self, pairs: Sequence[tuple[str, str]]) -> list[WindowFindings]:
        """One :class:`WindowFindings` per (claim, window) pair, in order. Deterministic: the same
        pairs give the same result whatever else is in the batch."""
        pairs = _checked(pairs)
        split = {text: tuple(split_sentences(text)) for pair in pairs for text in pair}
        sentences = self._read([s for parts in split.values() for s in parts])
        results = []
        windows: dict[str, WindowComparer] = {}  # a window is read once, whatever its claims
        for claim, window in pairs:
            claim_frames = [f for s in split[claim] for f in sentences[s].frames]
            if window not in windows:
                read = [sentences[s] for s in split[window]]
                windows[window] = WindowComparer(self.lexicon, read)
            results.append(windows[window].compare(claim, claim_frames))
        return results

    def _read(self, texts: list[str]) -> dict[str, Sentence]:
        with self._lock:
            found: dict[str, Sentence] = {}
            for text in texts:
                if text in self._sentences:
                    self._sentences.move_to_end(text)
                    found[text] = self._sentences[text]
            new = [t for t in dict.fromkeys(texts) if t not in found]
            for text, parse in zip(new, self.parser.parse(new), strict=True):
                found[text] = self._sentences[text] = self._sentence(text, parse)
            while len(self._sentences) > self._cache_size:
                self._sentences.popitem(last=False)
            return found

    def _sentence(self, text: str, parse: Parse) -> Sentence:
        words = frozenset(w for t in parse.tokens for w in (t.lower, t.lemma.lower()))
        every = range(len(parse.tokens))
        return Sentence(
            text, parse, read_frames(parse, self.lexicon), words, tuple(quantities(parse, every))
        )


def _checked(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    if isinstance(pairs, (str, bytes)) or not isinstance(pairs, Sequence):
        raise ArgumentError(
            f"expected a sequence of (claim, window) pairs, got {type(pairs).__name__}.",
            where="pairs",
            fix='pass [("claim", "summary sentence"), ...].',
        )
    out = []
    for i, pair in enumerate(pairs):
        if (
            not isinstance(pair, (tuple, list))
            or len(pair) != 2
            or not all(isinstance(x, str) for x in pair)
        ):
            raise ArgumentError(
                f"expected a (claim, window) pair of strings, got {type(pair).__name__}.",
                where=f"pairs[{i}]",
                fix='pass [("claim", "summary sentence"), ...].',
            )
        out.append((pair[0], pair[1]))
    return out
