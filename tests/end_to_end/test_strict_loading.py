"""Strict loading, line splitting and config bounds (issue 12), through the command line.

Every value the loaders used to coerce (a null reference became the text "None", a string
checklist its letters, CSV ids ``007`` the number 7...) is now refused with one paragraph that
names the file, the line (or row), the field and what was found; `summbench validate` refuses
it too, before any work. Exit code 2 in every case.
"""

from __future__ import annotations

import json
import sys

import pytest

from bench.cli import main
from bench.jsonlines import split_lines

from ..builders import ROOT, jsonl, write

GOOD = {"id": "a", "source": "The cat sat. It was happy.", "references": ["A cat sat."]}
CONFIG = (
    "name: s\ndataset: {{path: {dataset}{extra}}}\nsummarizers: [{summarizer}]\n"
    "metrics: [{{type: rouge}}]\ncache: {{enabled: false}}\n{tail}"
)



def _dataset(name: str, content: str | bytes, extra: str = ""):
    """A config over a dataset file ``name`` holding ``content``."""

    def build(tmp_path):
        path = write(tmp_path, name, content)
        return CONFIG.format(dataset=path, extra=extra, summarizer="{type: lead}", tail="")

    return build


def _predictions(content: str | bytes, name: str = "p.jsonl"):
    """A config over a good one-example dataset and a predictions file holding ``content``."""

    def build(tmp_path):
        dataset = write(tmp_path, "d.jsonl", jsonl(GOOD))
        path = write(tmp_path, name, content)
        return CONFIG.format(
            dataset=dataset,
            extra="",
            summarizer=f"{{type: predictions, args: {{path: {path}}}}}",
            tail="",
        )

    return build


def _config(tail: str = "", replace: tuple[str, str] = ("", "")):
    """The seed-dataset config with ``tail`` appended (and one replacement)."""

    def build(tmp_path):
        text = CONFIG.format(
            dataset="seeds/nk-diplomat, config: articles",
            extra="",
            summarizer="{type: lead}",
            tail=tail,
        )
        return text.replace(*replace)

    return build


def _row(**fields) -> str:
    return jsonl(GOOD, {**GOOD, "id": "b", **fields})


