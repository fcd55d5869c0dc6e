"""Contradictions a summary sentence makes against a claim, found by rules (no probes needed).

A sentence contradicts a claim when it states the rest of the claim and disagrees on one of
the things summaries get wrong: a number, a date, a name in the same place, or polarity.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..text.entities import entities
from .normalize import NEGATIONS, Normalizer, stop_words
from .places import packaged_places
from .slots import slots

#: Share of a claim's content words (idf-weighted) a sentence must hold before a negation in
#: it counts as a contradiction (the lexical matcher's value).
CONFLICT_COVERAGE = 0.8
#: The same for another number or date: the rest of the claim without its number.
SLOT_COVERAGE = 0.7


@dataclass(frozen=True)
class ClaimParts:
    """A claim's words, as the checks need them."""

    tokens: tuple[str, ...]
    content: frozenset[str]
    content_seq: tuple[str, ...]
    names: tuple[tuple[str, ...], ...]  # normalised content tokens of each name
    name_texts: tuple[str, ...]  # each name as written
    numbers: frozenset[str]  # numbers, years, months, weekdays (normalised)
    slots: dict[str, frozenset[str]]
    negations: frozenset[str]


@dataclass(frozen=True)
class Conflict:
    """Why a sentence contradicts a claim. ``span``, when known, is where the sentence says it
    (character offsets of the words behind ``summary_value``)."""

    # "number", "date", "name", "negation"; from the structured comparison
    # (bench.facts.structure) also "swap", "antonym", "comparative", "relation".
    kind: str
    claim_value: str
    summary_value: str
    sentence: str
    span: tuple[int, int] | None = None

    def describe(self) -> str:
        """The conflict in one line: its kind, the two values, and the summary sentence."""
        if self.kind == "negation":
            return f"negated ({self.summary_value}): {self.sentence}"
        values = f"{self.claim_value!r} in the claim, {self.summary_value!r}"
        return f"{self.kind}: {values} in: {self.sentence}"


_MID_SENTENCE_CAPITAL = re.compile(r"(?<=[a-z0-9,;:] )[A-Z][\w'’-]*")


def proper_words(text: str) -> frozenset[str]:
    """Capitalised words met in the middle of a sentence of ``text``: names, not words that
    are capitalised only because they begin a sentence."""
    return frozenset(m.group(0) for m in _MID_SENTENCE_CAPITAL.finditer(text))


def claim_parts(
    text: str, normalizer: Normalizer, proper: frozenset[str] | None = None
) -> ClaimParts:
    """The claim's tokens, names, numbers and negations.

    A name is a run of capitalised words ("Ri Il Kyu", "Cuba"); a single capitalised word that
    opens the claim is a name only if ``proper`` (the capitalised words of the source met
    mid-sentence) has it, when given ("Relevant figures ..." is not about someone called
    Relevant). Names the aliases rewrote ("the South" -> south_korea) are left to the aliases.
    """
    tokens = normalizer.tokens(text)
    content_seq = normalizer.content(tokens)
    names, name_texts = [], []
    opening = text.lstrip().split(" ", 1)[0].strip(",.;:")
    for name in entities(text):
        name_tokens = normalizer.tokens(name)
        words = tuple(normalizer.content(name_tokens))
        if not words or _find(tokens, name_tokens) < 0:
            continue
        if proper is not None and name == opening and name not in proper:
            continue
        names.append(words)
        name_texts.append(name)
    claim_slots = {k: v for k, v in slots(text, tokens).items() if v}
    numbers = frozenset(v for values in claim_slots.values() for v in values)
    return ClaimParts(
        tuple(tokens),
        frozenset(content_seq),
        tuple(content_seq),
        tuple(names),
        tuple(name_texts),
        frozenset(normalizer.tokens(" ".join(numbers))) if numbers else frozenset(),
        claim_slots,
        frozenset(set(tokens) & NEGATIONS),
    )


#: A negation applies to the claim when one of the claim's words follows it this closely.
NEGATION_SCOPE = 4


#: "No" said as an answer ("'No, none of it is true,' she said"), not a determiner.
_ANSWER_NO = re.compile(r"\bno\b(?=\s*[,.!?;:—–]|\s+-)", re.IGNORECASE)


def negations_in_scope(tokens: list[str], content: frozenset[str], sentence: str = "") -> int:
    """How many negations of the sentence bear on the claim: those whose next content word
    is one of the claim's ("did not defect"), or that negate the whole sentence ("it is not
    true that ..."). A "no" that ``sentence`` (the text of ``tokens``) says as an answer,
    before a comma or a full stop, negates nothing (the first "no"s, as many as it says so)."""
    stops = stop_words()
    count = 0
    answers = len(_ANSWER_NO.findall(sentence))
    for i, token in enumerate(tokens):
        if token not in NEGATIONS:
            continue
        if token == "no" and answers:
            answers -= 1
            continue
        following = [t for t in tokens[i + 1 : i + 1 + NEGATION_SCOPE] if t not in stops]
        if following[:1] == ["true"] or (following and following[0] in content):
            count += 1
    return count


