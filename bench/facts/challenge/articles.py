"""Documents made from source articles that have no human-written units (SummaC's): the
article cut into sentences, claims cut from a few of them (:mod:`.clauses`), and for each
claim the text it is judged against: its own sentence and one or two around it (a window;
the pairs use the sentence alone or the whole window, as they use a reference's sentence or
the whole reference).

Claims that offer a change the references rarely offer are wanted: every claim of the article
that offers a role swap or a scale change (:data:`ALWAYS`) is taken, and up to :data:`CLAIMS`
claims in all, those offering a nationality change (:data:`FIRST`) first, the rest drawn at
random from the article's lead (its first :data:`LEAD` sentences, where news states its
facts) with a ``random.Random`` seeded with (seed, article). So the articles add to the
references' pairs rather than drown them. The sentence a claim was cut from must be the only
one of its window that states it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import nationalities, numbers, roles, syntax
from .analysis import BATCH_SIZE, PIPELINE, claim_facts, coverage, parse
from .clauses import SCORE_LINE, claim_from, keeps_its_frame, sentence_is_usable
from .sources import Article, Document, tidy

#: Sentences of an article's lead, where the claims drawn at random come from.
LEAD = 20
#: Claims taken from one article, besides those offering :data:`ALWAYS` kinds.
CLAIMS = 3
#: Changed-fact kinds so rare that every claim offering one is taken.
ALWAYS = ("role_swap", "number_scale")
#: Kinds rare enough that claims offering them are taken before claims drawn at random.
FIRST = ("nationality",)
#: A neighbour holding more than this share of a claim's content words may state it too.
NOT_STATED = 0.5
#: Links, handles, tables, and a live report's "(Team)" after a player's name.
_NOT_PROSE = re.compile(r"http|www\.|@|\||\([A-Z][\w .'-]*\)")


@dataclass(frozen=True)
class Lead:
    """An article and its sentences."""

    article: Article
    sentences: tuple[str, ...]


@cache
def _splitter() -> Any:
    """The packaged pipeline with only its sentence segmenter: a full parse of every
    article would take minutes, and only the candidate sentences need one."""
    import spacy

    nlp = spacy.load(PIPELINE, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer",
                                        "ner"])
    nlp.enable_pipe("senter")
    return nlp


def split(articles: Sequence[Article]) -> list[Lead]:
    """Each article cut into sentences (paragraphs first: a line break always ends a
    sentence; the split of one paragraph never depends on another's)."""
    paragraphs: list[tuple[int, str]] = []
    for index, article in enumerate(articles):
        for paragraph in article.text.split("\n"):
            if paragraph.strip():
                paragraphs.append((index, paragraph.strip()))
    sentences: list[list[str]] = [[] for _ in articles]
    for (index, _), doc in zip(paragraphs, _splitter().pipe([p for _, p in paragraphs],
                                                            batch_size=BATCH_SIZE),
                               strict=True):
        sentences[index] += [tidy(s.text) for s in doc.sents if s.text.strip()]
    return [Lead(a, tuple(s)) for a, s in zip(articles, sentences, strict=True)]


def is_prose(text: str) -> bool:
    """Whether a sentence may stand beside a claim's sentence in its text: a sentence of
    running prose (a capital or a quote first, a full stop, question or exclamation mark, or
    a closing quote last; no link, handle or table), not a live report's line ("Foul by Ann
    Lee (Leeds).", "Second Half begins Leeds 0, Hull 1.")."""
    words = text.split()
    return (4 <= len(words) <= 60 and (text[:1].isupper() or text[:1] in "\"“'")
            and text.endswith((".", "!", "?", '"', "”", "'"))
            and not _NOT_PROSE.search(text) and not SCORE_LINE.search(text))


def offers(sentence: Any, claim: Any) -> set[str]:
    """Which of the :data:`ALWAYS` and :data:`FIRST` changes the rules can make to ``claim``
    in ``sentence``."""
    facts = claim_facts(claim)
    found = set()
    if roles.role_swaps(sentence, facts) or syntax.place_swaps(sentence, facts):
        found.add("role_swap")
    if any(c.kind == "number_scale" for c in numbers.changes(
            sentence.text, facts.numbers, facts.scales, random.Random(0), rules=2)):
        found.add("number_scale")
    if nationalities.changes(sentence, facts, sentence.text, random.Random(0)):
        found.add("nationality")
    return found


def article_documents(articles: Sequence[Article], seed: int,
                      log: Callable[[str], None] = lambda _: None,
                      ) -> tuple[list[Document], dict[str, Any]]:
    """A :class:`Document` per article that gives at least one claim, and the parse of
    every sentence and claim they hold (text -> spaCy Doc), for the build to reuse."""
    found = split(articles)
    candidates = sorted({s for lead in found for s in lead.sentences if sentence_is_usable(s)})
    parsed = parse(candidates)
    claims = {s: claim_from(parsed[s]) for s in candidates}
    parsed.update(parse(c for c in claims.values() if c is not None))
    claims = {s: c for s, c in claims.items()
              if c is not None and keeps_its_frame(parsed[s], parsed[c])}
    log(f"{len(articles)} articles: {len(candidates)} usable sentences, "
        f"{len(claims)} give a claim")

    chosen: list[tuple[Lead, list[tuple[int, str]]]] = []
    for lead in found:
        rng = random.Random(f"{seed}/{lead.article.doc}/claims")
        options = [(i, claims[s]) for i, s in enumerate(lead.sentences) if s in claims]
        kinds = [offers(parsed[lead.sentences[i]], parsed[claim]) for i, claim in options]
        picked = [o for o, k in zip(options, kinds, strict=True) if k & set(ALWAYS)]
        first = [o for o, k in zip(options, kinds, strict=True)
                 if k & set(FIRST) and o not in picked]
        picked += rng.sample(first, max(0, min(CLAIMS - len(picked), len(first))))
        rest = [o for o in options if o[0] < LEAD and o not in picked]
        picked += rng.sample(rest, max(0, min(CLAIMS - len(picked), len(rest))))
        if picked:
            chosen.append((lead, sorted(picked)))

    neighbours = sorted({lead.sentences[j] for lead, picked in chosen for i, _ in picked
                         for j in (i - 2, i - 1, i + 1, i + 2)
                         if 0 <= j < len(lead.sentences) and is_prose(lead.sentences[j])}
                        - parsed.keys())
    parsed.update(parse(neighbours))
    documents = [_document(lead, picked, parsed, random.Random(f"{seed}/{lead.article.doc}/"
                                                               "windows"))
                 for lead, picked in chosen]
    return documents, parsed


def _window(lead: Lead, index: int, claim: Any, parsed: dict[str, Any],
            rng: random.Random) -> tuple[int, int]:
    """The sentences around sentence ``index`` that are its claim's text: two or three in a
    row, all prose, none of the others stating the claim; the sentence alone if there are
    none."""
    facts = claim_facts(claim)

    def fits(j: int) -> bool:
        if not 0 <= j < len(lead.sentences) or not is_prose(lead.sentences[j]):
            return False
        return coverage(facts, parsed[lead.sentences[j]]) <= NOT_STATED

    options = [(start, end) for start, end in ((index - 1, index + 1), (index, index + 2),
                                               (index - 2, index + 1), (index - 1, index + 2),
                                               (index, index + 3))
               if all(fits(j) for j in range(start, end) if j != index)]
    return rng.choice(options) if options else (index, index + 1)


def _document(lead: Lead, picked: Sequence[tuple[int, str]], parsed: dict[str, Any],
              rng: random.Random) -> Document:
    windows = [_window(lead, i, parsed[claim], parsed, rng) for i, claim in picked]
    used = sorted({j for start, end in windows for j in range(start, end)})
    position = {j: k for k, j in enumerate(used)}
    return Document(
        doc=lead.article.doc,
        source="summac",
        sentences=tuple(lead.sentences[j] for j in used),
        units=tuple(claim for _, claim in picked),
        unit_prefix="clause",
        windows=tuple((position[start], position[end - 1] + 1) for start, end in windows),
    )
