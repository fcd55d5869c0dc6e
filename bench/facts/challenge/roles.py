"""Subject and object swapped (kind ``role_swap``), rule version 2; version 1 is
:func:`.syntax.role_swaps`.

"Leeds beat Hull 2-1" -> "Hull beat Leeds 2-1", "The council sued the company" -> "The
company sued the council", "Smith was fouled by Jones" -> "Jones was fouled by Smith".

The subject and the object (or the passive's agent) of a verb the claim is about are swapped
when the claim names both and each could do the deed to the other:

* two names the parser gives the same label: two people, two organisations, two countries;
* two definite phrases headed by nouns of the same class: people ("the manager", "Chelsea's
  captain"), groups ("the club", "the company"), or authorities ("police", "the court": they
  swap only with one another, as "the court fined the club" would turn into nonsense);
  two indefinite phrases for people ("a man stabbed a teenager");
* a person's name with a title ("Ms Lee", "Dr Ann Lee") and a definite phrase for a person;
* the two sides of a match result ("X beat Y", "X defeated Y"): any two names, as the small
  parser often reads a team as a person.

Otherwise a name is not swapped with a common-noun phrase: the small parser's labels are too
often wrong for that ("The children sang Happy Birthday"). A verb whose two sides may trade
places without changing the fact ("X met Y", "X faces Y", "X married Y") is left alone, and
so is a phrasal verb ("X takes on Y").
Pronouns, reflexives, possessive pronouns ("his wife": whose?), coordinations and phrases
holding a clause or a comma are never moved, and neither is anything when a pronoun follows
in the verb's clause ("X told Y that he ...": whom "he" means would change with the swap).
When the new subject's number differs from the old one's, the finite verb follows it ("The
players have sued the club" -> "The club has sued the players"); a group takes either number
("Chelsea have").
"""

from __future__ import annotations

from typing import Any

from .analysis import ClaimFacts, content
from .edits import Edit, ProposedEdit, apply_edits, capitalize, decapitalize
from .inflect import verb_form

_MAX_PHRASE = 6

#: Nouns for people who can act on another person.
PEOPLE = frozenset({
    "man", "woman", "boy", "girl", "child", "teenager", "officer", "official", "player",
    "teacher", "student", "pupil", "doctor", "surgeon", "nurse", "paramedic", "patient",
    "pensioner", "resident", "pedestrian", "cyclist", "motorist", "shopper", "prisoner",
    "inmate", "guard", "colleague", "stranger", "attacker", "robber", "thief", "burglar",
    "supporter", "fan", "boxer", "batsman", "bowler", "rider", "jockey", "umpire", "driver",
    "passenger",
    "victim", "suspect", "friend", "husband", "wife", "son", "daughter", "mother", "father",
    "brother", "sister", "girlfriend", "boyfriend", "partner", "manager", "coach", "boss",
    "striker", "goalkeeper", "midfielder", "defender", "captain", "minister", "president",
    "leader", "neighbour", "owner", "worker", "employee", "employer", "soldier", "gunman",
    "chairman", "director", "landlord", "tenant", "customer", "lawyer", "referee", "rival",
    "opponent", "candidate", "mayor", "governor", "senator", "actor", "singer", "journalist",
    "reporter", "judge", "pilot", "chancellor", "secretary", "spokesman", "spokeswoman",
})
#: Nouns for groups that act as one: teams, firms, bodies.
GROUPS = frozenset({
    "team", "club", "side", "squad", "company", "firm", "bank", "government", "council",
    "party", "union", "agency", "organisation", "organization", "charity", "school",
    "university", "hospital", "board", "committee", "ministry", "department", "federation",
    "association", "hosts", "visitors", "network", "retailer", "group",
})
#: Bodies that judge or enforce: they swap only with one another.
AUTHORITIES = frozenset({"police", "court", "jury", "army", "military", "tribunal",
                         "regulator", "prosecutor", "prosecutors"})
#: Verbs of a match result: their two sides are swapped whatever the parser calls them.
RESULT_VERBS = frozenset({
    "beat", "defeat", "thrash", "trounce", "rout", "overcome", "edge", "outclass", "outplay",
    "eliminate", "hammer", "crush", "stun", "upset", "whitewash",
})
#: Verbs whose subject and object may trade places without changing the fact.
SYMMETRIC = frozenset({
    "meet", "marry", "wed", "divorce", "date", "face", "play", "fight", "battle", "debate",
    "hug", "kiss", "embrace", "resemble", "partner", "accompany", "join", "draw", "tie",
    "match", "equal", "neighbour", "border", "rival", "befriend", "encounter", "contact",
})
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
#: Pronouns whose reference a swap would change.
_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "it", "its", "they", "them",
                       "their", "theirs", "himself", "herself", "itself", "themselves"})
