"""A predicate's arguments, read from a parse: which children are arguments and in which role
(``subj``, ``obj``, ``attr``, ``dative``, ``than``, ``prep:<word>``, ``time``, ``amount``), and
what each holds (:class:`~bench.facts.frames.model.Argument`): names, numbers, dates,
modifiers, a pronoun, a denial."""

from __future__ import annotations

from ..dates import When, read_when
from ..parsing import Parse
from ..quantities import CURRENCY_SIGNS, SCALES, quantities
from .model import Argument
from .names import argument_names
from .tree import entities, entity_spans, has_subject, subtree
from .vocabulary import DATE_LABELS, NOBODY, NOT_IN_ARGUMENT, PRONOUNS

_RELATIVE = frozenset({"who", "whom", "which", "that", "whose"})
_CONTENT = frozenset({"NOUN", "PROPN", "ADJ", "NUM", "VERB", "ADV"})


class ArgumentReader:
    """Reads the arguments of one parse."""

    def __init__(self, parse: Parse):
        self.parse = parse
        self.tokens = parse.tokens
        self.children = parse.children
        self.entity_of = entities(parse)

    def of_child(self, k: int, copula: bool) -> list[Argument]:
        """The arguments a predicate's child ``k`` gives (none, one, or a preposition's
        objects); ``copula``: the predicate is "be"."""
        child = self.tokens[k]
        dep = child.dep
        if child.tag in ("WDT", "WP"):
            return []  # "who", "which": the noun they stand for (relative)
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
        if token.ent in DATE_LABELS:
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

    def relative(self, i: int) -> list[Argument]:
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
        if t.dep == "acl" and t.tag in ("VBN", "VBG") and not has_subject(self.parse, i):
            role = "obj" if t.tag == "VBN" else "subj"
            return [self.argument(noun, role, leave_out=i)]
        return []

    def argument(self, k: int, role: str, leave_out: int | None = None) -> Argument:
        """The argument headed by ``k``, without the clauses inside it (nor, with
        ``leave_out``, that token's subtree: a relative clause on its own noun)."""
        tokens = subtree(self.parse, k, NOT_IN_ARGUMENT)
        if leave_out is not None:
            tokens -= subtree(self.parse, leave_out, frozenset())
        return self.describe(k, role, sorted(tokens))

    def describe(self, k: int, role: str, tokens: list[int]) -> Argument:
        """The argument of ``tokens`` headed by ``k``, with what the comparison reads of it."""
        parse, t = self.parse, self.tokens
        head = t[k]
        names = argument_names(parse, self.entity_of, k, tokens)
        dates, date_tokens = self._dates(tokens)
        amounts = quantities(parse, self._with_number_ends(tokens, date_tokens))
        content = frozenset(
            _word(t[j]) for j in tokens if t[j].pos in _CONTENT and t[j].lower not in PRONOUNS
        )
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
            modifiers=self._modifiers(k),
            pronoun=head.tag == "PRP" and lower in PRONOUNS,
            nobody=nobody,
            negative=not nobody
            and not excepted
            and "no" in determiners
            and not self._number_after_no(k),
            plural=head.tag in ("NNS", "NNPS") or any(t[j].dep == "conj" for j in self.children[k]),
        )

    def _dates(self, tokens: list[int]) -> tuple[list[When], set[int]]:
        """The dates named among ``tokens``, and the tokens that name them."""
        dates, date_tokens = [], set()
        chosen = set(tokens)
        for span in entity_spans(self.entity_of, tokens):
            if self.tokens[span[0]].ent not in DATE_LABELS:
                continue
            inside = [x for x in range(*span) if x in chosen]
            when = read_when(self.parse, inside)
            if when.named:
                dates.append(when)
                date_tokens |= set(inside)
        return dates, date_tokens

    def _modifiers(self, k: int) -> frozenset[str]:
        """The adjectives and comparisons of head ``k`` and of its number, as written and as
        lemmas."""
        t = self.tokens
        modifiers: set[str] = set()
        near = [k, *(j for j in self.children[k] if t[j].dep in ("nummod", "quantmod"))]
        for h in near:
            for j in self.children[h]:
                if t[j].dep in ("amod", "advmod", "quantmod", "acomp") or t[j].tag in (
                    "JJR",
                    "RBR",
                ):
                    modifiers |= {t[j].lower, t[j].lemma.lower()}
        return frozenset(modifiers)

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


def _word(token) -> str:
    return token.lower if token.pos == "PROPN" else token.lemma.lower()
