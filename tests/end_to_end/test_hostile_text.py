"""Text that is valid JSON/YAML but not writable or not safe to print: lone surrogates
("\\ud800" escapes) are refused naming file, line and field (exit 2, never the rc-1 "bug"
message), and terminal escapes in names reach the terminal only as visible text."""

from __future__ import annotations

import json

import pytest

from bench.cli import main
from bench.console import terminal_text
from bench.data.schema import Example
from bench.experiment.generate import progress
from bench.summarizers.command import CommandSummarizer

from ..builders import jsonl, write

GOOD = {"id": "a", "source": "The cat sat. It was happy.", "references": ["A cat sat."]}
CONFIG = (
    "name: {name}\ndataset: {{path: {dataset}}}\nsummarizers: [{summarizer}]\n"
    "metrics: [{{type: rouge}}]\ncache: {{enabled: false}}\n"
)


def _config(tmp_path, *, dataset=None, predictions=None, name="b") -> str:
    dataset = dataset or write(tmp_path, "d.jsonl", jsonl(GOOD))
    summarizer = "{type: lead}"
    if predictions is not None:
        path = write(tmp_path, "p.jsonl", predictions)
        summarizer = f"{{type: predictions, args: {{path: {path}}}}}"
    return CONFIG.format(name=name, dataset=dataset, summarizer=summarizer)


SURROGATE_CASES = [
    (
        "a dataset reference",
        lambda t: _config(t, dataset=write(t, "d.jsonl", jsonl(GOOD, {**GOOD, "id": "b",
                          "references": ["fine", "bad \ud800"]}))),
        ["d.jsonl:2", 'field "references[1]"', "\\ud800"],
    ),
    (
        "a row of a JSON array",
        lambda t: _config(t, dataset=write(t, "d.json", "[\n" + json.dumps(GOOD) + ",\n"
                          + json.dumps({**GOOD, "id": "\udc00b"}) + "\n]\n")),
        ["d.json:3", 'field "id"', "\\udc00"],
    ),
    (
        "a summary",
        lambda t: _config(t, predictions=jsonl({"id": "a", "summary": "half \ud83d"})),
        ["p.jsonl:1", 'field "summary"', "\\ud83d"],
    ),
    (
        "a system name",
        lambda t: _config(t, predictions=jsonl({"id": "a", "summary": "s", "system": "x\ud800"})),
        ["p.jsonl:1", 'field "system"', "\\ud800"],
    ),
    (
        "the experiment name in YAML",
        lambda t: _config(t, name='"exp\\ud800"'),
        ["c.yaml:1", "\\ud800"],
    ),
]


@pytest.mark.parametrize("case, build, words", SURROGATE_CASES, ids=[c[0] for c in SURROGATE_CASES])
def test_a_lone_surrogate_is_refused_naming_file_line_and_field(
    tmp_path, capsys, case, build, words
):
    config = tmp_path / "c.yaml"
    config.write_text(build(tmp_path), encoding="utf-8")
    assert main(["run", str(config), "--output", str(tmp_path / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err
    for word in words:
        assert word in err, (word, err)
    assert "surrogate" in err and "Fix:" in err and "bug" not in err


def test_a_surrogate_pair_is_a_character_and_goes_through(tmp_path):
    emoji = {"id": "a", "summary": "a cat sat \ud83d\ude00"}  # json.dumps writes the pair
    assert "\\ud83d\\ude00" in jsonl(emoji)
    config = tmp_path / "c.yaml"
    config.write_text(_config(tmp_path, predictions=jsonl(emoji)), encoding="utf-8")
    assert main(["run", str(config), "--output", str(tmp_path / "out"), "--quiet"]) == 0
    written = json.loads((tmp_path / "out" / "predictions.jsonl").read_text(encoding="utf-8"))
    assert written["summary"] == "a cat sat \U0001f600"


def test_a_command_line_argument_that_is_not_utf8_is_refused(capsys):
    # Python hands undecodable argv bytes over as lone surrogates (surrogateescape).
    assert main(["score", "--hyp", "out\udcff.txt", "--refs", "r.txt"]) == 2
    err = capsys.readouterr().err
    assert "argument 3 (out\\udcff.txt)" in err and "not UTF-8" in err


def test_a_command_summarizers_lone_surrogate_fails_that_example_only():
    examples = [Example("a", "s", ("r",)), Example("b", "s", ("r",))]
    out = '{"id": "a", "summary": "ok"}\n{"id": "b", "summary": "bad \\ud800"}\n'
    first, second = CommandSummarizer._parse(examples, out)
    assert first.text == "ok" and first.error is None
    assert second.error is not None and "\\ud800" in second.error


HOSTILE = "evil\x1b[31m red \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \r\x9b2J\u202e"


def test_terminal_text_makes_every_control_visible():
    shown = terminal_text(HOSTILE + "\ud800 é 北 \t ok\n")
    assert shown == (
        "evil\\x1b[31m red \\x1b]8;;http://x\\x1b\\link\\x1b]8;;\\x1b\\ \\x0d\\x9b2J\\u202e"
        "\\ud800 é 北 \t ok\n"
    )


def test_escapes_in_a_system_name_reach_the_terminal_only_as_text(tmp_path, capsys, monkeypatch):
    dataset = write(tmp_path, "d.jsonl", jsonl(GOOD))
    predictions = write(
        tmp_path, "p.jsonl", jsonl({"id": "a", "summary": "A cat sat.", "system": HOSTILE})
    )
    argv = ["score", "--dataset", dataset, "--predictions", predictions, "--metrics", "rouge"]
    assert main([*argv, "--output", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    printed = captured.err + captured.out
    assert "\\x1b[31m" in captured.err  # the progress line names the system, visibly
    for raw in ("\x1b", "\x9b", "\r", "\u202e"):
        assert raw not in printed
    import sys

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)  # bars show on terminals only
    bar = progress(1, f"{HOSTILE}: generating")
    bar.update(1)
    bar.close()
    drawn = capsys.readouterr().err
    assert "evil\\x1b[31m red" in drawn
    for raw in ("\x1b]8", "\x1b[31m", "\x9b", "\u202e"):
        assert raw not in drawn
