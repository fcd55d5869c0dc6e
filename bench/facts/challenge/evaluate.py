"""Running a fact matcher over challenge pairs and reporting, per kind of pair, how often it
gets them right, with Wilson 95% intervals.

* changed facts (label ``contradicted``): *caught* when the verdict is not ``present``, and
  *contradicted* when it is ``contradicted``;
* ``stated`` pairs: *accepted* when the verdict is ``present``;
* ``not_stated`` pairs: *rejected* when the verdict is not ``present``.

Each pair is one :class:`~bench.facts.matcher.MatchTask` (the pair's text as the summary, its
claim as the one claim), given to the matcher through the common interface and nothing else:
no source document and no reference (the text was made from the reference).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...stats.proportions import wilson_interval
from ..matcher import Claim, ClaimVerdict, FactMatcher, MatchTask, Verdict
from .pairs import CHANGED_KINDS, KIND_LABELS, ChallengePair, source_of

#: The issue's targets for the overall rows.
TARGETS = {"changed facts caught": 0.95, "changed facts contradicted": 0.85,
           "paraphrases accepted": 0.90}
MEASURE = {"contradicted": "caught", "stated": "accepted", "not_stated": "rejected"}
REPORT_FILES = ("challenge.md", "challenge.json")
EXAMPLES = 3
BATCH = 256


@dataclass(frozen=True)
class Judged:
    """A pair and the matcher's verdict on it."""

    pair: ChallengePair
    verdict: ClaimVerdict

    @property
    def right(self) -> bool:
        """Caught, accepted or rejected, as the pair's label asks."""
        present = self.verdict.verdict is Verdict.PRESENT
        return present if self.pair.label == "stated" else not present

    @property
    def contradicted(self) -> bool:
        """Whether the matcher said the claim is contradicted."""
        return self.verdict.verdict is Verdict.CONTRADICTED


def judge(pairs: Sequence[ChallengePair], matcher: FactMatcher,
          log: Callable[[str], None] = lambda _: None) -> list[Judged]:
    """The matcher's verdict on every pair, in the pairs' order."""
    matcher.fit(sorted({p.text for p in pairs}))
    matcher.warm_up()
    judged: list[Judged] = []
    for start in range(0, len(pairs), BATCH):
        chunk = pairs[start:start + BATCH]
        tasks = [MatchTask(summary=p.text, claims=(Claim(id=p.id, text=p.claim),))
                 for p in chunk]
        verdicts = matcher.match(tasks)
        for pair, task_verdicts in zip(chunk, verdicts, strict=True):
            judged.append(Judged(pair, task_verdicts[0]))
        log(f"judged {len(judged)}/{len(pairs)} pairs")
    return judged


def _rate(successes: int, trials: int) -> dict[str, Any]:
    if trials == 0:
        return {"count": 0, "of": 0, "rate": None, "low": None, "high": None}
    interval = wilson_interval(successes, trials)
    return {"count": successes, "of": trials, "rate": round(interval.value, 4),
            "low": round(interval.low, 4), "high": round(interval.high, 4)}


def summarize(judged: Sequence[Judged], matcher: str, signature: str, args: Mapping[str, Any],
              pairs_file: Path) -> dict[str, Any]:
    """The report: one row per kind (in :data:`KIND_LABELS` order), the overall rows against
    the targets, and a few misses of each kind."""
    rows = []
    misses: dict[str, list[dict[str, Any]]] = {}
    for kind, label in KIND_LABELS.items():
        of_kind = [j for j in judged if j.pair.kind == kind]
        if not of_kind:
            continue
        row = {"kind": kind, "label": label, "pairs": len(of_kind), "measure": MEASURE[label],
               "right": _rate(sum(j.right for j in of_kind), len(of_kind))}
        if label == "contradicted":
            row["contradicted"] = _rate(sum(j.contradicted for j in of_kind), len(of_kind))
        rows.append(row)
        misses[kind] = [
            {"id": j.pair.id, "claim": j.pair.claim, "text": _short(j.pair.text),
             "change": None if j.pair.change is None else list(j.pair.change),
             "verdict": j.verdict.verdict.value, "confidence": round(j.verdict.confidence, 4)}
            for j in of_kind if not j.right
        ][:EXAMPLES]
    overall = _overall(judged)
    by_source = {
        source: _overall([j for j in judged if source_of(j.pair.doc) == source])
        for source in sorted({source_of(j.pair.doc) for j in judged})
    }
    for name, target in TARGETS.items():
        overall[name]["target"] = target
        rate = overall[name]["rate"]
        overall[name]["meets"] = None if rate is None else rate >= target
    return {
        "matcher": matcher,
        "signature": signature,
        "args": dict(args),
        "pairs": {"file": pairs_file.name, "count": len(judged),
                  "sha256": hashlib.sha256(pairs_file.read_bytes()).hexdigest()},
        "rows": rows,
        "overall": overall,
        "by_source": by_source,
        "misses": misses,
    }


