"""Step 4 of the pre-flight check: the folder a run would write is ours to
write, and no input of the run is among the files it writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...errors import SummbenchError
from ..config import ExperimentConfig
from ..storage import ownership
from .findings import Preflight


def check_results_folder(
    found: Preflight,
    config: ExperimentConfig | None,
    raw: dict[str, Any] | None,
    output_dir: Path | None,
) -> Path | None:
    """Step 4: the results folder is ours to write, and was written from these inputs."""
    out = _results_folder(found, config, raw, output_dir)
    if out is not None:
        found.attempt(lambda: ownership.check_folder(out))
        inputs = config.model_dump(mode="json") if config is not None else raw
        found.attempt(lambda: ownership.check_inputs(out, ownership.config_inputs(inputs)))
    return out


def _results_folder(
    found: Preflight,
    config: ExperimentConfig | None,
    raw: dict[str, Any] | None,
    output_dir: Path | None,
) -> Path | None:
    """The folder a run would write, or None when the config does not say yet."""
    if output_dir is not None:
        return Path(output_dir)
    if config is not None:
        output, name = config.output, config.name
    else:
        output, name = (raw or {}).get("output"), (raw or {}).get("name")
        if not isinstance(output, str) and not isinstance(name, str):
            return None  # the schema step reports it
    if isinstance(output, str):
        return Path(output)
    # results/<name>: the name must be one plain folder name.
    try:
        ownership.check_name(name, where=f"{found.file}: name")
    except SummbenchError as err:
        found.add(err)
        return None
    return Path(f"results/{name}")
