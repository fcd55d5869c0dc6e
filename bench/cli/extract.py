"""``summbench facts extract``: write a dataset with fact checklists extracted from its
references, for a person to read, edit and score with (``facts: dataset``).

Each output line is one example: its id, source, references, synonym groups and noise as
read, and a ``checklist`` of extracted facts, each with its weight (how many references state
it), which references, and its ``span`` in the reference it was cut from. A dataset's own
checklist and probes are not written (the extracted checklist replaces them); an example whose
references hold no clause is listed on the terminal with the fragments kept for it.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from .run import count_argument


def add_command(commands: argparse._SubParsersAction) -> None:
    """Add ``extract`` to ``commands`` (under ``summbench facts``)."""
    extract = commands.add_parser(
        "extract",
        help="write a dataset with checklists extracted from its references",
        description="Cut each reference into atomic facts (spaCy's parser: a clause each, "
        "relative clauses and appositions as facts of their own), merge the facts of several "
        "references with a fact matcher and weight each by how many references state it; "
        "write the dataset with those checklists as JSON Lines.",
        epilog="example: summbench facts extract --dataset seeds/nk-diplomat --config all "
        "--output build/nk-auto.jsonl; then score with dataset: {path: build/nk-auto.jsonl}",
    )
    extract.add_argument("--dataset", required=True, help="dataset folder, data file or hub name")
    extract.add_argument("--config", dest="dataset_config", help="dataset config name")
    extract.add_argument("--split", default="test", help="dataset split (default: test)")
    extract.add_argument(
        "--output",
        type=Path,
        required=True,
        help="the JSON Lines file to write (not overwritten unless --force)",
    )
    extract.add_argument(
        "--matcher",
        default=None,
        help="the fact matcher that merges several references' facts "
        "(default: the checklist's default)",
    )
    extract.add_argument(
        "--workers",
        type=count_argument,
        default=None,
        help="processes that cut the references, this one included (default: the cores this "
        "process may use; used from 2,000 references)",
    )
    extract.add_argument("--force", action="store_true", help="overwrite --output")
    extract.set_defaults(handler=_extract)


def _extract(args: argparse.Namespace) -> int:
    from ..console import say
    from ..data.loading import DatasetSpec, load_examples
    from ..facts.extraction.extractor import FactExtractor
    from ..facts.registry import DEFAULT_MATCHER, MATCHERS
    from ..owned_processes import usable_cores
    from ..records.files import write_jsonl

    output: Path = args.output
    _check_output(output, Path(args.dataset), args.force)
    # Checked before the dataset is read: a wrong name fails at once, not after the work.
    matcher_class = MATCHERS.get(args.matcher or DEFAULT_MATCHER, where="--matcher")
    spec = DatasetSpec(path=args.dataset, config=args.dataset_config, split=args.split)
    examples = load_examples(spec)
    started = time.perf_counter()
    matcher = None
    if any(len(e.references) > 1 for e in examples):
        matcher = matcher_class.from_config({}, where="--matcher")
        matcher.fit(sorted({e.source for e in examples if e.source.strip()}))  # as a run does
    extractor = FactExtractor(workers=args.workers or usable_cores())
    checklists = extractor.checklists([e.references for e in examples], matcher=matcher)
    rows = [_row(e, facts) for e, facts in zip(examples, checklists, strict=True)]
    output.parent.mkdir(parents=True, exist_ok=True)
    write_jsonl(output, rows)
    _report(examples, checklists, extractor, say)
    say(
        f"wrote {output} ({len(rows)} examples, {extractor.label()}, "
        f"{time.perf_counter() - started:.1f} s)"
    )
    return 0


def _check_output(output: Path, dataset: Path, force: bool) -> None:
    """The output must be a new (or, with --force, an existing plain) .jsonl file that is not
    the dataset read, in a folder that is one or can be made."""
    from ..errors import ConfigError

    def refuse(problem: str, fix: str) -> None:
        raise ConfigError(f"{output} {problem}.", where="--output", fix=fix)

    if output.suffix != ".jsonl":
        refuse("is not a .jsonl file", "name a .jsonl file: the dataset is written as JSON Lines.")
    if output.is_symlink():
        refuse("is a symbolic link", "name a plain file: the link's target is not written.")
    if output.is_dir():
        refuse("is a folder", "name a .jsonl file.")
    if output.exists() and dataset.exists() and output.resolve() == dataset.resolve():
        refuse(
            "is the dataset read",
            "write to another file: the dataset's other columns, checklists and probes are "
            "not kept in the output.",
        )
    if output.exists() and not force:
        refuse("exists", "name a new .jsonl file, or pass --force to overwrite it.")
    for folder in output.parents:
        if folder.exists():
            if not folder.is_dir():
                refuse(f"cannot be written: {folder} is a file", "name a file in a folder.")
            break


def _row(example: Any, facts: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": example.id,
        "source": example.source,
        "references": list(example.references),
        "checklist": [
            {
                "id": f.id,
                "text": f.text,
                "weight": f.weight,
                "references": list(f.references),
                "span": dict(zip(("reference", "start", "end"), f.span, strict=True)),
            }
            for f in facts
        ],
    }
    if example.aliases:
        row["aliases"] = [list(g) for g in example.aliases]
    if example.noise:
        row["noise"] = example.noise
    return row


def _report(examples: Any, checklists: Any, extractor: Any, say: Any) -> None:
    """Facts per reference, and the examples with a reference sentence kept whole (no clause,
    or a parse that would cut it badly)."""
    from ..wording import counted

    cut = extractor.reference_facts([r for e in examples for r in e.references])
    per_reference = sum(len(facts) for facts in cut) / max(len(cut), 1)
    kept = sum(len(c) for c in checklists)
    say(
        f"{counted(kept, 'fact')} in {counted(len(examples), 'checklist')} from "
        f"{counted(len(cut), 'reference')} "
        f"({per_reference:.1f} facts per reference before merging references)"
    )
    at, unclausal, uncut = 0, [], []
    for e in examples:
        per_ref = cut[at : at + len(e.references)]
        at += len(e.references)
        kinds = {f.kind for facts in per_ref for f in facts}
        if "fragment" in kinds:
            unclausal.append(e.id)
        if "sentence" in kinds:
            uncut.append(e.id)
    if unclausal:
        say(
            f"{counted(len(unclausal), 'example')} with a reference sentence that gave no fact "
            f"to cut (a headline, a list, a question, text that is not English), kept whole as "
            f"a fact: {_first_ids(unclausal)}"
        )
    if uncut:
        say(
            f"{counted(len(uncut), 'example')} with a reference sentence the parser could not "
            f"cut cleanly (a fact would tear a word apart or end mid-phrase), kept whole as a "
            f"fact: {_first_ids(uncut)}"
        )


def _first_ids(ids: list[str]) -> str:
    return ", ".join(ids[:10]) + (" ..." if len(ids) > 10 else "")
