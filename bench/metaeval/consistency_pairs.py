"""Read a SummaC-format file of labelled summaries: the input of the consistency meta-evaluation.

A SummaC-format file is a JSON object mapping ids to ``{"document", "claim", "label"}``: a
source, a summary (or summary sentence) and a human judgment, 1 = consistent with the source.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DatasetError
from ..jsonlines import loads_strict


@dataclass(frozen=True)
class LabelledSummary:
    """A summary, its source and a person's judgment (1 = consistent with the source)."""

    id: str
    document: str
    summary: str
    label: int


def is_consistency_file(path: Path) -> bool:
    """A ``.json`` file whose first value has document, claim and label."""
    if path.suffix != ".json" or not path.is_file():
        return False
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    first = next(iter(data.values()), None) if isinstance(data, dict) else None
    return isinstance(first, dict) and {"document", "claim", "label"} <= set(first)


def _label(value: Any) -> int | None:
    """1 or 0, given as a number or as the text "1" / "0"; None for anything else (0.5, "yes",
    true: a soft or boolean label must not be rounded to a side silently)."""
    if isinstance(value, str):
        return {"0": 0, "1": 1}.get(value.strip())
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if value in (0, 1) else None


def load_pairs(path: Path) -> list[LabelledSummary]:
    """The pairs of a SummaC-format file, in file order; a bad entry is named."""
    try:
        data = loads_strict(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as err:
        raise DatasetError(f"cannot read: {err}", where=str(path), fix="check the file.") from None
    if not isinstance(data, dict):
        raise DatasetError(
            "expected a JSON object of id -> {document, claim, label}.",
            where=str(path),
            fix="write the SummaC format.",
        )
    pairs = []
    for key, entry in data.items():
        fields = entry if isinstance(entry, dict) else {}
        missing = [k for k in ("document", "claim", "label") if k not in fields]
        if missing:
            raise DatasetError(
                f"entry {key!r} has no {', '.join(missing)}.",
                where=str(path),
                fix='give each entry "document", "claim" and "label" (1 consistent, 0 not).',
            )
        for name in ("document", "claim"):
            if not isinstance(entry[name], str) or not entry[name].strip():
                raise DatasetError(
                    f"entry {key!r}: {name} is {_shown(entry[name])}, not a text.",
                    where=str(path),
                    fix=f"give each entry's {name} as a non-empty string.",
                )
        label = _label(entry["label"])
        if label is None:
            raise DatasetError(
                f"entry {key!r}: label {_shown(entry['label'])} is not 0 or 1.",
                where=str(path),
                fix="label 1 for consistent, 0 for inconsistent (a soft label such as 0.5 "
                "has no side: leave the entry out).",
            )
        pairs.append(LabelledSummary(str(key), entry["document"], entry["claim"], label))
    if not pairs:
        raise DatasetError("no pairs.", where=str(path), fix="add some.")
    return pairs


def _shown(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 60 else text[:60] + "..."
