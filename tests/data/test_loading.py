"""Datasets other than the seed set load the same way, through a column mapping."""

from __future__ import annotations

import csv
import json

import pytest

from bench.data import DatasetSpec, load_examples
from bench.errors import DatasetError


def test_jsonl_with_a_column_mapping(tmp_path):
    path = tmp_path / "news.jsonl"
    rows = [
        {"doc_id": f"d{i}", "article": f"Story {i}. More text.", "highlights": f"Story {i}."}
        for i in range(3)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    dataset = load_examples(
        DatasetSpec(
            path=str(path),
            columns={"doc_id": "id", "article": "source", "highlights": "references"},
        )
    )
    assert [e.id for e in dataset] == ["d0", "d1", "d2"]
    assert dataset.examples[1].references == ("Story 1.",)
    assert dataset.name == "news.jsonl"


def test_csv_and_parquet(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    csv_path = tmp_path / "d.csv"
    with csv_path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "source", "references"])
        writer.writerow(["a", "Text, with a comma.", "Ref."])
    assert (
        load_examples(DatasetSpec(path=str(csv_path))).examples[0].source == "Text, with a comma."
    )

    parquet_path = tmp_path / "d.parquet"
    table = pa.table(
        {
            "id": ["x"],
            "source": ["S."],
            "references": [["R1.", "R2."]],
            "checklist": [["a fact", "another fact"]],
        }
    )
    pq.write_table(table, parquet_path)
    example = load_examples(DatasetSpec(path=str(parquet_path))).examples[0]
    assert example.references == ("R1.", "R2.")
    assert [f.text for f in example.checklist] == ["a fact", "another fact"]


def test_an_edited_file_is_reloaded_not_served_from_a_stale_cache(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": "a", "source": "Old.", "references": ["R."]}) + "\n")
    assert load_examples(DatasetSpec(path=str(path))).examples[0].source == "Old."
    path.write_text(json.dumps({"id": "a", "source": "New text.", "references": ["R."]}) + "\n")
    assert load_examples(DatasetSpec(path=str(path))).examples[0].source == "New text."


def test_a_mapped_column_that_does_not_exist(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "S.", "summary": "R."}) + "\n")
    with pytest.raises(DatasetError, match=r"column\(s\) article named in the column mapping"):
        load_examples(DatasetSpec(path=str(path), columns={"article": "source"}))
    with pytest.raises(DatasetError, match='no "source" column'):
        load_examples(DatasetSpec(path=str(path)))


def test_a_missing_path_offline(tmp_path):
    with pytest.raises(DatasetError, match="cannot be fetched offline"):
        load_examples(DatasetSpec(path="no_such_dataset_here"))


def test_noise_can_be_fed_to_summarizers(seed_dataset):
    from ..builders import SEED_DATASET

    noisy = load_examples(DatasetSpec(path=str(SEED_DATASET), config="all", with_noise=True))
    page = noisy.by_id()["nk-003-page"]
    assert "lemmy.world" in page.source
    assert noisy.name == "nk-diplomat/all+noise"
    assert noisy.by_id()["nk-001-wire"].source == seed_dataset.by_id()["nk-001-wire"].source
