"""Shared fixtures. Tests run offline: the hub is never contacted."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import hypothesis
import hypothesis.configuration
import pytest

from .builders import ARTIFACTS, ROOT, SEED_DATASET

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

# Hypothesis keeps its example database and caches in .hypothesis/ of the working directory:
# nothing is written into the checkout, and no run depends on what an earlier one found.
hypothesis_home = Path(tempfile.mkdtemp(prefix="summbench-hypothesis-"))
atexit.register(shutil.rmtree, hypothesis_home, ignore_errors=True)
hypothesis.configuration.set_hypothesis_home_dir(hypothesis_home)
hypothesis.settings.register_profile("summbench", database=None)
hypothesis.settings.load_profile("summbench")

def pytest_terminal_summary(terminalreporter) -> None:
    for path in ARTIFACTS:
        terminalreporter.write_line(f"artifact: {path}")


@pytest.fixture(autouse=True)
def _run_from_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Configs name paths relative to the repository root, as the README runs them."""
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="session")
def seed_dataset():
    from bench.data import DatasetSpec, load_examples

    return load_examples(DatasetSpec(path=str(SEED_DATASET), config="all"))


@pytest.fixture(scope="session")
def spun(seed_dataset):
    """The machine-spun article with factual errors."""
    return seed_dataset.by_id()["nk-000-spun"]


@pytest.fixture(scope="session")
def tiny_nli(tmp_path_factory):
    """A 1-layer BERT with an NLI head, random weights, and a word-level vocabulary."""
    from .tiny_models import build_tiny_nli

    return build_tiny_nli(tmp_path_factory.mktemp("tiny-nli"))
