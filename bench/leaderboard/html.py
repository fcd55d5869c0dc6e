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
import re
from typing import Any

from ..results import Column, ExampleRecord, ItemRecord, PredictionRecord
from ..wording import counted
from .render import _MARKS, _NOTES, _p
from .table import Leaderboard, Row

_STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 1320px;
  padding: 0 16px; color: #222; }
h1 { font-size: 1.5em; overflow-wrap: anywhere; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { padding: 4px 8px; border-bottom: 1px solid #ddd; text-align: right; }
#board th { cursor: pointer; background: #f4f4f4; user-select: none; white-space: nowrap; }
th.sorted-asc::after { content: " ▲"; } th.sorted-desc::after { content: " ▼"; }
td.name, th.name { text-align: left; overflow-wrap: anywhere; }
#board td { white-space: nowrap; } #board td.name { white-space: normal; min-width: 8em; }
tr.reference td { color: #555; font-style: italic; }
tr.divider td { text-align: left; color: #777; font-size: 12px; background: #fafafa; }
td.failed { color: #b00; font-weight: 600; }
.ci { display: block; color: #888; font-size: 85%; }
/* The names stay in view while a wide table scrolls sideways. */
#board td.name, #board th.name { position: sticky; left: 0; background: #fff; }
#board th.name { background: #f4f4f4; }
@media (max-width: 1000px) {
  #board { font-size: 12.5px; } #board th { white-space: normal; }
  #board th, #board td { padding: 3px 5px; }
}
.scroll-hint { display: none; color: #777; font-size: 12px; margin: 0; }
.scroll.overflowing + .scroll-hint { display: block; }
.footnotes p { margin: 0.35em 0; color: #444; }
.footnotes p.strong { font-weight: 600; }
#chart svg { max-width: 100%; height: auto; }
pre.signatures { background: #f8f8f8; padding: 8px; white-space: pre-wrap; font-size: 12px;
  overflow-wrap: anywhere; }
.controls { display: flex; flex-wrap: wrap; gap: 8px 18px; align-items: center;
  position: sticky; top: 0; background: #fff; padding: 6px 0; z-index: 1;
  border-bottom: 1px solid #eee; }
.controls select { max-width: 22em; }
.panel { border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; margin: 10px 0;
  min-width: 0; }
.panel h3, .panel h4 { margin: 0.2em 0 0.4em; overflow-wrap: anywhere; }
.texts { align-items: start; }
.texts, .pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr));
  gap: 0 12px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr));
  gap: 0 12px; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.source, .references { max-height: 24em; overflow-y: auto; }
.summary { margin: 6px 0; }
.headline { display: flex; flex-wrap: wrap; gap: 2px 16px; margin: 4px 0; }
.stat .label { display: block; color: #666; font-size: 11px; }
.stat .value { font-variant-numeric: tabular-nums; }
.stat .value.better { font-weight: 700; }
mark { border-radius: 2px; padding: 0 1px; color: inherit; }
mark.present, mark.shared { background: #d4f2d4; }
mark.only { background: #8fdc8f; outline: 2px solid #2e8b2e; }
mark.contradicted { background: #f7c0c0; outline: 1px solid #c00; }
span.novel { text-decoration: underline dotted #c60 2px; text-underline-offset: 3px; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; color: #555; }
li.present::marker { content: "✓ "; color: green; }
li.absent::marker { content: "· "; color: #999; }
li.contradicted::marker { content: "✗ "; color: #c00; }
table.facts-diff { width: 100%; font-size: 13px; }
table.facts-diff td, table.facts-diff th { text-align: left; vertical-align: top; }
table.facts-diff th { background: #f4f4f4; }
tr.diff td { background: #fff4c2; }
td.verdict-present { color: #1d6b1d; } td.verdict-contradicted { color: #b00; }
td.verdict-absent { color: #888; }
details.more summary, details.agree summary { cursor: pointer; color: #345; }
details.more table { font-size: 13px; }
.note { color: #555; }
.words { font-size: 12px; color: #7a4a00; overflow-wrap: anywhere; }
"""

# Our own script: sorting, the drill-down and the comparison, built with textContent only.
_SCRIPT = """
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("board-data").textContent);
  const columns = data.columns;
  const headline = columns.slice(0, data.shown);
  // Lookups by Map, never by object key: an id like "__proto__" or "toString" stays an id.
  const exampleAt = new Map(data.examples.map((e, i) => [e.id, i]));
  const systemAt = new Map(data.systems.map((s, i) => [s.name, i]));

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
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

  // A wide table scrolls inside its box; say so when it does.
  const scroller = document.querySelector(".scroll");
  function overflowing() {
    scroller.classList.toggle("overflowing", scroller.scrollWidth > scroller.clientWidth + 1);
  }
  window.addEventListener("resize", overflowing);
  overflowing();

  function arrow(column) {
    return column.higher === true ? " ↑" : column.higher === false ? " ↓" : "";
  }
  function formatted(value, column) {
    return value === null || value === undefined ? "–" : Number(value).toFixed(column.decimals);
  }
  function systemLabel(system) {
    return system.mark ? system.name + " " + system.mark : system.name;
  }

  // Words not in the source. Words come from the browser's word segmenter where it has one
  // (it knows scripts written without spaces), else runs of letters, marks and digits. Case,
  // compatibility forms and inner punctuation (Seoul’s / Seoul's) do not make a word new.
  const segmenter = typeof Intl === "object" && Intl.Segmenter
    ? new Intl.Segmenter(undefined, {granularity: "word"}) : null;
  function wordKey(word) {
    return word.normalize("NFKC").toLowerCase().replace(/[^\\p{L}\\p{M}\\p{N}]/gu, "");
  }
  function words(text) {
    const out = [];
    if (segmenter) {
      for (const s of segmenter.segment(text)) {
        if (s.isWordLike) out.push({start: s.index, end: s.index + s.segment.length, key: wordKey(s.segment)});
      }
    } else {
      for (const m of text.matchAll(/[\\p{L}\\p{M}\\p{N}]+/gu)) {
        out.push({start: m.index, end: m.index + m[0].length, key: wordKey(m[0])});
      }
    }
    return out.filter(w => w.key);
  }
  const sourceWords = new Map();
  function novelWords(exampleIndex, text) {
    if (!sourceWords.has(exampleIndex)) {
      sourceWords.set(exampleIndex, new Set(words(data.examples[exampleIndex].source).map(w => w.key)));
    }
    const known = sourceWords.get(exampleIndex);
    if (!known.size) return [];  // no source to compare with
    return words(text).filter(w => !known.has(w.key));
  }

  // Where a fact's evidence lies in a summary: [start, end] in UTF-16 units, from the page.
  function located(text, span) {
    if (!Array.isArray(span)) return null;
    return span[0] >= 0 && span[0] < span[1] && span[1] <= text.length ? {start: span[0], end: span[1]} : null;
  }

  const STRENGTH = {contradicted: 3, only: 2, shared: 1, present: 1};
  // A text with evidence marked (mark.<class>, titled with its facts) and the words not in the
  // source underlined (span.novel). Each piece between two boundaries takes the strongest mark
  // covering it.
  function highlighted(text, marks, novel) {
    const box = el("div", "text summary");
    const cuts = new Set([0, text.length]);
    marks.forEach(m => { cuts.add(m.start); cuts.add(m.end); });
    novel.forEach(w => { cuts.add(w.start); cuts.add(w.end); });
    const points = Array.from(cuts).sort((x, y) => x - y);
    let open = null, labels = null, w = 0;
    for (let i = 0; i + 1 < points.length; i++) {
      const start = points[i], end = points[i + 1];
      const covering = marks.filter(m => m.start <= start && end <= m.end);
      let best = null;
      covering.forEach(m => { if (!best || STRENGTH[m.cls] > STRENGTH[best.cls]) best = m; });
      while (w < novel.length && novel[w].end <= start) w++;
      const isNovel = w < novel.length && novel[w].start <= start && end <= novel[w].end;
      const piece = text.slice(start, end);
      const node = isNovel ? el("span", "novel", piece) : document.createTextNode(piece);
      if (isNovel) node.title = "not in the source";
      if (!best) { open = null; box.appendChild(node); continue; }
      if (!open || open.className !== best.cls) {
        open = el("mark", best.cls);
        labels = new Set();
        box.appendChild(open);
      }
      covering.forEach(m => labels.add(m.label));
      open.title = Array.from(labels).join("\\n");
      open.appendChild(node);
    }
    return box;
  }

  function claimTexts(example) {
    const texts = new Map();
    (example.checklist || []).forEach(f => texts.set(f.id, f.text));
    (example.probes || []).forEach(p => texts.set(p.id, p.text));
    return texts;
  }
  function verdicts(item) {
    const found = new Map();
    ((item && item.facts) || []).forEach(f => found.set(f[0], {verdict: f[1], span: f[2]}));
    return found;
  }
  function stated(item) {
    const out = new Map();
    ((item && item.probes) || []).forEach(p => out.set(p[0], p[1]));
    return out;
  }
  // Evidence marks of one summary. With `other`, a fact found by both is "shared" and one
  // found only here is "only"; alone, every fact found is "present".
  function evidenceMarks(item, other, texts) {
    const marks = [];
    const theirs = other === undefined ? null : verdicts(other);
    verdicts(item).forEach(function (f, id) {
      if (f.verdict === "absent") return;
      const at = located(item.summary, f.span);
      if (!at) return;
      let cls = f.verdict === "contradicted" ? "contradicted" : "present";
      if (theirs && cls === "present") {
        cls = theirs.has(id) && theirs.get(id).verdict === "present" ? "shared" : "only";
      }
      const what = {contradicted: "contradicts", present: "states", shared: "both state", only: "only this one states"}[cls];
      marks.push({start: at.start, end: at.end, cls: cls, label: what + ": " + (texts.get(id) || id)});
    });
    stated(item).forEach(function (span, id) {
      const at = located(item.summary, span);
      if (at) marks.push({start: at.start, end: at.end, cls: "contradicted", label: "states the false claim: " + (texts.get(id) || id)});
    });
    return marks;
  }

  function numbers(item, other) {
    const box = el("div", "headline");
    headline.forEach(function (column, i) {
      const stat = el("div", "stat");
      stat.dataset.key = column.key;
      stat.appendChild(el("span", "label", column.label + arrow(column)));
      const value = item.scores[i];
      const shown = el("span", "value", formatted(value, column));
      if (other && value !== null && other.scores[i] !== null && column.higher !== null) {
        const mine = Number(formatted(value, column)), theirs = Number(formatted(other.scores[i], column));
        if (column.higher ? mine > theirs : mine < theirs) {
          shown.classList.add("better");
          shown.title = "better than the other system";
        }
      }
      stat.appendChild(shown);
      box.appendChild(stat);
    });
    return box;
  }

  function factCounts(example, item, novel) {
    const found = verdicts(item);
    const facts = example.checklist || [];
    const parts = [];
    if (facts.length) {
      const present = facts.filter(f => found.has(f.id) && found.get(f.id).verdict === "present").length;
      const contradicted = facts.filter(f => found.has(f.id) && found.get(f.id).verdict === "contradicted").length;
      parts.push("facts found: " + present + " of " + facts.length);
      if (contradicted) parts.push("contradicted: " + contradicted);
    }
    if ((example.probes || []).length) parts.push("false claims stated: " + stated(item).size);
    parts.push("words not in the source: " + novel.length);
    return el("p", "note counts", parts.join(" · "));
  }

  // Everything past the headline, folded: the other columns, every fact, other details.
  function folded(example, item, texts) {
    const box = el("details", "more");
    box.appendChild(el("summary", null, "All scores, facts and details"));
    const table = el("table", "scores");
    columns.forEach(function (column, i) {
      if (i < data.shown) return;
      const tr = el("tr");
      tr.appendChild(el("td", "name", column.label));
      tr.appendChild(el("td", null, formatted(item.scores[i], column)));
      table.appendChild(tr);
    });
    if (table.rows.length) box.appendChild(table);
    const found = verdicts(item);
    const list = el("ul", "facts");
    (example.checklist || []).forEach(function (f) {
      const verdict = found.has(f.id) ? found.get(f.id).verdict : "absent";
      list.appendChild(el("li", verdict, f.text + " — " + verdict));
    });
    stated(item).forEach(function (span, id) {
      list.appendChild(el("li", "contradicted", "states the false claim: " + (texts.get(id) || id)));
    });
    if (list.children.length) box.appendChild(list);
    if (item.details && Object.keys(item.details).length) {
      box.appendChild(el("pre", "text", JSON.stringify(item.details, null, 1)));
    }
    return box;
  }

  function systemCard(exampleIndex, systemIndex) {
    const example = data.examples[exampleIndex];
    const system = data.systems[systemIndex];
    const item = data.items[systemIndex][exampleIndex];
    const card = el("section", "panel system");
    card.dataset.system = system.name;
    card.appendChild(el("h3", null, systemLabel(system)));
    if (!item) { card.appendChild(el("p", "note", "no summary for this example")); return card; }
    if (item.error) card.appendChild(el("p", "note", "failed: " + item.error));
    const texts = claimTexts(example);
    card.appendChild(numbers(item, null));
    if (item.candidates > 1) {
      card.appendChild(el("p", "note", "Scores: the mean over its " + item.candidates + " candidates; the text and facts: the first's."));
    }
    const novel = novelWords(exampleIndex, item.summary);
    card.appendChild(highlighted(item.summary, evidenceMarks(item, undefined, texts), novel));
    card.appendChild(factCounts(example, item, novel));
    card.appendChild(folded(example, item, texts));
    return card;
  }

  function legend() {
    const box = el("div", "legend");
    [["mark", "only", "fact only this system states"], ["mark", "shared", "fact both state"],
     ["mark", "contradicted", "contradiction"], ["span", "novel", "word not in the source"]].forEach(function (entry) {
      const item = el("span");
      item.appendChild(el(entry[0], entry[1], "abc"));
      item.appendChild(document.createTextNode(" " + entry[2]));
      box.appendChild(item);
    });
    return box;
  }

  // Two systems on one example: their summaries with the differences marked, their headline
  // numbers (the better one bold), and the facts on which their verdicts differ.
  function comparison(exampleIndex, indices) {
    const example = data.examples[exampleIndex];
    const texts = claimTexts(example);
    const sides = indices.map(si => ({system: data.systems[si], item: data.items[si][exampleIndex]}));
    const box = el("section", "panel compare");
    box.id = "compare";
    box.appendChild(el("h3", null, "Side by side: " + systemLabel(sides[0].system) + " and " + systemLabel(sides[1].system)));
    box.appendChild(legend());
    const pair = el("div", "pair");
    sides.forEach(function (side, k) {
      const other = sides[1 - k].item;
      const column = el("div", "side");
      column.dataset.system = side.system.name;
      column.appendChild(el("h4", null, (k ? "B: " : "A: ") + systemLabel(side.system)));
      if (!side.item) { column.appendChild(el("p", "note", "no summary for this example")); pair.appendChild(column); return; }
      if (side.item.error) column.appendChild(el("p", "note", "failed: " + side.item.error));
      column.appendChild(numbers(side.item, other));
      const novel = novelWords(exampleIndex, side.item.summary);
      column.appendChild(highlighted(side.item.summary, evidenceMarks(side.item, other || null, texts), novel));
      const unique = Array.from(new Set(novel.map(w => side.item.summary.slice(w.start, w.end))));
      column.appendChild(el("p", "words", "Words not in the source (" + unique.length + "): " + (unique.join(", ") || "none")));
      pair.appendChild(column);
    });
    box.appendChild(pair);

    const found = sides.map(s => verdicts(s.item));
    const claims = sides.map(s => stated(s.item));
    const rows = [];
    (example.checklist || []).forEach(function (f) {
      const v = found.map((m, k) => !sides[k].item ? "–" : m.has(f.id) ? m.get(f.id).verdict : "absent");
      rows.push({text: f.text, cells: v, differ: v[0] !== v[1]});
    });
    (example.probes || []).forEach(function (p) {
      if (!claims[0].has(p.id) && !claims[1].has(p.id)) return;
      const v = claims.map(c => c.has(p.id) ? "contradicted" : "absent");
      rows.push({text: "False claim: " + p.text, cells: v.map(x => x === "contradicted" ? "states it" : "does not"), verdicts: v, differ: v[0] !== v[1]});
    });
    if (!rows.length) { box.appendChild(el("p", "note", "This example has no fact checklist.")); return box; }
    function table(list) {
      const t = el("table", "facts-diff");
      const head = el("tr");
      ["Fact", "A: " + sides[0].system.name, "B: " + sides[1].system.name].forEach(h => head.appendChild(el("th", null, h)));
      t.appendChild(el("thead")).appendChild(head);
      const body = t.appendChild(el("tbody"));
      list.forEach(function (row) {
        const tr = el("tr", row.differ ? "diff" : "same");
        tr.appendChild(el("td", null, row.text));
        row.cells.forEach((c, k) => tr.appendChild(el("td", "verdict-" + (row.verdicts ? row.verdicts[k] : c), c)));
        body.appendChild(tr);
      });
      return t;
    }
    const differ = rows.filter(r => r.differ), agree = rows.filter(r => !r.differ);
    box.appendChild(el("p", "note", differ.length + " of " + rows.length + " facts and claims differ" + (differ.length ? ":" : ".")));
    if (differ.length) box.appendChild(table(differ));
    if (agree.length) {
      const more = el("details", "agree");
      more.appendChild(el("summary", null, "The " + agree.length + " on which they agree"));
      more.appendChild(table(agree));
      box.appendChild(more);
    }
    return box;
  }

  // The pickers are filled here, values set as properties: an id or a name reaches the page
  // exactly, whatever it holds (markup, line breaks, quotes).
  function option(value, label) {
    const node = el("option", null, label);
    node.value = value;
    return node;
  }
  const picker = document.getElementById("example");
  const pickA = document.getElementById("system-a");
  const pickB = document.getElementById("system-b");
  data.examples.forEach(e => picker.appendChild(option(e.id, e.id)));
  [pickA, pickB].forEach(function (pick) {
    pick.appendChild(option("", "–"));
    data.systems.forEach(s => pick.appendChild(option(s.name, systemLabel(s))));
  });

  function render() {
    const out = document.getElementById("drilldown");
    out.replaceChildren();
    const exampleIndex = exampleAt.get(picker.value);
    if (exampleIndex === undefined) return;
    const example = data.examples[exampleIndex];
    const a = systemAt.get(pickA.value), b = systemAt.get(pickB.value);
    if (a !== undefined && b !== undefined && a !== b) out.appendChild(comparison(exampleIndex, [a, b]));
    else if (a !== undefined || b !== undefined) out.appendChild(el("p", "note", "Pick two different systems (A and B) to see them side by side."));
    const texts = el("div", "texts");
    const source = el("section", "panel");
    source.appendChild(el("h3", null, "Source"));
    source.appendChild(el("div", "text source", example.source));
    texts.appendChild(source);
    const refs = el("section", "panel");
    refs.appendChild(el("h3", null, "References"));
    const list = el("ol", "references");
    example.references.forEach(r => list.appendChild(el("li", "text", r)));
    refs.appendChild(list);
    texts.appendChild(refs);
    out.appendChild(texts);
    const cards = el("div", "cards");
    data.systems.forEach((s, si) => cards.appendChild(systemCard(exampleIndex, si)));
    out.appendChild(cards);
  }

  // The fragment: #example=ID&a=SYSTEM&b=SYSTEM, each value encodeURIComponent-encoded.
  function fragment() {
    const parts = [["example", picker.value], ["a", pickA.value], ["b", pickB.value]];
    return "#" + parts.filter(p => p[1]).map(p => p[0] + "=" + encodeURIComponent(p[1])).join("&");
  }
  function saveFragment() {
    let hash;
    try { hash = fragment(); } catch (e) { return; }  // a lone surrogate cannot be encoded
    if (location.hash === hash) return;
    try { history.replaceState(null, "", hash); } catch (e) { location.hash = hash; }
  }
  function restoreFragment() {
    const wanted = new Map();
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      const at = part.indexOf("=");
      if (at < 0) return;
      try { wanted.set(part.slice(0, at), decodeURIComponent(part.slice(at + 1))); } catch (e) { /* a broken escape: ignore that part */ }
    });
    if (exampleAt.has(wanted.get("example"))) picker.value = wanted.get("example");
    // The fragment is the whole choice: a system it does not name (or names wrongly) is unset.
    [["a", pickA], ["b", pickB]].forEach(function (pick) {
      const name = wanted.get(pick[0]);
      pick[1].value = systemAt.has(name) ? name : "";
    });
  }
  [picker, pickA, pickB].forEach(s => s.addEventListener("change", function () { render(); saveFragment(); }));
  window.addEventListener("hashchange", function () { restoreFragment(); render(); });
  restoreFragment();
  render();
})();
"""


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


# Only this page's own script and style run (by hash): no inline handler, no injected element.
_CSP = (
    f"default-src 'none'; script-src {_hash(_SCRIPT)}; style-src {_hash(_STYLE)}; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)


def _decimals(board: Leaderboard, column: Column) -> int:
    return board.decimals if column.decimals is None else column.decimals


def _arrow(column: Column) -> str:
    return {True: " ↑", False: " ↓", None: ""}[column.higher_is_better]


def _sort_value(value: float | None) -> str:
    return "" if value is None else repr(round(value, 6))


def _name(row: Row) -> str:
    """The system's name with the footnote mark of a reference row (‡ human, † oracle)."""
    mark = _MARKS.get(row.kind, "")
    return f"{row.system} {mark}" if mark else row.system


def _p_cell(value: float | None) -> str:
    return f'<td data-sort="{_sort_value(value)}">{_p(value)}</td>'


def _row_html(board: Leaderboard, row: Row, rank: str) -> str:
    cells = [
        f'<td data-sort="{html.escape(rank)}">{html.escape(rank)}</td>',
        f'<td class="name" data-sort="{html.escape(row.system)}">{html.escape(_name(row))}</td>',
    ]
    for column in board.columns:
        interval = row.intervals[column.key]
        d = _decimals(board, column)
        if interval is None:
            cells.append('<td data-sort="">–</td>')
        else:
            cells.append(
                f'<td data-sort="{_sort_value(interval.mean)}">{interval.mean:.{d}f} '
                f'<span class="ci">[{interval.low:.{d}f}, {interval.high:.{d}f}]</span></td>'
            )
    cells.append(f'<td data-sort="{row.cluster or ""}">{row.cluster or "–"}</td>')
    cells.append(_p_cell(row.p_best))
    if board.stats.baseline:
        cells.append(_p_cell(row.p_baseline))
    failed = ' class="failed"' if row.failed else ""
    cells.append(
        f'<td data-sort="{row.n}">{row.n}</td>'
        f'<td data-sort="{row.failed}"{failed}>{row.failed}</td>'
    )
    css = ' class="reference"' if row.kind != "system" else ""
    return f"<tr{css}>" + "".join(cells) + "</tr>"


def _header(board: Leaderboard) -> tuple[str, int]:
    """The table's header cells, and how many columns it has."""
    baseline = board.stats.baseline
    labels = [
        "#",
        "System",
        *[f"{c.label}{_arrow(c)}" for c in board.columns],
        "Cluster",
        "p vs best",
        *([f"p vs {baseline}"] if baseline else []),
        "n",
        "Failed",
    ]
    name = ' class="name"'
    cells = "".join(
        f'<th scope="col"{name if i == 1 else ""}>{html.escape(label)}</th>'
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
    notes += [(_NOTES[k], False) for k in kinds if k in _NOTES]
    failed = [r for r in [*board.systems, *board.reference_rows] if r.failed]
    if failed:
        notes.append(
            (
                "Failures: "
                + ", ".join(f"{r.system} failed on {r.failed} of {r.n + r.failed}" for r in failed)
                + " example(s); their means are over the examples they produced.",
                False,
            )
        )
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


def _chart(board: Leaderboard) -> str:
    """Horizontal bars of the primary column's means with their intervals, on an axis with
    ticks and a label, as inline SVG."""
    rows = [*board.systems, *board.reference_rows]
    column = board.primary
    values = [r.intervals[column.key] for r in rows if r.intervals[column.key] is not None]
    if not values:
        return ""
    low, high = min(0.0, *(v.low for v in values)), max(0.0, *(v.high for v in values))
    ticks = _ticks(low, high if high > low else low + 1.0)
    lo, hi = ticks[0], ticks[-1]
    width, bar_h, left, right, top = 720, 22, 190, 60, 8
    scale = (width - left - right) / (hi - lo)

    def x(value: float) -> float:
        return left + (value - lo) * scale

    axis_y = top + bar_h * len(rows) + 4
    height = axis_y + 44
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{html.escape(column.label)}: means with intervals">'
    ]
    step_decimals = max(0, -math.floor(math.log10(ticks[1] - ticks[0]) + 1e-9))
    for tick in ticks:
        tx = x(tick)
        parts.append(
            f'<line class="grid" x1="{tx:.1f}" y1="{top}" x2="{tx:.1f}" y2="{axis_y}" '
            'stroke="#e4e4e4"/>'
            f'<line class="tick" x1="{tx:.1f}" y1="{axis_y}" x2="{tx:.1f}" y2="{axis_y + 5}" '
            'stroke="#444"/>'
            f'<text class="tick-label" x="{tx:.1f}" y="{axis_y + 17}" text-anchor="middle" '
            f'font-size="11" fill="#444">{tick:.{step_decimals}f}</text>'
        )
    parts.append(
        f'<line class="axis" x1="{left}" y1="{axis_y}" x2="{x(hi):.1f}" y2="{axis_y}" '
        'stroke="#444"/>'
    )
    better = {True: ", higher is better", False: ", lower is better", None: ""}
    parts.append(
        f'<text class="axis-label" x="{(left + x(hi)) / 2:.1f}" y="{axis_y + 36}" '
        f'text-anchor="middle" font-size="12" fill="#222">'
        f"{html.escape(column.label)} (mean and {board.stats.level:.0%} interval"
        f"{better[column.higher_is_better]})</text>"
    )
    for i, row in enumerate(rows):
        interval = row.intervals[column.key]
        y = top + i * bar_h
        name = _name(row)
        shown = name if len(name) <= 28 else name[:27] + "…"
        parts.append(
            f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"<title>{html.escape(name)}</title>{html.escape(shown)}</text>"
        )
        if interval is None:
            continue
        colour = "#4a7ab8" if row.kind == "system" else "#aaaaaa"
        start, end = sorted((x(0.0), x(interval.mean)))
        parts.append(
            f'<rect x="{start:.1f}" y="{y + 3}" width="{end - start:.1f}" '
            f'height="{bar_h - 8}" fill="{colour}"/>'
        )
        parts.append(
            f'<line x1="{x(interval.low):.1f}" y1="{y + bar_h / 2:.1f}" '
            f'x2="{x(interval.high):.1f}" y2="{y + bar_h / 2:.1f}" '
            'stroke="#222" stroke-width="1.5"/>'
        )
        parts.append(
            f'<text x="{x(interval.high) + 4:.1f}" y="{y + 15}" '
            f'font-size="11">{interval.mean:.{_decimals(board, column)}f}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


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


def _payload(
    board: Leaderboard,
    items: list[ItemRecord],
    predictions: list[PredictionRecord],
    kept: list[ExampleRecord],
) -> dict[str, Any]:
    """The drill-down's data. Systems and examples are lists and items a system x example
    grid, so no name or id is ever an object key in the page."""
    shown = board.columns
    known = {c.key for c in shown}
    rest = sorted({k for i in items for k in i.scores} - known)
    columns = [
        {
            "key": c.key,
            "label": c.label,
            "decimals": _decimals(board, c),
            "higher": c.higher_is_better,
        }
        for c in shown
    ] + [{"key": k, "label": k, "decimals": board.decimals, "higher": None} for k in rest]
    # Scores keep a digit more than shown: enough to tell which of two is better.
    places = [c["decimals"] + 1 for c in columns]
    keys = [c["key"] for c in columns]

    rows = [*board.systems, *board.reference_rows]
    system_at = {r.system: i for i, r in enumerate(rows)}
    example_at = {e.id: i for i, e in enumerate(kept)}
    summaries: dict[tuple[str, str, int | None], str] = {}
    for p in predictions:
        summaries.setdefault((p.system, p.example_id, p.held_out), p.summary)
        summaries.setdefault((p.system, p.example_id, None), p.summary)
    grid: list[list[dict[str, Any] | None]] = [[None] * len(kept) for _ in rows]
    for record in items:
        s, e = system_at.get(record.system), example_at.get(record.example_id)
        if s is None or e is None:
            continue
        candidates = record.details.get("candidates")
        held_out = candidates[0].get("held_out") if candidates else None
        summary = summaries.get(
            (record.system, record.example_id, held_out),
            summaries.get((record.system, record.example_id, None), ""),
        )
        grid[s][e] = _item(record, summary, keys, places)
    return {
        "columns": columns,
        "shown": len(shown),
        "systems": [
            {"name": r.system, "kind": r.kind, "mark": _MARKS.get(r.kind, "")} for r in rows
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
        "items": grid,
    }


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
    systems = max(len(board.systems) + len(board.reference_rows), 1)
    kept = example_records[: max(1, min(DRILLDOWN_EXAMPLES, DRILLDOWN_ITEMS // systems))]
    data = _payload(board, items, predictions, kept)
    shown_note = (
        f"The drill-down shows the first {len(kept):,} of {len(example_records):,} examples; "
        "every score is in scores.jsonl."
        if len(kept) < len(example_records)
        else ""
    )
    # "<" as \u003c: no text in the data can end the script element or open a tag.
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    header, width = _header(board)
    systems = "".join(_row_html(board, r, str(i)) for i, r in enumerate(board.systems, 1))
    references = "".join(_row_html(board, r, "–") for r in board.reference_rows)
    if references:
        references = (
            f'<tr class="divider"><td colspan="{width}">reads the references</td></tr>'
            + references
        )
    signatures = "\n".join(f"{label}: {sig}" for label, sig in board.signatures.labelled())
    title = f"{board.experiment}: {board.dataset} ({counted(board.examples, 'example')})"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title><style>{_STYLE}</style></head>
<body>
<h1>{html.escape(title)}</h1>
<div class="scroll"><table id="board"><thead><tr>{header}</tr></thead>
<tbody class="systems">{systems}</tbody><tbody class="references">{references}</tbody></table>
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
