"""The bundled seed dataset: built from its sources, loadable offline, internally consistent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.data.seed_build import SeedBuilder, build_seeds
from bench.errors import DatasetError

from ..builders import ROOT, SEED_DATASET

SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


def test_committed_files_equal_a_fresh_build():
    assert build_seeds(ROOT / "seeds", check=True) == []


def test_articles_are_verbatim_copies_of_the_shared_seeds():
    if not SHARED_SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    shared = sorted(p.name for p in SHARED_SEEDS.glob("*.txt"))
    assert sorted(p.name for p in (ROOT / "seeds" / "articles").glob("*.txt")) == shared
    for name in shared:
        assert (ROOT / "seeds" / "articles" / name).read_bytes() == (
            SHARED_SEEDS / name
        ).read_bytes()


def test_loads_offline_with_datasets_and_every_config():
    import datasets

    rows = datasets.load_dataset(str(SEED_DATASET), "all", split="test")
    assert len(rows) == 6
    assert {r["id"] for r in rows} == {
        "nk-000-spun",
        "nk-001-wire",
        "nk-002-ap",
        "nk-003-page",
        "nk-004-digest",
        "nk-cluster",
    }
    facts = datasets.load_dataset(str(SEED_DATASET), "facts", split="test")
    errata = datasets.load_dataset(str(SEED_DATASET), "errata", split="test")
    assert len(facts) >= 40 and len(errata) >= 20


def test_three_reference_styles_per_example(seed_dataset):
    for example in seed_dataset:
        assert example.meta["reference_styles"] == ["headline", "highlights", "paragraph"]
        headline, highlights, paragraph = (len(r.split()) for r in example.references)
        assert 18 <= headline <= 30 and 50 <= highlights <= 75 and 90 <= paragraph <= 120
        assert example.references[1].count("\n") == 2  # three highlights, one per line


def test_weights_are_the_number_of_references_stating_each_fact(seed_dataset):
    for example in seed_dataset:
        for fact in example.checklist:
            assert fact.weight == len(fact.references)
        assert sum(f.weight for f in example.checklist) > 0


def test_page_comments_are_noise_not_source(seed_dataset):
    page = seed_dataset.by_id()["nk-003-page"]
    assert "lemmy.world" in page.noise and "lemmy" not in page.source
    assert page.source.endswith("the newspaper quoted him as saying.")


def test_digest_date_line_and_spun_title_are_split_off(seed_dataset):
    by_id = seed_dataset.by_id()
    assert by_id["nk-004-digest"].meta["date"] == "2024-07-16"
    assert by_id["nk-004-digest"].source.startswith("South Korea's spy agency")
    assert by_id["nk-000-spun"].meta["title"] == "Senior North Korean diplomat defects to South"


def test_errata_are_verbatim_with_their_location():
    lines = (
        (ROOT / "seeds/articles/000_3a6d6ed2e6201641.txt").read_text(encoding="utf-8").split("\n")
    )
    probes = {json.loads(x)["probe_id"] for x in (SEED_DATASET / "data/probes.jsonl").open()}
    errata = [json.loads(x) for x in (SEED_DATASET / "data/errata.jsonl").open()]
    named = {
        "resigned from the South",
        "detective bureau",
        "North Vietnamese government",
        "a liberal",
        "his father",
    }
    assert all(any(n in e["error"] for e in errata) for n in named)
    for e in errata:
        line = lines[e["line"] - 1]
        assert line[e["column"] - 1 :].startswith(e["error"])
        if e["kind"] == "factual":
            assert e["probe_id"] in probes


def test_a_broken_source_is_reported_with_its_place(tmp_path: Path):
    import shutil

    shutil.copytree(ROOT / "seeds" / "src", tmp_path / "src")
    shutil.copytree(ROOT / "seeds" / "articles", tmp_path / "articles")
    articles = tmp_path / "src" / "articles.yaml"
    articles.write_text(
        articles.read_text().replace("[named-ri, aged-52,", "[named-rii, aged-52,", 1)
    )
    with pytest.raises(DatasetError, match="unknown fact 'named-rii'"):
        SeedBuilder(tmp_path).render()


def test_validation_rejects_inconsistent_rows(tmp_path: Path):
    from bench.data import DatasetSpec, load_examples

    rows = [json.loads(x) for x in (SEED_DATASET / "data/articles.jsonl").open()]
    rows[1]["id"] = rows[0]["id"]
    rows[2]["checklist"][0]["weight"] = 7.0
    rows[3]["references"] = []
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with pytest.raises(DatasetError) as err:
        load_examples(DatasetSpec(path=str(path)))
    message = str(err.value)
    assert "duplicate ids: nk-001-wire" in message
    assert "has weight 7 but 3 references state it" in message
    assert "no references" in message
    assert str(path) in message