#: Forms of a finite verb that agree with their subject, and their other number.
_AGREEING = {"is": "are", "are": "is", "was": "were", "were": "was", "has": "have",
             "have": "has", "does": "do", "do": "does"}
_SINGULAR_FORMS = frozenset({"is", "was", "has", "does"})


def _score(tokens: list[Any]) -> bool:
    """Whether ``tokens`` are a match score ("2-1", "4 - 0")."""
    return bool(tokens) and all(t.like_num or t.text in ("-", "–") for t in tokens)


#: Prepositions of place and time: a phrase they open after an object may belong to the
#: verb as well as to the object ("fouled the striker in the box"), so it stays in place.
_STAYING = frozenset({"in", "at", "on", "near", "during", "after", "before", "inside",
                      "outside"})


def _stays(tokens: list[Any]) -> bool:
    """Whether ``tokens`` (after an object's head) are one place or time phrase."""
    return bool(tokens) and tokens[0].dep_ == "prep" and tokens[0].lower_ in _STAYING and \
        all(t.i == tokens[0].i or tokens[0] in t.ancestors for t in tokens)


def phrase(head: Any, result: bool = False, trailing: bool = False) -> Any | None:
    """The noun phrase ``head`` heads, ending at ``head`` (a Span), or ``None`` when it
    cannot move cleanly: a pronoun, a possessive pronoun, a coordination, a verb or a comma
    inside, words after the head (a clause, a prepositional phrase) other than a match
    score after a ``result`` verb's side or, with ``trailing`` (an object), a phrase of
    place or time (those stay where they are)."""
    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    tokens = list(head.subtree)
    after = [t for t in tokens if t.i > head.i]
    if after and not ((result and _score(after)) or (trailing and _stays(after))):
        return None
    start = tokens[0].i
    span = head.doc[start:head.i + 1]
    if len(span) > _MAX_PHRASE or len(span) != len([t for t in tokens if t.i <= head.i]):
        return None
    if any(t.pos_ in ("VERB", "AUX", "PRON") or t.tag_ == "PRP$" or t.dep_ in ("cc", "conj")
           or t.text in (",", "(", ")", '"') for t in span):
        return None
    return span


def _is_name(span: Any) -> bool:
    """A proper noun written as one (the parser calls "dyslexia" PROPN now and then)."""
    return span.root.pos_ == "PROPN" and span.root.text[:1].isupper()


def actor_class(span: Any) -> str | None:
    """The class of a phrase naming someone who can act on another: "name:PERSON",
    "name:ORG", "name:GPE" for names, "person", "group" or "authority" for definite phrases;
    ``None`` otherwise (a thing, an unlabelled name, an indefinite phrase)."""
    root = span.root
    lemma = root.lemma_.lower()
    if _is_name(span):
        if root.ent_type_ not in _NAME_LABELS:
            return None
        if root.ent_type_ == "PERSON" and any(t.lower_ == "the" for t in span):
            return None  # "the Booker" is not a person
        return f"name:{root.ent_type_}"
    if lemma in AUTHORITIES and (span[0].lower_ == "the" or len(span) == 1):
        return "authority"  # "the police", "police"
    definite = span[0].lower_ == "the" or any(
        t.dep_ == "poss" and t.pos_ == "PROPN" for t in span)
    if span[0].lower_ in ("a", "an") and lemma in PEOPLE:
        return "someone"  # "a man": swapped only with another indefinite person
    if not definite:
        return None
    if lemma in PEOPLE:
        return "person"
    if lemma in GROUPS:
        return "group"
    return None


def _titled(span: Any) -> bool:
    """A person's name with a title ("Ms Lee", "Dr Ann Lee"): the parser's PERSON label
    alone is not enough ("Happy Birthday")."""
    return span.root.ent_type_ == "PERSON" and any(
        t.lower_.rstrip(".") in _TITLES for t in span)


def swappable(subject: Any, obj: Any) -> bool:
    """Whether two phrases can trade places (see the module's rules; match results aside)."""
    first, second = actor_class(subject), actor_class(obj)
    if first is not None and first == second:
        return True
    pair = {first, second}
    if pair == {"name:PERSON", "person"}:
        name = subject if first == "name:PERSON" else obj
        return _titled(name)
    return False


def _number(span: Any) -> str:
    """"singular", "plural" or "either" (a group may take either in British English)."""
    root = span.root
    if root.tag_ in ("NNS", "NNPS") or root.lemma_.lower() == "police":
        return "plural"
    if (_is_name(span) and root.ent_type_ != "PERSON") or root.lemma_.lower() in GROUPS:
        return "either"
    return "singular"


