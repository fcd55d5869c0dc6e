"""The names of the files in a results folder.

One list for everything that names them: the writers (:mod:`bench.records`,
:mod:`bench.leaderboard.render`), the ownership rules
(:mod:`bench.experiment.storage.ownership`), the command line (``summbench leaderboard
--format``) and the run's log. It imports nothing, so the command line can offer the formats
without loading the records package (pydantic, numpy).
"""

from __future__ import annotations

PREDICTIONS = "predictions.jsonl"
EXAMPLES = "examples.jsonl"
SCORES = "scores.jsonl"
RUN = "run.json"
#: The last invocation's date, timings, machine and usage: differs on every run (not committed).
LAST_RUN = "last-run.json"
#: The leaderboard's formats, in the order they are written (``leaderboard.<format>``).
LEADERBOARD_FORMATS = ("md", "csv", "json", "tex", "html")


def leaderboard_file(fmt: str) -> str:
    """The file name of the leaderboard in format ``fmt`` (one of :data:`LEADERBOARD_FORMATS`)."""
    return f"leaderboard.{fmt}"
