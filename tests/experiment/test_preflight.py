"""One pre-flight check (issue 21): `validate`, `run` and `run --dry-run` list every problem of a
config, its dataset and its predictions files in one call, in the same words, and write
nothing."""

from __future__ import annotations

import pytest

from bench.cli import main
from bench.errors import Problems

from ..builders import jsonl, write

ROW = {"id": "a", "source": "The cat sat. It was happy.", "references": ["A cat sat."]}

#: The issue's config: a misspelt key in a summarizer's budget, a bad value in a metric's
#: args, a bad leaderboard value, and a predictions file that does not exist.
FOUR_FAULTS = """\
name: four
dataset: {{path: seeds/nk-diplomat, config: all}}
summarizers:
  - {{type: lead, args: {{budget: {{sentense: 3}}}}}}
  - {{type: predictions, args: {{path: {missing}}}}}
metrics:
  - {{type: rouge, args: {{stemmer: "maybe"}}}}
leaderboard: {{decimals: three}}
"""


def _errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("summbench: error: ")]


def test_the_four_faults_in_one_call_of_validate_run_and_dry_run(tmp_path, capsys):
    config = write(tmp_path, "four.yaml", FOUR_FAULTS.format(missing=tmp_path / "nowhere.jsonl"))
    out = tmp_path / "out"
    reports = {}
    for argv in (
        ["validate", config],
        ["run", config, "--output", str(out)],
        ["run", config, "--output", str(out), "--dry-run"],
    ):
        code = main(argv)
        err = capsys.readouterr().err
        assert code == 2, err
        assert "Traceback" not in err
        reports[" ".join(argv[:1] + argv[3:])] = err
    for err in reports.values():
        errors = _errors(err)
        assert len(errors) == 4, err
        assert "4 problems found before any work" in err
        assert 'summarizers[0].args.budget.sentense: unknown key. Did you mean "sentences"?' in err
        assert "metrics[0].args.stemmer:" in err and "'maybe'" in err
        assert "leaderboard.decimals:" in err and "'three'" in err
        assert "nowhere.jsonl: predictions file not found" in err
        # Nobody is told to run the command they are running.
        assert "summbench validate" not in err and "summbench run" not in err
    # The same list, in the same words, from each of the three.
    assert len({"\n".join(_errors(err)) for err in reports.values()}) == 1
    assert not out.exists()


def test_every_bad_predictions_line_is_listed_up_to_a_cap(tmp_path, capsys):
    dataset = write(tmp_path, "d.jsonl", jsonl(ROW, {**ROW, "id": "b"}))
    lines = (
        jsonl({"id": "a", "summary": "fine"})
        + '{"id": "b", "summ\n'  # line 2: not JSON
        + jsonl({"id": "b", "summary": 5})  # line 3: not text
        + jsonl({"id": "a", "summary": "again"})  # line 4: a second summary for a
        + jsonl(*[{"id": f"x{i}", "summary": "?"} for i in range(12)])  # lines 5-16: unknown
    )
    predictions = write(tmp_path, "p.jsonl", lines)
    config = write(
        tmp_path,
        "c.yaml",
        f"name: p\ndataset: {{path: {dataset}}}\n"
        f"summarizers: [{{type: predictions, args: {{path: {predictions}}}}}]\n"
        "metrics: [{type: rouge}]\n",
    )
    out = tmp_path / "out"
    assert main(["run", config, "--output", str(out)]) == 2
    errors = _errors(capsys.readouterr().err)
    assert len(errors) == 11, errors  # ten lines, then the count of the rest
    assert "p.jsonl:2: not valid JSON" in errors[0]
    assert "p.jsonl:3: summary for 'b' is int, not text" in errors[1]
    assert "p.jsonl:4: id 'a' appears twice (first on line 1)" in errors[2]
    assert all("is not in the dataset" in e for e in errors[3:10])
    assert "p.jsonl:5:" in errors[3] and "p.jsonl:11:" in errors[9]
    assert "and 5 more lines with problems (lines 12, 13, 14, 15, 16)" in errors[10]
    assert not out.exists()


def test_without_a_dataset_the_checks_that_need_it_are_noted_not_failed(tmp_path, capsys):
    predictions = write(tmp_path, "p.jsonl", jsonl({"id": "zzz", "summary": "x"}) + "{oops\n")
    config = write(
        tmp_path,
        "c.yaml",
        f"name: p\ndataset: {{path: {tmp_path / 'gone.jsonl'}}}\n"
        f"summarizers: [{{type: predictions, args: {{path: {predictions}}}}}]\n"
        "metrics: [{type: rouge}, {type: checklist}]\n",
    )
    assert main(["validate", config]) == 2
    err = capsys.readouterr().err
    errors = _errors(err)
    assert len(errors) == 2, err
    assert "gone.jsonl" in errors[0] and "no such file" in errors[0]
    assert "p.jsonl:2: not valid JSON" in errors[1]  # what needs no dataset is still read
    assert "zzz" not in err  # its id cannot be checked: noted, not an error
    assert (
        "note: not checked: the inputs of summarizers[0] against the dataset's ids: the "
        "dataset did not load." in err
    )
    assert "note: not checked: what metrics[1] needs of each example" in err
    assert err.strip().splitlines()[-1].startswith("summbench: error: ")


