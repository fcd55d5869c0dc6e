"""The one pre-flight check of an experiment: every problem a run would meet before its work.

`summbench run`, `summbench run --dry-run` and `summbench validate` (and :func:`run_experiment`
called from Python) all go through :func:`check_file` or :func:`check_config`, so what one
refuses the others refuse, with the same words.

Problems are collected, not raised one at a time, in the order a reader fixes them:

1. the YAML's schema: every bad key of every section;
2. every summarizer's and metric's ``args``, entry by entry, even when another section of the
   file is bad (each entry is read on its own);
3. the plan: entry names, leaderboard columns, ``primary``, the baseline;
4. the results folder: ours to write, and no input among the files a run writes;
5. the dataset;
6. what each metric needs of it, and what each summarizer reads (a predictions file: every bad
   line, up to a cap, and its ids against the dataset's).

Step 1 is read here; steps 2 and 3 are in :mod:`.plugins`, step 4 in
:mod:`.folder`, steps 5 and 6 in :mod:`.dataset`. What the check found is a
:class:`~.findings.Preflight`.

A check that needs what an earlier problem withholds (no dataset: no ids to check predictions
against) is not run, and a note says what was skipped, so that nobody is surprised when the
fixed file shows more. The check does no work a run would keep and writes nothing: no results
folder is created by a config that fails it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ...errors import SummbenchError
from ...fingerprint import forget_digests
from ...metrics import METRICS
from ...validation import config_problems
from ...yaml_reader import read_yaml
from ..card_language import with_card_language
from ..config import ExperimentConfig, parse_config, validate_config
from ..plan import build_plan
from .dataset import check_against_dataset, check_dataset, metric_needs
from .findings import Preflight
from .folder import check_results_folder
from .plugins import build_all, check_plugins_and_plan


def check_file(
    path: str | Path,
    *,
    overrides: Mapping[str, Any] | None = None,
    output_dir: Path | None = None,
    data: bool = True,
    use_cache: bool = True,
) -> Preflight:
    """Check an experiment file. ``overrides`` win over its top-level keys (``--seed``);
    ``output_dir`` is the results folder given on the command line; ``data=False`` leaves out
    the dataset and everything checked against it; ``use_cache=False`` is ``--no-cache``."""
    found = Preflight(str(path))
    try:
        raw = read_yaml(Path(path))
        if not isinstance(raw, dict):
            parse_config(raw, file=found.file)  # raises the error that says what a config is
    except SummbenchError as err:
        found.add(err)
        found.notes.append("the rest of the file: it must first read as a mapping of keys.")
        return found
    raw = {**raw, **{k: v for k, v in (overrides or {}).items() if v is not None}}
    config = None
    try:
        config = validate_config(raw)
    except ValidationError as err:
        for problem in config_problems(err, file=found.file, prefix="", model=ExperimentConfig):
            found.add(problem)
    if config is not None and not use_cache:
        config = config.model_copy(
            update={"cache": config.cache.model_copy(update={"enabled": False})}
        )
    _check(found, config, raw, output_dir=output_dir, data=data)
    return found


def check_config(
    config: ExperimentConfig,
    *,
    file: str = "config",
    output_dir: Path | None = None,
    data: bool = True,
) -> Preflight:
    """Check an experiment already parsed (from Python, or built by `summbench score`)."""
    found = Preflight(file)
    _check(found, config, None, output_dir=output_dir, data=data)
    return found


def _check(
    found: Preflight,
    config: ExperimentConfig | None,
    raw: dict[str, Any] | None,
    *,
    output_dir: Path | None,
    data: bool,
) -> None:
    """Steps 2 to 6 of the module docstring. ``config`` is None when the schema failed: each
    section is then read from ``raw`` on its own, so that its problems are found too."""
    # Files edited since an earlier run in this process are read again (the digest memo is
    # per run: a rewrite within one clock tick keeps size and change time).
    forget_digests()
    if config is not None:  # rouge reads the dataset card's language (card_language.py)
        config = with_card_language(config)
    seed = config.seed if config is not None else None
    summarizers, metrics, complete = check_plugins_and_plan(found, config, raw, seed)
    out = check_results_folder(found, config, raw, output_dir)
    if not data:
        return
    dataset = check_dataset(found, config, raw, out)
    kept, automatic = metric_needs(found, config, raw, metrics, dataset)
    for i, spec in automatic.items():
        (metrics[i],) = build_all(found, METRICS, "metrics", [spec], seed)
    check_against_dataset(found, summarizers, metrics, dataset)
    # Default metrics the dataset cannot feed are left out, or read extracted facts: the
    # plan is made again with what runs.
    if config is not None and kept is not None and (len(kept) < len(metrics) or automatic):
        specs = [automatic.get(i, config.metrics[i]) for i in kept]
        fitted = config.model_copy(update={"metrics": specs})
        found.dropped = [config.metrics[i].type for i in range(len(metrics)) if i not in kept]
        found.automatic = [spec.type for spec in automatic.values()]
        found.config = fitted
        if complete:
            found.plan = found.attempt(
                lambda: build_plan(
                    fitted,
                    file=found.file,
                    summarizers=summarizers,
                    metrics=[metrics[i] for i in kept],
                )
            )
