"""Load any dataset into :class:`~bench.data.schema.Example` objects.

Three kinds of ``path``:

* a folder with a dataset card (``README.md`` with ``configs``), like ``seeds/nk-diplomat``,
  loaded with ``datasets.load_dataset(folder, config)``;
* a local ``.jsonl``/``.json``/``.csv``/``.parquet`` file;
* a Hugging Face hub dataset name (``cnn_dailymail`` with config ``3.0.0``), when online;
* a pyramid-annotated folder in the REALSumm / PyrXSum layout (see :mod:`bench.data.pyramid`).

A column mapping renames the dataset's columns to ours: for CNN/DailyMail
``{article: source, highlights: references}``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..errors import DatasetError
from ..textfile import read_utf8
from .checks import check_examples
from .pyramid import is_pyramid_folder, pyramid_rows
from .schema import Dataset, Example, Fact, Probe

#: Our column names. Everything else in a row is kept in ``Example.meta``.
COLUMNS = ("id", "source", "references", "checklist", "probes", "noise", "aliases")

_FILE_BUILDERS = {".jsonl": "json", ".json": "json", ".csv": "csv", ".parquet": "parquet"}


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


def _check_text_file(path: Path, csv_rows: bool) -> None:
    """UTF-8 throughout (a BOM is fine), and for CSV, every row as wide as the header.

    Checked here because the loaders report neither well: a stray byte surfaces as a bare
    UnicodeDecodeError, and a CSV row with an extra field is silently cut to the header.
    """
    text = read_utf8(path)
    if not csv_rows:
        return
    import csv
    import io

    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise DatasetError("the CSV file is empty.", where=str(path), fix="add a header row.")
    for row in reader:
        if row and len(row) != len(header):
            raise DatasetError(
                f"row has {len(row)} fields, the header has {len(header)}.",
                where=f"{path}:{reader.line_num}",
                fix="quote fields that contain commas, or remove the extra fields.",
            )


def _load_rows(spec: DatasetSpec) -> list[dict[str, Any]]:
    import datasets

    datasets.disable_progress_bars()
    path = Path(spec.path)
    try:
        if path.exists():
            cache_dir = _content_cache_dir(path)
        if path.is_file():
            builder = _FILE_BUILDERS.get(path.suffix.lower())
            if builder is None:
                raise DatasetError(
                    f"unsupported file type {path.suffix!r}.",
                    where=spec.path,
                    fix=f"use one of {', '.join(sorted(_FILE_BUILDERS))}.",
                )
            if builder in ("json", "csv"):
                _check_text_file(path, csv_rows=builder == "csv")
            table = datasets.load_dataset(
                builder, data_files=str(path), split="train", cache_dir=cache_dir
            )
        elif path.is_dir():
            table = datasets.load_dataset(
                str(path), spec.config, split=spec.split, cache_dir=cache_dir
            )
        else:
            if os.environ.get("HF_HUB_OFFLINE") == "1" or spec.path.startswith((".", "/")):
                raise DatasetError(
                    "no such file or folder, and hub datasets cannot be fetched offline.",
                    where=spec.path,
                    fix="check the path (relative paths start from the current folder), or "
                    "run online to use a hub dataset.",
                )
            table = datasets.load_dataset(spec.path, spec.config, split=spec.split)
    except DatasetError:
        raise
    except (ValueError, FileNotFoundError, OSError) as err:
        raise DatasetError(
            f"could not load the dataset: {err}",
            where=spec.path,
            fix="check the path, the config name and the split.",
        ) from None
    return [dict(row) for row in table]


def _as_tuple_of_str(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _fact(record: Mapping[str, Any]) -> Fact:
    refs = tuple(int(i) for i in record.get("references") or ())
    weight = record.get("weight")
    return Fact(
        id=str(record.get("fact_id") or record.get("id") or ""),
        text=str(record.get("text") or ""),
        weight=float(weight) if weight is not None else float(len(refs) or 1),
        references=refs,
        keys=_as_tuple_of_str(record.get("keys")),
    )


def _probe(record: Mapping[str, Any]) -> Probe:
    return Probe(
        id=str(record.get("probe_id") or record.get("id") or ""),
        text=str(record.get("text") or ""),
        kind=str(record.get("kind") or "distortion"),
        contradicts=str(record.get("contradicts") or ""),
        cues=_as_tuple_of_str(record.get("cues")),
        keys=_as_tuple_of_str(record.get("keys")),
    )


def _checklist_item(item: Any) -> Mapping[str, Any]:
    # Plain strings are allowed for hand-made datasets: each is a fact of weight 1.
    return {"text": item} if isinstance(item, str) else item


def row_to_example(row: Mapping[str, Any], index: int, with_noise: bool) -> Example:
    """Build an :class:`Example` from a row already renamed to our column names."""
    checklist = tuple(
        _fact({"id": f"fact{i}", **_checklist_item(item)})
        for i, item in enumerate(row.get("checklist") or ())
    )
    source = str(row.get("source") or "")
    noise = str(row.get("noise") or "")
    if with_noise and noise:
        source = f"{source}\n\n{noise}"
    return Example(
        id=str(row["id"]) if row.get("id") is not None else f"{index:06d}",
        source=source,
        references=_as_tuple_of_str(row.get("references")),
        checklist=checklist,
        probes=tuple(_probe(p) for p in row.get("probes") or ()),
        noise=noise,
        aliases=tuple(tuple(group) for group in row.get("aliases") or ()),
        meta={k: v for k, v in row.items() if k not in COLUMNS},
    )


def _rename(row: dict[str, Any], columns: Mapping[str, str], where: str) -> dict[str, Any]:
    missing = [theirs for theirs in columns if theirs not in row]
    if missing:
        raise DatasetError(
            f"column(s) {', '.join(missing)} named in the column mapping are not in the data "
            f"(it has: {', '.join(sorted(row))}).",
            where=where,
            fix="correct `dataset.columns` in the config.",
        )
    renamed = {columns.get(k, k): v for k, v in row.items()}
    return renamed


def load_examples(spec: DatasetSpec) -> Dataset:
    """Load, rename, convert and validate: the one entry point for datasets."""
    rows = pyramid_rows(Path(spec.path)) if is_pyramid_folder(Path(spec.path)) else _load_rows(spec)
    where = spec.path + (f" (config {spec.config})" if spec.config else "")
    if not rows:
        raise DatasetError("the dataset has no rows.", where=where, fix="check the split.")
    renamed = [_rename(row, spec.columns, where) for row in rows]
    for required in ("source", "references"):
        if required not in renamed[0]:
            raise DatasetError(
                f'no "{required}" column (columns: {", ".join(sorted(renamed[0]))}).',
                where=where,
                fix=f"map the right column in the config: columns: {{their_name: {required}}}.",
            )
    beyond_limit: tuple[str, ...] = ()
    if spec.limit is not None:
        beyond_limit = tuple(
            str(r["id"]) if r.get("id") is not None else f"{i:06d}"
            for i, r in enumerate(renamed[spec.limit :], spec.limit)
        )
        renamed = renamed[: spec.limit]
    examples = tuple(row_to_example(r, i, spec.with_noise) for i, r in enumerate(renamed))
    inventory = _load_inventory(spec)
    check_examples(examples, where=where, inventory=inventory)
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
    import json

    inventory = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            inventory[record["fact_id"]] = record["text"]
    return inventory
