"""The verifier's training pairs: read from the challenge generator's JSONL, and split into
the pairs trained on and a dev slice held out by document.
"""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..encoders.verifier_delta import LABELS
from ..errors import DatasetError

#: Share of the training documents held out for dev accuracy.
DEV_FRACTION = 0.1


@dataclass(frozen=True)
class TrainingPair:
    """One pair the verifier trains on: the fields of the pairs contract the training reads,
    the label as its index in :data:`~bench.encoders.verifier_delta.LABELS`."""

    claim: str
    text: str
    label: int
    kind: str
    doc: str


def read_training_pairs(path: Path, sources: Sequence[str] = ()) -> list[TrainingPair]:
    """The pairs of a JSONL file (only those of documents from ``sources``, the first part of
    a document id such as ``rose-acu/0042``, when given); a malformed line, an unknown label
    or a pair of the test split is a :class:`~bench.errors.DatasetError` naming the line."""
    from ..facts.challenge.pairs import source_of
    from ..jsonlines import iter_json_lines
    from ..utf8 import read_utf8

    if not path.is_file():
        raise DatasetError(
            "no such pairs file.",
            where=str(path),
            fix="build the pairs first (summbench facts challenge build ... --out DIR) "
            "and give DIR/train.jsonl.",
        )
    pairs = []
    fix = "each line is one pair object of the pairs contract (claim, text, label, kind, doc)."
    for number, record in iter_json_lines(
        read_utf8(path), where=str(path), error=DatasetError, fix=fix
    ):
        where = f"{path}:{number}"
        for key in ("claim", "text", "label", "kind", "doc"):
            if not isinstance(record.get(key), str):
                raise DatasetError(f"key {key!r} must be a string.", where=where, fix=fix)
        if record["label"] not in LABELS:
            raise DatasetError(
                f"label {record['label']!r} is not one of {', '.join(LABELS)}.",
                where=where,
                fix=fix,
            )
        if record.get("split", "train") != "train":
            raise DatasetError(
                f"a pair of the {record['split']!r} split: the verifier trains on training "
                "documents only (its dev slice is held out of those).",
                where=where,
                fix="give the train.jsonl the generator writes, not the test set.",
            )
        if not record["claim"].strip():
            raise DatasetError("the claim is blank.", where=where, fix=fix)
        if sources and source_of(record["doc"]) not in sources:
            continue
        pairs.append(
            TrainingPair(
                record["claim"],
                record["text"],
                LABELS.index(record["label"]),
                record["kind"],
                record["doc"],
            )
        )
    if not pairs:
        wanted = f" from the sources {', '.join(sources)}" if sources else ""
        raise DatasetError(f"no pairs{wanted} in the file.", where=str(path),
                           fix=fix if not sources else "name sources the file holds "
                           "(document ids start with them: rose-acu, pyrxsum, summac).")
    return pairs


def is_dev(doc: str, seed: int, fraction: float) -> bool:
    """Whether document ``doc`` is in the dev slice: a seeded hash, so a document's pairs
    are all on one side and the slice does not depend on the file's order."""
    digest = hashlib.sha256(f"verifier-dev/{seed}/{doc}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < fraction


def split_dev(
    pairs: Sequence[TrainingPair], args: argparse.Namespace, rng: np.random.Generator
) -> tuple[list[TrainingPair], list[TrainingPair]]:
    """(pairs to train on, dev pairs): the dev slice by document (:func:`is_dev`), the rest
    sampled down to ``--limit`` pairs when it is set."""
    held = [is_dev(p.doc, args.seed, args.dev_fraction) for p in pairs]
    dev = [p for p, h in zip(pairs, held, strict=True) if h]
    fit = [p for p, h in zip(pairs, held, strict=True) if not h]
    if args.limit and len(fit) > args.limit:
        fit = [fit[i] for i in sorted(rng.choice(len(fit), args.limit, replace=False))]
    if not fit:
        raise DatasetError(
            "every document fell in the dev slice: nothing left to train on.",
            where=str(args.pairs),
            fix="give more documents, or a smaller --dev-fraction.",
        )
    return fit, dev
