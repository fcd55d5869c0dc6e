"""Bad input through the command line: each gets one paragraph naming the file, line or key,
and the fix; a non-zero exit code; no traceback. Odd but valid text goes through."""

from __future__ import annotations

import json

import pytest

from bench.cli import main

from ..builders import jsonl, write

GOOD_ROW = {"id": "a", "source": "The cat sat. It was happy.", "references": ["A cat sat."]}
CONFIG = (
    "name: b\ndataset: {{path: {dataset}}}\nsummarizers: [{summarizer}]\n"
    "metrics: [{{type: rouge}}]\ncache: {{enabled: false}}\n"
)



def _predictions(tmp_path, content: str | bytes) -> str:
    dataset = write(tmp_path, "d.jsonl", jsonl(GOOD_ROW))
    path = write(tmp_path, "p.jsonl", content)
    return CONFIG.format(
        dataset=dataset, summarizer=f"{{type: predictions, args: {{path: {path}}}}}"
    )


def _dataset(tmp_path, name: str, content: str | bytes) -> str:
    return CONFIG.format(dataset=write(tmp_path, name, content), summarizer="{type: lead}")


SEED = CONFIG.format(dataset="seeds/nk-diplomat", summarizer="{type: lead}")

# (case, config text builder, words the message must contain)
CASES = [
    ("not YAML", lambda t: "name: [b\n  x: : :", ["c.yaml:2:4", "not valid YAML"]),
    ("YAML that is a list", lambda t: "- a\n- b\n", ["c.yaml", "mapping"]),
    ("unknown key", lambda t: SEED + "sumarizers: []\n", ['Did you mean "summarizers"']),
    ("wrong type", lambda t: SEED.replace("name: b", "name: b\nseed: abc"), ["seed:", "integer"]),
    ("misspelt summarizer", lambda t: SEED.replace("lead", "leda"), ['Did you mean "lead"']),
    ("misspelt metric", lambda t: SEED.replace("rouge", "rouje"), ['Did you mean "rouge"']),
    (
        "import string that does not import",
        lambda t: SEED.replace("{type: lead}", "{type: 'nope.module:Class'}"),
        ['cannot import module "nope.module"', "summarizers[0].type"],
    ),
    (
        "import string that is not a summarizer",
        lambda t: SEED.replace("{type: lead}", "{type: 'tests.user_plugins:NotASummarizer'}"),
        ["summarizers[0]", "NotASummarizer"],
    ),
    (
        "plugin that raises on construction",
        lambda t: SEED.replace("{type: lead}", "{type: 'tests.user_plugins:Exploding'}"),
        ["summarizers[0]", "could not be built", "weights file /models/x.bin is missing"],
    ),
    (
        "missing dataset file",
        lambda t: CONFIG.format(dataset="./none.jsonl", summarizer="{type: lead}"),
        ["none.jsonl", "no such file"],
    ),
    (
        "wrong columns",
        lambda t: _dataset(t, "w.jsonl", jsonl({"id": "a", "text": "x", "references": ["y"]})),
        ['no "source" column', "columns:"],
    ),
    (
        "empty source",
        lambda t: _dataset(t, "e.jsonl", jsonl({**GOOD_ROW, "source": " "})),
        ["example 'a': empty source"],
    ),
    (
        "no references",
        lambda t: _dataset(t, "n.jsonl", jsonl({**GOOD_ROW, "references": []})),
        ["example 'a': no references"],
    ),
    (
        "duplicate ids",
        lambda t: _dataset(t, "u.jsonl", jsonl(GOOD_ROW, GOOD_ROW)),
        ["duplicate ids: a"],
    ),
    (
        "non-UTF-8 bytes",
        lambda t: _dataset(t, "b.jsonl", jsonl(GOOD_ROW).encode() + b'{"id": "\xff"}\n'),
        ["b.jsonl:2", "0xff", "not UTF-8"],
    ),
    (
        "ragged CSV row",
        lambda t: _dataset(t, "r.csv", "id,source,references\na,The cat.,A cat.,extra\n"),
        ["r.csv:2", "4 fields", "header has 3"],
    ),
    (
        "prediction id not in the dataset",
        lambda t: _predictions(t, jsonl({"id": "zzz", "summary": "x"})),
        ["p.jsonl:1", "'zzz' is not in the dataset"],
    ),
    (
        "duplicate prediction",
        lambda t: _predictions(t, jsonl({"id": "a", "summary": "x"}) * 2),
        ["p.jsonl:2", "appears twice"],
    ),
    (
        "non-UTF-8 predictions",
        lambda t: _predictions(t, b'{"id": "a", "summary": "caf\xe9"}\n'),
        ["p.jsonl:1", "0xe9", "not UTF-8"],
    ),
    (
        "non-string summary",
        lambda t: _predictions(t, jsonl({"id": "a", "summary": 5})),
        ["p.jsonl:1", "int, not text"],
    ),
    (
        "truncated last line",
        lambda t: _predictions(t, '{"id": "a", "summ'),
        ["p.jsonl:1", "truncated last line"],
    ),
]


