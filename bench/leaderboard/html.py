"""A self-contained HTML leaderboard: sortable table, chart, signatures, per-example drill-down.

One file, no server, no network: CSS and JavaScript are inline, the chart is inline SVG, the
data rides along as JSON. Sources, references and summaries are untrusted text: the table is
built with ``html.escape``, the JSON is embedded with every ``<`` written as ``\\u003c`` (so no
text can close the script element), and the drill-down builds its DOM with ``textContent``,
never ``innerHTML``. A Content-Security-Policy forbids any network access.
"""

from __future__ import annotations

import html
import json
from typing import Any

from ..results import ExampleRecord, ItemRecord, PredictionRecord
from .table import Leaderboard, Row

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

_STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { padding: 4px 8px; border-bottom: 1px solid #ddd; text-align: right; }
th { cursor: pointer; background: #f4f4f4; user-select: none; }
th.sorted-asc::after { content: " ▲"; } th.sorted-desc::after { content: " ▼"; }
td.name, th.name { text-align: left; }
tr.reference td { color: #555; font-style: italic; }
.ci { color: #888; font-size: 85%; }
pre.signatures { background: #f8f8f8; padding: 8px; white-space: pre-wrap; font-size: 12px; }
.panel { border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
.text { white-space: pre-wrap; }
mark.present { background: #c8f0c8; } mark.contradicted { background: #f7c0c0; }
li.present::marker { content: "✓ "; color: green; }
li.absent::marker { content: "· "; color: #999; }
li.contradicted::marker { content: "✗ "; color: #c00; }
.note { color: #555; }
"""

# Our own script: sorting, and a drill-down that only ever uses textContent.
_SCRIPT = """
(function () {
  const data = JSON.parse(document.getElementById("board-data").textContent);
  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  // Sorting: numbers compare as numbers; missing values sink.
  document.querySelectorAll("#board th").forEach(function (th, column) {
    th.addEventListener("click", function () {
      const body = document.querySelector("#board tbody.systems");
      const rows = Array.from(body.rows);
      const ascending = !th.classList.contains("sorted-asc");
      document.querySelectorAll("#board th").forEach(h => h.classList.remove("sorted-asc", "sorted-desc"));
      th.classList.add(ascending ? "sorted-asc" : "sorted-desc");
      rows.sort(function (a, b) {
        const x = a.cells[column].dataset.sort, y = b.cells[column].dataset.sort;
        const nx = parseFloat(x), ny = parseFloat(y);
        let order;
        if (!isNaN(nx) && !isNaN(ny)) order = nx - ny;
        else if (isNaN(nx) !== isNaN(ny)) return isNaN(nx) ? 1 : -1;
        else order = String(x).localeCompare(String(y));
        return ascending ? order : -order;
      });
      rows.forEach(r => body.appendChild(r));
    });
  });
  // Highlight every evidence span of a text: present facts green, contradictions red.
  function highlighted(text, spans) {
    const box = el("div", "text");
    const marks = [];
    spans.forEach(function (s) {
      if (!s.evidence) return;
      const at = text.indexOf(s.evidence);
      if (at >= 0) marks.push({start: at, end: at + s.evidence.length, cls: s.verdict});
    });
    marks.sort((a, b) => a.start - b.start);
    let pos = 0;
    marks.forEach(function (m) {
      if (m.start < pos) return;
      box.appendChild(document.createTextNode(text.slice(pos, m.start)));
      box.appendChild(el("mark", m.cls, text.slice(m.start, m.end)));
      pos = m.end;
    });
    box.appendChild(document.createTextNode(text.slice(pos)));
    return box;
  }
  function show(exampleId) {
    const out = document.getElementById("drilldown");
    out.replaceChildren();
    const example = data.examples[exampleId];
    if (!example) return;
    const source = el("div", "panel");
    source.appendChild(el("h3", null, "Source"));
    source.appendChild(el("div", "text", example.source));
    out.appendChild(source);
    const refs = el("div", "panel");
    refs.appendChild(el("h3", null, "References"));
    const list = el("ol");
    example.references.forEach(r => list.appendChild(el("li", "text", r)));
    refs.appendChild(list);
    out.appendChild(refs);
    const factText = {};
    (example.checklist || []).forEach(f => factText[f.id] = f.text);
    (example.probes || []).forEach(p => factText[p.id] = p.text);
    data.systems.forEach(function (system) {
      const item = (data.items[system] || {})[exampleId];
      const card = el("div", "panel system");
      card.dataset.system = system;
      card.appendChild(el("h3", null, system));
      if (!item) { card.appendChild(el("p", "note", "no summary")); out.appendChild(card); return; }
      if (item.error) card.appendChild(el("p", "note", "failed: " + item.error));
      const checklist = (item.details && item.details.checklist) || {};
      const facts = checklist.facts || [];
      const probes = (checklist.probes_stated || []).map(p => ({evidence: p.evidence, verdict: "contradicted"}));
      card.appendChild(highlighted(item.summary || "", facts.filter(f => f.verdict !== "absent").concat(probes)));
      const scores = el("table");
      Object.keys(item.scores || {}).forEach(function (key) {
        const value = item.scores[key];
        const tr = el("tr");
        tr.appendChild(el("td", "name", key));
        tr.appendChild(el("td", null, value === null ? "–" : Number(value).toFixed(3)));
        scores.appendChild(tr);
      });
      card.appendChild(scores);
      if (facts.length) {
        const ul = el("ul", "facts");
        facts.forEach(function (f) {
          const li = el("li", f.verdict, (factText[f.id] || f.id) + " — " + f.verdict);
          ul.appendChild(li);
        });
        (checklist.probes_stated || []).forEach(function (p) {
          ul.appendChild(el("li", "contradicted", "states the false claim: " + (factText[p.id] || p.id)));
        });
        card.appendChild(ul);
      }
      out.appendChild(card);
    });
  }
  const picker = document.getElementById("example");
  picker.addEventListener("change", () => show(picker.value));
  show(picker.value);
})();
"""


def _sort_value(value: float | None) -> str:
    return "" if value is None else repr(round(value, 6))


def _row_html(board: Leaderboard, row: Row, rank: str) -> str:
    cells = [
        f'<td data-sort="{html.escape(rank)}">{html.escape(rank)}</td>',
        f'<td class="name" data-sort="{html.escape(row.system)}">{html.escape(row.system)}'
        f"{' (' + html.escape(row.kind) + ')' if row.kind != 'system' else ''}</td>",
    ]
    for column in board.columns:
        interval = row.intervals[column.key]
        d = board.decimals if column.decimals is None else column.decimals
        if interval is None:
            cells.append('<td data-sort="">–</td>')
        else:
            cells.append(
                f'<td data-sort="{_sort_value(interval.mean)}">{interval.mean:.{d}f} '
                f'<span class="ci">[{interval.low:.{d}f}, {interval.high:.{d}f}]</span></td>'
            )
    cells.append(f'<td data-sort="{row.cluster or ""}">{row.cluster or "–"}</td>')
    cells.append(
        f'<td data-sort="{row.n}">{row.n}</td><td data-sort="{row.failed}">{row.failed}</td>'
    )
    css = ' class="reference"' if row.kind != "system" else ""
    return f"<tr{css}>" + "".join(cells) + "</tr>"


def _chart(board: Leaderboard) -> str:
    """Horizontal bars of the primary column's means with their intervals, as inline SVG."""
    rows = [*board.systems, *board.reference_rows]
    key = board.primary.key
    values = [r.intervals[key] for r in rows if r.intervals[key] is not None]
    if not values:
        return ""
    top = max(v.high for v in values) or 1.0
    width, bar_h, left = 640, 22, 170
    scale = (width - left - 60) / top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{bar_h * len(rows) + 30}" role="img" aria-label="chart">'
    ]
    for i, row in enumerate(rows):
        interval = row.intervals[key]
        y = 10 + i * bar_h
        parts.append(
            f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{html.escape(row.system)}</text>"
        )
        if interval is None:
            continue
        colour = "#4a7ab8" if row.kind == "system" else "#aaaaaa"
        parts.append(
            f'<rect x="{left}" y="{y + 3}" width="{interval.mean * scale:.1f}" '
            f'height="{bar_h - 8}" fill="{colour}"/>'
        )
        parts.append(
            f'<line x1="{left + interval.low * scale:.1f}" y1="{y + bar_h / 2:.1f}" '
            f'x2="{left + interval.high * scale:.1f}" y2="{y + bar_h / 2:.1f}" '
            'stroke="#222" stroke-width="1.5"/>'
        )
        parts.append(
            f'<text x="{left + interval.high * scale + 4:.1f}" y="{y + 15}" '
            f'font-size="11">{interval.mean:.3f}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


#: Examples the page's drill-down carries (their sources, references and summaries).
DRILLDOWN_EXAMPLES = 1000


def _items(
    items: list[ItemRecord], predictions: list[PredictionRecord]
) -> dict[str, dict[str, dict[str, Any]]]:
    """system -> example id -> summary, scores, details (the first candidate's, for the human)."""
    summaries: dict[tuple[str, str], PredictionRecord] = {}
    for p in predictions:
        summaries.setdefault((p.system, p.example_id), p)
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for record in items:
        prediction = summaries.get((record.system, record.example_id))
        details = record.details
        if "candidates" in details:  # several candidates (the human row): show the first
            details = details["candidates"][0] if details["candidates"] else {}
        out.setdefault(record.system, {})[record.example_id] = {
            "summary": prediction.summary if prediction else "",
            "error": record.error,
            "scores": record.scores,
            "details": details,
        }
    return out


def render_html(
    board: Leaderboard,
    items: list[ItemRecord],
    predictions: list[PredictionRecord],
    example_records: list[ExampleRecord],
) -> str:
    """The whole page: the table, and the drill-down from the run's items, summaries and
    examples."""
    # The drill-down carries every text it shows: at real size only the first examples fit
    # a page (all scores stay in scores.jsonl).
    kept = example_records[:DRILLDOWN_EXAMPLES]
    examples = {e.id: e.model_dump(mode="json") for e in kept}
    kept_ids = set(examples)
    data = {
        "systems": [r.system for r in [*board.systems, *board.reference_rows]],
        "examples": examples,
        "items": _items([i for i in items if i.example_id in kept_ids], predictions),
    }
    shown_note = (
        f"The drill-down shows the first {len(kept):,} of {len(example_records):,} examples; "
        "every score is in scores.jsonl."
        if len(kept) < len(example_records)
        else ""
    )
    # "<" as \u003c: no text in the data can end the script element or open a tag.
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    header = "".join(
        f'<th class="{"name" if i == 1 else ""}">{html.escape(label)}</th>'
        for i, label in enumerate(
            ["#", "System", *[c.label for c in board.columns], "Cluster", "n", "Failed"]
        )
    )
    systems = "".join(_row_html(board, r, str(i)) for i, r in enumerate(board.systems, 1))
    references = "".join(_row_html(board, r, "–") for r in board.reference_rows)
    options = "".join(
        f'<option value="{html.escape(i)}">{html.escape(i)}</option>' for i in examples
    )
    signatures = "\n".join(f"{label}: {sig}" for label, sig in board.signatures.labelled())
    note = " ".join(board.significance_notes())
    title = f"{board.experiment}: {board.dataset} ({board.examples} examples)"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<title>{html.escape(title)}</title><style>{_STYLE}</style></head>
<body>
<h1>{html.escape(title)}</h1>
<p class="note">Ranked by {html.escape(board.primary.label)}; means with
{board.stats.level:.0%} bootstrap intervals. Click a column to sort. {html.escape(note)}</p>
<table id="board"><thead><tr>{header}</tr></thead>
<tbody class="systems">{systems}</tbody><tbody class="references">{references}</tbody></table>
<h2>{html.escape(board.primary.label)}</h2>
<div id="chart">{_chart(board)}</div>
<h2>Signatures</h2>
<pre class="signatures">{html.escape(signatures)}</pre>
<h2>Examples</h2>
<p class="note">{html.escape(shown_note)}</p>
<label for="example">Example </label><select id="example">{options}</select>
<div id="drilldown"></div>
<script type="application/json" id="board-data">{payload}</script>
<script>{_SCRIPT}</script>
</body></html>
"""
