"""The data the HTML page's drill-down carries: for each system and example, the summary, its
scores, and where in the summary each fact's evidence stands (in JavaScript's UTF-16
indices), as lists so that no name or id is ever an object key in the page."""

from __future__ import annotations

import re
from typing import Any

from ..records import ExampleRecord, ItemRecord, PredictionRecord
from .cells import MARKS, column_decimals, table_rows
from .table import Leaderboard

#: Examples the page's drill-down carries (their sources, references and summaries), and
#: (system, example) summaries at most: 10 systems keep 1,000 examples, 50 systems 200.
DRILLDOWN_EXAMPLES = 1000
DRILLDOWN_ITEMS = 10_000


def _utf16(text: str) -> int:
    """Length in UTF-16 code units: JavaScript's string indices."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le", "surrogatepass")) // 2


def _span(summary: str, evidence: Any) -> list[int] | None:
    """Where evidence lies in the summary, as [start, end] in JavaScript's string indices, or
    None. The matcher joins a window of sentences with spaces where the summary may break
    lines, so the evidence is also looked for with any whitespace between its words."""
    if not isinstance(evidence, str) or not evidence.strip():
        return None
    at, end = summary.find(evidence), -1
    if at >= 0:
        end = at + len(evidence)
    else:
        pattern = r"\s+".join(re.escape(w) for w in evidence.split())
        found = re.search(pattern, summary)
        if found is None:
            return None
        at, end = found.span()
    start = _utf16(summary[:at])
    return [start, start + _utf16(summary[at:end])]


def _checklist_key(details: dict[str, Any]) -> str | None:
    """The details of a checklist metric: the first entry with a list of fact verdicts (the
    metric may be named anything in the config)."""
    for key in sorted(details):
        value = details[key]
        if isinstance(value, dict) and isinstance(value.get("facts"), list):
            return key
    return None


def _item(
    record: ItemRecord, summary: str, columns: list[str], places: list[int]
) -> dict[str, Any]:
    """What the drill-down shows of one item, compactly: the scores in column order, the facts
    found or contradicted with where their evidence lies (absent facts are left out), the false
    claims stated, and any other details as they are."""
    details = dict(record.details)
    if "candidates" in details:  # several candidates (the human row): the first is shown
        details = dict(details["candidates"][0]) if details["candidates"] else {}
        details.pop("held_out", None)
    key = _checklist_key(details)
    checklist = details.pop(key) if key else {}
    facts = [
        [f.get("id"), f.get("verdict"), _span(summary, f.get("evidence"))]
        for f in checklist.get("facts", [])
        if isinstance(f, dict) and f.get("verdict") != "absent"
    ]
    probes = [
        [p.get("id"), _span(summary, p.get("evidence"))]
        for p in checklist.get("probes_stated", [])
        if isinstance(p, dict)
    ]
    scores = [
        None if (v := record.scores.get(k)) is None else round(v, d)
        for k, d in zip(columns, places, strict=True)
    ]
    return {
        "summary": summary,
        "error": record.error,
        "scores": scores,
        "facts": facts,
        "probes": probes,
        "details": details,
        "candidates": record.n_candidates,
    }


def drilldown_payload(
    board: Leaderboard,
    items: list[ItemRecord],
    predictions: list[PredictionRecord],
    kept: list[ExampleRecord],
) -> dict[str, Any]:
    """The drill-down's data. Systems and examples are lists and items a system x example
    grid, so no name or id is ever an object key in the page."""
    columns = _columns(board, items)
    rows = table_rows(board)
    return {
        "columns": columns,
        "shown": len(board.columns),
        "systems": [
            {"name": r.system, "kind": r.kind, "mark": MARKS.get(r.kind, "")} for r in rows
        ],
        "examples": [
            {
                "id": e.id,
                "source": e.source,
                "references": e.references,
                "checklist": [{"id": f.get("id"), "text": f.get("text")} for f in e.checklist],
                "probes": [{"id": p.get("id"), "text": p.get("text")} for p in e.probes],
            }
            for e in kept
        ],
        "items": _grid(columns, [r.system for r in rows], kept, items, predictions),
    }


def _columns(board: Leaderboard, items: list[ItemRecord]) -> list[dict[str, Any]]:
    """The leaderboard's columns, then every other score the items have (by key)."""
    shown = board.columns
    known = {c.key for c in shown}
    rest = sorted({k for i in items for k in i.scores} - known)
    return [
        {
            "key": c.key,
            "label": c.label,
            "decimals": column_decimals(board, c),
            "higher": c.higher_is_better,
        }
        for c in shown
    ] + [{"key": k, "label": k, "decimals": board.decimals, "higher": None} for k in rest]


def _grid(
    columns: list[dict[str, Any]],
    systems: list[str],
    kept: list[ExampleRecord],
    items: list[ItemRecord],
    predictions: list[PredictionRecord],
) -> list[list[dict[str, Any] | None]]:
    """Every item of the systems on the kept examples, system by example, with the summary
    it scored (None where there is none)."""
    # Scores keep a digit more than shown: enough to tell which of two is better.
    places = [c["decimals"] + 1 for c in columns]
    keys = [c["key"] for c in columns]
    system_at = {name: i for i, name in enumerate(systems)}
    example_at = {e.id: i for i, e in enumerate(kept)}
    summaries: dict[tuple[str, str, int | None], str] = {}
    for p in predictions:
        summaries.setdefault((p.system, p.example_id, p.held_out), p.summary)
        summaries.setdefault((p.system, p.example_id, None), p.summary)
    grid: list[list[dict[str, Any] | None]] = [[None] * len(kept) for _ in systems]
    for record in items:
        s, e = system_at.get(record.system), example_at.get(record.example_id)
        if s is None or e is None:
            continue
        # The human row's item is shown with its first candidate's summary (see _item).
        candidates = record.details.get("candidates")
        held_out = candidates[0].get("held_out") if candidates else None
        summary = summaries.get(
            (record.system, record.example_id, held_out),
            summaries.get((record.system, record.example_id, None), ""),
        )
        grid[s][e] = _item(record, summary, keys, places)
    return grid
