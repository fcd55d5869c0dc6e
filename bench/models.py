"""Models: names for signatures (stable across machines, never an absolute path), and loading
transformers checkpoints with errors a user can act on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .fingerprint import tree_digest


def model_label(name_or_path: str) -> str:
    """A hub name as given; a local folder as ``folder-name(local:<digest of its files>)``.

    The digest covers every file (weights, tokenizer, config), so retrained weights under an
    unchanged ``config.json`` get another label, and with it other embedding and score keys.
    """
    path = Path(name_or_path)
    if path.is_dir():
        return f"{path.name}(local:{tree_digest(path)[:8]})"
    return name_or_path


def model_key_input(name_or_path: str) -> str:
    """What a cache key records for a model: the digest of a local folder's files, or the hub
    name (a hub model is fetched by name and revision; we cannot see its bytes before that)."""
    path = Path(name_or_path)
    if path.exists():
        return f"local:{tree_digest(path)}"
    return f"hub:{name_or_path}"


def load_pretrained(
    model_class: Any, name_or_path: str, *, device: str | None, where: str, what: str = "model"
) -> tuple[Any, Any, str]:
    """(tokenizer, model in eval mode on its device, device) for a transformers checkpoint.

    ``device`` None means CUDA when present. A checkpoint that cannot be loaded is a
    :class:`~bench.errors.ConfigError` naming the config key.
    """
    import torch
    from transformers import AutoTokenizer

    from .errors import ConfigError

    try:
        tokenizer = AutoTokenizer.from_pretrained(name_or_path)
        model = model_class.from_pretrained(name_or_path)
    except OSError as err:
        raise ConfigError(
            f"cannot load {what} {name_or_path!r}: {err}",
            where=where,
            fix="give a local folder with config, weights and tokenizer, or a hub name while "
            "online.",
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
