"""Who did what to whom, read from a dependency parse: one :class:`Frame` per predicate.

A frame is a predicate (a verb's lemma, "go_up" with its particle, an adjective after "be",
or "be" itself before a noun) and its arguments by role:

* ``subj``: the doer: the active subject, or the "by" phrase of a passive;
* ``obj``: what is done to: the direct object, or the subject of a passive (so "Leeds were
  beaten by Hull" and "Hull beat Leeds" read the same);
* ``attr`` (what "be" says a subject is), ``dative``, ``than`` (a comparison's other side);
* ``prep:<word>``: a prepositional phrase ("prep:in" for "in the fire");
* ``time``: a date or time, whatever the preposition; ``amount``: a number the predicate
  itself takes ("rose 5%", "rose by 5%").

A frame is negated by "not"/"never", by a subject or object like "nobody" or "no injuries",
and by a governing verb like "fail" or "refuse" (:mod:`bench.facts.lexicon`). A predicate
without its own subject takes its governor's ("Hull wanted to win", "Leeds scored and won",
"escaped punishment for biting him"); a relative clause's "who" or "which" stands for the
noun it describes. "Mary, his wife" and "his wife Mary" give a frame of their own: Mary is
his wife.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from .dates import When, read_when
from .lexicon import Lexicon
from .parsing import Parse, Token
from .quantities import CURRENCY_SIGNS, SCALES, Quantity, quantities

#: Entity labels that name something a claim can get wrong, by the group a conflicting name
#: must share ("Leeds" against "Hull": places; not "Leeds" against "Smith").
#: Places and organisations are one group: the tagger tells a club or a government named after
#: its city ("Chelsea", "Washington") from the city at random.
NAME_GROUPS = {
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "place",
    "NORP": "group",
}
#: Children that start a clause of their own: not part of an argument, read as frames.
CLAUSES = frozenset(
    {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis", "csubj", "csubjpass"}
)
#: The same, for arguments: a noun's "and" (conj) stays in the argument.
_NOT_IN_ARGUMENT = (CLAUSES - {"conj"}) | {"pcomp"}
PRONOUNS = frozenset(
    "i me you he him she her it we us they them himself herself itself themselves this that "
    "these those".split()
)
NOBODY = frozenset({"nobody", "nothing", "none", "no-one", "noone"})
HYPOTHETICAL = frozenset({"if", "whether", "unless"})
_RELATIVE = frozenset({"who", "whom", "which", "that", "whose"})
_CONTENT = frozenset({"NOUN", "PROPN", "ADJ", "NUM", "VERB", "ADV"})
_NAME_FILLER = frozenset({"the", "'s", "’s", "'", ",", "-", "."})
_DATE_LABELS = frozenset({"DATE", "TIME"})
#: What separates the words of one token of a name ("(CNN)Kayahan": a dateline glued on).
_INSIDE_NAME = re.compile(r"[^\w'’.-]+")


def _name_words(words: Iterable[str]) -> frozenset[str]:
    """A name's words, lower case, each token split where it holds more than letters
    ("cnn)kayahan": "cnn" and "kayahan"), without "the" and the possessive."""
    return frozenset(
        part
        for word in words
        for part in _INSIDE_NAME.split(word)
        if part and part not in _NAME_FILLER
    )


@dataclass(frozen=True)
class Name:
    """A named entity: as written, its group, its words (lower case), and where it stands in
    its argument: "head" (the argument names it: "Smith", "his son, Kim", "Smith and Jones"),
    "owner" ("Smith's son", "the son of Smith"), "modifier" ("the Chelsea striker"), or
    "prep:<word>" ("the match in Paris")."""

    text: str
    group: str
    words: frozenset[str]
    place: str = "head"


@dataclass(frozen=True)
class Argument:
    """One argument of a frame, with what the comparison reads of it."""

    role: str
    head: int
    tokens: tuple[int, ...]
    text: str
    start: int  # character offsets in the sentence
    end: int
    lemma: str  # the head's lemma (a name's head: its word)
    words: frozenset[str]  # content lemmas
    names: tuple[Name, ...]
    quantities: tuple[Quantity, ...]
    dates: tuple[When, ...]
    modifiers: frozenset[str]  # adjectives and comparisons, as written and as lemmas
    pronoun: bool  # "he", "they": someone said before
    nobody: bool  # "nobody", "no one": a negative quantifier, matches anyone
    negative: bool  # "no injuries": the argument denies the predicate
    plural: bool  # "men", "Smith and Jones"


@dataclass(frozen=True)
class Frame:
    """A predicate and its arguments, in one sentence."""

    predicate: str  # lemma; "go_up"; an adjective after "be"; "be" before a noun
    word: str  # the predicate as written
    head: int
    negated: bool
    args: tuple[Argument, ...]
    clause: frozenset[int]  # tokens of the clause (without the clauses inside it)
    copula: bool  # "be": subject and attribute are not ordered
    comparative: bool  # "higher", "more"
    start: int
    end: int
    sentence: str
    asserted: bool = True  # False under "if", "whether", "unless": not said to be so
    denials: tuple[tuple[int, int], ...] = ()  # character spans of "not", "nobody", "failed"
    clausal: bool = False  # says something of a clause ("said that ...", "refused to ...")

    def roles(self, role: str) -> list[Argument]:
        return [a for a in self.args if a.role == role]

    @property
    def text(self) -> str:
        return self.sentence[self.start : self.end]


class _Reader:
    """Reads the frames of one parse."""

    def __init__(self, parse: Parse, lexicon: Lexicon):
        self.parse = parse
        self.tokens = parse.tokens
        self.children = parse.children
        self.lexicon = lexicon
        self.entity_of = _entities(parse)
        self._frames: dict[int, Frame | None] = {}

    def frames(self) -> tuple[Frame, ...]:
        found = [self.frame(i) for i in range(len(self.tokens))]
        found += self._relation_frames()
        found += self._age_frames()
        return tuple(f for f in found if f is not None and f.args)

    # Predicates

    def is_predicate(self, i: int) -> bool:
        t = self.tokens[i]
        if t.dep in ("aux", "auxpass", "amod", "compound"):
            return False
        return t.pos == "VERB" or t.lemma == "be"

    def frame(self, i: int) -> Frame | None:
        if i not in self._frames:
            self._frames[i] = None  # guards against a cycle in a malformed parse
            self._frames[i] = self._build(i) if self.is_predicate(i) else None
        return self._frames[i]

    def _build(self, i: int) -> Frame:
        t = self.tokens[i]
        kids = self.children[i]
        copula = t.lemma == "be"
        predicate, word, comparative = t.lemma.lower(), t.text, False
        argument_heads, predicate_token = [i], i
        if copula:
            acomp = [k for k in kids if self.tokens[k].dep == "acomp"]
            updown = [
                k
                for k in kids
                if self.tokens[k].dep == "advmod" and self.tokens[k].lower in ("up", "down")
            ]
            if acomp:
                a = self.tokens[acomp[0]]
                predicate, word = a.lemma.lower(), a.text
                comparative = a.tag in ("JJR", "RBR") or self.lexicon.is_comparative(a.lower)
                predicate_token = acomp[0]
            elif updown:
                predicate, word = self.tokens[updown[0]].lower, self.tokens[updown[0]].text
                predicate_token = updown[0]
            if predicate_token != i:
                argument_heads.append(predicate_token)
                copula = False
        else:
            particles = [k for k in kids if self.tokens[k].dep == "prt"]
            if particles:
                predicate = f"{predicate}_{self.tokens[particles[0]].lower}"
        args: list[Argument] = []
        denials: list[tuple[int, int]] = []  # where the words that deny it are
        for head in argument_heads:
            for k in self.children[head]:
                if k == predicate_token:
                    continue
                args += self._arguments(k, copula)
                child = self.tokens[k]
                if child.dep == "neg" or (child.dep == "advmod" and child.lower == "never"):
                    denials.append(self.parse.span_text([k])[:2])
        args += self._relative_argument(i)
        args += self._inherited(i, args)
        if copula or predicate == "old":
            predicate, args = _as_age(predicate, args, self.tokens)
        denials += [
            (a.start, a.end)
            for a in args
            if (a.nobody or a.negative) and a.role in ("subj", "obj", "attr")
        ]
        if t.dep == "xcomp" and self.tokens[t.head].lemma.lower() in self.lexicon.negators:
            denials.append(self.parse.span_text([t.head])[:2])
        denials += self._not_true(i)
        clause = frozenset(self._subtree(i, CLAUSES))
        spans = [i, *(j for a in args for j in a.tokens if j in clause)]
        start, end, _ = self.parse.span_text(spans)
        return Frame(
            predicate,
            word,
            i,
            len(denials) % 2 == 1,
            tuple(args),
            clause,
            copula and predicate == "be",
            comparative,
            start,
            end,
            self.parse.text,
            self._asserted(i),
            tuple(sorted(denials)),
            any(self._reports(k) for k in kids),
        )

    def _reports(self, k: int) -> bool:
        """A clause the predicate says or asks something of ("said that ...", "refused to say
        if ..."), as opposed to one it does ("started paying")."""
        child = self.tokens[k]
        if child.dep == "ccomp":
            return True
        return child.dep == "advcl" and any(
            self.tokens[j].dep == "mark" and self.tokens[j].lower in HYPOTHETICAL
            for j in self.children[k]
        )

    def _not_true(self, i: int) -> list[tuple[int, int]]:
        """ "It is not true that X": the denial of the governing "true" is X's."""
        t = self.tokens[i]
        if t.dep != "ccomp" or t.head == i:
            return []
        governor = self.frame(t.head) if self.is_predicate(t.head) else None
        if governor is None and self.tokens[t.head].lower == "true":
            head = self.tokens[t.head].head
            governor = self.frame(head) if self.is_predicate(head) else None
        if governor is not None and governor.predicate == "true" and governor.negated:
            return list(governor.denials)
        return []

    def _asserted(self, i: int) -> bool:
        """Whether the clause is said to be so: not in a question, not under "if", "whether"
        or "unless"."""
        if self.parse.text.rstrip().rstrip("'\"’”)").endswith("?"):
            return False
        return not under_condition(self.parse, i)

    # Arguments

    def _arguments(self, k: int, copula: bool) -> list[Argument]:
        child = self.tokens[k]
        dep = child.dep
        if child.tag in ("WDT", "WP"):
            return []  # "who", "which": the noun they stand for (_relative_argument)
        if self._part_of_number(k):
            return []  # the "m" of "$5 m", parsed as a noun of its own
        if dep == "nsubj":
            return self._one(k, "subj")
        if dep == "nsubjpass":
            return self._one(k, "obj")
        if dep == "agent":
            return [a for j in self._objects(k) for a in self._one(j, "subj")]
        if dep in ("dobj", "npadvmod"):
            if self._is_date(k):
                return [self.argument(k, "time")]
            if self._is_amount(k, counted=dep == "npadvmod"):
                return [self.argument(k, "amount")]
            return self._one(k, "obj") if dep == "dobj" else []
        if dep in ("attr", "oprd") or (dep == "acomp" and not copula):
            return self._one(k, "attr")
        if dep == "dative":
            return [self.argument(k, "dative")]
        if dep == "prep":
            word = child.lower
            found = []
            for j in self._objects(k):
                if self._is_date(j):
                    role = "time"
                elif word == "by" and self._is_amount(j):
                    role = "amount"
                elif word == "than":
                    role = "than"
                else:
                    role = f"prep:{word}"
                found += self._one(j, role)
            return found
        if dep in ("advmod", "tmod") and self._is_date(k):
            return [self.argument(k, "time")]
        return []

    def _one(self, k: int, role: str) -> list[Argument]:
        """The argument headed by ``k`` (its "and" conjuncts stay in it: "Smith and Jones")."""
        return [self.argument(k, role)]

    def _part_of_number(self, k: int) -> bool:
        word = self.tokens[k].lower
        return (
            (word in SCALES or word in ("%", "percent"))
            and k > 0
            and self.tokens[k - 1].tag == "CD"
            and not self.children[k]
        )

    def _objects(self, k: int) -> list[int]:
        return [j for j in self.children[k] if self.tokens[j].dep == "pobj"]

    def _is_date(self, k: int) -> bool:
        token = self.tokens[k]
        if token.ent in _DATE_LABELS:
            return read_when(self.parse, self._entity_tokens(k)).named
        return False

    def _is_amount(self, k: int, counted: bool = False) -> bool:
        """A number ("5%", "$5m"), or with ``counted`` a noun counted by one: "rose 5 points",
        "14 months old" (not an object: "saved 12 miners")."""
        token = self.tokens[k]
        return (
            token.ent in ("PERCENT", "MONEY", "CARDINAL", "QUANTITY")
            or token.lower in ("%", "percent")
            or token.tag == "CD"
            or (counted and any(self.tokens[j].dep == "nummod" for j in self.children[k]))
        )

    def _entity_tokens(self, k: int) -> list[int]:
        span = self.entity_of.get(k)
        return list(range(span[0], span[1])) if span else [k]

    def _relative_argument(self, i: int) -> list[Argument]:
        """A relative clause's "who"/"which" is the noun it describes; a participle after a
        noun ("a man arrested on Monday") takes the noun as its object (or subject)."""
        t = self.tokens[i]
        noun = t.head
        if t.dep == "relcl":
            for k in self.children[i]:
                child = self.tokens[k]
                if child.lower in _RELATIVE and child.dep in ("nsubj", "nsubjpass", "dobj"):
                    role = {"nsubj": "subj", "nsubjpass": "obj", "dobj": "obj"}[child.dep]
                    return [self.argument(noun, role, leave_out=i)]
        if t.dep == "acl" and t.tag in ("VBN", "VBG") and not self._has_subject(i):
            role = "obj" if t.tag == "VBN" else "subj"
            return [self.argument(noun, role, leave_out=i)]
        return []

    def _has_subject(self, i: int) -> bool:
        return any(self.tokens[k].dep in ("nsubj", "nsubjpass") for k in self.children[i])

    def _inherited(self, i: int, own: list[Argument]) -> list[Argument]:
        """The subject a predicate without one takes from the predicate it depends on:
        "Hull wanted to win", "Leeds scored and won", "punished for biting him" (the
        governor's object for "persuaded Leeds to stay")."""
        t = self.tokens[i]
        if self._has_subject(i) or t.dep not in ("xcomp", "conj", "advcl", "pcomp"):
            return []
        governor = t.head
        if t.dep == "pcomp":
            governor = self.tokens[governor].head  # "for" -> the verb
        if t.dep in ("advcl", "pcomp") and t.tag not in ("VBG", "VBN"):
            return []
        frame = self.frame(governor) if self.is_predicate(governor) else None
        if frame is None:
            return []
        passive_governor = self._passive(governor)
        objects = [a for a in frame.args if a.role == "obj"]
        if t.dep == "xcomp" and objects and not passive_governor:
            taken = objects  # object control
        else:
            taken = [a for a in frame.args if a.role == ("obj" if passive_governor else "subj")]
        role = "obj" if self._passive(i) or (t.tag == "VBN" and t.dep == "conj") else "subj"
        if not taken or any(a.role == role for a in own):
            return []
        return [replace(a, role=role) for a in taken]

    def _passive(self, i: int) -> bool:
        return any(self.tokens[k].dep in ("auxpass", "nsubjpass") for k in self.children[i])

    def _subtree(self, i: int, stop: frozenset[str] | set[str]) -> set[int]:
        """Token ``i`` and its descendants, not entering children with a label in ``stop``."""
        out, todo = set(), [i]
        while todo:
            j = todo.pop()
            out.add(j)
            todo += [k for k in self.children[j] if self.tokens[k].dep not in stop]
        return out

    def argument(self, k: int, role: str, leave_out: int | None = None) -> Argument:
        tokens = self._subtree(k, _NOT_IN_ARGUMENT)
        if leave_out is not None:
            tokens -= self._subtree(leave_out, frozenset())
        return self._describe(k, role, sorted(tokens))

    def _describe(self, k: int, role: str, tokens: list[int]) -> Argument:
        parse, t = self.parse, self.tokens
        head = t[k]
        names, dates, date_tokens = [], [], set()
        seen: set[tuple[int, int]] = set()
        chosen = set(tokens)
        for j in tokens:
            span = self.entity_of.get(j)
            if span is None or span in seen:
                continue
            seen.add(span)
            label = t[span[0]].ent
            inside = [x for x in range(*span) if x in chosen]
            if label in NAME_GROUPS:
                words = _name_words(t[x].lower for x in inside)
                if words:
                    place = self._place(inside, k)
                    text = parse.span_text(inside)[2]
                    names.append(Name(text, NAME_GROUPS[label], words, place))
            elif label in _DATE_LABELS:
                when = read_when(parse, inside)
                if when.named:
                    dates.append(when)
                    date_tokens |= set(inside)
        if head.pos == "PROPN" and k not in self.entity_of:
            # A proper noun the tagger did not see as a name: a name of unknown kind, so that
            # "Tattoo Disasters" is not taken for "Extreme Beauty Disasters".
            run = sorted(
                {k}
                | {j for j in self.children[k] if t[j].dep == "compound" and t[j].pos == "PROPN"}
            )
            words = _name_words(t[j].lower for j in run)
            names.append(Name(parse.span_text(run)[2], "unknown", words, "head"))
        amounts = quantities(parse, self._with_number_ends(tokens, date_tokens))
        content = frozenset(
            _word(t[j]) for j in tokens if t[j].pos in _CONTENT and t[j].lower not in PRONOUNS
        )
        modifiers: set[str] = set()
        near = [k, *(j for j in self.children[k] if t[j].dep in ("nummod", "quantmod"))]
        for h in near:
            for j in self.children[h]:
                if t[j].dep in ("amod", "advmod", "quantmod", "acomp") or t[j].tag in (
                    "JJR",
                    "RBR",
                ):
                    modifiers |= {t[j].lower, t[j].lemma.lower()}
        determiners = {t[j].lower for j in self.children[k] if t[j].dep == "det"}
        lower = head.lower
        # "no choice but to", "nothing but praise": not a denial.
        after = next(
            (t[j].lower for j in range(max(tokens) + 1, len(t)) if t[j].dep != "punct"), ""
        )
        excepted = after == "but" or any(t[j].lower == "but" for j in self.children[k])
        nobody = not excepted and (lower in NOBODY or (lower == "one" and "no" in determiners))
        shown = [j for j in tokens if t[j].dep != "punct"] or tokens
        start, end, text = parse.span_text(shown)
        return Argument(
            role=role,
            head=k,
            tokens=tuple(tokens),
            text=text,
            start=start,
            end=end,
            lemma=_word(head),
            words=content,
            names=tuple(names),
            quantities=tuple(amounts),
            dates=tuple(dates),
            modifiers=frozenset(modifiers),
            pronoun=head.tag == "PRP" and lower in PRONOUNS,
            nobody=nobody,
            negative=not nobody
            and not excepted
            and "no" in determiners
            and not self._number_after_no(k),
            plural=head.tag in ("NNS", "NNPS") or any(t[j].dep == "conj" for j in self.children[k]),
        )

    def _place(self, name: list[int], head: int) -> str:
        """Where a name stands in the argument headed by ``head`` (see :class:`Name`)."""
        inside = set(name)
        if head in inside:
            return "head"
        root = next((j for j in name if self.tokens[j].head not in inside), name[0])
        seen = set()
        while root not in seen:
            seen.add(root)
            token = self.tokens[root]
            parent = token.head
            if token.dep in ("conj", "appos"):
                if parent == head:
                    return "head"
                root = parent
                continue
            if token.dep == "poss" and parent == head:
                return "owner"
            if token.dep == "pobj":
                preposition = self.tokens[parent]
                if preposition.head == head:
                    return "owner" if preposition.lower == "of" else f"prep:{preposition.lower}"
            if parent == head:
                return "modifier"
            root = parent
        return "other"

    def _number_after_no(self, k: int) -> bool:
        """ "No 8", "No. 10 Downing Street": a number, not a negation."""
        return any(
            self.tokens[j].lower == "no"
            and j + 1 < len(self.tokens)
            and self.tokens[j + 1].tag == "CD"
            for j in self.children[k]
        )

    def _with_number_ends(self, tokens: list[int], leave_out: set[int]) -> list[int]:
        """The tokens to read numbers from: the argument's, and a scale or a currency sign
        next to one of its numbers that the parse put elsewhere ("$5m": "$", "5", "m")."""
        t, chosen = self.tokens, set(tokens) - leave_out
        for j in list(chosen):
            if t[j].tag != "CD":
                continue
            if j + 1 < len(t) and (t[j + 1].lower in SCALES or t[j + 1].lower == "%"):
                chosen.add(j + 1)
            if j > 0 and t[j - 1].lower in CURRENCY_SIGNS:
                chosen.add(j - 1)
        return sorted(chosen)

    # Ages: "Lucy, 15,", "a 31-year-old man" (and, in _build, "Lucy is 15", "15 years old").

    def _age_frames(self) -> Iterable[Frame]:
        t = self.tokens
        for n, token in enumerate(t):
            person = token.head
            if token.tag == "CD" and token.dep in ("appos", "npadvmod") and person != n:
                if t[person].pos not in ("PROPN", "NOUN") or self.children[n]:
                    continue
                number = [n]
            elif (
                token.lower == "old" and token.dep == "amod" and t[person].pos in ("NOUN", "PROPN")
            ):
                number = [
                    j
                    for k in self.children[n]
                    if t[k].dep == "npadvmod"
                    for j in self._subtree(k, frozenset())
                ]
                if not any(t[j].tag == "CD" for j in number):
                    continue
            else:
                continue
            # The person alone: "Ann Lee, 33, and Tom Bell, 26": 33 is Ann Lee's age.
            whole = self._subtree(person, _NOT_IN_ARGUMENT | {"conj", "cc"})
            subject = self._describe(person, "subj", sorted(whole - self._subtree(n, frozenset())))
            amount = self._describe(number[0], "amount", sorted(number))
            yield self._pseudo_frame("age", n, (subject, amount))

    def _pseudo_frame(self, predicate: str, head: int, args: tuple[Argument, ...]) -> Frame:
        """A frame no verb says: "Mary, his wife" (be), "Lucy, 15" (age)."""
        start = min(a.start for a in args)
        end = max(a.end for a in args)
        clause = frozenset(j for a in args for j in a.tokens)
        return Frame(
            predicate,
            "",
            head,
            False,
            args,
            clause,
            predicate == "be",
            False,
            start,
            end,
            self.parse.text,
            self._asserted(head),
        )

    # "Mary, his wife": a frame of its own.

    def _relation_frames(self) -> Iterable[Frame]:
        t = self.tokens
        for n, token in enumerate(t):
            if token.pos != "NOUN" or self.lexicon.relation_kind(token.lemma.lower()) is None:
                continue
            people = [k for k in self.children[n] if t[k].dep == "appos" and t[k].pos == "PROPN"]
            if token.dep == "appos" and t[token.head].pos == "PROPN":
                people.append(token.head)
            for person in people:
                mine = self._subtree(person, _NOT_IN_ARGUMENT)
                theirs = self._subtree(n, _NOT_IN_ARGUMENT)
                # One holds the other: "Mary, his wife" / "his wife, Mary".
                subject = self._describe(
                    person, "subj", sorted(mine - theirs if n in mine else mine)
                )
                attribute = self._describe(
                    n, "attr", sorted(theirs - mine if person in theirs else theirs)
                )
                yield self._pseudo_frame("be", n, (subject, attribute))


def _as_age(
    predicate: str, args: list[Argument], tokens: Sequence[Token]
) -> tuple[str, list[Argument]]:
    """ "Lucy is 15" and "Lucy is 15 years old" as the age frame "Lucy, 15" gives."""
    if predicate == "old":
        amounts = [a for a in args if a.role == "amount" and a.quantities]
        if amounts:
            return "age", args
        return predicate, args
    if predicate == "be":
        numbers = [
            a
            for a in args
            if a.role == "attr"
            and tokens[a.head].tag == "CD"
            and len(a.quantities) == 1
            and not a.quantities[0].vague
            and len(a.tokens) <= 2  # "15", "about 15"; not "one of the finalists"
        ]
        if numbers and any(a.role == "subj" for a in args):
            return "age", [replace(a, role="amount") if a in numbers else a for a in args]
    return predicate, args


def under_condition(parse: Parse, i: int) -> bool:
    """Whether token ``i``'s clause, or one it hangs from, is under "if", "whether" or
    "unless" (its "mark")."""
    seen = set()
    while i not in seen:
        seen.add(i)
        if any(
            parse.tokens[k].dep == "mark" and parse.tokens[k].lower in HYPOTHETICAL
            for k in parse.children[i]
        ):
            return True
        i = parse.tokens[i].head
    return False


def _word(token) -> str:
    return token.lower if token.pos == "PROPN" else token.lemma.lower()


def _entities(parse: Parse) -> dict[int, tuple[int, int]]:
    """Each token inside a named entity -> the entity's (first, after-last) tokens."""
    spans: dict[int, tuple[int, int]] = {}
    tokens = parse.tokens
    i = 0
    while i < len(tokens):
        if tokens[i].ent and tokens[i].ent_start:
            j = i + 1
            while j < len(tokens) and tokens[j].ent == tokens[i].ent and not tokens[j].ent_start:
                j += 1
            for k in range(i, j):
                spans[k] = (i, j)
            i = j
        else:
            i += 1
    return spans


def read_frames(parse: Parse, lexicon: Lexicon) -> tuple[Frame, ...]:
    """The frames of one parsed sentence, in the order of their predicates."""
    return _Reader(parse, lexicon).frames()
