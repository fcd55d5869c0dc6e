"""Numbers in a sentence: finding them, their values, and changing them.

A mention is digits ("23", "1,500", "4.8"), a number word ("three", "twenty"), either of them
glued to a hyphenated word ("22-year-old", "five-shot"), with an optional scale ("million",
"bn", "m") and unit ("%", "percent", "per cent") after it and a currency sign before it.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from .edits import Edit, ProposedEdit, apply_edits

WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
# "one" is left out on purpose: "one of the", "no one", "the one who" are not counts.
WORD_OF = {value: word for word, value in WORDS.items()}

SCALES = {"thousand": "thousand", "k": "thousand", "million": "million", "m": "million",
          "billion": "billion", "bn": "billion", "trillion": "trillion", "tn": "trillion"}
_SCALE_WORDS = ("thousand", "million", "billion", "trillion")

_PATTERN = re.compile(
    r"(?<![\w.,/:£$€-])"
    r"(?P<currency>[£$€])?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    + "|".join(sorted(WORDS, key=len, reverse=True)).join(["(?i:", ")"])
    + r")"
    r"(?:(?P<glued>m|bn|k|tn)\b|(?P<space> )(?P<scale>thousand|million|billion|trillion)\b)?"
    r"(?P<unit>%| percent\b| per cent\b)?"
    r"(?![\w/:]|[.,]\d)"
    r"(?P<hyphen>-(?!(?i:" + "|".join(WORDS) + r")\b))?"
    r"(?!-)"
)


@dataclass(frozen=True)
class Mention:
    """One number in a sentence (character offsets of its parts)."""

    start: int
    end: int
    number: str
    number_start: int
    currency: str
    scale: str  # canonical: "million", ... or ""
    scale_text: str
    scale_start: int
    unit: str
    hyphenated: bool

    @property
    def is_word(self) -> bool:
        """Whether the number is written as a word ("three") rather than in digits."""
        return self.number.lower() in WORDS

    @property
    def value(self) -> str:
        """The value written in canonical digits ("1500", "4.8", "3")."""
        return canonical(self.number)


def canonical(number: str) -> str:
    """Digits of a number word or numeral, without thousands commas."""
    word = WORDS.get(number.lower())
    return str(word) if word is not None else number.replace(",", "")


def mentions(sentence: str) -> list[Mention]:
    """The number mentions in ``sentence``, left to right."""
    found = []
    for match in _PATTERN.finditer(sentence):
        scale_text = match.group("glued") or match.group("scale") or ""
        scale_start = match.start("glued") if match.group("glued") else match.start("scale")
        found.append(
            Mention(
                start=match.start(),
                end=match.end("unit") if match.group("unit") else match.end(
                    "glued" if match.group("glued") else "scale"
                    if match.group("scale") else "number"),
                number=match.group("number"),
                number_start=match.start("number"),
                currency=match.group("currency") or "",
                scale=SCALES.get(scale_text.lower(), "") if scale_text else "",
                scale_text=scale_text,
                scale_start=scale_start,
                unit=(match.group("unit") or "").strip(),
                hyphenated=bool(match.group("hyphen")),
            )
        )
    return found


def values_in(text: str) -> frozenset[str]:
    """Every number value ``text`` mentions, canonical (for "does the claim hold it")."""
    return frozenset(m.value for m in mentions(text))


def scales_in(text: str) -> frozenset[str]:
    """The scale words ("million", "billion"...) of the numbers mentioned in ``text``."""
    return frozenset(m.scale for m in mentions(text) if m.scale)


def _is_year(mention: Mention) -> bool:
    return (not mention.is_word and mention.number.isdigit() and len(mention.number) == 4
            and mention.number[:2] in ("19", "20") and not mention.currency
            and not mention.scale and not mention.unit)


def _format_like(value: float, like: str) -> str:
    """``value`` written as ``like`` is: same decimals, thousands commas if it had them."""
    decimals = len(like.split(".")[1]) if "." in like else 0
    text = f"{value:,.{decimals}f}" if "," in like else f"{value:.{decimals}f}"
    return text


def _new_value(mention: Mention, rng: random.Random) -> str | None:
    """Another plausible value in the same format (not zero, not the same)."""
    number = mention.number.replace(",", "")
    old = float(number)
    decimals = len(number.split(".")[1]) if "." in number else 0
    step = 10 ** -decimals
    for _ in range(8):
        if decimals == 0 and old < 100:
            # Small counts and ages move by a little: "a 58-year-old" -/-> "a 174-year-old".
            new = old + rng.choice((-1, 1)) * rng.randint(1, max(2, int(old) // 3))
        else:
            new = round(old * rng.choice((0.5, 0.7, 1.3, 1.5, 2.0)) / step) * step
        if new <= 0 or new == old:
            new = old + step * rng.randint(1, 4)
        text = _format_like(new, mention.number)
        if text != mention.number and not text.startswith("0" if decimals == 0 else "-"):
            return text
    return None


def _reordered_digits(number: str) -> str | None:
    """``number`` with its digits in another order (4.8 -> 8.4, 23 -> 32, 1,500 -> 5,100),
    separators kept in place; ``None`` when every order reads the same or starts with 0."""
    digits = [c for c in number if c.isdigit()]
    if len(set(digits)) < 2:
        return None
    orders = [digits[::-1]]
    for i in range(len(digits) - 1):
        if digits[i] != digits[i + 1]:
            swapped = digits.copy()
            swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
            orders.append(swapped)
            break
    for order in orders:
        if order[0] == "0" or order == digits:
            continue
        it = iter(order)
        text = "".join(next(it) if c.isdigit() else c for c in number)
        if "." in text and text.split(".")[0].startswith("0") and len(text.split(".")[0]) > 1:
            continue
        return text
    return None


def _nearby(value: int) -> list[int]:
    """Other values a count written in words may plausibly take (within 3, the next tens, or
    double)."""
    near = {v for v in WORD_OF if v != value and (abs(v - value) <= 3 or
                                                   (value >= 20 and abs(v - value) == 10))}
    if value * 2 in WORD_OF:
        near.add(value * 2)
    return sorted(near)


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")


def _in_a_date_or_code(sentence: str, mention: Mention) -> bool:
    """Whether a number is a day of a month ("March 4", "4 March") or part of a run of
    numbers (a phone number "08457 90 90 90", a score "3 1"): neither is a count."""
    before = sentence[:mention.start].rstrip().rsplit(" ", 1)[-1].lower().strip(",")
    after = sentence[mention.end:].lstrip().split(" ", 1)[0].lower().strip(",.")
    return before in _MONTHS or after in _MONTHS or before.isdigit() or after.isdigit()


#: A score or a range around a number ("3-1", "6-4 6-4", "10-12").
_SCORE_AFTER = re.compile(r"^[-–]\d")
_SCORE_BEFORE = re.compile(r"\d[-–]$")


def _in_a_score(sentence: str, mention: Mention) -> bool:
    """Whether a number is one side of a score or range ("beat Hull 3-1"): changing or
    spelling out one side ("three-1") breaks it (rule version 2)."""
    return bool(_SCORE_AFTER.match(sentence[mention.number_start + len(mention.number):])
                or _SCORE_BEFORE.search(sentence[:mention.start]))


def changes(sentence: str, claim_values: frozenset[str], claim_scales: frozenset[str],
            rng: random.Random, rules: int = 1) -> list[ProposedEdit]:
    """Changed-number candidates for the numbers of ``sentence`` the claim also states:
    ``number`` (another value), ``number_word`` (another value, written the other way),
    ``number_digits`` (digits reordered) and ``number_scale`` (million <-> billion...; with
    ``rules`` 2, see :func:`scale_change`)."""
    out: list[ProposedEdit] = []
    for mention in mentions(sentence):
        if mention.value not in claim_values or _is_year(mention) or \
                (_in_a_date_or_code(sentence, mention) and not mention.is_word):
            continue
        if rules >= 2 and _in_a_score(sentence, mention):
            continue
        span = (mention.number_start, mention.number_start + len(mention.number))
        old = mention.number

        def propose(kind: str, new: str, span=span, old=old) -> None:
            edited = apply_edits(sentence, [Edit(*span, new)])
            if edited and edited != sentence:
                out.append(ProposedEdit(kind, edited, old, new))

        if mention.is_word:
            value = WORDS[old.lower()]
            others = _nearby(value)
            new_value = rng.choice(others)
            word = WORD_OF[new_value]
            propose("number", word.capitalize() if old[:1].isupper() else word)
            other_digit = rng.choice(others)
            if span[0] > 0:  # a sentence does not start with digits
                propose("number_word", str(other_digit))
        else:
            new = _new_value(mention, rng)
            if new is not None:
                propose("number", new)
            reordered = _reordered_digits(old)
            if reordered is not None:
                propose("number_digits", reordered)
            if old.isdigit() and 2 <= int(old) <= 20 and not mention.currency \
                    and not mention.scale and mention.unit != "%":
                other = rng.choice(_nearby(int(old)))
                propose("number_word", WORD_OF[other])
        if mention.scale and mention.scale in claim_scales and rules >= 2:
            candidate = scale_change(sentence, mention, rng)
            if candidate is not None:
                out.append(candidate)
        elif mention.scale and mention.scale in claim_scales:
            options = [s for s in _SCALE_WORDS if s != mention.scale and s != "trillion"]
            scale = rng.choice(options)
            text = mention.scale_text
            if text.lower() in ("m", "bn", "k", "tn"):
                new_text = {"thousand": "k", "million": "m", "billion": "bn"}[scale]
            else:
                new_text = scale
            edited = apply_edits(sentence, [Edit(mention.scale_start,
                                                 mention.scale_start + len(text), new_text)])
            if edited and edited != sentence:
                out.append(ProposedEdit("number_scale", edited, text, new_text))
    return out


#: The short form of each scale, as written glued to a number ("£5m", "$2bn").
_SHORT = {"thousand": "k", "million": "m", "billion": "bn", "trillion": "tn"}


def scale_change(sentence: str, mention: Mention, rng: random.Random) -> ProposedEdit | None:
    """The number's scale moved one step up or down (thousand, million, billion, trillion:
    "£5m" -> "£5bn", "2.3 billion" -> "2.3 million"), written as it was (glued or a word).

    News does not write "2.6 thousand": a million that becomes thousands is written in
    digits ("$2.6 million" -> "$2,600"); "£600m" -> "£600k" keeps the glued form, for whole
    numbers only. A glued "m" or "k" is a scale only after a currency sign: "a 5m wall" is
    five metres. Percent and percentage points are units, not scales: never changed here.
    """
    text = mention.scale_text
    glued = text.lower() in ("m", "bn", "k", "tn")
    if glued and text.lower() in ("m", "k") and not mention.currency:
        return None
    step = _SCALE_WORDS.index(mention.scale)
    options = [_SCALE_WORDS[i] for i in (step - 1, step + 1) if 0 <= i < len(_SCALE_WORDS)]
    scale = rng.choice(options)
    start, end = mention.scale_start, mention.scale_start + len(text)
    before = text
    if scale == "thousand" and not (glued and mention.number.isdigit()):
        # Written out: "$2.6 million" -> "$2,600" (the value a thousand times smaller).
        value = float(canonical(mention.number)) * 1000
        if value != int(value):
            return None
        start, new = mention.number_start, f"{int(value):,}"
        before = sentence[start:end]
    else:
        new = _SHORT[scale] if glued else scale
        if text[:1].isupper():
            new = new.capitalize()
    edited = apply_edits(sentence, [Edit(start, end, new)])
    if not edited or edited == sentence:
        return None
    return ProposedEdit("number_scale", edited, before, new)


def rewrites(sentence: str, rng: random.Random, rules: int = 1) -> list[ProposedEdit]:
    """Paraphrases of the numbers' format that keep every value: 12% <-> 12 percent <-> 12
    per cent, £5m <-> £5 million, $5 million <-> 5 million dollars, three <-> 3."""
    out: list[ProposedEdit] = []
    for mention in mentions(sentence):
        start, end = mention.start, mention.end
        old = sentence[start:end]
        if _in_a_date_or_code(sentence, mention):
            continue  # "on March 4" -/-> "on March four"
        if rules >= 2 and _in_a_score(sentence, mention):
            continue  # "3-1" -/-> "three-1"
        options: list[str] = []
        number = mention.number
        if mention.unit:
            head = sentence[start:mention.number_start + len(number)]
            if mention.scale:
                head = sentence[start:mention.scale_start + len(mention.scale_text)]
            options += [head + u for u in ("%", " percent", " per cent")
                        if u.strip() != mention.unit]
        elif mention.scale and mention.currency and not mention.hyphenated:
            long = mention.scale
            if mention.scale_text.lower() in ("m", "bn", "k"):
                options.append(f"{mention.currency}{number} {long}")
            else:
                short = {"thousand": "k", "million": "m", "billion": "bn"}.get(long)
                if short:
                    options.append(f"{mention.currency}{number}{short}")
                if mention.currency == "$":
                    options.append(f"{number} {long} dollars")
        elif not mention.scale and not mention.currency:
            if mention.is_word and WORDS[number.lower()] <= 20 and start > 0:
                options.append(str(WORDS[number.lower()]) + sentence[
                    mention.number_start + len(number):end])
            elif number.isdigit() and 2 <= int(number) <= 20 and number not in ("1",):
                word = WORD_OF[int(number)]
                options.append((word.capitalize() if start == 0 else word)
                               + sentence[mention.number_start + len(number):end])
        if not options:
            continue
        new = rng.choice(options)
        edited = apply_edits(sentence, [Edit(start, end, new)])
        if edited and edited != sentence:
            out.append(ProposedEdit("paraphrase", edited, old, new))
    return out
