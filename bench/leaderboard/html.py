"""A self-contained HTML leaderboard: sortable table with p-values and footnotes, a chart with an
axis, signatures, and a per-example drill-down with a side-by-side view of two systems.

One file, no server, no network: CSS and JavaScript are inline, the chart is inline SVG, the
data rides along as JSON. Sources, references, summaries, example ids and system names are
untrusted text: the table is built with ``html.escape``, the JSON is embedded with every ``<``
written as ``\\u003c`` (so no text can close the script element), and the drill-down builds its
DOM with ``textContent``, never ``innerHTML``. The Content-Security-Policy forbids any network
access and runs only the page's own script and style (named by their hashes), so even markup
that slipped through could not run.

The drill-down opens from the URL fragment ``#example=ID&a=SYSTEM&b=SYSTEM`` (each value
``encodeURIComponent``-encoded), which the page keeps up to date as the reader picks.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
from importlib import resources

from ..records import ExampleRecord, ItemRecord, PredictionRecord
from .cells import MARKS, NOTES, column_arrow, column_decimals, p_text, table_rows
from .drilldown import DRILLDOWN_EXAMPLES, DRILLDOWN_ITEMS, drilldown_payload
from .table import Leaderboard, Row


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


# The page's style and our own script (sorting, the drill-down and the comparison, built with
# textContent only), package data beside this module: edited as CSS and JavaScript, inlined
# into every page as they stand.
_STYLE = _asset("leaderboard.css")
_SCRIPT = _asset("leaderboard.js")



def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


# Only this page's own script and style run (by hash): no inline handler, no injected element.
_CSP = (
    f"default-src 'none'; script-src {_hash(_SCRIPT)}; style-src {_hash(_STYLE)}; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)


def _sort_value(value: float | None) -> str:
    return "" if value is None else repr(round(value, 6))


def _name(row: Row) -> str:
    """The system's name with the footnote mark of a reference row (‡ human, † oracle)."""
    mark = MARKS.get(row.kind, "")
    return f"{row.system} {mark}" if mark else row.system


def _p_cell(value: float | None) -> str:
    return f'<td data-sort="{_sort_value(value)}">{p_text(value)}</td>'


def _row_html(board: Leaderboard, row: Row, rank: str) -> str:
    cells = [
        f'<td data-sort="{html.escape(rank)}">{html.escape(rank)}</td>',
        f'<td class="name" data-sort="{html.escape(row.system)}">{html.escape(_name(row))}</td>',
    ]
    for column in board.columns:
        interval = row.intervals[column.key]
        d = column_decimals(board, column)
        if interval is None:
            cells.append('<td data-sort="">–</td>')
        else:
            cells.append(
                f'<td data-sort="{_sort_value(interval.value)}">{interval.value:.{d}f} '
                f'<span class="ci">[{interval.low:.{d}f}, {interval.high:.{d}f}]</span></td>'
            )
    cells.append(f'<td data-sort="{row.cluster or ""}">{row.cluster or "–"}</td>')
    cells.append(_p_cell(row.p_best))
    if board.stats.baseline:
        cells.append(_p_cell(row.p_baseline))
    failed = "fails failed" if row.failed else "fails"
    cells.append(
        f'<td data-sort="{row.n}">{row.n}</td>'
        f'<td data-sort="{row.failed}" class="{failed}">{row.failed}</td>'
    )
    css = ' class="reference"' if row.kind != "system" else ""
    return f"<tr{css}>" + "".join(cells) + "</tr>"


def _header(board: Leaderboard) -> tuple[str, int]:
    """The table's header cells, and how many columns it has."""
    baseline = board.stats.baseline
    labels = [
        "#",
        "System",
        *[f"{c.label}{column_arrow(c)}" for c in board.columns],
        "Cluster",
        "p vs best",
        *([f"p vs {baseline}"] if baseline else []),
        "n",
        "Failed",
    ]
    css = {1: ' class="name"', len(labels) - 1: ' class="fails"'}
    cells = "".join(
        f'<th scope="col"{css.get(i, "")}>{html.escape(label)}</th>'
        for i, label in enumerate(labels)
    )
    return cells, len(labels)


