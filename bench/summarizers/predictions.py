"""Outputs a user already has: a JSONL or CSV file of (example id, summary).

JSONL: one object a line, ``{"id": ..., "summary": ..., "system": ...}`` (``system`` optional).
CSV: a header row with the same column names. Field names are configurable. Problems are
reported with the file and line: a malformed line, a missing field, a non-string summary, a
duplicate id, or an id that is not in the dataset. An example the file does not cover is a
*failure* for this system (shown on the leaderboard), never silently dropped.

The file is read and checked once, against the whole dataset (ids past a ``limit`` included),
when the run shows the summarizer the dataset (:meth:`PredictionsSummarizer.fit`); its bytes
are part of the cache key, so an edited file is never answered from the cache.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from pydantic import Field

from ..data.fields import as_id, describe
from ..data.readers import csv_rows
from ..data.schema import Dataset, Example
from ..errors import DatasetError, Problems, SummbenchError, clip, shorten
from ..fingerprint import path_digest
from ..jsonlines import json_objects, split_lines
from ..utf8 import read_utf8
from ..validation import MAX_PROBLEMS
from .base import Candidate, Summarizer, SummarizerArgs


class PredictionsArgs(SummarizerArgs):
    """Settings for reading summaries from a file: its path, which system's rows, and the
    field names."""

    path: str = Field(description="JSONL or CSV file of predictions")
    system: str | None = Field(
        None,
        description="keep only rows whose system field is this ('' = rows without one); "
        "default: every row, when the file holds one system",
    )
    id_field: str = Field("id", description="name of the example id field")
    summary_field: str = Field("summary", description="name of the summary field")
    system_field: str = Field("system", description="name of the system name field")

    not_in_key: ClassVar[Mapping[str, str]] = {
        "path": "the file is keyed by its bytes (key_inputs), wherever it lies",
    }


_EMPTY_FIX = (
    "write one line per example (an empty summary is written as \"summary\": \"\"); a system "
    "whose every example failed has nothing to score: leave its file out."
)


#: One line of a predictions file: its fields, or the error that makes it unusable.
PredictionLine = dict | DatasetError


def _prediction_records(path: Path, text: str) -> Iterator[tuple[int, PredictionLine]]:
    if path.suffix.lower() == ".csv":
        return csv_rows(path, text)
    return json_objects(
        split_lines(text),
        where=str(path),
        error=DatasetError,
        fix='write one JSON object per line, {"id": ..., "summary": ...} (a truncated last '
        "line is a common cause).",
    )


def prediction_rows(path: Path) -> Iterator[tuple[int, PredictionLine]]:
    """(line number, record) for each record of a JSONL or CSV file, or (line number, its
    error) for a line that cannot be read, so that a check can report every bad line.

    JSON Lines are cut at "\n" only (a U+2028 inside a summary is text), a key twice in one
    object is an error, and so is a file with no records at all. A file that cannot be read
    at all (missing, not UTF-8) raises.
    """
    if not path.is_file():
        raise DatasetError("predictions file not found.", where=str(path), fix="check the path.")
    empty = True
    for number, record in _prediction_records(path, read_utf8(path)):
        empty = False
        yield number, record
    if empty:
        raise DatasetError("the predictions file has no records.", where=str(path), fix=_EMPTY_FIX)


def read_prediction_rows(path: Path) -> Iterator[tuple[int, dict]]:
    """(line number, record) for each record of a JSONL or CSV file; the first bad line raises
    (see :func:`prediction_rows`)."""
    for number, record in prediction_rows(path):
        if isinstance(record, DatasetError):
            raise record
        yield number, record


def system_of(record: dict, field: str, where: str) -> str:
    """The record's system name ("" when the field is absent); anything but text is refused."""
    if field not in record:
        return ""
    name = record[field]
    if not isinstance(name, str):
        raise DatasetError(
            f'field "{field}": found {describe(name)}; expected a string.',
            where=where,
            fix="write the system name as a JSON string, or leave the field out.",
        )
    return name


def systems_in(path: Path, system_field: str = "system") -> list[str]:
    """The distinct system names in a predictions file, in order of first appearance ('' for
    rows without one)."""
    names: dict[str, None] = {}
    for number, record in read_prediction_rows(path):
        names.setdefault(system_of(record, system_field, f"{path}:{number}"), None)
    return list(names)


def _describe(systems: list[str]) -> str:
    shown = [repr(s) for s in systems if s][:5]
    if "" in systems:
        shown.append("rows without a system")
    return ", ".join(shown)


