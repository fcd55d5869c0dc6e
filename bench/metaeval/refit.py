"""The learned matcher's logistic model refitted on labelled (claim, summary) units,
cross-validated over documents.

``summbench meta-eval`` refits it on a dataset's own human labels (the shipped model may have
been trained on that very dataset: then only the refitted rows are out of sample), and the
trainer (``python -m bench.training.logistic``) fits and reports the shipped model with the
same pieces. Hard negatives come from corrupting each document's reference: a name swapped, a
number changed, a clause negated; the facts a corruption touches are no longer stated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..facts.features import FEATURES, TaskFeatures
from ..facts.learned import even_odds
from ..facts.logistic import LogisticModel
from ..facts.matcher import Claim, MatchTask
from ..metrics.checklist import fact_references

CORRUPTIONS = ("entity", "number", "negation")
#: L2 strength (scikit-learn's C); 1 is the usual default and CV on PyrXSum is flat around it.
C = 1.0


@dataclass
class Units:
    """(claim, summary) units with labels, grouped by document, and their features."""

    tasks: list[MatchTask]
    labels: list[list[int]]  # per task, per claim
    documents: list[int]  # per task
    systems: list[int]  # per task (-1 when not a system summary)
    kinds: list[str]  # per task: "human", a corruption kind, "seed"
    features: list[TaskFeatures] | None = None

    def flat(self, per_task: Sequence[int] | Sequence[str]) -> np.ndarray:
        """A per-task value repeated for each of the task's units."""
        pairs = zip(per_task, self.labels, strict=True)
        return np.array([v for v, labels in pairs for _ in labels])

    @property
    def y(self) -> np.ndarray:
        """Every unit's label, flat."""
        return np.array([v for labels in self.labels for v in labels])


def claims_of(example) -> tuple[Claim, ...]:
    """An example's checklist facts as matcher claims (with the references that state them)."""
    return tuple(Claim(f.id, f.text, f.keys, (), fact_references(f)) for f in example.checklist)


def touched(kind: str, detail: str, reference: str, fact: str) -> bool:
    """Whether a corruption of ``reference`` changed what ``fact`` says."""
    if kind in ("entity", "number"):
        old = detail.split(" -> ")[0]
        return re.search(rf"(?<!\w){re.escape(old)}(?!\w)", fact) is not None
    # Negation: "not" went after an auxiliary; the facts that say "<auxiliary> <next word>"
    # are negated, the others keep their truth ("He will not play" leaves "He is 30" alone).
    match = re.search(r"not after '(\w+)'", detail)
    if not match:
        return True  # "It is not true that ..." negates the whole sentence
    aux = match.group(1)
    after = re.search(rf"\b{re.escape(aux)}\s+([\w'-]+)", reference)
    if not after:
        return True
    return re.search(rf"\b{re.escape(aux)}\s+{re.escape(after.group(1))}\b", fact) is not None


def corruption_units(documents: list, rng: np.random.Generator) -> Units:
    """Each document's reference corrupted once per kind; touched facts labelled 0."""
    from ..sensitivity.corruptions import corrupt

    units = Units([], [], [], [], [])
    for d, e in enumerate(documents):
        reference = e.references[0]
        for kind in CORRUPTIONS:
            corruption = corrupt(kind, reference, source=e.source, distractors=(), rng=rng)
            if corruption is None:
                continue
            labels = [
                0 if touched(kind, corruption.detail, reference, f.text) else 1
                for f in e.checklist
            ]
            units.tasks.append(
                MatchTask(corruption.text, claims_of(e), e.aliases, e.source, e.references)
            )
            units.labels.append(labels)
            units.documents.append(d)
            units.systems.append(-1)
            units.kinds.append(kind)
    return units


def aligned_rows(units: Units) -> np.ndarray:
    """One feature row per unit: the window that best aligns with the claim (most words and
    tokens recalled; the narrowest on ties). Training reads the window the matcher will."""
    lex, bs = FEATURES.index("lex"), FEATURES.index("bs")
    rows = []
    for f in units.features or []:
        for c in range(f.values.shape[0]):
            if f.values.shape[1] == 0:
                rows.append(np.zeros(len(FEATURES)))
                continue
            key = f.values[c, :, lex] + f.values[c, :, bs]
            rows.append(f.values[c, int(np.argmax(key))])
    return np.array(rows).reshape(-1, len(FEATURES))


def probabilities(model: LogisticModel, units: Units) -> np.ndarray:
    """Each unit's score as the matcher computes it: its best window's probability."""
    out = []
    for f in units.features or []:
        for c in range(f.values.shape[0]):
            out.append(float(model.probability(f.values[c]).max()) if f.values.shape[1] else 0.0)
    return np.array(out)


def fit(rows: np.ndarray, y: np.ndarray) -> LogisticModel:
    """A logistic model fitted on ``rows``, with the labels' prior and its even odds in its
    metadata."""
    model = LogisticModel.fit(rows, y, FEATURES, c=C)
    model.meta["prior"] = round(float(np.mean(y)), 6)
    model.meta["even_odds"] = round(even_odds(float(np.mean(y))), 6)
    return model


@dataclass
class CrossValidation:
    """The models of a cross-validation over documents, and the fold of each human unit."""

    models: list[LogisticModel]  # one per fold
    folds: np.ndarray  # fold of each human unit

    def out_of_fold(self, units: Units, fold_of_unit: np.ndarray) -> np.ndarray:
        """Each unit scored by the model that did not see its document."""
        scores = np.zeros(len(fold_of_unit))
        for k, model in enumerate(self.models):
            mine = fold_of_unit == k
            if mine.any():
                scores[mine] = probabilities(model, units)[mine]
        return scores


def document_folds(human: Units, folds: int, rng: np.random.Generator) -> dict[int, int]:
    """A fold for each document, at random."""
    documents = np.unique(human.documents)
    return dict(zip(rng.permutation(documents), np.arange(len(documents)) % folds, strict=True))


def unit_folds(units: Units, fold_of: dict[int, int]) -> np.ndarray:
    """Each unit's fold: its document's."""
    return np.array([fold_of[d] for d in units.flat(units.documents)], dtype=int)


def cross_validate(
    human: Units, corrupted: Units, fold_of: dict[int, int], folds: int
) -> CrossValidation:
    """One model per fold, fitted on the other folds' documents (their human units and the
    corruptions of their references)."""
    h_rows, h_y = aligned_rows(human), human.y
    c_rows, c_y = aligned_rows(corrupted), corrupted.y
    h_fold, c_fold = unit_folds(human, fold_of), unit_folds(corrupted, fold_of)
    models = []
    for k in range(folds):
        train_h, train_c = h_fold != k, c_fold != k
        models.append(
            fit(np.vstack([h_rows[train_h], c_rows[train_c]]), np.r_[h_y[train_h], c_y[train_c]])
        )
    return CrossValidation(models, h_fold)


def refit_cross_validated(
    human: Units, corrupted: Units, folds: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold probability and even-odds threshold of every human unit, each from a model
    refitted without the unit's document (meta-evaluation on a dataset with its own labels)."""
    fold_of = document_folds(human, folds, np.random.default_rng(seed))
    cv = cross_validate(human, corrupted, fold_of, folds)
    odds = np.array([m.meta["even_odds"] for m in cv.models])
    return cv.out_of_fold(human, cv.folds), odds[cv.folds]
