"""The data files of a dataset card's config, read without the ``datasets`` library, in the
plain case only.

A folder with a dataset card (``README.md`` whose YAML header lists ``configs``) is a Hugging
Face dataset: ``datasets.load_dataset(folder, config)`` loads it, and :mod:`.loading` uses
``datasets`` to find a config's files. Importing ``datasets`` (with pandas and pyarrow) and
building its loader is most of the time it takes to load a small set like the seed set, so when
a config names its files literally, as the seed set's card does:

.. code-block:: yaml

    configs:
    - config_name: all
      data_files:
      - split: test
        path: [data/articles.jsonl, data/cluster.jsonl]

the files are taken from the card as written. Anything else (a glob, a ``data_dir``, reader
settings, declared features, a missing split or config, an unreadable header, files of two
formats) returns None
and ``datasets`` resolves the card as before, errors included. Tests check that both routes
give the same files, in the same order, for every config of the seed set.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: What ``datasets`` reads each suffix with; a config's files must all share one reader.
_READERS = {".jsonl": "json", ".json": "json", ".csv": "csv"}
_CONFIG_KEYS = {"config_name", "data_files", "default"}
_GLOB = set("*?[]{}")


def _header(card: Path) -> Any:
    """The card's YAML header, or None when there is none or it cannot be read."""
    import yaml

    from ..errors import SummbenchError
    from ..yaml_reader import BoundedLoader

    try:
        text = card.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    try:
        end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == "---")
    except StopIteration:
        return None
    try:
        return BoundedLoader("\n".join(lines[1:end])).get_single_data()
    except (yaml.YAMLError, SummbenchError, RecursionError):
        return None


def _chosen(configs: list[Any], name: str | None) -> dict[str, Any] | None:
    if not all(isinstance(c, dict) for c in configs):
        return None
    if name is None:
        defaults = [c for c in configs if c.get("default") is True]
        found = defaults if defaults else configs
    else:
        found = [c for c in configs if c.get("config_name") == name]
    return found[0] if len(found) == 1 else None


def _literal_files(folder: Path, paths: Any) -> list[Path] | None:
    paths = [paths] if isinstance(paths, str) else paths
    if not isinstance(paths, list) or not paths:
        return None
    files = []
    for path in paths:
        if not isinstance(path, str) or _GLOB & set(path) or Path(path).is_absolute():
            return None
        file = folder / path
        if ".." in Path(path).parts or not file.is_file() or file in files:
            return None
        files.append(file)
    return files


def card_data_files(folder: Path, config: str | None, split: str) -> list[Path] | None:
    """The files of ``split`` in ``config``, in the card's order, when the card lists them
    literally (JSON Lines, JSON or CSV, one reader for the whole config); else None."""
    header = _header(folder / "README.md")
    # `dataset_info` can declare features that datasets casts the columns to: its route then.
    if not isinstance(header, dict) or "dataset_info" in header:
        return None
    configs = header.get("configs")
    if not isinstance(configs, list):
        return None
    chosen = _chosen(configs, config)
    if chosen is None or not set(chosen) <= _CONFIG_KEYS:
        return None
    entries = chosen.get("data_files")
    if not isinstance(entries, list) or not entries:
        return None
    by_split: dict[str, list[Path]] = {}
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) != {"split", "path"}:
            return None
        files = _literal_files(folder, entry["path"])
        if files is None or entry["split"] in by_split:
            return None
        by_split[entry["split"]] = files
    readers = {_READERS.get(f.suffix.lower()) for files in by_split.values() for f in files}
    if split not in by_split or len(readers) != 1 or None in readers:
        return None
    return by_split[split]


def card_languages(folder: Path) -> list[str]:
    """The languages a dataset folder's card declares (``language:``, one code or a list), as
    written; [] when it has no card, no such key or an unreadable header."""
    header = _header(folder / "README.md")
    value = header.get("language") if isinstance(header, dict) else None
    if isinstance(value, str):
        value = [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
