"""Load any dataset into :class:`~bench.data.schema.Example` objects.

Four kinds of ``path``:

* a folder with a dataset card (``README.md`` with ``configs``), like ``seeds/nk-diplomat``,
  whose data files the ``datasets`` library finds (``load_dataset_builder(folder, config)``),
  or, when the card names them literally, :mod:`.card` reads off the card;
* a local ``.jsonl``/``.json``/``.csv``/``.parquet`` file;
* a Hugging Face hub dataset name (``cnn_dailymail`` with config ``3.0.0``), when online;
* a pyramid-annotated folder in the REALSumm / PyrXSum layout (see :mod:`bench.data.pyramid`).

A column mapping renames the dataset's columns to ours: for CNN/DailyMail
``{article: source, highlights: references}``.

JSON Lines, JSON and CSV files (alone or in a folder) are read by :mod:`bench.data.readers`,
keeping each value's own type and its line; Parquet and hub datasets go through ``datasets``.
Either way :mod:`bench.data.fields` accepts one type per field, and :mod:`bench.data.checks`
checks the examples together.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..errors import DatasetError, clip
from ..jsonlines import iter_json_lines
from ..utf8 import read_utf8
from .card import card_data_files
from .checks import check_examples
from .fields import COLUMNS, as_id, row_to_example
from .pyramid import is_pyramid_folder, pyramid_rows
from .readers import SUFFIXES, LocatedRow, read_rows
from .schema import Dataset

__all__ = ["COLUMNS", "DatasetSpec", "content_hash", "load_examples", "row_to_example"]


class DatasetSpec(BaseModel):
    """Where a dataset comes from and how its columns map onto ours."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str = Field(description="dataset folder, data file, or hub dataset name")
    config: str | None = Field(None, description="dataset config name (e.g. 'articles')")
    split: str = Field("test", description="split to use (data files have only 'train')")
    columns: dict[str, str] = Field(
        default_factory=dict, description="rename columns: {their_name: our_name}"
    )
    with_noise: bool = Field(
        False, description="append each example's `noise` text to its source (robustness test)"
    )
    limit: int | None = Field(None, ge=1, description="use only the first N examples")
    sources: bool = Field(
        True,
        description="the examples have source documents; false: references alone (empty "
        "sources allowed, metrics that need a source refused)",
    )
    name: str | None = Field(None, description="name in signatures (default: from the path)")


