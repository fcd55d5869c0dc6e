"""User code loaded by import string in tests (``tests.user_plugins:FirstWords``)."""

from __future__ import annotations

from pydantic import Field

from bench.summarizers.base import Summarizer, SummarizerArgs


class FirstWordsArgs(SummarizerArgs):
    n: int = Field(12, ge=1)


class FirstWords(Summarizer):
    """The first n words of the source."""

    Args = FirstWordsArgs
    args: FirstWordsArgs

    def summarize(self, examples):
        return [" ".join(e.source.split()[: self.args.n]) for e in examples]


class NotASummarizer:
    pass


class Exploding(Summarizer):
    """A plugin whose constructor fails (a missing weights file, say)."""

    def __init__(self, *args, **kwargs):
        raise RuntimeError("weights file /models/x.bin is missing")
