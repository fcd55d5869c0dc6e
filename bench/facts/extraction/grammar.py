"""What a parsed clause says of itself, read from its words: its "if" or "that", its subject,
its relative word, whether it is denied, hedged or an indirect question (:mod:`.clauses` decides
from these which clauses are facts of their own)."""

from __future__ import annotations

from ..parsing import Parse

#: Words that open an indirect question ("explain why ..."), which asserts nothing.
WH_WORDS = frozenset("why how what who whom whose which when where whether if".split())
#: Modals that put a report in doubt ("could explain that ...").
HEDGES = frozenset("could may might would should".split())
#: Adverbs that do the same ("allegedly stabbed a guard and escaped").
DOUBTING = frozenset("allegedly reportedly possibly probably apparently falsely wrongly".split())
#: Subjects that deny what their verb says ("No one has confirmed that ...").
NOBODY = frozenset("nobody none nothing neither".split())
#: Relative words that stand for the noun a relative clause describes.
RELATIVE = frozenset({"who", "whom", "which", "that"})
#: Participles that say how to read their clause, not what its subject underwent.
_READING_PARTICIPLES = frozenset("compare base give include accord add adjust measure".split())


def marks(parse: Parse, k: int) -> set[str]:
    """The words that open clause ``k`` ("that", "if", "after"), lower-cased."""
    return {parse.tokens[j].lower for j in parse.children[k] if parse.tokens[j].dep == "mark"}


def has_subject_or_expletive(parse: Parse, i: int) -> bool:
    """Whether clause ``i`` has a subject of its own (an expletive "there" or "it" too)."""
    return any(parse.tokens[k].dep in ("nsubj", "nsubjpass", "expl") for k in parse.children[i])


def relative_word(parse: Parse, i: int) -> int | None:
    """The "who", "which" or "that" standing for the noun relative clause ``i`` describes, as
    its subject or object; None for "where", "when" or none."""
    for k in parse.children[i]:
        t = parse.tokens[k]
        if t.lower in RELATIVE and t.dep in ("nsubj", "nsubjpass", "dobj"):
            return k
    return None


def asks(parse: Parse, k: int) -> bool:
    """Whether clause ``k`` is an indirect question ("could explain why some birds are
    declining", "told how he fled"): what it asks is not asserted."""
    first = min(parse.subtree(k))
    return parse.tokens[first].lower in WH_WORDS


def hedged(parse: Parse, i: int) -> bool:
    """ "Competition could explain that ...", "allegedly stabbed": a modal or an adverb
    puts the clause in doubt."""
    return any(
        (parse.tokens[k].dep == "aux" and parse.tokens[k].lower in HEDGES)
        or (parse.tokens[k].dep == "advmod" and parse.tokens[k].lower in DOUBTING)
        for k in parse.children[i]
    )


def denied(parse: Parse, i: int) -> bool:
    """A "not", "never" or "nor" on the verb, or a subject that is nobody ("No one has
    confirmed that ...")."""
    for k in parse.children[i]:
        t = parse.tokens[k]
        if t.dep == "neg" or t.lower in ("never", "nor"):
            return True
        if t.dep in ("nsubj", "nsubjpass") and (
            t.lower in NOBODY or any(parse.tokens[d].lower == "no" for d in parse.children[k])
        ):
            return True
    return False


def is_question(parse: Parse) -> bool:
    """Whether the sentence ends with a question mark (before closing quotes or brackets)."""
    return parse.text.rstrip().rstrip("'\"’”)").endswith("?")


def verb_end(parse: Parse, i: int) -> int:
    """The last token of the verb group headed by ``i`` (its particle: "set up")."""
    return max([i, *(k for k in parse.children[i] if parse.tokens[k].dep == "prt")])


def trailing_participle(parse: Parse, k: int) -> bool:
    """ "A man has appeared in court charged over a stabbing": a passive participle after
    its verb, with no word of its own before it, says a thing of the subject (the man was
    charged); not "compared with", "based on" and the like, which say how to read it."""
    t = parse.tokens[k]
    return (
        t.tag == "VBN"
        and k > t.head
        and not marks(parse, k)
        and not has_subject_or_expletive(parse, k)
        and min(parse.subtree(k)) == k
        and t.lemma.lower() not in _READING_PARTICIPLES
    )