# (case, config builder, words the one-paragraph message must contain)
DATASET_CASES = [
    # The "silently coerces" paragraph, row by row.
    (
        "null inside references",
        _dataset("d.jsonl", _row(references=["x", None])),
        ["d.jsonl:2", 'field "references[1]"', "found null", "expected a string"],
    ),
    (
        "nested list as a reference",
        _dataset("d.jsonl", _row(references=[["x", "y"]])),
        ["d.jsonl:2", 'field "references[0]"', "found a list ['x', 'y']"],
    ),
    (
        "object as references",
        _dataset("d.jsonl", _row(references={"k": "x"})),
        ["d.jsonl:2", 'field "references"', "found an object {'k': 'x'}", "list of strings"],
    ),
    (
        "a number as references",
        _dataset("d.jsonl", _row(references=5)),
        ["d.jsonl:2", 'field "references"', "found the number 5"],
    ),
    (
        "a string as checklist",
        _dataset("d.jsonl", _row(checklist="Cat")),
        ["d.jsonl:2", 'field "checklist"', "found the string 'Cat'", "expected a list"],
    ),
    (
        "a list as source",
        _dataset("d.jsonl", _row(source=["The cat.", "It sat."])),
        ["d.jsonl:2", 'field "source"', "found a list ['The cat.', 'It sat.']"],
    ),
    (
        "mapping onto a column that exists",
        _dataset(
            "d.jsonl", jsonl({**GOOD, "article": "Other text."}), ", columns: {article: source}"
        ),
        ["d.jsonl:1", 'renames "article" to "source"', 'already has a "source" column'],
    ),
    (
        "two columns mapped to one",
        _dataset(
            "d.jsonl",
            jsonl({"id": "a", "x": "S.", "y": "T.", "references": "R."}),
            ", columns: {x: source, y: source}",
        ),
        ["d.jsonl:1", 'renames 2 columns to "source"'],
    ),
    (
        "ids 1 and 2.5",
        _dataset("d.jsonl", jsonl({**GOOD, "id": 1}, {**GOOD, "id": 2.5})),
        ["d.jsonl:2", 'field "id"', "found the number 2.5", 'e.g. "007"'],
    ),
    (
        "id 1.0",
        _dataset("d.jsonl", jsonl({**GOOD, "id": 1.0})),
        ["d.jsonl:1", 'field "id"', "found the number 1.0"],
    ),
    (
        "id true",
        _dataset("d.jsonl", jsonl({**GOOD, "id": True})),
        ["d.jsonl:1", 'field "id"', "found true"],
    ),
    (
        "id null",
        _dataset("d.jsonl", _row(id=None)),
        ["d.jsonl:2", 'field "id"', "found null"],
    ),
    # Crashes the issue lists, and neighbours of the rows above.
    (
        "duplicate key in a dataset row",
        _dataset("d.jsonl", jsonl(GOOD) + '{"id": "b", "source": "S.", "source": "T."}\n'),
        ["d.jsonl:2", "key 'source' appears twice"],
    ),
    (
        "NaN in a dataset row",
        _dataset("d.jsonl", jsonl(GOOD) + '{"id": "b", "source": "S.", "references": NaN}\n'),
        ["d.jsonl:2", "NaN is not JSON"],
    ),
    (
        "a row without the id the others have",
        _dataset("d.jsonl", jsonl(GOOD, {"source": "S.", "references": "R."})),
        ["d.jsonl:2", 'has no "id" field'],
    ),
    (
        "null as source",
        _dataset("d.jsonl", _row(source=None)),
        ["d.jsonl:2", 'field "source"', "found null"],
    ),
    (
        "null as references",
        _dataset("d.jsonl", _row(references=None)),
        ["d.jsonl:2", 'field "references"', "found null"],
    ),
    (
        "a number as a checklist item",
        _dataset("d.jsonl", _row(checklist=[5])),
        ["d.jsonl:2", 'field "checklist[0]"', "found the number 5", "an object"],
    ),
    (
        "an unknown key in a checklist fact",
        _dataset("d.jsonl", _row(checklist=[{"text": "A cat sat.", "weigth": 2}])),
        ["d.jsonl:2", 'field "checklist[0]"', "unknown key 'weigth'", "fact_id, id, text"],
    ),
    (
        "a checklist fact without text",
        _dataset("d.jsonl", _row(checklist=[{"fact_id": "f"}])),
        ["d.jsonl:2", 'field "checklist[0].text"', "found null"],
    ),
    (
        "a reference index as a string",
        _dataset("d.jsonl", _row(checklist=[{"text": "A cat.", "references": ["0"]}])),
        ["d.jsonl:2", 'field "checklist[0].references[0]"', "found the string '0'"],
    ),
    (
        "a negative weight",
        _dataset("d.jsonl", _row(checklist=[{"text": "A cat.", "weight": -1}])),
        ["d.jsonl:2", 'field "checklist[0].weight"', "found the number -1", "from 0 to 1e+06"],
    ),
    (
        "a weight whose sum overflows",
        _dataset("d.jsonl", _row(checklist=[{"text": "A cat.", "weight": 1e308}])),
        ["d.jsonl:2", 'field "checklist[0].weight"', "from 0 to 1e+06"],
    ),
    (
        "a string as a synonym group",
        _dataset("d.jsonl", _row(aliases=["cat"])),
        ["d.jsonl:2", 'field "aliases[0]"', "found the string 'cat'"],
    ),
    (
        "a string as probes",
        _dataset("d.jsonl", _row(probes="false claim")),
        ["d.jsonl:2", 'field "probes"', "found the string 'false claim'"],
    ),
    (
        "a number as noise",
        _dataset("d.jsonl", _row(noise=3)),
        ["d.jsonl:2", 'field "noise"', "found the number 3"],
    ),
    (
        "a bad row in a JSON array",
        _dataset("d.json", '[\n  {"id": "a", "source": "S.", "references": "R."},\n'
                 '  {"id": "b", "source": "S.",\n   "references": [null]}\n]\n'),
        ["d.json:3", 'field "references[0]"', "found null"],
    ),
    (
        "a checklist column in a CSV",
        _dataset("d.csv", "id,source,references,checklist\na,The cat sat.,A cat.,Cat\n"),
        ["d.csv:2", 'field "checklist"', "found the string 'Cat'"],
    ),
    (
        "a CSV header naming a column twice",
        _dataset("d.csv", "id,source,references,source\na,S.,R.,T.\n"),
        ["d.csv:1", "names column 'source' twice"],
    ),
    (
        "an empty id in a CSV",
        _dataset("d.csv", 'id,source,references\n"",S.,R.\n'),
        ["d.csv", "empty id"],
    ),
    (
        "a raw control character ends no line",  # \x0b is not JSON; the error is on line 2
        _dataset("d.jsonl", jsonl(GOOD) + '{"id": "b", "source": "S.\x0bT.", "references": "R."}\n'
                 + jsonl({**GOOD, "id": "c"})),
        ["d.jsonl:2", "not valid JSON", "Invalid control character"],
    ),
]

