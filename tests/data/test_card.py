"""Reading a dataset card's files without ``datasets``: the same files as ``datasets`` finds,
and ``datasets`` for everything else."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.data import loading
from bench.data.card import card_data_files
from bench.data.loading import DatasetSpec, load_examples
from bench.errors import DatasetError

from ..builders import SEED_DATASET, python_output

SEED_CONFIGS = ["all", "articles", "cluster", "facts", "probes", "errata", None]


def _files_by_datasets(folder: Path, config: str | None, split: str) -> list[Path]:
    import datasets

    builder = datasets.load_dataset_builder(str(folder), config)
    return [Path(str(f)) for f in builder.config.data_files[split]]


@pytest.mark.parametrize("config", SEED_CONFIGS)
def test_the_card_route_finds_what_datasets_finds(config):
    ours = card_data_files(SEED_DATASET, config, "test")
    assert ours is not None
    assert [p.resolve() for p in ours] == [
        p.resolve() for p in _files_by_datasets(SEED_DATASET, config, "test")
    ]


def test_the_seed_set_loads_the_same_either_way(monkeypatch):
    spec = DatasetSpec(path=str(SEED_DATASET), config="all", split="test")
    direct = load_examples(spec)
    monkeypatch.setattr(loading, "card_data_files", lambda *args: None)
    assert load_examples(spec) == direct


def _card(folder: Path, configs: str, extra: str = "") -> Path:
    (folder / "data").mkdir(parents=True)
    shutil.copy(SEED_DATASET / "data" / "articles.jsonl", folder / "data" / "a.jsonl")
    (folder / "README.md").write_text(f"---\n{extra}configs:\n{configs}---\n# card\n")
    return folder


LITERAL = "- config_name: x\n  data_files:\n  - split: test\n    path: data/a.jsonl\n"


@pytest.mark.parametrize(
    "configs, extra",
    [
        ("- config_name: x\n  data_files:\n  - split: test\n    path: data/*.jsonl\n", ""),
        ("- config_name: x\n  data_dir: data\n  data_files:\n  - split: test\n"
         "    path: a.jsonl\n", ""),
        (LITERAL.replace("data_files:", "sep: ';'\n  data_files:"), ""),
        (LITERAL, "dataset_info:\n  features:\n  - name: id\n    dtype: string\n"),
    ],
    ids=["glob", "data_dir", "reader-setting", "features"],
)
def test_anything_but_literal_files_goes_to_datasets(tmp_path, configs, extra):
    assert card_data_files(_card(tmp_path / "d", configs, extra), "x", "test") is None


def test_literal_files_are_read_off_the_card(tmp_path):
    folder = _card(tmp_path / "d", LITERAL)
    assert card_data_files(folder, "x", "test") == [folder / "data" / "a.jsonl"]
    assert card_data_files(folder, None, "test") == [folder / "data" / "a.jsonl"]
    assert card_data_files(folder, "x", "train") is None  # datasets says which splits exist
    assert card_data_files(folder, "y", "test") is None
    assert len(load_examples(DatasetSpec(path=str(folder), config="x"))) == 5


def test_errors_still_come_from_datasets(tmp_path):
    folder = _card(tmp_path / "d", LITERAL)
    with pytest.raises(DatasetError, match="train"):
        load_examples(DatasetSpec(path=str(folder), config="x", split="train"))


def test_loading_the_seed_set_imports_no_datasets():
    code = (
        "import sys\n"
        "from bench.data.loading import DatasetSpec, load_examples\n"
        "load_examples(DatasetSpec(path='seeds/nk-diplomat', config='all'))\n"
        "print('datasets' in sys.modules)\n"
    )
    assert python_output(code) == "False"
