"""The verifier's verdict for one claim, from what was found about the windows it was read
against: the model's answers, structural conflicts, the lexical rules' contradiction and
word-level conflicts (the order and the reasons: "Verdicts" in :mod:`bench.facts.verifier`'s
docstring)."""

from __future__ import annotations

from collections.abc import Sequence

from .conflicts import Conflict, plain_words
from .matcher import ClaimVerdict, Verdict
from .name_matching import named_in
from .verifier_answers import Answer
from .verifier_windows import Candidates


def claim_verdict(
    claim_id: str,
    claim: str,
    chosen: Candidates,
    read: dict[tuple[str, str], Answer],
    conflicts: dict[tuple[str, str], str],
    ruled: str | None = None,
    opposed: dict[tuple[str, str], Conflict] | None = None,
    stands: ConflictStanding | None = None,
    *,
    threshold: float,
    model_contradiction: float | None,
) -> ClaimVerdict:
    """The verdict on ``claim`` read against ``chosen``: ``read`` holds the model's answers,
    ``conflicts`` the structural check's evidence, ``ruled`` the lexical rules' evidence of a
    contradiction, ``opposed`` the word-level conflicts, which count where ``stands`` says so
    (all of them without it); ``threshold`` and ``model_contradiction`` are the settings."""
    if not chosen.windows:
        if ruled is not None:
            return ClaimVerdict(claim_id, Verdict.CONTRADICTED, 0.0, ruled)
        return ClaimVerdict(claim_id, Verdict.ABSENT, 0.0, "")
    scored = [(read[(claim, w.text)], w) for w in chosen.windows]
    (stated, _, _), best = max(scored, key=lambda r: r[0][0])
    if conflicts:
        clean = [s for (s, _, _), w in scored if (claim, w.text) not in conflicts]
        flagged = [w for _, w in scored if (claim, w.text) in conflicts]
        if flagged and not any(s >= threshold for s in clean):
            evidence = conflicts[(claim, flagged[0].text)]
            return ClaimVerdict(claim_id, Verdict.CONTRADICTED, stated, evidence)
    if ruled is not None:
        return ClaimVerdict(claim_id, Verdict.CONTRADICTED, stated, ruled)
    located = {
        w.text: c
        for _, w in scored
        if (c := (opposed or {}).get((claim, w.text))) is not None and (stands is None or stands(c))
    }
    if located:
        clean = [s for (s, _, _), w in scored if w.text not in located]
        if not any(s >= threshold for s in clean):
            first = next(w for _, w in scored if w.text in located)
            return ClaimVerdict(
                claim_id, Verdict.CONTRADICTED, stated, located[first.text].describe()
            )
    gate = model_contradiction
    contradicting = [
        (c, w) for (_, c, top), w in scored if gate and top and c > stated and c >= gate
    ]
    if contradicting:
        _, worst = max(contradicting, key=lambda r: r[0])
        return ClaimVerdict(claim_id, Verdict.CONTRADICTED, stated, worst.text)
    if stated >= threshold:
        return ClaimVerdict(claim_id, Verdict.PRESENT, stated, best.text)
    return ClaimVerdict(claim_id, Verdict.ABSENT, stated, best.text)


class ConflictStanding:
    """Whether a word-level conflict stands in one summary: a name, number or date conflict
    does not when the summary says the claim's value in another sentence (a window is one or
    two sentences: "South Korea's spy agency said ..." then "Seoul ..." names the claim's
    place after all), nor a name conflict when the dataset's aliases make the two names one."""

    def __init__(self, summary: str, aliases: Sequence[Sequence[str]]):
        self.words = frozenset(plain_words(summary))
        self.aliases = [frozenset(" ".join(plain_words(a)) for a in group) for group in aliases]

    def __call__(self, conflict: Conflict) -> bool:
        if conflict.kind == "name":
            if named_in(plain_words(conflict.claim_value), self.words):
                return False
            pair = {
                " ".join(plain_words(conflict.claim_value)),
                " ".join(plain_words(conflict.summary_value)),
            }
            return not any(pair <= group for group in self.aliases)
        if conflict.kind in ("number", "date"):
            return not set(plain_words(conflict.claim_value)) <= self.words
        return True