def _overall(judged: Sequence[Judged]) -> dict[str, dict[str, Any]]:
    """The overall rates of some judged pairs (the target rows first)."""
    changed = [j for j in judged if j.pair.kind in CHANGED_KINDS]
    paraphrased = [j for j in judged if j.pair.kind == "paraphrase"]
    overall = {
        "changed facts caught": _rate(sum(j.right for j in changed), len(changed)),
        "changed facts contradicted": _rate(sum(j.contradicted for j in changed), len(changed)),
        "paraphrases accepted": _rate(sum(j.right for j in paraphrased), len(paraphrased)),
    }
    for name, labels in (("stated accepted", ("stated",)),
                         ("not stated rejected", ("not_stated",))):
        chosen = [j for j in judged if j.pair.label in labels]
        overall[name] = _rate(sum(j.right for j in chosen), len(chosen))
    return overall


def _short(text: str, limit: int = 240) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _cell(rate: Mapping[str, Any]) -> tuple[str, str]:
    if rate["rate"] is None:
        return "–", "–"
    return (f"{rate['count']}/{rate['of']} = {100 * rate['rate']:.1f}%",
            f"{100 * rate['low']:.1f}–{100 * rate['high']:.1f}")


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Mapping[str, Any]) -> str:
    """The report as a markdown page: the overall rows against the targets, the rates per
    source and per kind, and examples of misses."""
    lines = [
        f"# Challenge set: {report['matcher']}",
        "",
        f"Matcher `{report['matcher']}` ({_escape(report['signature'])}), "
        f"{report['pairs']['count']} pairs of `{report['pairs']['file']}` "
        f"(sha256 {report['pairs']['sha256'][:12]}). Rates with Wilson 95% intervals.",
        "",
    ]
    lines += _overall_table(report)
    lines += _per_source_table(report)
    lines += _per_kind_table(report)
    lines += _misses(report)
    return "\n".join(lines).rstrip() + "\n"


def _overall_table(report: Mapping[str, Any]) -> list[str]:
    lines = [
        "## Overall",
        "",
        "| measure | result | 95% interval | target | meets |",
        "|---|---|---|---|---|",
    ]
    for name, rate in report["overall"].items():
        result, interval = _cell(rate)
        target = f"≥ {100 * rate['target']:.0f}%" if "target" in rate else ""
        meets = {True: "yes", False: "no", None: "–"}[rate.get("meets")] if target else ""
        lines.append(f"| {name} | {result} | {interval} | {target} | {meets} |")
    return lines


def _per_source_table(report: Mapping[str, Any]) -> list[str]:
    """The rates per source of the pairs' documents; nothing when the report has none."""
    lines: list[str] = []
    by_source = report.get("by_source") or {}
    if by_source:
        names = list(next(iter(by_source.values())))
        lines += [
            "",
            "## Per source",
            "",
            "Where the pairs' documents come from (a matcher trained on one source's training "
            "documents meets the others' for the first time here).",
            "",
            "| source | " + " | ".join(names) + " |",
            "|---|" + "---|" * len(names),
        ]
        for source, rates in by_source.items():
            lines.append(f"| {source} | " + " | ".join(_cell(rates[n])[0] for n in names) + " |")
    return lines


def _per_kind_table(report: Mapping[str, Any]) -> list[str]:
    lines = [
        "",
        "## Per kind",
        "",
        "Changed facts: *caught* = verdict not present; *contradicted* = verdict "
        "contradicted. Stated pairs: *accepted* = present. Not-stated pairs: *rejected* = "
        "not present.",
        "",
        "| kind | label | pairs | measure | result | 95% interval | contradicted | 95% "
        "interval |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in report["rows"]:
        result, interval = _cell(row["right"])
        contradicted, c_interval = _cell(row["contradicted"]) if "contradicted" in row \
            else ("", "")
        lines.append(f"| {row['kind']} | {row['label']} | {row['pairs']} | {row['measure']} "
                     f"| {result} | {interval} | {contradicted} | {c_interval} |")
    return lines


def _misses(report: Mapping[str, Any]) -> list[str]:
    """A few pairs of each kind the matcher got wrong, with its verdict and confidence."""
    lines = ["", "## Examples of misses", ""]
    for kind, examples in report["misses"].items():
        if not examples:
            continue
        lines.append(f"**{kind}**")
        lines.append("")
        for example in examples:
            change = ""
            if example["change"] is not None:
                change = f" (change: “{example['change'][0]}” → “{example['change'][1]}”)"
            lines.append(f"- claim “{_escape(example['claim'])}” / text "
                         f"“{_escape(example['text'])}”{_escape(change)}: "
                         f"{example['verdict']} ({example['confidence']:.2f})")
        lines.append("")
    return lines


def write_report(report: Mapping[str, Any], folder: Path) -> None:
    """``challenge.json`` and ``challenge.md`` in ``folder``, each written to a temporary file
    and renamed over the old one (a link planted at either name is replaced, never followed)."""
    from ...records.files import write_renderings

    folder.mkdir(parents=True, exist_ok=True)
    markdown, record = REPORT_FILES
    write_renderings(folder, report, {
        record: lambda r: json.dumps(r, indent=1, ensure_ascii=False) + "\n",
        markdown: render_markdown,
    })
