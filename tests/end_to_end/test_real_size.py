"""Every user path at the size users run: thousands of examples, files that cover only part of
the dataset, files edited between runs, and PyrXSum's 1,000 real summaries checked against
rouge-score called directly."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from bench.cli import main

from ..builders import ROOT, write_dataset
from ..openai_server import FakeOpenAI
from ..tiny_models import WORDS, build_tiny_models

PYRXSUM = ROOT.parent / "shared" / "data" / "PyrXSum"
N = 1000


def _rows(folder: Path, name: str) -> list[dict]:
    return [json.loads(line) for line in (folder / name).open()]


def _board(folder: Path) -> dict[str, dict]:
    return {r["system"]: r for r in json.loads((folder / "leaderboard.json").read_text())["rows"]}


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    return write_dataset(tmp_path_factory.mktemp("big") / "data.jsonl", N)


def test_score_covers_the_whole_dataset_and_counts_what_a_file_leaves_out(big, tmp_path):
    """1,000 examples, two named systems and rows without a system in one file; each covers
    part of the dataset. The rest are failures; no system takes another's rows."""
    examples = [json.loads(line) for line in big.open()]
    predictions = tmp_path / "preds.jsonl"
    with predictions.open("w") as handle:
        for i, e in enumerate(examples):
            if i % 10:  # a covers 900, copying a reference
                row = {"id": e["id"], "summary": e["references"][1], "system": "a"}
                handle.write(json.dumps(row) + "\n")
            if i % 4 == 0:  # b covers 250
                handle.write(json.dumps({"id": e["id"], "summary": "w1 w2 w3", "system": "b"}))
                handle.write("\n")
            if i < 600:  # rows without a system: 600
                handle.write(json.dumps({"id": e["id"], "summary": e["source"]}) + "\n")
    out = tmp_path / "out"
    argv = ["score", "--dataset", str(big), "--predictions", str(predictions)]
    assert main([*argv, "--metrics", "rouge,textstats", "--output", str(out), "--quiet"]) == 0
    board = _board(out)
    assert set(board) == {"a", "b", "preds"}
    assert (board["a"]["n"], board["a"]["failed"]) == (900, 100)
    assert (board["b"]["n"], board["b"]["failed"]) == (250, 750)
    assert (board["preds"]["n"], board["preds"]["failed"]) == (600, 400)
    assert board["a"]["scores"]["rouge1_f"]["mean"] == 1.0  # a copied a reference each time
    scores = _rows(out, "scores.jsonl")
    assert len(scores) == 3 * N
    unnamed = [s for s in scores if s["system"] == "preds" and not s["failed"]]
    assert {s["example_id"] for s in unnamed} == {e["id"] for e in examples[:600]}


def test_an_edited_predictions_file_is_scored_again(tmp_path):
    data = write_dataset(tmp_path / "d.jsonl", 20)
    examples = [json.loads(line) for line in data.open()]
    predictions = tmp_path / "p.jsonl"

    def write(summary_of):
        predictions.write_text(
            "".join(
                json.dumps({"id": e["id"], "summary": summary_of(e)}) + "\n" for e in examples
            )
        )

    out = tmp_path / "out"
    argv = ["score", "--dataset", str(data), "--predictions", str(predictions)]
    argv += ["--metrics", "rouge", "--output", str(out), "--quiet"]
    write(lambda e: "nothing in common")
    assert main(argv) == 0
    assert _board(out)["p"]["scores"]["rouge1_f"]["mean"] == 0.0
    write(lambda e: e["references"][1])  # the user fixes the file and scores again
    assert main(argv) == 0
    assert _board(out)["p"]["scores"]["rouge1_f"]["mean"] == 1.0


def test_a_limit_accepts_predictions_for_examples_past_it(tmp_path):
    data = write_dataset(tmp_path / "d.jsonl", 30)
    examples = [json.loads(line) for line in data.open()]
    predictions = tmp_path / "p.jsonl"
    predictions.write_text(
        "".join(json.dumps({"id": e["id"], "summary": e["source"]}) + "\n" for e in examples)
    )
    config = tmp_path / "c.yaml"
    config.write_text(
        f"name: lim\ndataset: {{path: '{data}', limit: 2}}\n"
        f"summarizers: [{{type: predictions, name: mine, args: {{path: '{predictions}'}}}}]\n"
        "metrics: [{type: rouge}]\n"
    )
    assert main(["run", str(config), "--output", str(tmp_path / "out"), "--quiet"]) == 0
    assert (_board(tmp_path / "out")["mine"]["n"], _board(tmp_path / "out")["mine"]["failed"]) == (
        2,
        0,
    )
    # An id that is in no row of the dataset is still an error, with its line.
    with predictions.open("a") as handle:
        handle.write(json.dumps({"id": "typo", "summary": "x"}) + "\n")
    assert main(["run", str(config), "--output", str(tmp_path / "out"), "--quiet"]) == 2


def _run(tmp_path: Path, data: Path, summarizer: str, extra: str = "") -> Path:
    config = tmp_path / "c.yaml"
    config.write_text(
        f"name: size\ndataset: {{path: '{data}'}}\n"
        f"summarizers:\n  - {summarizer}\n"
        f"metrics: [{{type: rouge}}, {{type: textstats}}]\n{extra}"
    )
    out = tmp_path / "out"
    assert main(["run", str(config), "--output", str(out), "--quiet"]) == 0
    return out


