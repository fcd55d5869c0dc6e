"""Pyramid-annotated datasets: REALSumm / PyrXSum layout, and the same idea as JSON Lines.

The folder layout (Zhang and Bansal, 2021, "Finding a Balanced Degree of Automation for Summary
Evaluation"; Bhandari et al., 2020, REALSumm)::

    ids.txt             one example id a line
    documents.txt       one source document a line
    references.txt      one reference summary a line
    SCUs.txt            the reference's Summary Content Units, tab-separated, one line per example
    summaries/NAME.summary   one system summary a line, same order
    labels/NAME.label        0/1 per SCU (tab-separated): does the summary contain it?

The SCUs become the example's fact checklist (weight 1 each), the system summaries a predictions
set, and the labels human judgments: the human pyramid score of a summary is the mean of its
labels. For annotations of your own, a JSON Lines file of
``{"id": ..., "system": ..., "summary": ..., "labels": [0, 1, ...]}`` (labels in checklist
order) pairs with any dataset that has checklists.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DatasetError, shorten
from ..jsonlines import iter_json_lines, split_lines
from ..utf8 import read_utf8
from ..wording import counted
from .fields import as_id, describe
from .schema import Dataset

REQUIRED_FILES = ("ids.txt", "documents.txt", "references.txt", "SCUs.txt")


def is_pyramid_folder(path: Path) -> bool:
    """Whether ``path`` is a folder with every file a pyramid dataset needs."""
    return path.is_dir() and all((path / name).is_file() for name in REQUIRED_FILES)


def _lines(path: Path) -> list[str]:
    """The file's lines, cut at "\n" only: a lone "\r", U+2028 or U+0085 inside a document
    is part of it (Python's newline handling would cut there and shift every later line)."""
    try:
        text = read_utf8(path)
    except OSError as err:
        raise DatasetError(f"cannot read: {err}", where=str(path), fix="check the file.") from None
    # A final newline, or none: both are fine; "\r\n" line ends are too.
    return [line.removesuffix("\r") for line in split_lines(text)]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("\t") if cell.strip()]


def pyramid_rows(folder: Path) -> list[dict[str, Any]]:
    """Dataset rows (our column names) from a pyramid folder."""
    ids, documents, references, scus = (_lines(folder / name) for name in REQUIRED_FILES)
    counts = {
        name: len(x)
        for name, x in zip(REQUIRED_FILES, (ids, documents, references, scus), strict=True)
    }
    if len(set(counts.values())) != 1:
        raise DatasetError(
            f"files disagree on the number of examples: {counts}.",
            where=str(folder),
            fix="every file needs one line per example, in the same order.",
        )
    rows = []
    for example_id, document, reference, scu_line in zip(
        ids, documents, references, scus, strict=True
    ):
        units = _cells(scu_line)
        rows.append(
            {
                "id": example_id.strip(),
                "source": document,
                "references": [reference],
                "checklist": [
                    {"fact_id": f"scu{j}", "text": text, "weight": 1.0, "references": [0]}
                    for j, text in enumerate(units)
                ],
            }
        )
    return rows


@dataclass(frozen=True)
class Judgments:
    """Human presence labels of checklist facts in system summaries.

    ``summaries[system][example_id]`` is a summary; ``labels[system][example_id]`` its 0/1 label
    per checklist fact, in checklist order.
    """

    systems: tuple[str, ...]
    summaries: dict[str, dict[str, str]]
    labels: dict[str, dict[str, tuple[int, ...]]]

    def pyramid_score(self, system: str, example_id: str) -> float | None:
        """The human pyramid score: the share of facts the annotators found in the summary."""
        labels = self.labels[system][example_id]
        return sum(labels) / len(labels) if labels else None

    def check_against(self, dataset: Dataset, where: str) -> None:
        """Refuse labels for an example the dataset lacks, or a label count that is not the
        example's number of checklist facts (a :class:`DatasetError` under ``where``)."""
        by_id = dataset.by_id()
        for system in self.systems:
            for example_id, labels in self.labels[system].items():
                if example_id not in by_id:
                    raise DatasetError(
                        f"system {system!r}: example {example_id!r} is not in the dataset.",
                        where=where,
                        fix="check that the annotations belong to this dataset.",
                    )
                n = len(by_id[example_id].checklist)
                if len(labels) != n:
                    raise DatasetError(
                        f"system {system!r}, example {example_id!r}: "
                        f"{counted(len(labels), 'label')} for {counted(n, 'checklist fact')}.",
                        where=where,
                        fix="give one 0/1 label per fact, in checklist order.",
                    )


