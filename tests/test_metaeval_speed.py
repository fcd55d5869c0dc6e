"""Meta-evaluation's fast paths give the straightforward paths' numbers, and its progress
bars stay off logs and pipes.

``bootstrap_many`` computes every row's intervals in one pass (resamples drawn once, the human
side once, Spearman and Kendall from sign tables): each number must equal :func:`bootstrap`
called per (metric, level, correlation), exactly. The hybrid matcher's verdicts combined from
its members' must equal its own ``match``.
"""

from __future__ import annotations

import io

import numpy as np
import pytest

from bench.data import DatasetSpec, load_examples
from bench.data.pyramid import pyramid_judgments
from bench.metaeval import correlation
from bench.metaeval.correlation import CORRELATIONS, bootstrap, bootstrap_many

from .builders import make_pyramid


def _loop(metric, human, resample, resamples, seed):
    """The straightforward way: one bootstrap per level and correlation, a fresh generator."""
    return {
        f"{level}/{name}": bootstrap(
            metric,
            human,
            level,
            corr,
            resample=resample,
            resamples=resamples,
            rng=np.random.default_rng(seed),
        )
        for level in ("system", "summary")
        for name, corr in CORRELATIONS.items()
    }


def _cases(rng):
    """Small (systems, documents) shapes, scores with many ties, constant and NaN columns."""
    for _ in range(6):
        systems, documents = int(rng.integers(2, 9)), int(rng.integers(1, 12))
        human = np.round(rng.random((systems, documents)) * 3) / 3  # ties
        constant = np.ones((systems, documents))
        holes = human + rng.normal(0, 0.2, human.shape)
        holes[0, 0] = np.nan  # NaN scores take the direct path
        yield (
            human,
            [
                np.round(rng.random((systems, documents)) * 4) / 4,
                human + rng.normal(0, 0.3, human.shape),
                human.copy(),
                constant,
                holes,
            ],
        )


@pytest.mark.parametrize("resample", ["systems", "documents", "both"])
@pytest.mark.parametrize("chunk_elements", [2000, 1 << 22])  # several chunks, and one
def test_bootstrap_many_equals_the_loop_exactly(resample, chunk_elements, monkeypatch):
    monkeypatch.setattr(correlation, "CHUNK_ELEMENTS", chunk_elements)
    rng = np.random.default_rng(11)
    for human, metrics in _cases(rng):
        got = bootstrap_many(metrics, human, resample=resample, resamples=97, seed=5)
        for metric, intervals in zip(metrics, got, strict=True):
            expected = _loop(metric, human, resample, 97, 5)
            assert list(intervals) == list(expected)  # the same keys, in the report's order
            for key, interval in expected.items():
                want = np.array([interval.value, interval.low, interval.high])
                have = np.array([intervals[key].value, intervals[key].low, intervals[key].high])
                assert np.array_equal(have, want, equal_nan=True), key


def test_bootstrap_many_equals_the_loop_at_pyramid_scale():
    """25 systems, 100 documents, many ties: the size the benchmark runs at."""
    rng = np.random.default_rng(3)
    human = np.round(rng.random((25, 100)) * 5) / 5
    metric = human + rng.normal(0, 0.3, human.shape)
    (got,) = bootstrap_many([metric], human, resample="both", resamples=60, seed=0)
    assert got == _loop(metric, human, "both", 60, 0)


def test_bootstrap_many_reports_each_chunk(monkeypatch):
    monkeypatch.setattr(correlation, "CHUNK_ELEMENTS", 50)
    human = np.arange(12.0).reshape(3, 4)
    seen = []
    bootstrap_many([human], human, resample="both", resamples=40, seed=0, on_chunk=seen.append)
    assert sum(seen) == 40 and len(seen) > 1


def test_hybrid_combines_member_verdicts_as_it_matches(tmp_path):
    from bench.facts.registry import MATCHERS
    from bench.metaeval.runner import _items
    from bench.metrics.checklist import checklist_tasks

    folder = make_pyramid(tmp_path / "pyr")
    dataset = load_examples(DatasetSpec(path=str(folder)))
    tasks = checklist_tasks(_items(dataset, pyramid_judgments(folder, dataset)), probes=False)
    hybrid = MATCHERS.get("hybrid").from_config({"members": [{"type": "lexical"}]})
    lexical = MATCHERS.get("lexical").from_config({})
    assert hybrid.combine(tasks, [lexical.match(tasks)]) == hybrid.match(tasks)


def _meta_eval(folder, stderr, monkeypatch):
    from bench.metaeval.runner import MetaEvalSettings, meta_evaluate

    monkeypatch.setattr("sys.stderr", stderr)
    dataset = load_examples(DatasetSpec(path=str(folder)))
    settings = MetaEvalSettings(matchers=("lexical",), overlap_metrics=False, folds=3, resamples=30)
    return meta_evaluate(dataset, pyramid_judgments(folder, dataset), settings, log=lambda _: None)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bars_show_on_a_terminal_only(tmp_path, monkeypatch):
    folder = make_pyramid(tmp_path / "pyr")
    piped = io.StringIO()
    quiet = _meta_eval(folder, piped, monkeypatch)
    assert piped.getvalue() == ""  # a log or a pipe gets no bars
    terminal = _Terminal()
    shown = _meta_eval(folder, terminal, monkeypatch)
    assert "lexical: matching" in terminal.getvalue()
    assert "bootstrap" in terminal.getvalue()
    assert shown.rows == quiet.rows  # bars change nothing
