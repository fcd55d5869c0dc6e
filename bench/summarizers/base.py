"""The summarizer interface and the length budget shared by all summarizers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..data.schema import Dataset, Example
from ..errors import SummbenchError
from ..plugin import Plugin, PluginArgs, digest, signature_value
from ..records.schema import SystemKind
from ..text import split_sentences, words


class LengthBudget(BaseModel):
    """At most ``sentences`` sentences or ``words`` words (exactly one of them)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sentences: int | None = Field(None, ge=1)
    words: int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def _exactly_one(self) -> LengthBudget:
        if (self.sentences is None) == (self.words is None):
            raise ValueError("give exactly one of `sentences` or `words`")
        return self

    def describe(self) -> str:
        """The budget in a signature: ``3sent`` or ``50w``."""
        return f"{self.sentences}sent" if self.sentences else f"{self.words}w"

    def select(self, sentences: Sequence[str], order: Sequence[int]) -> list[int]:
        """Indices of sentences taken in ``order`` while they fit, returned in document order."""
        chosen: list[int] = []
        used = 0
        for index in order:
            if self.sentences is not None:
                if len(chosen) == self.sentences:
                    break
            else:
                n = len(words(sentences[index]))
                if used + n > self.words:  # type: ignore[operator]
                    break
                used += n
            chosen.append(index)
        return sorted(chosen)

    def cut(self, text: str) -> str:
        """Shorten free text to the budget (for abstractive outputs)."""
        if self.sentences is not None:
            return " ".join(split_sentences(text)[: self.sentences])
        tokens = text.split()
        return " ".join(tokens[: self.words]) if len(words(text)) > self.words else text


class SummarizerArgs(PluginArgs):
    """Settings every summarizer has: an optional length budget."""

    budget: LengthBudget | None = Field(
        None, description="length budget: {sentences: k} or {words: n}"
    )


@dataclass(frozen=True)
class Candidate:
    """One summary to score.

    ``held_out`` is set for a human reference scored against the others: the index of the
    reference it is. ``error`` is set when the system failed on this example; the item is then
    counted as a failure, not scored. ``note`` is kept in predictions.jsonl.
    """

    example_id: str
    text: str
    held_out: int | None = None
    error: str | None = None
    #: Something the user should know about this output (a truncated input...).
    note: str | None = None


class Summarizer(Plugin):
    """Turns examples into summaries.

    Subclasses implement :meth:`summarize`; summarizers that emit several candidates per example
    (the human leave-one-out row) override :meth:`candidates` instead.
    """

    kind: ClassVar[SystemKind] = "system"
    Args = SummarizerArgs
    args: SummarizerArgs

    def fit(self, dataset: Dataset) -> None:
        """See the whole dataset once before any generation (generation then goes in chunks).

        A predictions file is read and checked against every id here, not chunk by chunk.
        Runs reach it through :meth:`check`, in the pre-flight check shared with `summbench
        validate` and `--dry-run`, so an input a run would refuse is reported before any work.
        """

    def check(self, dataset: Dataset | None) -> list[SummbenchError]:
        """Every problem of what this summarizer reads, for the pre-flight check
        (:mod:`bench.experiment.preflight`); without a problem it is then fitted to ``dataset``.

        ``dataset`` is None when the dataset could not be loaded: only the checks that need no
        dataset run. The default fits, and reports what :meth:`fit` raises.
        """
        if dataset is None:
            return []
        try:
            self.fit(dataset)
        except SummbenchError as err:
            return [err]
        return []

    def summarize(self, examples: Sequence[Example]) -> list[str]:
        """One summary per example, in order."""
        raise NotImplementedError

    def candidates(self, examples: Sequence[Example]) -> list[Candidate]:
        """One candidate per example, from :meth:`summarize`."""
        texts = self.summarize(examples)
        return [Candidate(e.id, t) for e, t in zip(examples, texts, strict=True)]

    def usage(self) -> dict:
        """Resources spent (requests, tokens) for run.json; empty for local summarizers."""
        return {}

    def cache_key(self) -> str:
        """The plugin's key (see :mod:`bench.plugin`) and the sentence splitter's name and
        version: it decides which sentences an extractive summary takes and where a sentence
        budget cuts any summary."""
        from ..text.sentences import splitter_label

        return digest(super().cache_key(), "split", splitter_label())

    def signature(self) -> str:
        """The settings that determine the outputs, as ``name|key:value|...``."""
        parts = [self.name]
        for key, value in sorted(self.settings().items()):
            if value is None:
                continue
            parts.append(f"{key}:{signature_value(value)}")
        return "|".join(parts)


class ExtractiveSummarizer(Summarizer):
    """Selects whole source sentences: subclasses rank them, the budget decides how many."""

    #: Budget when the config gives none: three sentences, like CNN/DM's lead-3.
    default_budget = LengthBudget(sentences=3)

    def rank(self, example: Example, sentences: list[str]) -> list[int]:
        """Sentence indices, best first."""
        raise NotImplementedError

    def summarize(self, examples: Sequence[Example]) -> list[str]:
        """Split each source into sentences and take the best-ranked ones the budget allows (the
        start of the best one when even it is over a word budget)."""
        budget = self.args.budget or self.default_budget
        out = []
        for example in examples:
            sentences = split_sentences(example.source)
            if not sentences:
                out.append("")
                continue
            ranking = self.rank(example, sentences)  # may leave sentences out (the oracle)
            chosen = budget.select(sentences, ranking)
            if not chosen and budget.words and ranking:
                # Even the best sentence is over the word budget: keep its first words.
                out.append(budget.cut(sentences[ranking[0]]))
            else:
                out.append("\n".join(sentences[i] for i in chosen))
        return out

    def settings(self) -> dict:
        """The settings, with the default budget written out when none was given."""
        settings = super().settings()
        if settings.get("budget") is None:
            settings["budget"] = self.default_budget.model_dump()
        return settings
