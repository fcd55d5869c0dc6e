"""Train the fact verifier's delta: ``python -m bench.training.verifier --pairs TRAIN.jsonl
--seed 0 --out DIR``.

Reads fact/text pairs (the JSONL contract of the challenge generator: ``claim``, ``text``,
``label`` stated / not_stated / contradicted, ``kind``, ``doc``, ``split``), holds out a seeded
slice of the training documents as a dev set (never a test document: a pair of the test split
is refused), fine-tunes the top ``--layers`` transformer layers of the packaged
all-MiniLM-L6-v2 and a 3-way head (:class:`bench.encoders.cross_encoder.CrossEncoder`), and
writes ``DIR/<name>.safetensors`` + ``DIR/<name>.json``. It prints the loss of every epoch and
the dev accuracy, overall, per label and per kind; the dev figures of the delta as written
(after storage in ``--dtype``, reloaded) go into the metadata.

``--out`` must be new, empty or summbench's, and a link planted at either file is refused:
checked before any work, so a folder of the user's is never written into.

Reproducible: the seed fixes the dev slice, the head's initialisation, the data order and
dropout; torch runs deterministic algorithms on ``--threads`` intra-op threads (default 1:
float sums split over more threads may end in other last bits). The same pairs, options, seed
and torch build write the same bytes (the metadata records the versions, never a time).

Cost: the default recipe, which made the packaged delta (two epochs over the 14,017 training
pairs of RoSE-ACU's training documents in the challenge generator's train split, 1,121 more
held out as the dev slice; all six layers and the head; batches of 32; one thread), ran 878
batches at 1.6 s each on a 2-core machine shared with another training: 25 minutes. Dev
accuracy 0.941 (one epoch: 0.926; the top three layers for two epochs: 0.888). The delta is
21.3 MB in float16 (the repository allows 25 MB).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..encoders.verifier_delta import DTYPES, LABELS, PACKAGED_NAME
from ..errors import DatasetError

#: Share of the training documents held out for dev accuracy.
DEV_FRACTION = 0.1
#: Batches are cut from length-sorted runs of this many batches' pairs (then shuffled), so a
#: batch holds pairs of similar length: little padding, the same randomness from the seed.
SORT_RUN = 50


@dataclass(frozen=True)
class Pair:
    """One training pair (the fields of the pairs contract the training reads)."""

    claim: str
    text: str
    label: int
    kind: str
    doc: str


def read_pairs(path: Path, sources: Sequence[str] = ()) -> list[Pair]:
    """The pairs of a JSONL file (only those of documents from ``sources``, the first part of
    a document id such as ``rose-acu/0042``, when given); a malformed line, an unknown label
    or a pair of the test split is a :class:`~bench.errors.DatasetError` naming the line."""
    from ..facts.challenge.pairs import source_of
    from ..jsonlines import iter_json_lines
    from ..textfile import read_utf8

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
            Pair(
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


def class_weights(spec: str, labels: Sequence[int]) -> list[float]:
    """``balanced``: each label weighted by n / (3 * its count); ``none``: ones; or three
    comma-separated numbers in the order of the labels."""
    if spec == "none":
        return [1.0] * len(LABELS)
    if spec == "balanced":
        counts = Counter(labels)
        return [len(labels) / (len(LABELS) * max(1, counts[i])) for i in range(len(LABELS))]
    try:
        weights = [float(w) for w in spec.split(",")]
    except ValueError:
        weights = []
    if len(weights) != len(LABELS) or any(not w > 0 for w in weights):
        raise SystemExit(
            f"--class-weights {spec!r}: give balanced, none, or {len(LABELS)} positive numbers "
            f"({', '.join(LABELS)})."
        )
    return weights


def epoch_batches(lengths: Sequence[int], batch_size: int, rng: np.random.Generator) -> list:
    """One epoch's batches of row indices: a seeded permutation, cut into runs that are
    sorted by length and cut into batches, the batches then shuffled."""
    order = rng.permutation(len(lengths))
    batches = []
    run = batch_size * SORT_RUN
    for start in range(0, len(order), run):
        chunk = sorted(order[start : start + run].tolist(), key=lambda i: (lengths[i], i))
        batches += [chunk[b : b + batch_size] for b in range(0, len(chunk), batch_size)]
    return [batches[i] for i in rng.permutation(len(batches))]


def evaluate(encoder: Any, pairs: Sequence[Pair], *, batch_size: int, threads: int) -> dict:
    """Dev figures: accuracy overall, per label and per kind (argmax of the three), the
    stated / not-stated accuracy, and how many pairs were cut to fit."""
    verified = encoder.predict(
        [(p.claim, p.text) for p in pairs], batch_size=batch_size, threads=threads
    )
    predicted = verified.probabilities.argmax(axis=1)
    gold = np.array([p.label for p in pairs])
    stated = LABELS.index("stated")
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for p, guess in zip(pairs, predicted, strict=True):
        by_kind[p.kind].append(bool(guess == p.label))
    confusion = {
        LABELS[g]: {LABELS[q]: int(((gold == g) & (predicted == q)).sum()) for q in range(3)}
        for g in range(3)
    }
    return {
        "pairs": len(pairs),
        "accuracy": _rate(predicted == gold),
        "stated_vs_not": _rate((predicted == stated) == (gold == stated)),
        "by_label": {LABELS[g]: _rate(predicted[gold == g] == g) for g in range(3)},
        "by_kind": {k: {"pairs": len(v), "accuracy": _rate(v)} for k, v in sorted(by_kind.items())},
        "confusion": confusion,
        "truncated": int(verified.truncated.sum()),
    }


def _rate(values: Any) -> float | None:
    values = np.asarray(values)
    return round(float(values.mean()), 4) if values.size else None


def _collate(packed: Sequence[Any]) -> tuple[Any, Any, Any]:
    import torch

    width = max(len(p.ids) for p in packed)
    ids = torch.zeros((len(packed), width), dtype=torch.long)
    segments = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    for row, p in enumerate(packed):
        ids[row, : len(p.ids)] = torch.tensor(p.ids)
        segments[row, : len(p.ids)] = torch.tensor(p.segments)
        mask[row, : len(p.ids)] = 1
    return ids, segments, mask


def split_dev(
    pairs: Sequence[Pair], args: argparse.Namespace, rng: np.random.Generator
) -> tuple[list[Pair], list[Pair]]:
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


def fit_epochs(
    encoder: Any,
    fit: Sequence[Pair],
    dev: Sequence[Pair],
    weights: Sequence[float],
    args: argparse.Namespace,
    rng: np.random.Generator,
    say: Any,
) -> list[dict]:
    """Train ``encoder``'s top layers and head on ``fit`` (AdamW, linear warm-up over 6% of
    the steps and linear decay, gradients clipped at norm 1); one record per epoch."""
    import torch

    packed = encoder.pack([(p.claim, p.text) for p in fit])
    say(
        f"base: {encoder.base_label}; training layers {list(encoder.layers)} and the head; "
        f"{sum(p.truncated for p in packed)} training pairs cut to {args.max_length} tokens"
    )
    params = encoder.trainable_parameters()
    optimizer = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    steps = args.epochs * -(-len(fit) // args.batch_size)
    warmup = max(1, int(0.06 * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup)))
    )
    loss_fn = torch.nn.CrossEntropyLoss(weight=torch.tensor(weights, dtype=torch.float32))
    labels = torch.tensor([p.label for p in fit], dtype=torch.long)
    lengths = [len(p.ids) for p in packed]
    history = []
    for epoch in range(1, args.epochs + 1):
        encoder.train_mode()
        started = time.perf_counter()
        total, batches = 0.0, epoch_batches(lengths, args.batch_size, rng)
        for step, rows in enumerate(batches, 1):
            ids, segments, mask = _collate([packed[r] for r in rows])
            loss = loss_fn(encoder.logits(ids, segments, mask), labels[rows])
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            schedule.step()
            total += float(loss.detach()) * len(rows)
            if step % args.log_every == 0:
                say(
                    f"  epoch {epoch} batch {step}/{len(batches)} loss {float(loss.detach()):.4f} "
                    f"({(time.perf_counter() - started) / step:.2f} s/batch)"
                )
        seconds = time.perf_counter() - started
        encoder.eval_mode()
        record = {"epoch": epoch, "loss": round(total / len(fit), 4)}
        line = f"epoch {epoch}: loss {record['loss']:.4f}, {seconds / len(batches):.2f} s/batch"
        if dev and epoch < args.epochs:  # the last epoch's: of the delta as written (train)
            figures = evaluate(encoder, dev, batch_size=args.batch_size, threads=args.threads)
            record["dev_accuracy"] = figures["accuracy"]
            line += f", dev accuracy {figures['accuracy']:.3f}"
        history.append(record)
        say(line)
    return history


def holds_a_delta(folder: Path) -> bool:
    """Whether ``folder`` holds a delta this command wrote (a ``*.json`` of the delta format
    and the weights it names, both regular files): how folders trained into before the
    ownership marker (``bench/encoders/weights/``) are recognised as its own."""
    from ..encoders.verifier_delta import read_meta
    from ..errors import ConfigError
    from ..results.links import is_own_file

    for meta in sorted(folder.glob("*.json")):
        if not is_own_file(meta):
            continue
        try:
            tensors = read_meta(meta).tensors
        except ConfigError:
            continue
        if is_own_file(folder / tensors):
            return True
    return False


def train(args: argparse.Namespace, out: Any = sys.stdout) -> Path:
    """Run the training ``args`` describe; the path of the metadata written. The ``--out``
    folder is checked first (a folder of the user's, a file, a link at a file it writes, or
    ``--pairs`` among them is refused before any work), then locked while training runs."""
    from ..errors import ConfigError
    from ..experiment import ownership

    if args.name in ("", ".", "..") or Path(args.name).name != args.name:
        raise ConfigError(
            f"{args.name!r} is not a plain file name: the files would land outside --out.",
            where="--name",
            fix="give a name such as verifier-v2.",
        )
    folder = Path(args.out)
    written = (f"{args.name}.safetensors", f"{args.name}.json")
    ownership.check_folder(folder, written, option="--out", ours=holds_a_delta)
    ownership.check_inputs(folder, [args.pairs], written, option="--out")
    # A bad pairs file is reported before the folder is made; reading it takes a second.
    sources = () if args.sources == "all" else tuple(s for s in args.sources.split(",") if s)
    pairs = read_pairs(Path(args.pairs), sources)
    with ownership.own_folder(
        folder, [args.pairs], written, option="--out", ours=holds_a_delta, refuse_links=True
    ):
        return _train(args, pairs, sources, out)


def _train(
    args: argparse.Namespace, pairs: list[Pair], sources: tuple[str, ...], out: Any
) -> Path:
    import torch
    import transformers

    from ..encoders.cross_encoder import CrossEncoder

    def say(line: str) -> None:
        print(line, file=out, flush=True)

    started = time.perf_counter()
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(args.threads)
    pairs_path = Path(args.pairs)
    rng = np.random.default_rng(args.seed)
    fit, dev = split_dev(pairs, args, rng)
    weights = class_weights(args.class_weights, [p.label for p in fit])
    say(
        f"pairs: {len(fit)} to train on, {len(dev)} dev ({len({p.doc for p in dev})} of "
        f"{len({p.doc for p in pairs})} documents); labels "
        + ", ".join(f"{LABELS[i]} {n}" for i, n in sorted(Counter(p.label for p in fit).items()))
    )
    encoder = CrossEncoder.from_base(
        args.base, layers=args.layers, max_length=args.max_length, seed=args.seed
    )
    history = fit_epochs(encoder, fit, dev, weights, args, rng, say)
    training = {
        "seed": args.seed,
        "pairs": {
            "file": pairs_path.name,
            "sources": list(sources) or "all",
            "digest": hashlib.sha256(pairs_path.read_bytes()).hexdigest(),
            "train": len(fit),
            "dev": len(dev),
            "dev_fraction": args.dev_fraction,
        },
        "options": {
            "epochs": args.epochs,
            "batch_size": args.batch_size,
            "lr": args.lr,
            "layers": args.layers,
            "max_length": args.max_length,
            "class_weights": [round(w, 6) for w in weights],
            "limit": args.limit,
            "threads": args.threads,
        },
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__},
        "epochs": history,
    }
    meta_path = encoder.save(args.out, args.name, dtype=args.dtype, training=training)
    if dev:
        # The figures of the delta as shipped: stored in --dtype, loaded back over the base.
        shipped = CrossEncoder.load(meta_path, base=args.base)
        figures = evaluate(shipped, dev, batch_size=args.batch_size, threads=args.threads)
        training["dev"] = figures
        _rewrite_training(meta_path, training)
        say(report(figures))
    size = (Path(args.out) / f"{args.name}.safetensors").stat().st_size
    say(
        f"wrote {meta_path} and {args.name}.safetensors ({size / 1e6:.1f} MB) in "
        f"{(time.perf_counter() - started) / 60:.1f} min"
    )
    return meta_path


def _rewrite_training(meta_path: Path, training: dict) -> None:
    from dataclasses import replace

    from ..encoders.verifier_delta import read_meta

    replace(read_meta(meta_path), training=training).write(meta_path)


def report(figures: dict) -> str:
    """The dev figures as a small text table."""
    lines = [
        f"dev ({figures['pairs']} pairs, {figures['truncated']} cut): accuracy "
        f"{figures['accuracy']:.3f}, stated-vs-not {figures['stated_vs_not']:.3f}",
        "  by label: "
        + ", ".join(f"{k} {v:.3f}" for k, v in figures["by_label"].items() if v is not None),
        "  by kind:",
    ]
    lines += [
        f"    {kind:<16} {v['accuracy']:.3f}  ({v['pairs']} pairs)"
        for kind, v in figures["by_kind"].items()
    ]
    return "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench.training.verifier",
        description="Fine-tune the fact verifier (top MiniLM layers + a 3-way head) on "
        "fact/text pairs and write its delta weights.",
    )
    p.add_argument("--pairs", required=True, help="training pairs (JSONL, train split only)")
    p.add_argument("--out", required=True, help="folder for <name>.safetensors and <name>.json")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--sources",
        default="rose-acu",
        help="train only on documents of these sources, comma-separated (rose-acu, pyrxsum, "
        "summac), or all (default: %(default)s, as the packaged delta: PyrXSum and SummaC, "
        "on which the verifier is measured, stay unseen)",
    )
    p.add_argument("--name", default=PACKAGED_NAME, help="file name stem (default %(default)s)")
    p.add_argument("--base", default=None, help="BERT folder (default: the packaged MiniLM)")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=3e-4, help="peak learning rate (AdamW)")
    p.add_argument("--layers", type=int, default=6, help="top transformer layers to train")
    p.add_argument("--max-length", type=int, default=128, help="tokens per packed pair")
    p.add_argument("--class-weights", default="balanced", help="balanced, none, or three numbers")
    p.add_argument("--dev-fraction", type=float, default=DEV_FRACTION)
    p.add_argument("--limit", type=int, default=0, help="train on a seeded sample of N pairs")
    p.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    p.add_argument("--dtype", choices=DTYPES, default="float16", help="storage of the delta")
    p.add_argument("--log-every", type=int, default=50, help="batches between progress lines")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    from ..errors import SummbenchError

    args = parser().parse_args(argv)
    if args.epochs < 1 or args.batch_size < 1 or args.threads < 1 or not 0 <= args.dev_fraction < 1:
        parser().error("--epochs, --batch-size and --threads must be ≥ 1; --dev-fraction in [0, 1)")
    try:
        train(args)
    except SummbenchError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