def _labels(cells: list[str], where: str) -> tuple[int, ...]:
    try:
        values = tuple(int(float(c)) for c in cells)
    except ValueError:
        raise DatasetError("labels must be 0 or 1.", where=where, fix="fix the line.") from None
    if any(v not in (0, 1) for v in values):
        raise DatasetError("labels must be 0 or 1.", where=where, fix="fix the line.")
    return values


def pyramid_judgments(folder: Path, dataset: Dataset) -> Judgments:
    """The system summaries and human labels of a pyramid folder."""
    ids = [e.id for e in dataset]
    systems = sorted(p.stem for p in (folder / "summaries").glob("*.summary"))
    if not systems:
        raise DatasetError(
            "no summaries/*.summary files.",
            where=str(folder),
            fix="a pyramid folder needs system summaries and labels for meta-evaluation.",
        )
    summaries, labels = {}, {}
    for system in systems:
        texts = _lines(folder / "summaries" / f"{system}.summary")
        label_path = folder / "labels" / f"{system}.label"
        if not label_path.is_file():
            raise DatasetError(
                f"no labels for system {system!r}.",
                where=str(label_path),
                fix="add the labels file or remove the summaries.",
            )
        label_lines = _lines(label_path)
        for path, got in (
            (folder / "summaries" / f"{system}.summary", texts),
            (label_path, label_lines),
        ):
            if len(got) != len(ids):
                raise DatasetError(
                    f"{counted(len(got), 'line')} for {counted(len(ids), 'example')}.",
                    where=str(path),
                    fix="one line per example, in ids.txt order.",
                )
        summaries[system] = dict(zip(ids, texts, strict=True))
        labels[system] = {
            example_id: _labels(_cells(line), f"{label_path}:{n}")
            for n, (example_id, line) in enumerate(zip(ids, label_lines, strict=True), 1)
        }
    judgments = Judgments(tuple(systems), summaries, labels)
    judgments.check_against(dataset, str(folder))
    return judgments


def _json_labels(value: Any, where: str) -> tuple[int, ...]:
    fix = "give one 0/1 label per fact, in checklist order: [0, 1, ...]."
    if not isinstance(value, list):
        raise DatasetError(
            f'labels must be a list (field "labels": found {describe(value)}).',
            where=where,
            fix=fix,
        )
    for label in value:
        if isinstance(label, bool) or label not in (0, 1):
            raise DatasetError(
                f'labels must be 0 or 1 (field "labels": found {describe(label)}).',
                where=where,
                fix=fix,
            )
    return tuple(value)


def jsonl_judgments(path: Path, dataset: Dataset) -> Judgments:
    """Human labels from JSON Lines: ``{"id", "system", "summary", "labels"}`` per line."""
    summaries: dict[str, dict[str, str]] = {}
    labels: dict[str, dict[str, tuple[int, ...]]] = {}
    for number, record in iter_json_lines(
        read_utf8(path),
        where=str(path),
        error=DatasetError,
        fix='write {"id": ..., "system": ..., "summary": ..., "labels": [0, 1, ...]}.',
    ):
        where = f"{path}:{number}"
        missing = [k for k in ("id", "system", "summary", "labels") if k not in record]
        if missing:
            raise DatasetError(
                f"missing field(s) {', '.join(missing)}.", where=where, fix="add them."
            )
        example_id = as_id(record["id"], field="id", where=where)
        for field in ("system", "summary"):
            if not isinstance(record[field], str):
                raise DatasetError(
                    f'field "{field}": found {describe(record[field])}; expected a string.',
                    where=where,
                    fix="write it as a JSON string.",
                )
        system = record["system"]
        if example_id in summaries.get(system, {}):
            raise DatasetError(
                f"{shorten(system)} / {shorten(example_id)} appears twice.",
                where=where,
                fix="keep one line per system and example.",
            )
        summaries.setdefault(system, {})[example_id] = record["summary"]
        labels.setdefault(system, {})[example_id] = _json_labels(record["labels"], where)
    judgments = Judgments(tuple(sorted(summaries)), summaries, labels)
    judgments.check_against(dataset, str(path))
    return judgments
