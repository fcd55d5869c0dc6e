"""Reads a parse into frames: each predicate's (:class:`~bench.facts.frames.model.Frame`):
its lemma, its arguments (:mod:`.arguments`, with the subject it takes from its governor), the
words that deny it, and whether it is asserted; then the frames no verb says (:mod:`.verbless`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..lexicon import Lexicon
from ..parsing import Parse
from .arguments import ArgumentReader
from .model import Argument, Frame
from .tree import has_subject, is_asserted, is_passive, subtree
from .verbless import age_frames, as_age, relation_frames
from .vocabulary import CLAUSES, HYPOTHETICAL


@dataclass(frozen=True)
class _Predicate:
    """What a frame's predicate is, before its arguments are read."""

    lemma: str  # "go_up" with its particle; an adjective after "be"
    word: str  # as written
    token: int  # the token that says it: the verb, or the adjective ("up") after "be"
    heads: tuple[int, ...]  # the tokens whose children are the frame's arguments
    copula: bool  # "be" before a noun (subject and attribute are not ordered)
    comparative: bool  # "higher", "more"


class _Reader:
    """Reads the frames of one parse."""

    def __init__(self, parse: Parse, lexicon: Lexicon):
        self.parse = parse
        self.tokens = parse.tokens
        self.children = parse.children
        self.lexicon = lexicon
        self.arguments = ArgumentReader(parse)
        self._frames: dict[int, Frame | None] = {}

    def frames(self) -> tuple[Frame, ...]:
        found = [self.frame(i) for i in range(len(self.tokens))]
        found += relation_frames(self.arguments, self.lexicon)
        found += age_frames(self.arguments)
        return tuple(f for f in found if f is not None and f.args)

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
        said = self._predicate(i)
        predicate = said.lemma
        args, denials = self._own_arguments(said)
        args += self.arguments.relative(i)
        args += self._inherited(i, args)
        if said.copula or predicate == "old":
            predicate, args = as_age(predicate, args, self.tokens)
        denials += [
            (a.start, a.end)
            for a in args
            if (a.nobody or a.negative) and a.role in ("subj", "obj", "attr")
        ]
        if t.dep == "xcomp" and self.tokens[t.head].lemma.lower() in self.lexicon.negators:
            denials.append(self.parse.span_text([t.head])[:2])
        denials += self._not_true(i)
        clause = frozenset(subtree(self.parse, i, CLAUSES))
        spans = [i, *(j for a in args for j in a.tokens if j in clause)]
        start, end, _ = self.parse.span_text(spans)
        return Frame(
            predicate,
            said.word,
            i,
            len(denials) % 2 == 1,
            tuple(args),
            clause,
            said.copula and predicate == "be",
            said.comparative,
            start,
            end,
            self.parse.text,
            is_asserted(self.parse, i),
            tuple(sorted(denials)),
            any(self._reports(k) for k in self.children[i]),
        )

    def _predicate(self, i: int) -> _Predicate:
        """The predicate token ``i`` heads: for "be", the adjective after it ("is higher")
        or its "up"/"down" ("is up 5%"), when it has one."""
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
        return _Predicate(
            predicate, word, predicate_token, tuple(argument_heads), copula, comparative
        )

    def _own_arguments(self, said: _Predicate) -> tuple[list[Argument], list[tuple[int, int]]]:
        """The arguments among the predicate's children, and where the words that deny it
        ("not", "never") are."""
        args: list[Argument] = []
        denials: list[tuple[int, int]] = []
        for head in said.heads:
            for k in self.children[head]:
                if k == said.token:
                    continue
                args += self.arguments.of_child(k, said.copula)
                child = self.tokens[k]
                if child.dep == "neg" or (child.dep == "advmod" and child.lower == "never"):
                    denials.append(self.parse.span_text([k])[:2])
        return args, denials

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

    def _inherited(self, i: int, own: list[Argument]) -> list[Argument]:
        """The subject a predicate without one takes from the predicate it depends on:
        "Hull wanted to win", "Leeds scored and won", "punished for biting him" (the
        governor's object for "persuaded Leeds to stay")."""
        t = self.tokens[i]
        if has_subject(self.parse, i) or t.dep not in ("xcomp", "conj", "advcl", "pcomp"):
            return []
        governor = t.head
        if t.dep == "pcomp":
            governor = self.tokens[governor].head  # "for" -> the verb
        if t.dep in ("advcl", "pcomp") and t.tag not in ("VBG", "VBN"):
            return []
        frame = self.frame(governor) if self.is_predicate(governor) else None
        if frame is None:
            return []
        passive_governor = is_passive(self.parse, governor)
        objects = [a for a in frame.args if a.role == "obj"]
        if t.dep == "xcomp" and objects and not passive_governor:
            taken = objects  # object control
        else:
            taken = [a for a in frame.args if a.role == ("obj" if passive_governor else "subj")]
        passive = is_passive(self.parse, i) or (t.tag == "VBN" and t.dep == "conj")
        role = "obj" if passive else "subj"
        if not taken or any(a.role == role for a in own):
            return []
        return [replace(a, role=role) for a in taken]


def read_frames(parse: Parse, lexicon: Lexicon) -> tuple[Frame, ...]:
    """The frames of one parsed sentence, in the order of their predicates, then the frames no
    verb says (relations, then ages)."""
    return _Reader(parse, lexicon).frames()