def content_hash(path: Path) -> str:
    """A hash of the bytes (and relative names) of a local file or of every file in a folder."""
    digest = hashlib.sha256()
    files = (
        [path]
        if path.is_file()
        else sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
    )
    for file in files:
        digest.update(str(file.relative_to(path) if path.is_dir() else file.name).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _content_cache_dir(path: Path) -> str:
    """A datasets cache folder keyed by the bytes of a local file or folder.

    ``datasets`` keys its cache of local data by path, not content (seen with datasets 5.2: an
    edited JSONL file kept loading its old rows), so we give each content its own cache.
    """
    import datasets

    return str(Path(datasets.config.HF_DATASETS_CACHE) / "summbench" / content_hash(path)[:16])


#: Settings of a card's config that do not change how a data file is read.
_NEUTRAL_SETTINGS = {"name", "data_files", "data_dir", "description", "version"}


def _plain_text_files(builder: Any, split: str, where: str) -> list[Path] | None:
    """The data files of ``split`` when we can read them ourselves: JSON Lines, JSON or CSV
    with no reader settings in the card (a ``sep``, ``features``...); otherwise None, and the
    ``datasets`` library reads them."""
    import dataclasses

    config = builder.config
    if type(config).__name__ not in ("JsonConfig", "CsvConfig"):
        return None
    default = type(config)()
    for field in dataclasses.fields(config):
        changed = getattr(config, field.name) != getattr(default, field.name)
        if changed and field.name not in _NEUTRAL_SETTINGS:
            return None
    files = dict(config.data_files or {})
    if split not in files:
        raise DatasetError(
            f"no split {split!r} (splits: {', '.join(sorted(map(str, files)))}).",
            where=where,
            fix="set `dataset.split` to one of them.",
        )
    paths = [Path(str(f)) for f in files[split]]
    return paths if all(p.suffix.lower() in SUFFIXES for p in paths) else None


def _table_rows(table: Any, where: str) -> list[LocatedRow]:
    return [(f"{where}, row {i}", dict(row)) for i, row in enumerate(table, 1)]


def _load_rows(spec: DatasetSpec) -> list[LocatedRow]:
    path = Path(spec.path)
    try:
        # JSON Lines, JSON and CSV, alone or named literally by a card, are read without
        # importing datasets (a second of a small run).
        if path.is_file() and path.suffix.lower() in SUFFIXES:
            return read_rows(path)
        if path.is_dir():
            listed = card_data_files(path, spec.config, spec.split)
            if listed is not None:
                return [row for file in listed for row in read_rows(file)]
        return _load_rows_with_datasets(spec, path)
    except DatasetError:
        raise
    except (ValueError, FileNotFoundError, OSError) as err:
        raise DatasetError(
            f"could not load the dataset: {clip(str(err), 300)}",
            where=spec.path,
            fix="check the path, the config name and the split.",
        ) from None


def _load_rows_with_datasets(spec: DatasetSpec, path: Path) -> list[LocatedRow]:
    import datasets

    datasets.disable_progress_bars()
    if path.is_file():
        if path.suffix.lower() != ".parquet":
            raise DatasetError(
                f"unsupported file type {path.suffix!r}.",
                where=spec.path,
                fix=f"use one of {', '.join(sorted((*SUFFIXES, '.parquet')))}.",
            )
        table = datasets.load_dataset(
            "parquet", data_files=str(path), split="train", cache_dir=_content_cache_dir(path)
        )
        return _table_rows(table, spec.path)
    if path.is_dir():
        cache_dir = _content_cache_dir(path)
        builder = datasets.load_dataset_builder(str(path), spec.config, cache_dir=cache_dir)
        files = _plain_text_files(builder, spec.split, spec.path)
        if files is not None:
            return [row for file in files for row in read_rows(file)]
        table = datasets.load_dataset(
            str(path), spec.config, split=spec.split, cache_dir=cache_dir
        )
        return _table_rows(table, f"{spec.path} (split {spec.split})")
    if os.environ.get("HF_HUB_OFFLINE") == "1" or spec.path.startswith((".", "/")):
        raise DatasetError(
            "no such file or folder, and hub datasets cannot be fetched offline.",
            where=spec.path,
            fix="check the path (relative paths start from the current folder), or "
            "run online to use a hub dataset.",
        )
    table = datasets.load_dataset(spec.path, spec.config, split=spec.split)
    return _table_rows(table, f"{spec.path} (split {spec.split})")


def _rename(row: dict[str, Any], columns: Mapping[str, str], where: str) -> dict[str, Any]:
    """``row`` with its columns renamed by the mapping ``{their_name: our_name}``.

    A mapping onto a name the row already has (and keeps) is refused: which of the two
    columns was meant cannot be told, and silently keeping either is a guess.
    """
    missing = [theirs for theirs in columns if theirs not in row]
    if missing:
        raise DatasetError(
            f"column(s) {', '.join(missing)} named in the column mapping are not in the data "
            f"(it has: {clip(', '.join(sorted(row)), 300)}).",
            where=where,
            fix="correct `dataset.columns` in the config.",
        )
    targets = list(columns.values())
    for theirs, ours in columns.items():
        if targets.count(ours) > 1:
            raise DatasetError(
                f'the column mapping renames {targets.count(ours)} columns to "{ours}".',
                where=where,
                fix=f'map one column to "{ours}".',
            )
        if ours != theirs and ours in row and ours not in columns:
            raise DatasetError(
                f'the column mapping renames "{theirs}" to "{ours}", but the data already has '
                f'a "{ours}" column: which one is meant is ambiguous.',
                where=where,
                fix=f'map "{ours}" to another name too (e.g. columns: {{{theirs}: {ours}, '
                f"{ours}: original_{ours}}}), or drop the mapping.",
            )
    renamed = {columns.get(k, k): v for k, v in row.items()}
    return renamed


def _ids_past(rows: list[tuple[str, dict[str, Any]]], spec: DatasetSpec) -> tuple[str, ...]:
    """Ids of the rows a ``limit`` leaves out: outputs for them are not errors. Those rows are
    not loaded, so a malformed one is skipped here rather than refused."""
    ids = []
    for index, (at, row) in enumerate(rows, spec.limit or 0):
        renamed = {spec.columns.get(k, k): v for k, v in row.items()}
        if "id" not in renamed:
            ids.append(f"{index:06d}")
            continue
        with contextlib.suppress(DatasetError):
            ids.append(as_id(renamed["id"], field="id", where=at))
    return tuple(ids)


def load_examples(spec: DatasetSpec) -> Dataset:
    """Load, rename, convert and validate: the one entry point for datasets."""
    path = Path(spec.path)
    if is_pyramid_folder(path):
        rows = [(f"{spec.path}, example {i}", r) for i, r in enumerate(pyramid_rows(path), 1)]
    else:
        rows = _load_rows(spec)
    where = spec.path + (f" (config {spec.config})" if spec.config else "")
    if not rows:
        raise DatasetError("the dataset has no rows.", where=where, fix="check the split.")
    beyond_limit: tuple[str, ...] = ()
    if spec.limit is not None:
        beyond_limit = _ids_past(rows[spec.limit :], spec)
        rows = rows[: spec.limit]
    renamed = [(at, _rename(row, spec.columns, at)) for at, row in rows]
    first = renamed[0][1]
    for required in ("source", "references"):
        if required not in first:
            raise DatasetError(
                f'no "{required}" column (columns: {clip(", ".join(sorted(first)), 300)}).',
                where=where,
                fix=f"map the right column in the config: columns: {{their_name: {required}}}.",
            )
    has_ids = "id" in first
    for at, row in renamed:
        if ("id" in row) != has_ids:
            raise DatasetError(
                f'this row {"has no" if has_ids else "has an"} "id" field, unlike the first row.',
                where=at,
                fix="give every row an id, or none (they are then numbered in order).",
            )
    examples = tuple(
        row_to_example(row, i, spec.with_noise, where=at) for i, (at, row) in enumerate(renamed)
    )
    inventory = _load_inventory(spec)
    check_examples(examples, where=where, inventory=inventory, sources=spec.sources)
    name = spec.name or Path(spec.path.rstrip("/")).name
    if spec.config:
        name += f"/{spec.config}"
    if spec.with_noise:
        name += "+noise"
    return Dataset(name=name, examples=examples, beyond_limit=beyond_limit)


def _load_inventory(spec: DatasetSpec) -> dict[str, str] | None:
    """The fact inventory (id -> canonical text) of a dataset folder that ships one."""
    path = Path(spec.path) / "data" / "facts.jsonl"
    if not path.is_file():
        return None
    inventory = {}
    fix = 'write one {"fact_id": ..., "text": ...} object per line.'
    for number, record in iter_json_lines(
        read_utf8(path), where=str(path), error=DatasetError, fix=fix
    ):
        fact_id, text = record.get("fact_id"), record.get("text")
        if not isinstance(fact_id, str) or not isinstance(text, str):
            raise DatasetError(
                '"fact_id" and "text" must be strings.', where=f"{path}:{number}", fix=fix
            )
        inventory[fact_id] = text
    return inventory