@pytest.mark.parametrize("case, build, words", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_one_clear_paragraph(tmp_path, capsys, case, build, words):
    config = tmp_path / "c.yaml"
    config.write_text(build(tmp_path), encoding="utf-8")
    code = main(["run", str(config), "--output", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    message = err.strip().splitlines()[-1]
    assert message.startswith("summbench: error: ")
    for word in words:
        assert word in message, (word, message)


def test_a_csv_with_a_bom_loads(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text(
        _dataset(tmp_path, "bom.csv", "\ufeffid,source,references\na,The cat sat.,A cat sat.\n")
    )
    assert main(["run", str(config), "--output", str(tmp_path / "out"), "--quiet"]) == 0


def test_missing_and_empty_predictions_are_shown_not_dropped(tmp_path):
    rows = [GOOD_ROW, {**GOOD_ROW, "id": "b"}, {**GOOD_ROW, "id": "c"}]
    dataset = write(tmp_path, "d.jsonl", jsonl(*rows))
    predictions = write(
        tmp_path,
        "p.jsonl",
        jsonl({"id": "a", "summary": "A cat."}, {"id": "b", "summary": "  \n"}),
    )
    config = tmp_path / "c.yaml"
    config.write_text(
        CONFIG.format(
            dataset=dataset, summarizer=f"{{type: predictions, args: {{path: {predictions}}}}}"
        )
    )
    out = tmp_path / "out"
    assert main(["run", str(config), "--output", str(out), "--quiet"]) == 0
    records = {
        r["example_id"]: r
        for r in map(json.loads, (out / "predictions.jsonl").read_text().splitlines())
    }
    assert records["b"]["note"].startswith("empty summary")
    assert "no prediction" in records["c"]["error"]
    board = json.loads((out / "leaderboard.json").read_text())
    (row,) = board["rows"]
    assert row["failed"] == 1 and row["n"] == 2  # the missing one counted as failed


ODD_TEXTS = {
    "emoji": "The cat 🐈 sat 👍🏽 on the mat. 🎉",
    "right-to-left": "القطة جلست على الحصيرة. החתול ישב.",
    "CJK without spaces": "猫がマットの上に座った。北京外交官叛逃。",
    "combining marks": "The cafe\u0301 cat sat; naïve e\u0308.",
    "control characters": "The cat\x00 sat\x07 on\x1b the\u202e mat.",
    "1 MB summary": "The cat sat on the mat. " * 44_000,
}


def test_odd_text_goes_through_a_whole_run(tmp_path):
    dataset = write(tmp_path, "d.jsonl", jsonl(*[{**GOOD_ROW, "id": k} for k in ODD_TEXTS]))
    predictions = write(
        tmp_path, "p.jsonl", jsonl(*[{"id": k, "summary": v} for k, v in ODD_TEXTS.items()])
    )
    config = tmp_path / "c.yaml"
    config.write_text(
        CONFIG.format(
            dataset=dataset, summarizer=f"{{type: predictions, args: {{path: {predictions}}}}}"
        ).replace(
            "[{type: rouge}]", "[{type: rouge, args: {tokenizer: unicode}}, {type: textstats}]"
        )
    )
    out = tmp_path / "out"
    assert main(["run", str(config), "--output", str(out), "--quiet"]) == 0
    scores = [json.loads(line) for line in (out / "scores.jsonl").read_text().splitlines()]
    assert len(scores) == len(ODD_TEXTS) and not any(r["failed"] for r in scores)
    for record in scores:
        assert all(v is None or v >= 0 or k == "words" for k, v in record["scores"].items())


def test_bertscore_reports_every_truncated_text(seed_dataset):
    from bench.data.schema import Example
    from bench.metrics.base import ScoringItem
    from bench.metrics.bertscore import BertScoreMetric

    long = " ".join(["The diplomat defected to Seoul in November."] * 120)  # ~1,000 tokens
    metric = BertScoreMetric.from_config({})
    short, cut = metric.score(
        [
            ScoringItem("A diplomat defected.", Example("x", "s", ("He left.",))),
            ScoringItem(long, Example("y", "s", ("He left.", long))),
        ]
    )
    assert "truncated" not in short.details
    assert cut.details["truncated"] == "candidate, reference 2 cut to 512 tokens"


def test_a_checklist_fact_outside_the_inventory_is_named(seed_dataset):
    from bench.data.checks import check_examples
    from bench.errors import DatasetError

    example = seed_dataset.by_id()["nk-001-wire"]
    missing = example.checklist[0].id
    inventory = {f.id: f.text for f in example.checklist[1:]}  # the first fact is missing
    with pytest.raises(DatasetError, match=f"checklist fact '{missing}' is not in the inventory"):
        check_examples([example], where="facts.yaml", inventory=inventory)
