"""Numbers as written in news text, read into values that can be compared.

"twelve", "12", "a dozen"; "3.5 million", "$5m", "£1.2bn", "2,000 million"; "12%", "12 percent",
"12 per cent"; "4-3" (a score, or a range), "between 5 and 10", "5 to 10"; "second", "3rd".
Each becomes a :class:`Quantity` with the precision it was written to, so that "3.5 million"
agrees with "3,460,000" (rounded) but "8.4" does not agree with "4.8", nor "$2 billion" with
"$2 million". Words like "about" or "nearly" widen the agreement; a bound ("more than 100",
"up to 10") is not compared at all (it says too little).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .parsing import Parse

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
SMALL = {w: i for i, w in enumerate(_UNITS)} | {w: 10 * (i + 2) for i, w in enumerate(_TENS)}
SMALL["dozen"] = 12
SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
ORDINALS = {w: i + 1 for i, w in enumerate(_ORDINALS)}
CURRENCY_SIGNS = frozenset("$ £ € ¥ us$ a$ c$".split())
CURRENCY_WORDS = frozenset("dollar pound euro yen cent pence penny rupee yuan".split())
PERCENT_WORDS = frozenset({"%", "percent", "pc", "per cent"})
#: Words before a number that make it approximate: agreement within HEDGE_TOLERANCE.
HEDGES = frozenset("about around nearly almost approximately roughly some estimated circa".split())
#: Words before a number that make it a bound ("more than", "at least", and "up to"): not
#: compared.
BOUNDS = frozenset("over under above below exceeding beyond than least most".split())
HEDGE_TOLERANCE = 0.3

_LITERAL = re.compile(r"^(\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)(k|m|mn|bn|b|tn)?(%)?$")
_ORDINAL_LITERAL = re.compile(r"^(\d+)(st|nd|rd|th)$")
_DASHES = frozenset("- – — to".split())


@dataclass(frozen=True)
class Quantity:
    """A number read from text: ``low``..``high`` (equal unless a range or a score),
    ``kind`` ("count", "percent", "money", "ordinal"), the ``unit`` counted (a noun's
    lemma, "" if none), the ``precision`` it was written to, and the tokens it came from."""

    low: float
    high: float
    kind: str
    unit: str
    precision: float
    text: str
    tokens: tuple[int, ...]
    hedged: bool = False
    bound: bool = False
    score: bool = False  # "4-3": two numbers, order not read

    @property
    def vague(self) -> bool:
        """ "one" in words: too often "one of them" ("one male is 21": one of the two)."""
        return self.low == self.high == 1 and not self.text[:1].isdigit()

    def comparable(self, other: Quantity) -> bool:
        """Of the same kind, counting the same thing (or a thing not named on one side)."""
        return self.kind == other.kind and (
            not self.unit or not other.unit or self.unit == other.unit
        )

    def agrees(self, other: Quantity) -> bool:
        """Whether the two can be the same value as written (rounding, approximation,
        ranges); a bound agrees with anything."""
        if self.bound or other.bound:
            return True
        if self.score and other.score:
            return _close(self.low, other.low, self, other) and _close(
                self.high, other.high, self, other
            )
        tolerance = max(self.precision, other.precision) / 2
        if self.hedged or other.hedged:
            tolerance = max(tolerance, HEDGE_TOLERANCE * max(abs(self.high), abs(other.high)))
        return self.low - tolerance <= other.high and other.low - tolerance <= self.high


def _close(a: float, b: float, x: Quantity, y: Quantity) -> bool:
    return abs(a - b) <= max(x.precision, y.precision) / 2


def _literal(word: str) -> tuple[float, float, str] | None:
    """A number written in digits: its value, precision, and its suffix (a scale, %)."""
    match = _LITERAL.match(word)
    if not match:
        return None
    digits, scale, percent = match.groups()
    plain = digits.replace(",", "")
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    factor = SCALES[scale] if scale else 1.0
    return float(plain) * factor, factor * 10.0**-decimals, "%" if percent else ""


def _is_number_word(parse: Parse, i: int, scales: bool = False) -> bool:
    """A number in words ("twelve"; with ``scales``, "hundred" and "million" too)."""
    token = parse.tokens[i]
    if scales and token.lower in SCALES and len(token.lower) > 2:
        return True
    return token.lower in SMALL and (token.tag == "CD" or token.lower == "dozen")


def quantities(parse: Parse, indices: Sequence[int]) -> list[Quantity]:
    """The quantities written in the tokens ``indices`` (in order) of ``parse``."""
    tokens = parse.tokens
    chosen = sorted(indices)
    inside = set(chosen)
    found: list[Quantity] = []
    k = 0
    while k < len(chosen):
        i = chosen[k]
        read = _read_number(parse, i, inside)
        if read is None:
            ordinal = _ordinal(parse, i)
            if ordinal is not None:
                found.append(ordinal)
            k += 1
            continue
        value, precision, end, percent = read
        low = high = value
        score = False
        # "4-3", "5 to 10", "between 5 and 10": a second number.
        after = end
        if after + 1 < len(tokens) and after in inside and after + 1 in inside:
            joint = tokens[after].lower
            between = joint == "and" and _word_before(parse, i, inside) == "between"
            if joint in _DASHES or between:
                second = _read_number(parse, after + 1, inside)
                if second is not None:
                    low, high = sorted((value, second[0]))
                    precision = max(precision, second[1])
                    score = joint in "-–—"
                    end = second[2]
                    percent = percent or second[3]
        kind, unit, end = _kind_and_unit(parse, i, end, inside, percent)
        before = _word_before(parse, i, inside)
        two_before = _word_before(parse, i - 1, inside) if before == "to" else ""
        first = i - 1 if i - 1 in inside and tokens[i - 1].lower in CURRENCY_SIGNS else i
        span = [j for j in range(first, end) if j in inside]
        text = parse.span_text(span)[2]
        found.append(
            Quantity(
                low,
                high,
                kind,
                unit,
                precision,
                text,
                tuple(span),
                hedged=before in HEDGES,
                bound=before in BOUNDS or (before, two_before) == ("to", "up"),
                score=score,
            )
        )
        while k < len(chosen) and chosen[k] < end:
            k += 1
    return found


def _word_before(parse: Parse, i: int, inside: set[int]) -> str:
    """The word before token ``i`` (skipping a currency sign), "" at the start."""
    j = i - 1
    while j in inside and parse.tokens[j].lower in CURRENCY_SIGNS:
        j -= 1
    return parse.tokens[j].lower if j in inside and j >= 0 else ""


def _read_number(parse: Parse, i: int, inside: set[int]) -> tuple[float, float, int, str] | None:
    """The number starting at token ``i``: value, precision, the token after it, and "%" if
    a percent sign was part of a token."""
    tokens = parse.tokens
    total = current = 0.0
    precision, percent = 1.0, ""
    literal = _literal(tokens[i].lower)
    if literal is not None:
        current, precision, percent = literal
        j = i + 1
    elif tokens[i].lower in ("a", "an") and i + 1 in inside and tokens[i + 1].lower in SCALES:
        current, j = 1.0, i + 1  # "a million"
    elif _is_number_word(parse, i):
        j = i
    else:
        return None
    while j in inside:
        word = _scale_word(tokens[j].lower)
        after_word = j > i and _is_number_word(parse, j - 1, scales=True)
        if _is_number_word(parse, j) and (j == i or after_word or tokens[j - 1].lower in "-and"):
            current += SMALL[word]
        elif word == "hundred":
            current = (current or 1.0) * 100
        elif word in SCALES and (len(word) > 2 or (literal is not None and j == i + 1)):
            # A letter scale ("m", "bn") only right after digits: "$5 m" is five million.
            total += (current or 1.0) * SCALES[word]
            precision *= SCALES[word]
            current = 0.0
        elif (
            word in ("-", "and")
            and after_word
            and j + 1 in inside
            and _is_number_word(parse, j + 1)
        ):
            pass  # "twenty-five", "one hundred and twenty"
        else:
            break
        j += 1
    return total + current, precision, j, percent


def _scale_word(word: str) -> str:
    """ "m." at a sentence's end ("raised $4.5m.") is the scale "m"."""
    return word[:-1] if word.endswith(".") and word[:-1] in SCALES else word


