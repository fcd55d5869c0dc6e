"""Baselines, ceilings and user outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.errors import ConfigError, DatasetError, RegistryError
from bench.summarizers import SUMMARIZERS
from bench.text import split_sentences, words


def make(name: str, **args):
    return SUMMARIZERS.get(name).from_config(args)


def test_lead_takes_the_first_sentences(seed_dataset):
    example = seed_dataset.by_id()["nk-001-wire"]
    summary = make("lead", budget={"sentences": 2}).summarize([example])[0]
    assert summary.split("\n") == split_sentences(example.source)[:2]


def test_word_budget_keeps_whole_sentences_that_fit(seed_dataset):
    example = seed_dataset.by_id()["nk-001-wire"]
    summary = make("lead", budget={"words": 45}).summarize([example])[0]
    assert len(words(summary)) <= 45
    assert summary.split("\n") == split_sentences(example.source)[: summary.count("\n") + 1]


def test_random_is_seeded_and_order_independent(seed_dataset):
    examples = list(seed_dataset)
    a = make("random", seed=1).summarize(examples)
    again = make("random", seed=1).summarize(list(reversed(examples)))[::-1]
    other = make("random", seed=2).summarize(examples)
    assert a == again
    assert a != other


@pytest.mark.parametrize("name", ["textrank", "lexrank"])
def test_graph_rankers_pick_source_sentences(seed_dataset, name):
    example = seed_dataset.by_id()["nk-002-ap"]
    summary = make(name).summarize([example])[0]
    sentences = summary.split("\n")
    assert len(sentences) == 3
    assert all(s in split_sentences(example.source) for s in sentences)


def test_oracle_beats_lead_on_rouge(seed_dataset):
    from bench.metrics.base import ScoringItem
    from bench.metrics.rouge import RougeMetric

    rouge = RougeMetric.from_config({})
    examples = list(seed_dataset)

    def mean_rouge2(kind: str) -> float:
        outputs = make(kind).summarize(examples)
        scores = rouge.score([ScoringItem(o, e) for o, e in zip(outputs, examples)])
        return sum(s.values["rouge2_f"] for s in scores) / len(scores)

    assert mean_rouge2("oracle") > mean_rouge2("lead")
    assert SUMMARIZERS.get("oracle").kind == "oracle"


@pytest.mark.parametrize("budget", [{"words": 5}, {"sentences": 2}])
def test_oracle_with_nothing_to_gain_writes_an_empty_summary(budget):
    """No source sentence shares a word with the references: the greedy oracle takes none.
    Under a word budget this used to raise IndexError (the fallback read the first of an
    empty ranking); now both budgets give the empty summary, an oracle's honest answer."""
    from bench.data.schema import Example

    example = Example("x", "Cats purr loudly. Dogs bark often.", ("Rain fell in Oslo.",))
    oracle = SUMMARIZERS.get("oracle").from_config({"budget": budget})
    assert oracle.summarize([example]) == [""]
    # A sentence that does share words is still taken (and cut to a word budget).
    source = "Rain fell in Oslo on Monday morning. Dogs bark."
    shared = Example("y", source, ("Rain fell in Oslo.",))
    assert oracle.summarize([shared])[0].startswith("Rain fell in Oslo")

def test_human_gives_one_candidate_per_reference(seed_dataset):
    candidates = make("human").candidates(list(seed_dataset))
    assert len(candidates) == 3 * len(seed_dataset)
    first = seed_dataset.examples[0]
    assert [c.held_out for c in candidates[:3]] == [0, 1, 2]
    assert candidates[1].text == first.references[1]


def _write(path: Path, records) -> Path:
    path.write_text("".join(r if isinstance(r, str) else json.dumps(r) + "\n" for r in records))
    return path


def test_predictions_file_missing_ids_are_failures(tmp_path, seed_dataset):
    path = _write(tmp_path / "p.jsonl", [{"id": "nk-001-wire", "summary": "A diplomat left."}])
    candidates = make("predictions", path=str(path)).candidates(list(seed_dataset))
    by_id = {c.example_id: c for c in candidates}
    assert by_id["nk-001-wire"].error is None
    assert by_id["nk-002-ap"].error and "no prediction" in by_id["nk-002-ap"].error


@pytest.mark.parametrize(
    ("records", "message"),
    [
        (
            [{"id": "nk-001-wire", "summary": "a"}, {"id": "nk-001-wire", "summary": "b"}],
            "appears twice",
        ),
        ([{"id": "nope", "summary": "a"}], "'nope' is not in the dataset"),
        ([{"id": "nk-001-wire", "summary": 3}], "int, not text"),
        ([{"id": "nk-001-wire"}], 'missing field "summary"'),
        ([{"id": "nk-001-wire", "summary": "a"}, '{"id": "nk-002-ap", "summ'], "not valid JSON"),
    ],
)
def test_predictions_file_errors_name_the_line(tmp_path, seed_dataset, records, message):
    path = _write(tmp_path / "p.jsonl", records)
    with pytest.raises(DatasetError, match=message) as err:
        make("predictions", path=str(path)).candidates(list(seed_dataset))
    assert f"{path}:{len(records)}" in str(err.value)


def test_predictions_from_csv(tmp_path, seed_dataset):
    path = tmp_path / "p.csv"
    path.write_text(
        '\ufeffid,summary\nnk-001-wire,"A diplomat, in Cuba, defected.\nHe was 52."\n'
        "nk-002-ap,Second.\n",
        encoding="utf-8",
    )
    candidates = make("predictions", path=str(path)).candidates(list(seed_dataset))
    by_id = {c.example_id: c.text for c in candidates}
    assert by_id["nk-001-wire"] == "A diplomat, in Cuba, defected.\nHe was 52."  # quoted newline
    assert by_id["nk-002-ap"] == "Second."  # and the byte-order mark did not eat the "id" column


def test_unknown_summarizer_suggests_the_closest_name():
    with pytest.raises(
        RegistryError, match=r'unknown summarizer "texrank"\. Did you mean "textrank"'
    ):
        SUMMARIZERS.get("texrank")


def test_import_strings_load_user_code():
    cls = SUMMARIZERS.get("tests.user_plugins:FirstWords")
    assert cls.name == "FirstWords"
    with pytest.raises(RegistryError, match="cannot import module"):
        SUMMARIZERS.get("tests.no_such_module:Thing")
    with pytest.raises(RegistryError, match="is not a summarizer"):
        SUMMARIZERS.get("tests.user_plugins:NotASummarizer")


def test_bad_arguments_name_the_key():
    with pytest.raises(ConfigError, match=r"args\.budgte: unknown key\. Did you mean \"budget\""):
        make("lead", budgte={"sentences": 2})
    with pytest.raises(ConfigError, match="exactly one of"):
        make("lead", budget={"sentences": 2, "words": 10})
