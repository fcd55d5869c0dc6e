"""Metric sensitivity probes: corruptions are controlled and reproducible; the checklist sees
the errors that overlap metrics barely register."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bench.cli import main
from bench.sensitivity.corruptions import KINDS, corrupt
from bench.text.entities import entities

SUMMARY = (
    "South Korea's spy agency said on Tuesday that Ri Il Kyu, a North Korean diplomat in "
    "Cuba, fled to the South in November. He was 52."
)


def _corrupt(kind: str, seed: int = 1):
    return corrupt(
        kind,
        SUMMARY,
        source="Tae Yong-ho defected in 2016 from London.",
        distractors=["Some want to go back."],
        rng=np.random.default_rng(seed),
    )


def test_entities_skip_function_words_and_dates():
    assert entities("The Chosun Ilbo said on Tuesday that Ri Il Kyu left in November.") == [
        "Chosun Ilbo",
        "Ri Il Kyu",
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_each_corruption_is_reproducible_and_changes_the_text(kind):
    first, again = _corrupt(kind), _corrupt(kind)
    assert first == again
    assert first.kind == kind and first.text != SUMMARY


def test_corruptions_change_one_thing():
    assert _corrupt("number").text.count(" ") == SUMMARY.count(" ")
    assert " not " in _corrupt("negation").text
    assert "Some want to go back." in _corrupt("insertion").text
    assert sorted(_corrupt("shuffle").text.split()) == sorted(SUMMARY.split())
    entity = _corrupt("entity")
    assert any(e in entity.text for e in ("Tae Yong-ho", "London"))


def test_probe_on_the_seed_set(tmp_path, capsys):
    config = tmp_path / "probe.yaml"
    config.write_text(
        "name: probe-test\n"
        "dataset: {path: seeds/nk-diplomat, config: all}\n"
        "summarizers: [{type: lead}]\n"
        "metrics: [{type: rouge}, {type: checklist, args: {matcher: {type: lexical}}}]\n"
        "seed: 13\n"
    )
    out = tmp_path / "out"
    assert main(["probe", str(config), "--output", str(out)]) == 0
    cells = {
        (c["metric"], c["kind"]): c for c in json.loads((out / "probe.json").read_text())["cells"]
    }
    # Negations: fact recall falls by a large share, ROUGE-1 by a sliver.
    assert cells[("fact_recall", "negation")]["mean_relative"] < -0.2
    assert cells[("rouge1_f", "negation")]["mean_relative"] > -0.05
    # The real spun copy: its errors are stated contradictions.
    assert cells[("contradictions", "spun (real)")]["mean_delta"] >= 3
    pairs = [json.loads(x) for x in (out / "probe_pairs.jsonl").open()]
    assert {p["kind"] for p in pairs} == {*KINDS, "spun (real)"}
    assert "| Checklist (recall ↓ or contradiction ↑) |" in capsys.readouterr().out


def test_a_single_reference_dataset_cannot_be_probed(tmp_path, capsys):
    """Each reference is scored against the others; with one there are none (it used to be
    scored against itself, and every corruption counted as noticed)."""
    data = tmp_path / "one.jsonl"
    data.write_text(
        "".join(
            json.dumps(
                {"id": f"d{i}", "source": f"Anna met Bob in Paris in {2000 + i}.",
                 "references": [f"Anna met Bob in Paris in {2000 + i}."]}
            )
            + "\n"
            for i in range(3)
        )
    )
    config = tmp_path / "c.yaml"
    config.write_text(
        f"name: one\ndataset: {{path: '{data}'}}\nsummarizers: [{{type: lead}}]\n"
        "metrics: [{type: rouge}]\n"
    )
    assert main(["probe", str(config), "--output", str(tmp_path / "out")]) == 2
    assert "at least two per example" in capsys.readouterr().err
