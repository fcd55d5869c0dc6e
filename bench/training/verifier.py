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

This module is the command; the pairs and the dev slice are :mod:`.verifier_pairs`, the
training loop :mod:`.verifier_fit`, the dev figures :mod:`.verifier_dev`.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..encoders.verifier_delta import DTYPES, LABELS, PACKAGED_NAME
from .verifier_dev import dev_figures, dev_table
from .verifier_fit import class_weights, fit_epochs
from .verifier_pairs import DEV_FRACTION, TrainingPair, read_training_pairs, split_dev


def holds_a_delta(folder: Path) -> bool:
    """Whether ``folder`` holds a delta this command wrote (a ``*.json`` of the delta format
    and the weights it names, both regular files): how folders trained into before the
    ownership marker (``bench/encoders/weights/``) are recognised as its own."""
    from ..encoders.verifier_delta import read_meta
    from ..errors import ConfigError
    from ..records.links import is_own_file

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
    from ..experiment.storage import ownership

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
    pairs = read_training_pairs(Path(args.pairs), sources)
    with ownership.own_folder(
        folder, [args.pairs], written, option="--out", ours=holds_a_delta, refuse_links=True
    ):
        return _train(args, pairs, sources, out)


def _train(
    args: argparse.Namespace, pairs: list[TrainingPair], sources: tuple[str, ...], out: Any
) -> Path:
    import torch

    from ..encoders.cross_encoder import CrossEncoder

    def say(line: str) -> None:
        print(line, file=out, flush=True)

    started = time.perf_counter()
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(args.threads)
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
    training = _training_record(args, sources, len(fit), len(dev), weights, history)
    meta_path = encoder.save(args.out, args.name, dtype=args.dtype, training=training)
    if dev:
        # The figures of the delta as shipped: stored in --dtype, loaded back over the base.
        shipped = CrossEncoder.load(meta_path, base=args.base)
        figures = dev_figures(shipped, dev, batch_size=args.batch_size, threads=args.threads)
        training["dev"] = figures
        _rewrite_training(meta_path, training)
        say(dev_table(figures))
    size = (Path(args.out) / f"{args.name}.safetensors").stat().st_size
    say(
        f"wrote {meta_path} and {args.name}.safetensors ({size / 1e6:.1f} MB) in "
        f"{(time.perf_counter() - started) / 60:.1f} min"
    )
    return meta_path


def _training_record(
    args: argparse.Namespace,
    sources: tuple[str, ...],
    fit: int,
    dev: int,
    weights: Sequence[float],
    history: list[dict],
) -> dict[str, Any]:
    """How the delta was made, for its metadata: the seed, the pairs file (name, digest, how
    many pairs were trained on and held out), the options, the library versions and the
    epochs' losses. Never a time or a path, so a retraining writes the same bytes."""
    import torch
    import transformers

    pairs_path = Path(args.pairs)
    return {
        "seed": args.seed,
        "pairs": {
            "file": pairs_path.name,
            "sources": list(sources) or "all",
            "digest": hashlib.sha256(pairs_path.read_bytes()).hexdigest(),
            "train": fit,
            "dev": dev,
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


def _rewrite_training(meta_path: Path, training: dict) -> None:
    from dataclasses import replace

    from ..encoders.verifier_delta import read_meta

    replace(read_meta(meta_path), training=training).write(meta_path)


def parser() -> argparse.ArgumentParser:
    """The options of ``python -m bench.training.verifier``."""
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
    """Run ``python -m bench.training.verifier``; an error is printed, with exit status 2."""
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