def _held(words: frozenset[str] | set[str], found: set[str], weight: Callable[[str], float]):
    total = sum(weight(t) for t in words)
    return sum(weight(t) for t in words & found) / total if total > 0 else 0.0


def find_conflict(
    parts: ClaimParts,
    sentence: str,
    tokens: list[str],
    normalizer: Normalizer,
    weight: Callable[[str], float] = lambda _: 1.0,
) -> Conflict | None:
    """How ``sentence`` contradicts the claim, if it states the rest of it with another
    number, date or polarity; else None. ``weight`` weighs the claim's words (idf) when
    measuring how much of the rest of the claim the sentence holds."""
    if not parts.content:
        return None
    content = set(normalizer.content(tokens))
    sentence_slots = slots(sentence, tokens)
    for kind, values in parts.slots.items():
        others = sentence_slots[kind] - values
        if not others or values & sentence_slots[kind]:
            continue
        rest = parts.content - set(normalizer.tokens(" ".join(values)))
        if rest and _held(rest, content, weight) >= SLOT_COVERAGE:
            label = "number" if kind == "count" else "date"
            return Conflict(label, ", ".join(sorted(values)), ", ".join(sorted(others)), sentence)
    if _held(parts.content, content, weight) >= CONFLICT_COVERAGE:
        claimed = sum(t in NEGATIONS for t in parts.tokens)
        stated = negations_in_scope(tokens, parts.content, sentence)
        # Only a negation the sentence adds is read: a claim's "not" missing from a sentence is
        # too often said another way ("rather than", "refused").
        if stated > claimed and stated % 2 != claimed % 2:
            words = sorted({t for t in tokens if t in NEGATIONS}) or ["(none)"]
            return Conflict("negation", "", ", ".join(words), sentence)
    return None


#: A claim's name and a sentence's name whose tokens are at least this similar in context are
#: taken for the same thing said differently ("Netherlands" and "Dutch": 0.84), not a conflict.
SAME_NAME_SIMILARITY = 0.7
#: A name is in the claim name's place when most of the claim name's tokens find their best
#: match in it with at least this cosine (MiniLM layer 6 aligns names weakly: "Cuba" with
#: "Mexico" in the same slot scores 0.26), or when it has the same words next to it.
NAME_ALIGNMENT = 0.2
#: Share of the claim's other content words (idf-weighted: the rare ones are what a sentence
#: shares with a claim about the same event) the sentence must hold for a name conflict.
NAME_COVERAGE = 0.5


def plain_words(text: str) -> list[str]:
    """Lower-case words without accents, as BERT's uncased tokenizer sees them."""
    return list(_plain_words(text))


@lru_cache(maxsize=1 << 16)
def _plain_words(text: str) -> tuple[str, ...]:
    # Remembered per text: the learned matcher asks for each summary sentence once per claim
    # (a character loop: ~10% of its time at pyramid scale before).
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return tuple(re.findall(r"\w+", stripped))


def wordpiece_words(pieces: list[str]) -> list[str]:
    """The whole word each WordPiece token belongs to ("kyu", "##ng" -> "kyung" twice)."""
    words: list[str] = []
    starts: list[int] = []
    for i, piece in enumerate(pieces):
        if piece.startswith("##") and words:
            words[-1] += piece[2:]
        else:
            words.append(piece)
            starts.append(i)
    out = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(pieces)
        out.extend([words[k]] * (end - start))
    return out


@dataclass(frozen=True)
class Aligned:
    """A text's contextual tokens: the word of each token and its unit vector."""

    words: list[str]
    vectors: np.ndarray


def _find(tokens: list[str], phrase: list[str]) -> int:
    n = len(phrase)
    for i in range(len(tokens) - n + 1):
        if tokens[i : i + n] == phrase:
            return i
    return -1


def _same_context(
    claim_tokens: list[str], name: list[str], sentence_tokens: list[str], other: list[str]
) -> bool:
    """The two words before the claim's name come before the other name too, or the two
    after it after ("stationed in Cuba" / "stationed in Mexico")."""
    i, k = _find(claim_tokens, name), _find(sentence_tokens, other)
    if i < 0 or k < 0:
        return False
    before = claim_tokens[max(0, i - 2) : i]
    after = claim_tokens[i + len(name) : i + len(name) + 2]
    return (len(before) == 2 and sentence_tokens[max(0, k - 2) : k] == before) or (
        len(after) == 2 and sentence_tokens[k + len(other) : k + len(other) + 2] == after
    )