def _footnotes(board: Leaderboard) -> str:
    """The notes under the Markdown table, as paragraphs: the ranking and the intervals, the
    significance rule (and why nothing may be separable), the ‡/† rows, and the failures."""
    s = board.stats
    baseline = f" p vs {s.baseline}: the same test against that baseline." if s.baseline else ""
    notes = [
        (
            f"Ranked by {board.primary.label} "
            f"({'higher' if board.primary.higher_is_better else 'lower'} is better). Means over "
            f"examples with {s.level:.0%} bootstrap intervals ({s.resamples} resamples); n = "
            f"examples scored.{baseline} Click a column to sort.",
            False,
        )
    ]
    notes += [(note, i > 0) for i, note in enumerate(board.significance_notes())]
    kinds = sorted({r.kind for r in board.reference_rows})
    notes += [(NOTES[k], False) for k in kinds if k in NOTES]
    notes += [(note, False) for note in [*board.failure_notes(), *board.run_notes]]
    strong_css = ' class="strong"'
    return "".join(
        f"<p{strong_css if strong else ''}>{html.escape(text)}</p>" for text, strong in notes
    )


def _ticks(low: float, high: float) -> list[float]:
    """About five round ticks (1, 2 or 5 times a power of ten apart) covering [low, high]."""
    raw = (high - low) / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw - 1e-12)
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(k * step, 12) for k in range(first, last + 1)]


#: The chart's layout, in pixels: its width, the height of a bar's row, the margins left (the
#: systems' names) and right (the last value), and the space above the first bar.
_WIDTH, _BAR_H, _LEFT, _RIGHT, _TOP = 720, 22, 190, 60, 8


class _Scale:
    """Values onto the chart's x coordinates: its first tick at the left margin, its last at
    the right one."""

    def __init__(self, ticks: list[float]):
        self.ticks = ticks
        self.lo, self.hi = ticks[0], ticks[-1]
        self.scale = (_WIDTH - _LEFT - _RIGHT) / (self.hi - self.lo)

    def x(self, value: float) -> float:
        return _LEFT + (value - self.lo) * self.scale


def _chart(board: Leaderboard) -> str:
    """Horizontal bars of the primary column's means with their intervals, on an axis with
    ticks and a label, as inline SVG."""
    rows = table_rows(board)
    column = board.primary
    values = [r.intervals[column.key] for r in rows if r.intervals[column.key] is not None]
    if not values:
        return ""
    low, high = min(0.0, *(v.low for v in values)), max(0.0, *(v.high for v in values))
    scale = _Scale(_ticks(low, high if high > low else low + 1.0))
    axis_y = _TOP + _BAR_H * len(rows) + 4
    height = axis_y + 44
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{height}" '
        f'viewBox="0 0 {_WIDTH} {height}" role="img" '
        f'aria-label="{html.escape(column.label)}: means with intervals">',
        _chart_axis(board, scale, axis_y),
    ]
    ranked = {r.system for r in board.systems}
    unranked = {r.system for r in board.unranked}
    for i, row in enumerate(rows):
        parts.append(_chart_bar(board, row, scale, _TOP + i * _BAR_H, ranked, unranked))
    parts.append("</svg>")
    return "".join(parts)


def _chart_axis(board: Leaderboard, scale: _Scale, axis_y: int) -> str:
    """The chart's grid lines, its axis with ticks and their values, and the axis's label."""
    column, ticks, x = board.primary, scale.ticks, scale.x
    parts = []
    step_decimals = max(0, -math.floor(math.log10(ticks[1] - ticks[0]) + 1e-9))
    for tick in ticks:
        tx = x(tick)
        parts.append(
            f'<line class="grid" x1="{tx:.1f}" y1="{_TOP}" x2="{tx:.1f}" y2="{axis_y}" '
            'stroke="#e4e4e4"/>'
            f'<line class="tick" x1="{tx:.1f}" y1="{axis_y}" x2="{tx:.1f}" y2="{axis_y + 5}" '
            'stroke="#444"/>'
            f'<text class="tick-label" x="{tx:.1f}" y="{axis_y + 17}" text-anchor="middle" '
            f'font-size="11" fill="#444">{tick:.{step_decimals}f}</text>'
        )
    parts.append(
        f'<line class="axis" x1="{_LEFT}" y1="{axis_y}" x2="{x(scale.hi):.1f}" y2="{axis_y}" '
        'stroke="#444"/>'
    )
    better = {True: ", higher is better", False: ", lower is better", None: ""}
    parts.append(
        f'<text class="axis-label" x="{(_LEFT + x(scale.hi)) / 2:.1f}" y="{axis_y + 36}" '
        f'text-anchor="middle" font-size="12" fill="#222">'
        f"{html.escape(column.label)} (mean and {board.stats.level:.0%} interval"
        f"{better[column.higher_is_better]})</text>"
    )
    return "".join(parts)