PREDICTION_CASES = [
    ("empty predictions file", _predictions(""), ["p.jsonl", "no records", "leave its file out"]),
    (
        "predictions file of blank lines",
        _predictions("\n\n"),
        ["p.jsonl", "no records"],
    ),
    (
        "predictions CSV with a header only",
        _predictions("id,summary\n", name="p.csv"),
        ["p.csv", "no records"],
    ),
    (
        "duplicate key in a predictions row",
        _predictions('{"id": "a", "summary": "x", "summary": "y"}\n'),
        ["p.jsonl:1", "key 'summary' appears twice"],
    ),
    (
        "a float id in predictions",
        _predictions(jsonl({"id": 1.0, "summary": "x"})),
        ["p.jsonl:1", 'field "id"', "found the number 1.0"],
    ),
    (
        "a null system name",
        _predictions(jsonl({"id": "a", "summary": "x", "system": None})),
        ["p.jsonl:1", 'field "system"', "found null"],
    ),
    (
        "a raw control character in predictions is on its own line",
        _predictions('{"id": "a", "summary": "x\u2028y"}\n{"id": "b", "summary": "x\x1cy"}\n'),
        ["p.jsonl:2", "not valid JSON"],
    ),
]

BOMB = "name: b\na: &a [" + ",".join(['"lol"'] * 9) + "]\n" + "".join(
    f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]\n" for p, n in zip("abcdefgh", "bcdefghi")
)
MERGE_BOMB = "name: b\nl0: &l0 {k: v}\n" + "".join(
    f"l{i}: &l{i} {{<<: [*l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}], k{i}: v}}\n"
    for i in range(1, 13)
)