def test_a_named_metric_the_dataset_cannot_feed_is_listed_with_the_rest(tmp_path, capsys):
    dataset = write(tmp_path, "d.jsonl", jsonl(ROW))
    config = write(
        tmp_path,
        "c.yaml",
        f"name: n\ndataset: {{path: {dataset}}}\nsummarizers: [{{type: leed}}]\n"
        "metrics: [{type: rouge}, {type: checklist}]\nseed: -3\n",
    )
    assert main(["run", config, "--output", str(tmp_path / "out")]) == 2
    errors = _errors(capsys.readouterr().err)
    assert len(errors) == 3, errors
    assert "seed:" in errors[0]
    assert 'Did you mean "lead"' in errors[1]
    assert 'metrics[1]: metric "checklist" needs a checklist for every example' in errors[2]


def test_run_experiment_from_python_raises_every_problem(tmp_path):
    from bench.experiment import ExperimentConfig, run_experiment

    config = ExperimentConfig.model_validate(
        {
            "name": "py",
            "dataset": {"path": str(tmp_path / "gone.jsonl")},
            "summarizers": [{"type": "lead", "args": {"budget": {"sentense": 1}}}],
            "metrics": [{"type": "rouge"}],
        }
    )
    out = tmp_path / "out"
    with pytest.raises(Problems) as caught:
        run_experiment(config, output_dir=out, log=lambda _: None)
    assert [type(p).__name__ for p in caught.value.problems] == ["ConfigError", "DatasetError"]
    assert "budget.sentense" in str(caught.value) and "gone.jsonl" in str(caught.value)
    assert not out.exists()


def test_a_folder_that_is_not_ours_is_refused_by_the_dry_run_too(tmp_path, capsys):
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    config = write(
        tmp_path,
        "c.yaml",
        "name: f\ndataset: {path: seeds/nk-diplomat, config: all}\nsummarizers: [{type: lead}]\n"
        "metrics: [{type: rouge}]\n",
    )
    for extra in ([], ["--dry-run"]):
        assert main(["run", config, "--output", str(folder), *extra]) == 2
        assert "files that summbench did not write" in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


#: Settings whose types are right but which a run cannot use: nested matcher arguments, a layer
#: the model lacks, a model folder without a model. Each was accepted by `validate` and then
#: failed the run (two of them as "This is a bug").
NESTED_FAULTS = """\
name: nested
dataset: {{path: seeds/nk-diplomat, config: articles}}
summarizers: [{{type: lead}}]
metrics:
  - {{type: checklist, args: {{matcher: {{type: learned, args: {{window: 0}}}}}}}}
  - {{type: checklist, name: c2, args: {{matcher: {{type: lexical, args: {{threshold: 5}}}}}}}}
  - {{type: checklist, name: c3, args: {{matcher: {{type: hybrid, args: {{members: []}}}}}}}}
  - {{type: bertscore, args: {{num_layers: 99}}}}
  - {{type: checklist, name: c4, args: {{matcher: {{type: embedding, args: {{model: {empty}}}}}}}}}
  - type: faithfulness
    args: {{checker: {{type: hybrid, args: {{members: [{{type: lexical, args: {{window: 9}}}}]}}}}}}
"""


def test_nested_settings_and_models_are_checked_before_any_work(tmp_path, capsys):
    empty = tmp_path / "not-a-model"
    empty.mkdir()
    config = write(tmp_path, "nested.yaml", NESTED_FAULTS.format(empty=empty))
    out = tmp_path / "out"
    for argv in (["validate", config], ["run", config, "--output", str(out)]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "6 problems found before any work" in err and "Traceback" not in err, err
        assert "metrics[0].args.matcher.args.window: Input should be greater than" in err
        assert "metrics[1].args.matcher.args.threshold: Input should be less than" in err
        assert "metrics[2].args.matcher.args.members: Tuple should have at least 1" in err
        assert "metrics[3].args.num_layers: layer 99 of a model with 6 layers" in err
        assert f"metrics[4].args.matcher.args.model: '{empty}' is not a model folder" in err
        assert "metrics[5].args.checker.args.members[0].args.window:" in err
        assert "This is a bug" not in err
    assert not out.exists()
