"""The results folder on disk: file names, atomic writes, and reading a finished run back.

Every write goes through a temporary file and a rename, so a crash never leaves half a file.
Every read validates against the typed records of :mod:`bench.records.schema`: a truncated,
hand-edited or foreign file is one clear error naming the file and line, with the fix.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import SummbenchError
from ..filenames import EXAMPLES, PREDICTIONS, RUN, SCORES  # re-exported
from ..jsonlines import loads_strict
from ..wording import counted
from .schema import (
    MAX_SCORE,
    RUN_FORMAT,
    ExampleRecord,
    ItemRecord,
    PredictionRecord,
    RunRecord,
)

#: Every temporary file summbench writes is named ``<TEMP_PREFIX><target name>.<8 characters>``
#: (as :func:`tempfile.mkstemp` makes them); a killed run's leftovers are found by exactly that
#: pattern (and nothing else is ever deleted).
TEMP_PREFIX = ".summbench-tmp."
_TEMP_NAME = re.compile(re.escape(TEMP_PREFIX) + r"(.+)\.[a-z0-9_]{8}")

R = TypeVar("R", bound=BaseModel)

_REWRITE = "re-run the experiment (or `summbench score`) to write the results again."


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file beside ``path`` and a rename, so a crash never leaves half a
    file. The rename replaces whatever ``path`` was, a symbolic or hard link included: the file
    a link pointed to is never written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # mkstemp opens with O_CREAT | O_EXCL, which never follows a link at the temporary name.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{TEMP_PREFIX}{path.name}.")
    # mkstemp makes the file private (0600); results are for sharing: the usual mode instead.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """:func:`write_bytes_atomic` of ``text`` in UTF-8 (line ends written as given)."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_renderings(folder: Path, report: Any, renderers: dict[str, Callable[[Any], str]]) -> None:
    """Write ``render(report)`` into ``folder`` under each file name, each file replaced
    atomically: how every report (meta-evaluation, transfer, probe) writes its formats."""
    for name, render in renderers.items():
        write_text_atomic(folder / name, render(report))


def remove_stale_temp_files(folder: Path, ours: Callable[[str], bool]) -> None:
    """Delete the temporary files a killed run left in ``folder``: only regular files named
    exactly as :func:`write_bytes_atomic` names them, for a target name ``ours`` accepts (a
    user's ``.summbench-tmp.notes.txt`` stays). The caller holds the folder's lock, so none
    is being written."""
    if not folder.is_dir() or folder.is_symlink():
        return
    for entry in folder.iterdir():
        found = _TEMP_NAME.fullmatch(entry.name)
        if found and ours(found.group(1)) and entry.is_file() and not entry.is_symlink():
            entry.unlink(missing_ok=True)


def finite(value: Any) -> Any:
    """``value`` with every NaN or infinity replaced by None: results files are strict JSON
    (``NaN`` is not JSON, and browsers and other tools refuse it)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def _plain(record: BaseModel | dict[str, Any]) -> dict[str, Any]:
    return record.model_dump(mode="json") if isinstance(record, BaseModel) else record


def json_line(record: BaseModel | dict[str, Any]) -> str:
    """One line of a results JSONL file: sorted keys, strict JSON, UTF-8 kept as text."""
    plain = _plain(record)
    try:
        return json.dumps(plain, ensure_ascii=False, sort_keys=True, allow_nan=False)
    except ValueError:  # a NaN or an infinity somewhere: rarely, so only then walk the record
        return json.dumps(finite(plain), ensure_ascii=False, sort_keys=True, allow_nan=False)


def write_jsonl(path: Path, records: Iterable[BaseModel | dict[str, Any]]) -> None:
    """Write ``records`` to ``path`` atomically, one :func:`json_line` each."""
    write_text_atomic(path, "".join(json_line(r) + "\n" for r in records))


def write_json(path: Path, record: BaseModel | dict[str, Any]) -> None:
    """Write ``record`` to ``path`` atomically as indented, strict JSON (NaN and infinities as
    null)."""
    text = json.dumps(finite(_plain(record)), ensure_ascii=False, indent=2, allow_nan=False)
    write_text_atomic(path, text + "\n")


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, line) of a JSON Lines file, split on "\\n" only: U+2028 and friends are
    valid inside JSON strings and must not split a record."""
    with path.open(encoding="utf-8", newline="") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield number, line


def _problem(err: ValidationError) -> str:
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]


def _validate_line(model: type[R], line: str) -> R:
    # The fast parser accepts NaN and Infinity; a line that spells one anywhere (in a summary
    # too) is parsed again by the strict one, which refuses them as numbers.
    if "NaN" in line or "Infinity" in line:
        return model.model_validate(loads_strict(line))
    return model.model_validate_json(line)