def _ordinal(parse: Parse, i: int) -> Quantity | None:
    token = parse.tokens[i]
    match = _ORDINAL_LITERAL.match(token.lower)
    value = float(match.group(1)) if match else ORDINALS.get(token.lower)
    if value is None or token.ent != "ORDINAL":
        return None
    return Quantity(value, value, "ordinal", "", 1.0, token.text, (i,))


def _kind_and_unit(
    parse: Parse, start: int, end: int, inside: set[int], percent: str
) -> tuple[str, str, int]:
    """What a number counts: a percentage, money, or a count of the noun it modifies; and
    the token after the words that said so."""
    tokens = parse.tokens
    if percent:
        return "percent", "", end
    if end in inside:
        word = tokens[end].lower
        if word in ("%", "percent", "pc"):
            return "percent", "", end + 1
        if word == "per" and end + 1 in inside and tokens[end + 1].lower == "cent":
            return "percent", "", end + 2
        if tokens[end].lemma.lower() in CURRENCY_WORDS:
            return "money", "", end + 1
    j = start - 1
    if j in inside and tokens[j].lower in CURRENCY_SIGNS:
        return "money", "", end
    if tokens[start].ent == "MONEY":
        return "money", "", end
    head = tokens[end - 1].head
    if tokens[end - 1].dep in ("nummod", "quantmod", "compound") and head >= end:
        noun = tokens[head]
        if noun.pos in ("NOUN", "PROPN"):
            return "count", noun.lemma.lower(), end
    return "count", "", end
