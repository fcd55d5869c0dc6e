"""Make a rescaling baseline as bert-score makes its own: every layer's mean P, R and F over
random pairs of unrelated sentences (``summbench bertscore-baseline``).

The scores are bert-score's: a ``bert_score.BERTScorer`` with ``all_layers=True`` scores each
pair with every hidden state of the model at once (row 0, the embeddings, to the last layer),
without idf, as bert-score's baseline script does. Its mean is taken here in float64 over all
pairs (bert-score's script keeps a running mean over chunks of 1,000 pairs: the same quantity,
rounded differently); the table keeps six decimals, far below the mean's sampling error, which
the record states per layer.

Reproducible: the pairs come from the seed (:func:`.corpus.random_pairs`), the model runs on
the CPU with one intra-op thread and summbench's pinned kernels (:mod:`bench.cpu_kernels`), in
fixed chunks, so the same corpus, pairs, seed and library versions write the same bytes. The
record holds no time and no path of the machine.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ...versions import package_version
from . import HEADER
from .corpus import RULE

#: Pairs scored per call of bert-score (progress is reported after each).
CHUNK = 1000
#: Decimals of the table (the standard errors of a mean over thousands of pairs are ~1e-3).
DECIMALS = 6


def pair_scores(
    model_path: str,
    first: list[str],
    second: list[str],
    *,
    batch_size: int = 64,
    log: Callable[[str], None] = lambda _: None,
) -> np.ndarray:
    """bert-score's P, R and F of every pair at every layer: shape (layers + 1, pairs, 3),
    float32. ``first`` is the candidate side, ``second`` the reference side."""
    import bert_score
    import torch

    from ...cpu_kernels import check
    from ...encoders.token_embeddings import one_intra_op_thread

    check()
    # num_layers is not used with all_layers (every hidden state is returned); bert-score
    # only needs it to be given for a model it does not know.
    scorer = bert_score.BERTScorer(
        model_type=model_path, num_layers=1, all_layers=True, device="cpu"
    )
    chunks = []
    with torch.no_grad(), one_intra_op_thread():
        for start in range(0, len(first), CHUNK):
            end = min(start + CHUNK, len(first))
            scores = scorer.score(first[start:end], second[start:end], batch_size=batch_size)
            chunks.append(torch.stack(scores, dim=-1).numpy())  # (layers + 1, chunk, 3)
            log(f"scored {end} of {len(first)} pairs")
    return np.concatenate(chunks, axis=1)


def baseline_table(scores: np.ndarray) -> str:
    """The baseline file's text: each layer's mean P, R and F (bert-score's format)."""
    means = scores.astype(np.float64).mean(axis=1)
    rows = [",".join(HEADER)]
    rows += [f"{layer}," + ",".join(f"{v:.{DECIMALS}f}" for v in row)
             for layer, row in enumerate(means)]
    return "\n".join(rows) + "\n"


def baseline_record(
    scores: np.ndarray,
    table: str,
    *,
    model: str,
    inputs: dict[str, str],
    sentences: int,
    seed: int,
    command: str,
) -> dict:
    """How the table was made: model, corpus, pairs, seed, versions, and each layer's standard
    error of the mean (the numbers' own uncertainty)."""
    pairs = scores.shape[1]
    errors = scores.astype(np.float64).std(axis=1, ddof=1) / np.sqrt(pairs)
    return {
        "what": "BERTScore rescaling baseline in bert-score's format (LAYER,P,R,F; row 0 is "
        "the embeddings): each layer's mean score of random pairs of unrelated sentences",
        "model": model,
        "layers": scores.shape[0],
        "corpus": {"inputs": inputs, "sentences": sentences, "rule": RULE},
        "pairs": pairs,
        "seed": seed,
        "procedure": "bert_score.BERTScorer(all_layers=True, idf=False) on the CPU, one "
        f"intra-op thread, chunks of {CHUNK} pairs; mean over pairs in float64, "
        f"{DECIMALS} decimals",
        # The table's rows again, with each mean's standard error in place of the mean.
        "standard_error": [",".join(HEADER)]
        + [f"{layer}," + ",".join(f"{v:.{DECIMALS}f}" for v in row)
           for layer, row in enumerate(errors)],
        "versions": {
            name: package_version(name)
            for name in ("summbench", "bert-score", "transformers", "torch", "numpy")
        },
        "command": command,
        "table_sha256": hashlib.sha256(table.encode("utf-8")).hexdigest(),
    }


def write_baseline(out: Path, table: str, record: dict) -> Path:
    """Write the table to ``out`` and the record beside it (``.json``); returns the record's
    path. Each file is written whole, then moved into place: a link found at either path is
    replaced, never written through."""
    from ...records.files import write_text_atomic

    out.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(out, table)
    beside = out.with_suffix(".json")
    write_text_atomic(beside, json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    return beside


def make_baseline(
    *,
    out: Path,
    model: str | None = None,
    shared: Path | None = None,
    corpus: list[Path] | None = None,
    pairs: int | None = None,
    seed: int = 0,
    batch_size: int = 64,
    log: Callable[[str], None] = lambda _: None,
) -> dict:
    """Make the baseline of ``model`` (None: the packaged all-MiniLM-L6-v2) from the shared
    data folder or a user's ``corpus`` files, write it to ``out`` and its record beside it, and
    return the record."""
    from ...checkpoints import model_label, model_source
    from ...encoders.bertscore_encoder import default_model_path, packaged_model_label
    from .corpus import file_texts, random_pairs, sentences, shared_texts

    if model is not None:
        _check_model(model)
    if corpus:
        texts, inputs = file_texts(corpus)
        source = " --corpus " + " ".join(_shown(p) for p in corpus)
    else:
        shared = shared or Path("../shared")
        texts, inputs = shared_texts(shared)
        source = f" --shared {_shown(shared)}"
    kept = sentences(texts)
    first, second = random_pairs(kept, pairs, seed)
    log(f"{len(kept)} sentences; scoring {len(first)} random pairs at every layer")
    path = default_model_path() if model is None else model_source(model)
    scores = pair_scores(path, first, second, batch_size=batch_size, log=log)
    table = baseline_table(scores)
    option = "" if model is None else f" --model {_shown(Path(model))}"
    command = (
        f"summbench bertscore-baseline{option}{source} --pairs {len(first)} --seed {seed} "
        f"--batch-size {batch_size} --out {out.name}"
    )
    label = packaged_model_label() if model is None else model_label(model)
    record = baseline_record(
        scores, table, model=label, inputs=inputs, sentences=len(kept), seed=seed,
        command=command,
    )
    write_baseline(out, table, record)
    return record


def _check_model(model: str) -> None:
    """Refuse, before the corpus is read, a folder without a model in it or a hub name that is
    not in the local cache (a ConfigError naming --model)."""
    from ...checkpoints import check_model_folder, model_key_input
    from ...errors import ConfigError

    try:
        check_model_folder(model, where="args")
    except ConfigError as err:  # it names the config key; here the option is the key
        raise ConfigError(err.problem, where="--model", fix=err.fix) from None
    model_key_input(model, where="--model")


def _shown(path: Path) -> str:
    """A path as the record shows it: as given when relative, else its name alone (no path of
    the machine it was made on)."""
    return path.name if path.is_absolute() else path.as_posix()
