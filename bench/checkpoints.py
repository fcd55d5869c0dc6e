"""Models: names for signatures (stable across machines, never an absolute path), what cache keys
record of their weights, and loading transformers checkpoints with errors a user can act on.

A model is a local folder or a hub name. A hub name is resolved through the local Hugging Face
cache, the way huggingface_hub does offline (``models--org--name/refs/main`` names the commit
whose ``snapshots/<commit>/`` folder is loaded), and is keyed, labelled and loaded by that
snapshot: another snapshot under the same name is another model.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .fingerprint import tree_digest


@dataclass(frozen=True)
class HubSnapshot:
    """A hub model as the local Hugging Face cache holds it: the commit its ``refs/main``
    names and that commit's snapshot folder (what transformers loads offline)."""

    name: str
    revision: str
    folder: Path


def hub_snapshot(name: str) -> HubSnapshot | None:
    """Where the local Hugging Face cache (``HF_HUB_CACHE``, else ``HF_HOME``/hub) keeps hub
    model ``name``, resolved as huggingface_hub resolves it offline; online, a model not yet
    cached is downloaded first. None when it is not there (or ``name`` is no valid repository
    id)."""
    from huggingface_hub import try_to_load_from_cache

    try:
        # Every transformers checkpoint has a config.json; its cached copy lies in the
        # snapshot folder of the commit refs/main names, and that folder is named by it.
        config = try_to_load_from_cache(name, "config.json")
    except ValueError:  # not a repository id (huggingface_hub's HFValidationError)
        return None
    if not isinstance(config, str) and _download(name):
        config = try_to_load_from_cache(name, "config.json")
    if not isinstance(config, str):
        return None
    folder = Path(config).parent
    return HubSnapshot(name, folder.name, folder)


#: What a PyTorch run never loads: other frameworks' weights in a hub repository.
_NOT_FOR_TORCH = ["*.h5", "*.msgpack", "*.ot", "*.onnx", "*.tflite", "*.pb", "*.mlmodel", "*.gguf"]


@cache
def _download(name: str) -> bool:
    """Online (``HF_HUB_OFFLINE`` unset), fetch hub model ``name`` into the local cache once, so
    that it is keyed, labelled and loaded by the snapshot it lands in, as an offline cached
    model is. False offline, or when the hub has no such model (the caller then says so)."""
    from huggingface_hub import constants, snapshot_download

    if constants.HF_HUB_OFFLINE:
        return False
    try:
        snapshot_download(name, ignore_patterns=_NOT_FOR_TORCH)
    except Exception:  # no such repository, no network, no access: reported as not cached
        return False
    return True


def model_label(name_or_path: str) -> str:
    """A local folder as ``folder-name(local:<digest of its files>)``; a hub name as given, with
    the commit of the cached snapshot it resolves to (``org/name@1a2b3c4d``) when cached.

    The digest covers every file (weights, tokenizer, config), so retrained weights under an
    unchanged ``config.json`` get another label, and with it other embedding and score keys;
    likewise another snapshot of a hub model.
    """
    path = Path(name_or_path)
    if path.is_dir():
        return f"{path.name}(local:{tree_digest(path)[:8]})"
    snapshot = hub_snapshot(name_or_path)
    return f"{name_or_path}@{snapshot.revision[:8]}" if snapshot else name_or_path


def model_key_input(name_or_path: str, *, where: str = "args.model") -> str:
    """What a cache key records for a model: the digest of a local folder's files; for a hub
    name, the commit of the snapshot the local cache resolves it to and the digest of that
    snapshot's files (the weights a run loads: :func:`model_source`).

    A hub name that is not in the local cache is a :class:`~bench.errors.ConfigError` naming
    ``where``: without its files nothing says which weights the name stands for today, and a
    key holding the bare name would serve one checkpoint's results for another.
    """
    path = Path(name_or_path)
    if path.exists():
        return f"local:{tree_digest(path)}"
    snapshot = hub_snapshot(name_or_path)
    if snapshot is None:
        from huggingface_hub import constants

        from .errors import ConfigError

        raise ConfigError(
            f"no local folder {name_or_path!r}, and no such hub model in the Hugging Face cache "
            f"({constants.HF_HUB_CACHE}): its results cannot be keyed by its weights.",
            where=where,
            fix=f"download it once (`hf download {name_or_path}`, or run once online without "
            "HF_HUB_OFFLINE), set HF_HOME to the cache that holds it, or give a local folder.",
        )
    return f"hub:{snapshot.name}@{snapshot.revision}:{tree_digest(snapshot.folder)}"


def model_source(name_or_path: str) -> str:
    """What to load: a local folder as given; a cached hub model from its snapshot folder, so
    that the weights loaded are the ones its key was made from (loading by name online could
    fetch a newer commit than the key holds)."""
    if Path(name_or_path).exists():
        return name_or_path
    snapshot = hub_snapshot(name_or_path)
    return str(snapshot.folder) if snapshot else name_or_path


def load_pretrained(
    model_class: Any, name_or_path: str, *, device: str | None, where: str, what: str = "model"
) -> tuple[Any, Any, str]:
    """(tokenizer, model in eval mode on its device, device) for a transformers checkpoint.

    ``device`` None means CUDA when present. A checkpoint that cannot be loaded is a
    :class:`~bench.errors.ConfigError` naming the config key.
    """
    import torch
    from transformers import AutoTokenizer

    from . import cpu_kernels
    from .errors import ConfigError

    cpu_kernels.check()
    source = model_source(name_or_path)
    try:
        tokenizer = AutoTokenizer.from_pretrained(source)
        model = model_class.from_pretrained(source)
    except OSError as err:
        raise ConfigError(
            f"cannot load {what} {name_or_path!r}: {err}",
            where=where,
            fix="give a local folder with config, weights and tokenizer, or the name of a hub "
            "model in the Hugging Face cache.",
        ) from None
    device = device or ("cuda" if torch.cuda.is_available() else "cpu")
    model.to(device).eval()
    return tokenizer, model, device


def check_model_folder(
    name_or_path: str | None,
    *,
    where: str,
    file: str | None = None,
    num_layers: int | None = None,
) -> None:
    """Refuse, before any work, a model setting that cannot load: a local folder (or a path
    that looks like one) without a transformers ``config.json``, or a layer the model does not
    have. Reads only the folder's config, never the weights. A hub name is not checked here:
    offline, nothing but a download could say whether it exists."""
    import json

    from .errors import ConfigError
    from .validation import located

    if name_or_path is None:
        return
    path = Path(name_or_path)
    looks_local = path.is_absolute() or name_or_path.startswith((".", "~")) or path.exists()
    if not looks_local:
        return
    config_file = path.expanduser() / "config.json"
    try:
        config = json.loads(config_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        config = None
    if not isinstance(config, dict) or "model_type" not in config:
        raise ConfigError(
            f"{name_or_path!r} is not a model folder: it has no config.json naming a model_type.",
            where=located(file, f"{where}.model"),
            fix="give a folder saved by transformers' save_pretrained (config, weights and "
            "tokenizer), or a hub name while online.",
        )
    layers = config.get("num_hidden_layers", config.get("n_layer", config.get("num_layers")))
    if num_layers is not None and isinstance(layers, int) and not 0 <= num_layers <= layers:
        raise ConfigError(
            f"layer {num_layers} of a model with {layers} layers.",
            where=located(file, f"{where}.num_layers"),
            fix=f"give a layer from 1 to {layers}.",
        )