CONFIG_CASES = [
    ("seed -1", _config("seed: -1\n"), ["c.yaml", "seed:", "greater than or equal to 0", "-1"]),
    (
        "seed beyond 2**32-1",
        _config("seed: 4294967296\n"),
        ["seed:", "less than or equal to 4294967295"],
    ),
    (
        "random summarizer seed -1",
        _config(replace=("{type: lead}", "{type: random, args: {seed: -1}}")),
        ["summarizers[0].args.seed", "greater than or equal to 0"],
    ),
    (
        "resamples 99999999999999",
        _config("leaderboard: {stats: {resamples: 99999999999999}}\n"),
        ["leaderboard.stats.resamples", "less than or equal to 100000"],
    ),
    (
        "trials beyond the bound",
        _config("leaderboard: {stats: {trials: 100001}}\n"),
        ["leaderboard.stats.trials", "less than or equal to 100000"],
    ),
    (
        "YAML alias bomb",
        lambda t: BOMB + "seed: *i\n",
        ["c.yaml", "more than 100,000 values", "aliases"],
    ),
    (
        "YAML merge-key bomb",
        lambda t: MERGE_BOMB,
        ["c.yaml", "more than 100,000 values"],
    ),
    ("recursive YAML alias", lambda t: "name: &n [*n]\n", ["c.yaml", "contains it"]),
    ("YAML nested too deeply", lambda t: "name: " + "[" * 5000, ["c.yaml", "nested too deeply"]),
    (
        "a key given twice",
        _config("seed: 1\nseed: 2\n"),
        ["c.yaml:7", "key 'seed' is given twice"],
    ),
    (
        "a config over 1 MB",
        _config("description: " + "x" * 1_000_001 + "\n"),
        ["c.yaml", "larger than 1,000,000 bytes"],
    ),
]


def _run_and_validate(tmp_path, capsys, build) -> list[str]:
    """The error paragraph of `validate` and of `run` on the built config (both must exit 2)."""
    config = tmp_path / "c.yaml"
    config.write_text(build(tmp_path), encoding="utf-8")
    messages = []
    for argv in (
        ["validate", str(config)],
        ["run", str(config), "--output", str(tmp_path / "out"), "--quiet"],
    ):
        code = main(argv)
        err = capsys.readouterr().err
        assert code == 2, (argv[0], err)
        assert "Traceback" not in err
        message = err.strip().splitlines()[-1]
        assert message.startswith("summbench: error: "), message
        messages.append(message)
    return messages


CASES = DATASET_CASES + PREDICTION_CASES + CONFIG_CASES


@pytest.mark.parametrize("case, build, words", CASES, ids=[c[0] for c in CASES])
def test_refused_by_validate_and_by_run(tmp_path, capsys, case, build, words):
    for message in _run_and_validate(tmp_path, capsys, build):
        for word in words:
            assert word in message, (word, message)
        assert len(message) < 1500, message[:300]  # never an unbounded echo


def test_an_unbounded_value_is_not_echoed(tmp_path, capsys):
    long = "x" * 200_000
    builders = [
        _config(f"seed: {long}\n"),
        _config(f"{long}: 1\n"),
        _config(replace=("{type: lead}", f"{{type: {long}}}")),
        _dataset("d.jsonl", _row(references=[long, None])),
        _dataset("d.jsonl", _row(source={long: long})),
    ]
    for build in builders:
        for message in _run_and_validate(tmp_path, capsys, build):
            assert len(message) < 1000, message[:300]


def test_metrics_option_with_no_name(tmp_path, capsys):
    dataset = write(tmp_path, "d.jsonl", jsonl(GOOD))
    predictions = write(tmp_path, "p.jsonl", jsonl({"id": "a", "summary": "A cat."}))
    for value in (",", " , ", ""):
        code = main(
            ["score", "--dataset", dataset, "--predictions", predictions, "--metrics", value]
        )
        err = capsys.readouterr().err
        assert code == 2, err
        assert "--metrics: no metric name" in err


def test_csv_ids_stay_text_and_integers_are_exact(tmp_path, capsys):
    dataset = write(
        tmp_path, "d.csv", "id,source,references\n007,The cat sat. It was happy.,A cat sat.\n"
    )
    predictions = write(tmp_path, "p.jsonl", jsonl({"id": "007", "summary": "A cat sat."}))
    out = tmp_path / "out"
    argv = ["score", "--dataset", dataset, "--predictions", predictions, "--metrics", "rouge"]
    assert main([*argv, "--output", str(out), "--quiet"]) == 0, capsys.readouterr().err
    (record,) = [json.loads(x) for x in (out / "scores.jsonl").read_text().split("\n") if x]
    assert record["example_id"] == "007" and not record["failed"]

    from bench.data import DatasetSpec, load_examples

    ints = write(tmp_path, "i.jsonl", jsonl({**GOOD, "id": 1}, {**GOOD, "id": 10**30}))
    assert [e.id for e in load_examples(DatasetSpec(path=ints))] == ["1", str(10**30)]