def find_name_conflict(
    parts: ClaimParts,
    claim: Aligned | None,
    sentence: str,
    sentence_tokens: Aligned | None,
    sentence_normalised: list[str],
    sentence_content: frozenset[str],
    summary_content: frozenset[str],
    normalizer: Normalizer,
    weight: Callable[[str], float] = lambda _: 1.0,
) -> Conflict | None:
    """Another name where the claim has one.

    The sentence must hold most of the rest of the claim, the claim's name must be nowhere in
    the summary, and the other name must share no word with the claim, stand in the claim
    name's place (same neighbouring words, or the claim name's tokens align with it in
    context) and not be the same name said differently (a demonym, a longer form).
    Without token vectors (``claim`` None: the lexical matcher) the place is read from the
    neighbouring words alone.
    """
    sentence_words = set(plain_words(sentence))
    for tokens, text in zip(parts.names, parts.name_texts, strict=True):
        words = plain_words(text)
        if set(tokens) <= summary_content or sentence_words & set(words):
            continue
        rest = parts.content - set(tokens)
        total = sum(weight(t) for t in rest)
        held = sum(weight(t) for t in rest & sentence_content)
        if not rest or total <= 0 or held / total < NAME_COVERAGE:
            continue
        neighbour = _neighbour(list(parts.tokens), normalizer.tokens(text), parts.content)
        if neighbour is not None and neighbour not in sentence_content:
            continue  # "stationed in Cuba": a sentence without "stationed" says something else
        other = _name_in_place(
            parts, text, claim, sentence, sentence_tokens, sentence_normalised, normalizer
        )
        if other is not None:
            return Conflict("name", text, other, sentence)
    return None


def _name_in_place(
    parts: ClaimParts,
    text: str,
    claim: Aligned | None,
    sentence: str,
    sentence_tokens: Aligned | None,
    sentence_normalised: list[str],
    normalizer: Normalizer,
) -> str | None:
    """The sentence's name that stands in the place of the claim's name ``text`` and is not
    the same name said differently (:func:`find_name_conflict`): the first with the same
    neighbouring words, else the best aligned in context; None when there is none."""
    words = plain_words(text)
    rows = [i for i, w in enumerate(claim.words) if w in set(words)] if claim else []
    best: tuple[float, str | None] = (NAME_ALIGNMENT, None)
    for other in entities(sentence):
        other_tokens = normalizer.tokens(other)
        other_words = plain_words(other)
        if not set(normalizer.content(other_tokens)) or (set(other_tokens) & parts.content):
            continue
        if any(a[:4] == b[:4] for a in words for b in other_words if len(a) >= 4):
            continue  # Iran / Iranian, Scotland / Scottish: the same place
        if packaged_places().related(text, other):
            continue  # Seoul for South Korea: a city in the claim's country
        similarity = columns = None
        if claim is not None and sentence_tokens is not None and rows:
            columns = [j for j, w in enumerate(sentence_tokens.words) if w in set(other_words)]
            similarity = claim.vectors[rows] @ sentence_tokens.vectors.T
            if columns and similarity[:, columns].max() >= SAME_NAME_SIMILARITY:
                continue  # Netherlands / Dutch
        if not same_kind(text, other):
            continue
        if _same_context(
            list(parts.tokens), normalizer.tokens(text), sentence_normalised, other_tokens
        ):
            return other
        if similarity is None or not columns:
            continue
        aligned = [k for k, j in enumerate(similarity.argmax(axis=1)) if j in set(columns)]
        if 2 * len(aligned) >= len(rows):
            score = float(similarity.max(axis=1)[aligned].mean())
            if score >= best[0]:
                best = (score, other)
    return best[1]


def same_kind(name: str, other: str) -> bool:
    """Whether two names can be of the same kind (person, place...). Capitalised words do not
    say, so any two can; a named-entity tagger could tell (measured in docs/facts.md: it did
    not pay for itself)."""
    return True


def _neighbour(tokens: list[str], name: list[str], content: frozenset[str]) -> str | None:
    """The claim's content word nearest to its name (the relation it is named in)."""
    i = _find(tokens, name)
    if i < 0:
        return None
    around = [(abs(k - i) if k < i else k - (i + len(name) - 1), t) for k, t in enumerate(tokens)]
    near = [
        (d, t) for d, t in around if t in content and not (i <= tokens.index(t) < i + len(name))
    ]
    return min(near)[1] if near else None