def test_a_command_summarizer_at_size(big, tmp_path):
    script = tmp_path / "first_words.py"
    script.write_text(
        "import json, sys\n"
        "for line in sys.stdin:\n"
        "    row = json.loads(line)\n"
        "    if row['id'].endswith('7'):\n"
        "        continue  # says nothing for some: failures\n"
        "    words = row['source'].split()[:8]\n"
        "    print(json.dumps({'id': row['id'], 'summary': ' '.join(words)}))\n"
    )
    out = _run(
        tmp_path,
        big,
        f"{{type: command, name: cmd, args: {{command: ['{sys.executable}', '{script}'], "
        "batch_size: 400}}",
    )
    assert (_board(out)["cmd"]["n"], _board(out)["cmd"]["failed"]) == (900, 100)
    # Summaries are matched to their examples by id, in every batch.
    summaries = {r["example_id"]: r["summary"] for r in _rows(out, "predictions.jsonl")}
    assert summaries["doc00000"] == " ".join(
        json.loads(big.open().readline())["source"].split()[:8]
    )


def test_an_llm_summarizer_at_size(big, tmp_path):
    with FakeOpenAI() as server:
        out = _run(
            tmp_path,
            big,
            "{type: llm, name: llm, args: {endpoint: "
            f"{{base_url: '{server.base_url}', model: tiny, concurrency: 8}}}}}}",
        )
        assert len(server.requests) == N
    assert (_board(out)["llm"]["n"], _board(out)["llm"]["failed"]) == (N, 0)


def test_an_hf_summarizer_at_size(tmp_path):
    models = build_tiny_models(tmp_path / "models")
    vocabulary = [w for w in WORDS if not w.startswith("<")]
    data = write_dataset(tmp_path / "d.jsonl", N, vocabulary=vocabulary)
    out = _run(
        tmp_path,
        data,
        f"{{type: hf, name: tiny, args: {{model: '{models / 'bart'}', batch_size: 100, "
        "generation: {max_new_tokens: 6, num_beams: 1}}}",
    )
    assert _board(out)["tiny"]["n"] + _board(out)["tiny"]["failed"] == N


@pytest.mark.skipif(not PYRXSUM.is_dir(), reason="../shared/data/PyrXSum is not beside the repo")
def test_pyrxsum_through_score_equals_rouge_score_item_by_item(tmp_path):
    """PyrXSum's 10 systems x 100 documents scored by `summbench score`; every item's ROUGE
    equals rouge-score's own (Lsum given the same sentence splits)."""
    from rouge_score import rouge_scorer

    from bench.text import split_sentences

    documents = (PYRXSUM / "documents.txt").read_text(encoding="utf-8").split("\n")
    references = (PYRXSUM / "references.txt").read_text(encoding="utf-8").split("\n")
    data = tmp_path / "pyrxsum.jsonl"
    with data.open("w") as handle:
        for i in range(100):
            row = {"id": f"x{i:03d}", "source": documents[i], "references": [references[i]]}
            handle.write(json.dumps(row) + "\n")
    predictions = tmp_path / "systems.jsonl"
    summaries: dict[tuple[str, str], str] = {}
    with predictions.open("w") as handle:
        for file in sorted((PYRXSUM / "summaries").glob("*.summary")):
            lines = file.read_text(encoding="utf-8").split("\n")
            for i in range(100):
                summaries[(file.stem, f"x{i:03d}")] = lines[i]
                row = {"id": f"x{i:03d}", "summary": lines[i], "system": file.stem}
                handle.write(json.dumps(row) + "\n")
    out = tmp_path / "out"
    argv = ["score", "--dataset", str(data), "--predictions", str(predictions)]
    assert main([*argv, "--metrics", "rouge", "--output", str(out), "--quiet"]) == 0

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=True)
    records = _rows(out, "scores.jsonl")
    assert len(records) == 1000
    for record in records:
        summary = summaries[(record["system"], record["example_id"])]
        reference = references[int(record["example_id"][1:])]
        expected = scorer.score(reference, summary)
        lsum = scorer.score(
            "\n".join(split_sentences(reference)), "\n".join(split_sentences(summary))
        )["rougeLsum"]
        got = record["scores"]
        for kind in ("rouge1", "rouge2", "rougeL"):
            assert got[f"{kind}_f"] == expected[kind].fmeasure, (record, kind)
            assert got[f"{kind}_p"] == expected[kind].precision
            assert got[f"{kind}_r"] == expected[kind].recall
        assert got["rougeLsum_f"] == lsum.fmeasure, record


def test_scoring_moves_in_small_chunks_so_progress_moves():
    """Chunks are a hundredth of the work (16 to 256 items): a 48-item BERTScore call used
    to be one 256-item chunk, its bar stuck at 0 until the end."""
    from bench.experiment.executors import make_executor
    from bench.experiment.scoring import MetricScoring, chunk_size
    from bench.metrics import METRICS
    from bench.metrics.base import ScoringItem

    assert [chunk_size(n) for n in (5, 48, 5_000, 100_000)] == [16, 16, 50, 256]
    metric = METRICS.get("textstats")()
    calls: list[int] = []
    real = metric.score
    metric.score = lambda items: calls.append(len(items)) or real(items)
    from bench.data.schema import Example

    examples = [Example(f"d{i}", f"Source {i}. More.", ("ref",)) for i in range(48)]
    items = [ScoringItem("Source.", e) for e in examples]
    from bench.experiment.config import ExecutorSpec

    executor = make_executor(ExecutorSpec(), ([], 0, examples, None))
    scoring = MetricScoring(0, metric, items, [e.id for e in examples], None)
    scoring.start(executor)
    scoring.finish()
    assert calls == [16, 16, 16]