class PredictionsSummarizer(Summarizer):
    """Summaries read from a JSONL or CSV file: how users bring their own system's outputs."""

    name = "predictions"
    Args = PredictionsArgs
    args: PredictionsArgs

    def key_inputs(self) -> dict[str, Any]:
        """The file, by the digest of its bytes."""
        return {"file": path_digest(self.args.path)}

    def signature(self) -> str:
        """The file by the digest of its bytes (not its path: tables carry no paths), and the
        fields that select its rows."""
        a = self.args
        parts = [self.name, f"sha:{path_digest(a.path)[:12]}"]
        if a.system is not None:
            parts.append(f"system:{a.system or '(none)'}")
        for field in ("id_field", "summary_field", "system_field"):
            value = getattr(a, field)
            if value != PredictionsArgs.model_fields[field].default:
                parts.append(f"{field}:{value}")
        if a.budget is not None:
            parts.append(f"budget:{a.budget.describe()}")
        return "|".join(parts)

    def fit(self, dataset: Dataset) -> None:
        """Read and check the whole file once, against every id of the dataset; raises its
        problems (all of them, up to a cap: see :meth:`check`)."""
        problems = self.check(dataset)
        if len(problems) == 1:
            raise problems[0]
        if problems:
            raise Problems(problems, where=self.args.path)

    def check(self, dataset: Dataset | None) -> list[SummbenchError]:
        """Every problem of the file, each bad line its own (the first :data:`MAX_PROBLEMS`,
        then one that counts the rest); ids are checked against ``dataset`` when there is one.
        Without a problem, the summarizer is then fitted to ``dataset``."""
        known = None if dataset is None else {e.id for e in dataset} | set(dataset.beyond_limit)
        try:
            found, problems = self._load(known)
        except SummbenchError as err:  # the file as a whole: missing, not UTF-8, empty
            return [err]
        if dataset is not None and not problems:
            self._found = found
        return problems

    def _load(
        self, known_ids: set[str] | None
    ) -> tuple[dict[str, tuple[str, int]], list[SummbenchError]]:
        """(id -> (summary, line number) of this system's rows, the problems found)."""
        a = self.args
        path = Path(a.path)
        found: dict[str, tuple[str, int]] = {}
        seen_systems: dict[str, None] = {}
        problems: list[SummbenchError] = []
        more: list[int] = []  # lines with problems past the cap
        for number, record in prediction_rows(path):
            try:
                if isinstance(record, DatasetError):
                    raise record
                row = self._row(record, f"{path}:{number}", known_ids, found, seen_systems)
            except DatasetError as err:
                if len(problems) < MAX_PROBLEMS:
                    problems.append(err)
                else:
                    more.append(number)
                continue
            if row is not None:
                found[row[0]] = (row[1], number)
        if more:
            shown = ", ".join(map(str, more[:5])) + (", ..." if len(more) > 5 else "")
            problems.append(
                DatasetError(
                    f"and {len(more)} more lines with problems (lines {shown}).",
                    where=str(path),
                    fix="fix the lines named above; the rest are then listed.",
                )
            )
        if a.system is None and len(seen_systems) > 1:
            problems.append(
                DatasetError(
                    f"the file holds several systems ({_describe(list(seen_systems))}) and the "
                    "config does not say which one this is.",
                    where=str(path),
                    fix='set `system` to one of them (`system: ""` takes the rows without one), '
                    "or use `summbench score`, which makes a row of each.",
                )
            )
        return found, problems

    def _row(
        self,
        record: dict,
        where: str,
        known_ids: set[str] | None,
        found: dict[str, tuple[str, int]],
        seen_systems: dict[str, None],
    ) -> tuple[str, str] | None:
        """(id, summary) of one record of this system (None: another system's), or its
        :class:`DatasetError`."""
        a = self.args
        system = system_of(record, a.system_field, where)
        seen_systems.setdefault(system, None)
        if a.system is not None and system != a.system:
            return None
        for field in (a.id_field, a.summary_field):
            if field not in record:
                raise DatasetError(
                    f'missing field "{field}" (fields: {clip(", ".join(sorted(record)))}).',
                    where=where,
                    fix=f"add it, or set `{'id' if field == a.id_field else 'summary'}_field`.",
                )
        example_id = as_id(record[a.id_field], field=a.id_field, where=where)
        summary = record[a.summary_field]
        if not isinstance(summary, str):
            raise DatasetError(
                f"summary for {shorten(example_id)} is {type(summary).__name__}, not text.",
                where=where,
                fix="write the summary as a JSON string.",
            )
        if known_ids is not None and example_id not in known_ids:
            raise DatasetError(
                f"id {shorten(example_id)} is not in the dataset.",
                where=where,
                fix="check that the predictions belong to this dataset and split.",
            )
        if example_id in found:
            raise DatasetError(
                f"id {shorten(example_id)} appears twice (first on line "
                f"{found[example_id][1]}).",
                where=where,
                fix="keep one summary per id and system.",
            )
        return example_id, summary

    def candidates(self, examples: Sequence[Example]) -> list[Candidate]:
        """Each example's summary from the file, cut to the budget; a missing one is a failure, an
        empty one is scored with a note."""
        if not hasattr(self, "_found"):  # used without a run: these examples are the dataset
            self.fit(Dataset("examples", tuple(examples)))
        out = []
        for example in examples:
            if example.id not in self._found:
                out.append(Candidate(example.id, "", error=f"no prediction in {self.args.path}"))
                continue
            text = self._found[example.id][0]
            if self.args.budget is not None:
                text = self.args.budget.cut(text)
            # An empty summary is an output, and is scored (as nothing); the note makes it
            # visible in predictions.jsonl instead of a quiet zero.
            note = None if text.strip() else "empty summary: scored as stating nothing"
            out.append(Candidate(example.id, text, note=note))
        return out