def _finite(verb: Any) -> Any | None:
    """The word of the verb group that agrees with the subject (an auxiliary or the verb),
    ``None`` when nothing does (a modal, the simple past of a verb other than "be")."""
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
    word = auxiliaries[0] if auxiliaries else verb
    if word.tag_ in ("VBZ", "VBP") or word.lower_ in ("was", "were"):
        return word
    return None


def _agreement(verb: Any, subject: Any) -> list[Edit] | None:
    """The edits that make the verb agree with ``subject`` (its new subject): none when it
    already does; ``None`` when it cannot be made to."""
    word = _finite(verb)
    if word is None:
        return []
    number = _number(subject)
    singular = word.lower_ in _SINGULAR_FORMS or word.tag_ == "VBZ"
    if number == "either" or (number == "singular") == singular:
        return []
    if word.lower_ in _AGREEING:
        new = _AGREEING[word.lower_]
    else:
        new = verb_form(word.lemma_.lower(), "VBZ" if number == "singular" else "VBP")
        if new is None or word.lower_ != word.text:
            return None
    return [Edit(word.idx, word.idx + len(word.text), new)]


def _moved(span: Any, to_start: bool) -> str:
    """A phrase's text as it reads at its new place: capitalised at the start; away from it,
    a first word that was capitalised only for starting the sentence loses its capital
    ("Former officer Mr Kovtun" -> "former officer Mr Kovtun", but "Satyam's board" and
    "BBC Sport" keep theirs)."""
    text = span.text
    if to_start:
        return capitalize(text)
    first = span[0]
    common = first.ent_type_ == "" and (first.pos_ != "PROPN" or first.lower_ in PEOPLE)
    return decapitalize(text, not (first.i == 0 and common))


def _pronoun_follows(verb: Any, obj: Any) -> bool:
    """Whether a pronoun follows the object in the verb's clause ("told Y that he ...")."""
    return any(t.lower_ in _PRONOUNS for t in verb.subtree if t.i >= obj.end)


def _sides(verb: Any) -> tuple[Any, Any] | None:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    for agent in (c for c in verb.children if c.dep_ == "agent"):
        objects += [c for c in agent.children if c.dep_ == "pobj"]
    if len(subjects) != 1 or len(objects) != 1:
        return None
    return subjects[0], objects[0]


def role_swaps(sentence: Any, claim: ClaimFacts) -> list[ProposedEdit]:
    """Subject and object of a verb the claim is about swapped (see the module's rules)."""
    out = []
    for verb in sentence:
        if verb.pos_ != "VERB" or not claim.mentions_any([verb]) or \
                verb.lemma_.lower() in SYMMETRIC:
            continue
        if any(c.dep_ == "prt" for c in verb.children) or (
                verb.lemma_.lower() in RESULT_VERBS and any(c.dep_ == "neg"
                                                             for c in verb.children)):
            continue  # a phrasal verb ("X takes on Y" is symmetric); a negated result
        finite = verb.tag_ in ("VBD", "VBZ", "VBP") or any(
            c.dep_ in ("aux", "auxpass") and c.lower_ != "to" for c in verb.children)
        sides = _sides(verb)
        if not finite or sides is None:
            continue  # a headline's "X to face Y"
        result = verb.lemma_.lower() in RESULT_VERBS
        subject, obj = phrase(sides[0]), phrase(sides[1], result=result, trailing=True)
        if subject is None or obj is None or not subject.end <= verb.i < obj.start:
            continue
        if not (claim.mentions_any(subject) and claim.mentions_any(obj)):
            continue
        if {t.lower_ for t in subject if content(t)} & {t.lower_ for t in obj if content(t)}:
            continue  # "Smith's brother hit Smith": the swap would read the same or worse
        if result and _is_name(subject) and _is_name(obj):
            pass  # two sides of a result, whatever the parser calls them
        elif not swappable(subject, obj):
            continue  # "Smith joined Chelsea", "police arrested the man": not swapped
        if _pronoun_follows(verb, obj):
            continue
        agreement = _agreement(verb, obj)
        if agreement is None:
            continue
        edits = [Edit(subject.start_char, subject.end_char, _moved(obj, subject.start == 0)),
                 Edit(obj.start_char, obj.end_char, _moved(subject, False)), *agreement]
        edited = apply_edits(sentence.text, edits)
        if edited and edited != sentence.text:
            out.append(ProposedEdit("role_swap", edited, f"{subject.text} / {obj.text}",
                                 f"{obj.text} / {subject.text}"))
    return out
