"""Names for models in signatures: stable across machines, never an absolute path."""

from __future__ import annotations

import hashlib
from pathlib import Path


def model_label(name_or_path: str) -> str:
    """A hub name as given; a local folder as ``folder-name(local:<hash of config.json>)``."""
    path = Path(name_or_path)
    if path.is_dir():
        config = path / "config.json"
        digest = hashlib.sha256(config.read_bytes()).hexdigest()[:8] if config.is_file() else "?"
        return f"{path.name}(local:{digest})"
    return name_or_path