def test_valid_forms_still_load(tmp_path):
    """What the README documents as accepted keeps loading: one string as references, plain
    strings and objects as checklist facts, a JSON array file, nulls for optional fields."""
    from bench.data import DatasetSpec, load_examples

    rows = [
        {
            "id": "a",
            "source": "The cat sat.",
            "references": "A cat sat.",
            "checklist": ["a cat sat", {"fact_id": "f", "text": "it sat", "keys": "sat"}],
            "probes": None,
            "aliases": [["cat", "feline"]],
            "noise": None,
            "extra": {"anything": [1, None]},
        }
    ]
    path = write(tmp_path, "d.json", json.dumps(rows, indent=2))
    (example,) = load_examples(DatasetSpec(path=path)).examples
    assert example.references == ("A cat sat.",)
    assert [(f.id, f.text, f.weight, f.keys) for f in example.checklist] == [
        ("fact0", "a cat sat", 1.0, ()),
        ("f", "it sat", 1.0, ("sat",)),
    ]
    assert example.aliases == (("cat", "feline"),) and example.meta == {
        "extra": {"anything": [1, None]}
    }


SEPARATORS = "\u2028\u2029\x85"  # valid raw inside a JSON string; str.splitlines cuts at each


def test_json_lines_are_cut_at_newline_only():
    text = "".join(f'{{"s": "a{c}b"}}\n' for c in SEPARATORS + "\x0b\x0c\x1c\x1d\x1e\r")
    assert len(split_lines(text)) == 9
    assert len(text.splitlines()) > 9  # what the old readers did


def test_separators_inside_predictions_stay_in_their_summary(tmp_path, capsys):
    rows = [{**GOOD, "id": f"d{i}", "source": f"Story {i} begins. More."} for i in range(3)]
    dataset = write(tmp_path, "d.jsonl", jsonl(*rows))
    summaries = {f"d{i}": f"Story {i}{SEPARATORS}begins." for i in range(3)}
    lines = [json.dumps({"id": k, "summary": v}, ensure_ascii=False) for k, v in summaries.items()]
    assert SEPARATORS[0] in lines[0]  # unescaped, as many JSON writers leave them
    predictions = write(tmp_path, "p.jsonl", "\n".join(lines) + "\n")
    out = tmp_path / "out"
    argv = ["score", "--dataset", dataset, "--predictions", predictions, "--metrics", "rouge"]
    assert main([*argv, "--output", str(out), "--quiet"]) == 0, capsys.readouterr().err
    written = [json.loads(x) for x in (out / "predictions.jsonl").read_text().split("\n") if x]
    assert {r["example_id"]: r["summary"] for r in written} == summaries


def test_separators_in_a_commands_output_do_not_shift_summaries(seed_dataset):
    """Lines without ids are matched by order: a cut inside one would move every later
    summary onto the wrong example (d2 scored with d1's summary)."""
    from bench.summarizers import SUMMARIZERS

    script = str(ROOT / "tests" / "data" / "first_sentence.py")
    summarizer = SUMMARIZERS.get("command").from_config(
        {"command": [sys.executable, script, "separators"]}
    )
    examples = list(seed_dataset)[:3]
    out = summarizer.candidates(examples)
    for n, (example, candidate) in enumerate(zip(examples, out, strict=True)):
        assert candidate.error is None, candidate.error
        first = example.source.split(". ")[0].strip().rstrip(".") + "."
        assert candidate.text == f"{first}{SEPARATORS} {n}"