def read_records(path: Path, model: type[R]) -> list[R]:
    """Every line of a results JSONL file as ``model``; a bad line names the file and line."""
    records = []
    try:
        for number, line in _lines(path):
            try:
                records.append(_validate_line(model, line))
            except ValidationError as err:
                raise SummbenchError(
                    f"line {number} is not a valid {model.__name__} ({_problem(err)}).",
                    where=f"{path}:{number}",
                    fix=_REWRITE,
                ) from None
            except (ValueError, RecursionError) as err:  # (after ValidationError, a ValueError)
                raise SummbenchError(
                    f"line {number} is not valid JSON ({err}).",
                    where=f"{path}:{number}",
                    fix=_REWRITE,
                ) from None
    except UnicodeDecodeError as err:
        raise SummbenchError(f"not UTF-8 ({err.reason}).", where=str(path), fix=_REWRITE) from None
    return records


def read_run_record(folder: Path) -> RunRecord:
    """The ``run.json`` of ``folder``, validated; a format-2 file is read as format 3, one of
    another version is refused."""
    path = folder / RUN
    try:
        data = loads_strict(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as err:
        raise SummbenchError(f"not valid JSON ({err}).", where=str(path), fix=_REWRITE) from None
    if isinstance(data, dict) and data.get("format") == 2:
        data = _from_format_2(data)
    if not isinstance(data, dict) or data.get("format") != RUN_FORMAT:
        found = data.get("format", "none") if isinstance(data, dict) else type(data).__name__
        raise SummbenchError(
            f"written by another version of summbench (format {found}, this one reads "
            f"{RUN_FORMAT}).",
            where=str(path),
            fix=_REWRITE,
        )
    try:
        return RunRecord.model_validate(data)
    except ValidationError as err:
        raise SummbenchError(
            f"not a valid run record ({_problem(err)}).", where=str(path), fix=_REWRITE
        ) from None


def _from_format_2(data: dict[str, Any]) -> dict[str, Any]:
    """A format-2 run.json as format 3: the same settings, without what format 3 keeps in
    last-run.json (date, timings, platform, commit, usage)."""
    data = {k: v for k, v in data.items() if k not in ("created", "timings_s")}
    environment = data.get("environment")
    if isinstance(environment, dict):
        data["environment"] = {
            k: v for k, v in environment.items() if k in ("summbench", "libraries")
        }
    for section in ("systems", "metrics"):
        if isinstance(data.get(section), list):
            data[section] = [
                {k: v for k, v in entry.items() if k != "usage"}
                if isinstance(entry, dict)
                else entry
                for entry in data[section]
            ]
    return {**data, "format": RUN_FORMAT}


def read_run(folder: Path) -> tuple[RunRecord, list[ItemRecord]]:
    """(run.json, scores.jsonl records) of a finished run, validated against each other."""
    for name in (RUN, SCORES):
        if not (folder / name).is_file():
            raise SummbenchError(
                f"no {name} here: not a finished summbench run.",
                where=str(folder),
                fix="name a folder written by `summbench run` or `summbench score`.",
            )
    run = read_run_record(folder)
    items = read_records(folder / SCORES, ItemRecord)
    _check_items(run, items, folder / SCORES)
    return run, items


def _check_items(run: RunRecord, items: list[ItemRecord], path: Path) -> None:
    """Every (system, example) exactly once, for the systems run.json names: a duplicated or
    foreign row would silently change n and every mean."""
    systems = {s.name for s in run.systems}
    seen: set[tuple[str, str]] = set()
    for number, item in enumerate(items, 1):
        wild = [k for k, v in item.scores.items() if v is not None and not abs(v) <= MAX_SCORE]
        if wild:
            raise SummbenchError(
                f"record {number} has {wild[0]} = {item.scores[wild[0]]:.3g}, beyond any score "
                f"a metric gives (|x| <= {MAX_SCORE:g}).",
                where=str(path),
                fix=_REWRITE,
            )
        if item.system not in systems:
            raise SummbenchError(
                f"record {number} is for system {item.system!r}, which run.json does not list.",
                where=str(path),
                fix=_REWRITE,
            )
        pair = (item.system, item.example_id)
        if pair in seen:
            raise SummbenchError(
                f"record {number} repeats system {item.system!r} on example {item.example_id!r}.",
                where=str(path),
                fix=_REWRITE,
            )
        seen.add(pair)
    expected = len(systems) * run.dataset.examples
    if len(items) != expected:
        raise SummbenchError(
            f"{counted(len(items), 'record')} where run.json promises {expected} "
            f"({counted(len(systems), 'system')} x {counted(run.dataset.examples, 'example')}): "
            "the file is "
            "incomplete.",
            where=str(path),
            fix=_REWRITE,
        )


def read_predictions(folder: Path) -> list[PredictionRecord]:
    """The records of ``predictions.jsonl`` in ``folder``; none when there is no such file."""
    path = folder / PREDICTIONS
    return read_records(path, PredictionRecord) if path.is_file() else []


def read_examples(folder: Path) -> list[ExampleRecord]:
    """The records of ``examples.jsonl`` in ``folder``; none when there is no such file."""
    path = folder / EXAMPLES
    return read_records(path, ExampleRecord) if path.is_file() else []