def _chart_bar(
    board: Leaderboard, row: Row, scale: _Scale, y: int, ranked: set[str], unranked: set[str]
) -> str:
    """One row of the chart: the system's name, and, when it has a mean, its bar (grey when
    it is not ranked), its interval and its value."""
    column, x = board.primary, scale.x
    interval = row.intervals[column.key]
    name = f"{row.system} (unranked)" if row.system in unranked else _name(row)
    shown = name if len(name) <= 28 else name[:27] + "…"
    parts = [
        f'<text x="{_LEFT - 8}" y="{y + 15}" text-anchor="end" font-size="12">'
        f"<title>{html.escape(name)}</title>{html.escape(shown)}</text>"
    ]
    if interval is None:
        return "".join(parts)
    colour = "#4a7ab8" if row.system in ranked else "#aaaaaa"
    start, end = sorted((x(0.0), x(interval.value)))
    parts.append(
        f'<rect x="{start:.1f}" y="{y + 3}" width="{end - start:.1f}" '
        f'height="{_BAR_H - 8}" fill="{colour}"/>'
    )
    parts.append(
        f'<line x1="{x(interval.low):.1f}" y1="{y + _BAR_H / 2:.1f}" '
        f'x2="{x(interval.high):.1f}" y2="{y + _BAR_H / 2:.1f}" '
        'stroke="#222" stroke-width="1.5"/>'
    )
    parts.append(
        f'<text x="{x(interval.high) + 4:.1f}" y="{y + 15}" '
        f'font-size="11">{interval.value:.{column_decimals(board, column)}f}</text>'
    )
    return "".join(parts)


def _drilldown_json(
    board: Leaderboard,
    items: list[ItemRecord],
    predictions: list[PredictionRecord],
    example_records: list[ExampleRecord],
) -> tuple[str, str]:
    """The drill-down's data as JSON safe to embed in the page, and the note that says how
    many of the examples it shows when not all."""
    # The drill-down carries every text it shows: at real size only the first examples fit
    # a page (all scores stay in scores.jsonl).
    systems = max(len(table_rows(board)), 1)
    kept = example_records[: max(1, min(DRILLDOWN_EXAMPLES, DRILLDOWN_ITEMS // systems))]
    data = drilldown_payload(board, items, predictions, kept)
    shown_note = (
        f"The drill-down shows the first {len(kept):,} of {len(example_records):,} examples; "
        "every score is in scores.jsonl."
        if len(kept) < len(example_records)
        else ""
    )
    # "<" as \u003c: no text in the data can end the script element or open a tag.
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return payload, shown_note


def _table_bodies(board: Leaderboard, width: int) -> tuple[str, str, str]:
    """The table's rows: the ranked systems, the unranked ones (in a body of their own) and
    the rows that read the references, each group after a divider."""
    systems = "".join(_row_html(board, r, str(i)) for i, r in enumerate(board.systems, 1))
    references = "".join(_row_html(board, r, "–") for r in board.reference_rows)
    if references:
        references = (
            f'<tr class="divider"><td colspan="{width}">reads the references</td></tr>'
            + references
        )
    unranked = "".join(_row_html(board, r, "–") for r in board.unranked)
    if unranked:
        unranked = (
            f'<tbody class="unranked"><tr class="divider"><td colspan="{width}">'
            f"unranked: failed too often</td></tr>{unranked}</tbody>"
        )
    return systems, unranked, references


def render_html(
    board: Leaderboard,
    items: list[ItemRecord],
    predictions: list[PredictionRecord],
    example_records: list[ExampleRecord],
) -> str:
    """The whole page: the table, and the drill-down from the run's items, summaries and
    examples."""
    payload, shown_note = _drilldown_json(board, items, predictions, example_records)
    header, width = _header(board)
    systems, unranked, references = _table_bodies(board, width)
    signatures = "\n".join(f"{label}: {sig}" for label, sig in board.signatures.labelled())
    title = f"{board.experiment}: {board.dataset} ({board.examples_text})"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title><style>{_STYLE}</style></head>
<body>
<h1>{html.escape(title)}</h1>
<div class="scroll"><table id="board"><thead><tr>{header}</tr></thead>
<tbody class="systems">{systems}</tbody>{unranked}<tbody class="references">{references}</tbody></table>
</div>
<p class="scroll-hint">More columns: scroll the table sideways.</p>
<div class="footnotes">{_footnotes(board)}</div>
<h2>{html.escape(board.primary.label)}</h2>
<div id="chart">{_chart(board)}</div>
<h2>Signatures</h2>
<pre class="signatures">{html.escape(signatures)}</pre>
<h2 id="examples">Examples</h2>
<p class="note">{html.escape(shown_note)} Pick an example, and two systems to compare them;
the address of the page opens this view again.</p>
<div class="controls">
<label>Example <select id="example"></select></label>
<label>System A <select id="system-a"></select></label>
<label>System B <select id="system-b"></select></label>
</div>
<div id="drilldown"></div>
<script type="application/json" id="board-data">{payload}</script>
<script>{_SCRIPT}</script>
</body></html>
"""
