
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
    return word.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{M}\p{N}]/gu, "");
  }
  function words(text) {
    const out = [];
    if (segmenter) {
      for (const s of segmenter.segment(text)) {
        if (s.isWordLike) out.push({start: s.index, end: s.index + s.segment.length, key: wordKey(s.segment)});
      }
    } else {
      for (const m of text.matchAll(/[\p{L}\p{M}\p{N}]+/gu)) {
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
      open.title = Array.from(labels).join("\n");
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
