"""BERTScore's rescaling baselines: which file a setting names, checked, and its numbers.

bert-score rescales a score ``x`` to ``(x - b) / (1 - b)``, where ``b`` is the mean score of
random pairs of unrelated sentences for the model's layer (P, R and F each their own), so that
unrelated text lands near 0 instead of near the model's floor (0.8-0.9 for some models). It
ships baselines for hub models only (``bert_score/rescale_baseline/<lang>/<model>.tsv``);
summbench ships one for its packaged all-MiniLM-L6-v2 in this folder (:data:`PACKAGED`),
made from the texts in ``../shared/data`` by ``summbench bertscore-baseline``
(:mod:`.make`; the record beside it says how), and reads a user's own with ``baseline_path``.

The file format is bert-score's, so ``bert_score.score(..., baseline_path=...)`` reads the same
file: comma-separated despite the ``.tsv`` name, a ``LAYER,P,R,F`` header, one row per hidden
state from 0 (the embeddings) up; bert-score takes the row at position ``num_layers``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ...errors import ConfigError
from ...fingerprint import file_digest

#: The baseline of the packaged all-MiniLM-L6-v2 (English text); its record is the ``.json``
#: of the same name.
PACKAGED = Path(__file__).parent / "all-MiniLM-L6-v2.tsv"
PACKAGED_LANG = "en"
HEADER = ["LAYER", "P", "R", "F"]


def make_hint(model: str | None, layer: int) -> str:
    """How to make a baseline for ``model`` (None: the packaged one, the command's default):
    the fix of every missing-baseline error."""
    option = f"--model {model} " if model else ""
    return (
        f"make one with `summbench bertscore-baseline {option}--corpus TEXTS.txt "
        f"--out baseline.tsv` (texts in the summaries' language, one or more per line) and set "
        f"`baseline_path: baseline.tsv` (layer {layer} is its row {layer}), or turn "
        "`rescale_with_baseline` off."
    )


@dataclass(frozen=True)
class Baseline:
    """One layer's baseline (P, R, F as float32, as bert-score casts them) and the file it is
    from: ``origin`` is ``summbench`` (the packaged file), ``file`` (the user's) or
    ``bert-score`` (shipped with bert-score); ``digest`` the SHA-256 of its bytes."""

    values: np.ndarray
    origin: str
    digest: str

    @property
    def label(self) -> str:
        """The baseline in signatures: where it comes from and its content."""
        return f"{self.origin}-{self.digest[:12]}"


def packaged_record() -> dict:
    """What the packaged baseline's record says about how it was made."""
    return json.loads(PACKAGED.with_suffix(".json").read_text(encoding="utf-8"))


def find_baseline(
    *,
    baseline_path: str | None,
    model: str | None,
    model_label: str,
    num_layers: int,
    lang: str,
    where: str,
) -> Baseline:
    """The baseline a bertscore setting rescales with: ``baseline_path`` when given; else the
    packaged file for the packaged model (``model`` None); else bert-score's own for a hub
    model. Anything missing or malformed is a :class:`ConfigError` under ``where`` (the
    settings' key path) that says how to make a baseline."""
    if baseline_path is not None:
        path = Path(baseline_path)
        if not path.is_file():
            raise ConfigError(
                "baseline file not found.", where=f"{where}.baseline_path",
                fix="check the path (relative paths are read from the folder summbench runs "
                f"in), or {make_hint(model, num_layers)}",
            )
        return read_baseline(path, num_layers, origin="file", where=f"{where}.baseline_path")
    if model is None:
        return _packaged(model_label, num_layers, lang, where)
    import bert_score

    path = Path(bert_score.__file__).parent / "rescale_baseline" / lang / f"{model}.tsv"
    # bert-score's files are named by hub name; a local folder has none (and joined onto the
    # folder above, an absolute folder would name a file beside itself).
    local = Path(model).is_absolute() or Path(model).exists()
    if local or not path.is_file():
        raise ConfigError(
            f"no rescaling baseline for {model_label} in {lang!r}: bert-score ships baselines "
            "for hub models only, and summbench for its packaged all-MiniLM-L6-v2.",
            where=f"{where}.rescale_with_baseline", fix=make_hint(model, num_layers),
        )
    return read_baseline(path, num_layers, origin="bert-score", where=str(path))


def _packaged(model_label: str, num_layers: int, lang: str, where: str) -> Baseline:
    """The packaged model's baseline, refused for another language or another build of the
    model than the one it was made with (the record names it)."""
    hint = make_hint(None, num_layers)
    if lang != PACKAGED_LANG:
        raise ConfigError(
            f"summbench's baseline for all-MiniLM-L6-v2 is made from English text, not {lang!r}.",
            where=f"{where}.lang", fix=hint,
        )
    made_for = packaged_record()["model"]
    if made_for != model_label:
        raise ConfigError(
            f"the packaged baseline was made for {made_for}, but {model_label} is installed.",
            where=f"{where}.rescale_with_baseline",
            fix=f"install the model it was made for, or {hint}",
        )
    return read_baseline(PACKAGED, num_layers, origin="summbench", where=str(PACKAGED))


def read_baseline(path: Path, layer: int, *, origin: str, where: str) -> Baseline:
    """Row ``layer`` of a baseline file, read as bert-score reads it (pandas), after checking
    that it is one: the header, layers numbered 0, 1, ... in order, finite numbers below 1 (a
    baseline of 1 would divide by zero)."""
    import pandas as pd

    fix = "give a file in bert-score's format (`LAYER,P,R,F`, one row per layer from 0), as "
    fix += "`summbench bertscore-baseline` writes."
    try:
        table = pd.read_csv(path)
    except (ValueError, UnicodeDecodeError) as err:  # pandas' parser errors are ValueErrors
        raise ConfigError(f"not a baseline table ({err}).", where=where, fix=fix) from None
    if list(table.columns) != HEADER:
        raise ConfigError(
            f"the header is {','.join(map(str, table.columns))}, not {','.join(HEADER)}.",
            where=where, fix=fix,
        )
    if table["LAYER"].tolist() != list(range(len(table))):
        raise ConfigError("the LAYER column is not 0, 1, 2, ... in order.", where=where, fix=fix)
    if layer >= len(table):
        raise ConfigError(
            f"the file has layers 0-{len(table) - 1}, not layer {layer}.", where=where,
            fix="give the baseline made for this model (one row per layer of it).",
        )
    row = table.iloc[layer].to_numpy()[1:]
    if not all(isinstance(v, float) and math.isfinite(v) and v < 1 for v in row.tolist()):
        raise ConfigError(
            f"layer {layer}'s baseline is {row.tolist()}: it must be three numbers below 1.",
            where=where, fix=fix,
        )
    return Baseline(row.astype(np.float32), origin, file_digest(path))
