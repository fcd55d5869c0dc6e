"""Build the bundled seed dataset (``seeds/nk-diplomat``) from its hand-edited sources.

Inputs: the verbatim articles in ``seeds/articles/`` and the YAML in ``seeds/src/``. Output: a
Hugging Face ``datasets`` folder (JSONL data files plus a dataset card whose YAML header declares
the configs) that ``datasets.load_dataset("seeds/nk-diplomat", "all")`` loads offline. The build
is deterministic, so a test can compare the committed files with a fresh build.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from ..errors import DatasetError

DATASET_NAME = "nk-diplomat"
CONFIGS = {
    "all": ["data/articles.jsonl", "data/cluster.jsonl"],
    "articles": ["data/articles.jsonl"],
    "cluster": ["data/cluster.jsonl"],
    "facts": ["data/facts.jsonl"],
    "probes": ["data/probes.jsonl"],
    "errata": ["data/errata.jsonl"],
}


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise DatasetError(f"cannot read: {err}", where=str(path), fix="fix the YAML.") from None


def _cut(lines: list[str], span: list[int] | None) -> str:
    if not span:
        return ""
    start, end = span
    return "\n".join(lines[start - 1 : end]).strip()


class SeedBuilder:
    """Reads ``seeds/src`` and ``seeds/articles``; renders every output file as text."""

    def __init__(self, seeds_dir: Path):
        self.root = seeds_dir
        src = seeds_dir / "src"
        facts_doc = _read_yaml(src / "facts.yaml")
        self.facts = {f["id"]: f for f in facts_doc["facts"]}
        self.aliases = [list(map(str, g)) for g in facts_doc["aliases"]]
        self.articles_doc = _read_yaml(src / "articles.yaml")
        self.probes = _read_yaml(src / "probes.yaml")["probes"]
        self.errata_doc = _read_yaml(src / "errata.yaml")
        self.card_text = (src / "CARD.md").read_text(encoding="utf-8")
        self.problems: list[str] = []

    # -- checks ------------------------------------------------------------------------------
    def _check_fact_ids(self, ids: Iterable[str], where: str) -> None:
        for fact_id in ids:
            if fact_id not in self.facts:
                self.problems.append(f"{where}: unknown fact {fact_id!r}")

    def _article_text(self, file_name: str) -> str:
        return (self.root / "articles" / file_name).read_text(encoding="utf-8")

    # -- rows --------------------------------------------------------------------------------
    def _checklist(self, states: list[str], references: list[dict]) -> list[dict]:
        checklist = []
        for fact_id in states:
            cited = [i for i, ref in enumerate(references) if fact_id in ref["facts"]]
            fact = self.facts.get(fact_id, {})
            checklist.append(
                {
                    "fact_id": fact_id,
                    "text": fact.get("text", ""),
                    "weight": float(len(cited)),
                    "references": cited,
                    "keys": list(map(str, fact.get("keys", []))),
                }
            )
        return checklist

    def _probe_rows(self) -> list[dict]:
        return [
            {
                "probe_id": p["id"],
                "text": p["text"],
                "kind": p["kind"],
                "contradicts": p["contradicts"],
                "cues": list(map(str, p["cues"])),
                "keys": list(map(str, p.get("keys", []))),
            }
            for p in self.probes
        ]

    def _row(
        self, entry: dict, source: str, title: str, noise: str, files: list[str], cut: str
    ) -> dict:
        where = f"seeds/src/articles.yaml: {entry['id']}"
        refs = entry["references"]
        states = entry["states"]
        self._check_fact_ids(states, where + ".states")
        for i, ref in enumerate(refs):
            self._check_fact_ids(ref["facts"], f"{where}.references[{i}].facts")
            stray = [f for f in ref["facts"] if f not in states]
            if stray:
                self.problems.append(
                    f"{where}.references[{i}] cites facts the article does not state: {stray}"
                )
        return {
            "id": entry["id"],
            "title": title,
            "date": str(entry.get("date", "")),
            "source": source,
            "noise": noise,
            "references": [r["text"].strip() for r in refs],
            "reference_styles": [r["style"] for r in refs],
            "checklist": self._checklist(states, refs),
            "probes": self._probe_rows(),
            "aliases": self.aliases,
            "provenance": {"files": files, "role": entry["role"], "cut": cut},
            # The article this one is a machine-spun copy of ("" if none): a real pair for
            # `summbench probe`.
            "spun_from": entry.get("spun_from", ""),
        }

    def article_rows(self) -> list[dict]:
        """One row per article: its source cut from the verbatim file, references, checklist."""
        rows = []
        for entry in self.articles_doc["articles"]:
            lines = self._article_text(entry["file"]).split("\n")
            source = _cut(lines, entry["source_lines"])
            prefix = entry.get("strip_prefix")
            cut = f"lines {entry['source_lines'][0]}-{entry['source_lines'][1]}"
            if prefix:
                raw_prefix = lines[entry["source_lines"][0] - 1][: len(prefix)]
                if raw_prefix != prefix:
                    self.problems.append(f"{entry['id']}: file does not start with {prefix!r}")
                source = source[len(prefix.strip()) :].strip()
                cut += f", date line {prefix.strip()!r} removed"
            if entry.get("title_lines"):
                cut += f", title from lines {entry['title_lines'][0]}-{entry['title_lines'][1]}"
            noise = _cut(lines, entry.get("noise_lines"))
            if noise:
                cut += f", noise from lines {entry['noise_lines'][0]}-{entry['noise_lines'][1]}"
            title = _cut(lines, entry.get("title_lines"))
            rows.append(self._row(entry, source, title, noise, [entry["file"]], cut))
        return rows

    def cluster_row(self, article_rows: list[dict]) -> dict:
        """The row of the cluster: every article's source, in file order, with the facts any of
        them states."""
        entry = dict(self.articles_doc["cluster"])
        ordered = sorted(self.articles_doc["articles"], key=lambda a: a["file"])
        by_id = {r["id"]: r for r in article_rows}
        entry["states"] = sorted(
            {f for a in ordered for f in a["states"]}, key=list(self.facts).index
        )
        source = "\n\n".join(by_id[a["id"]]["source"] for a in ordered)
        files = [a["file"] for a in ordered]
        return self._row(entry, source, "", "", files, "the article sources, in file order")

    def fact_rows(self) -> list[dict]:
        """One row per fact: its id, text and keys."""
        return [
            {"fact_id": f["id"], "text": f["text"], "keys": list(map(str, f.get("keys", [])))}
            for f in self.facts.values()
        ]

    def errata_rows(self) -> list[dict]:
        """One row per erratum, with where its error first occurs in its file; an error not found
        there, or a factual one without a known probe, is a problem."""
        file_name = self.errata_doc["file"]
        lines = self._article_text(file_name).split("\n")
        probe_ids = {p["id"] for p in self.probes}
        rows = []
        for item in self.errata_doc["errata"]:
            found = [(n, line.find(item["error"])) for n, line in enumerate(lines, 1)]
            hits = [(n, col) for n, col in found if col >= 0]
            if not hits:
                self.problems.append(f"erratum {item['id']}: {item['error']!r} not in {file_name}")
                continue
            probe = item.get("probe", "")
            if item["kind"] == "factual" and probe not in probe_ids:
                self.problems.append(f"erratum {item['id']}: factual but probe {probe!r} unknown")
            line_no, col = hits[0]
            rows.append(
                {
                    "erratum_id": item["id"],
                    "error": item["error"],
                    "truth": item["truth"],
                    "kind": item["kind"],
                    "probe_id": probe,
                    "file": file_name,
                    "line": line_no,
                    "column": col + 1,
                }
            )
        return rows

    # -- output ------------------------------------------------------------------------------
    def _card(self, articles: list[dict], errata: list[dict]) -> str:
        header = {
            "pretty_name": "nk-diplomat (summbench seed set)",
            "language": ["en"],
            "task_categories": ["summarization"],
            "size_categories": ["n<1K"],
            "configs": [
                {
                    "config_name": name,
                    "data_files": [{"split": "test", "path": paths}],
                    **({"default": True} if name == "all" else {}),
                }
                for name, paths in CONFIGS.items()
            ],
        }
        lines = ["---", yaml.safe_dump(header, sort_keys=False).rstrip(), "---", ""]
        lines.append("<!-- Generated by `summbench build-seeds` from seeds/src/CARD.md. -->")
        lines.append(self.card_text.rstrip())
        lines += ["", "## Articles", "", "| id | file | role | facts stated |", "|---|---|---|---|"]
        for row in articles:
            files = ", ".join(row["provenance"]["files"])
            role = row["provenance"]["role"]
            lines.append(f"| `{row['id']}` | {files} | {role} | {len(row['checklist'])} |")
        lines += [
            "",
            f"## Errata of the spun copy ({len(errata)} errors)",
            "",
            "| id | line:col | error (verbatim) | truth | kind | probe |",
            "|---|---|---|---|---|---|",
        ]
        for e in errata:
            lines.append(
                f"| {e['erratum_id']} | {e['line']}:{e['column']} | {e['error']} | {e['truth']} "
                f"| {e['kind']} | {e['probe_id'] or '-'} |"
            )
        return "\n".join(lines) + "\n"

    def render(self) -> dict[str, str]:
        """Every output file (relative path -> text). Raises if the sources are inconsistent."""
        articles = self.article_rows()
        cluster = self.cluster_row(articles)
        errata = self.errata_rows()
        for probe in self.probes:
            if probe["contradicts"] not in self.facts:
                self.problems.append(f"probe {probe['id']}: unknown fact {probe['contradicts']!r}")
        if self.problems:
            raise DatasetError(
                "; ".join(self.problems) + ".",
                where=str(self.root / "src"),
                fix="correct the YAML sources and build again.",
            )

        def jsonl(rows: list[dict]) -> str:
            return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)

        return {
            "README.md": self._card([*articles, cluster], errata),
            "data/articles.jsonl": jsonl(articles),
            "data/cluster.jsonl": jsonl([cluster]),
            "data/facts.jsonl": jsonl(self.fact_rows()),
            "data/probes.jsonl": jsonl(self._probe_rows()),
            "data/errata.jsonl": jsonl(errata),
        }


def build_seeds(seeds_dir: Path, *, check: bool = False) -> list[str]:
    """Write (or with ``check``, compare) the built dataset. Returns the paths that differ."""
    out_dir = seeds_dir / DATASET_NAME
    files = SeedBuilder(seeds_dir).render()
    differing = []
    for rel, text in files.items():
        path = out_dir / rel
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != text:
            differing.append(str(path))
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    return differing
