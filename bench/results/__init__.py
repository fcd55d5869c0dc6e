"""Results folders: the typed record of a run and all reading and writing of its files.

Below both the runner (which writes a run) and the renderers (which read it): the leaderboard,
the HTML page, plots and merges import from here, never from the experiment package.
"""

from ..filenames import LEADERBOARD_FORMATS, leaderboard_file
from .files import (
    EXAMPLES,
    PREDICTIONS,
    RUN,
    SCORES,
    TEMP_PREFIX,
    finite,
    json_line,
    read_examples,
    read_predictions,
    read_records,
    read_run,
    read_run_record,
    write_json,
    write_jsonl,
    write_text_atomic,
)
from .model import (
    RUN_FORMAT,
    Column,
    DatasetInfo,
    ExampleRecord,
    Interval,
    ItemRecord,
    MetricInfo,
    PredictionRecord,
    RunRecord,
    StatsSettings,
    SystemInfo,
)

__all__ = [
    "EXAMPLES",
    "LEADERBOARD_FORMATS",
    "PREDICTIONS",
    "RUN",
    "RUN_FORMAT",
    "SCORES",
    "TEMP_PREFIX",
    "Column",
    "DatasetInfo",
    "ExampleRecord",
    "Interval",
    "ItemRecord",
    "MetricInfo",
    "PredictionRecord",
    "RunRecord",
    "StatsSettings",
    "SystemInfo",
    "finite",
    "json_line",
    "leaderboard_file",
    "read_examples",
    "read_predictions",
    "read_records",
    "read_run",
    "read_run_record",
    "write_json",
    "write_jsonl",
    "write_text_atomic",
]
