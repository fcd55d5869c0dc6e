"""The settings of the ``rouge`` metric (``metrics: [{type: rouge, args: {...}}]``), checked
as a config is read: a bad ROUGE type, an unknown language or a language beside ``tokenizer:
unicode`` is an error naming the key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from ..plugin import PluginArgs
from . import rouge_languages as languages

ROUGE_TYPES = ("rouge1", "rouge2", "rouge3", "rouge4", "rougeL", "rougeLsum")
_LABELS = {
    "rouge1": "R-1",
    "rouge2": "R-2",
    "rouge3": "R-3",
    "rouge4": "R-4",
    "rougeL": "R-L",
    "rougeLsum": "R-Lsum",
}

class RougeArgs(PluginArgs):
    """The settings of ``rouge``: which types, stemming, the tokenizer or language, the
    multi-reference policy, ROUGE-Lsum's sentences, the backend and the headline columns."""

    types: tuple[str, ...] = Field(("rouge1", "rouge2", "rougeL", "rougeLsum"))
    stemmer: bool = Field(True, description="Porter-stem tokens (rouge-score's use_stemmer)")
    tokenizer: Literal["default", "unicode"] = Field(
        "default", description="default: rouge-score's ASCII tokenizer; unicode: any script"
    )
    language: str | None = Field(
        None,
        description="the texts' language (zh, ja, th, ko, hi, ar, ru, tr...): the XL-Sum "
        "scorer's word segmentation and stemming (pip install 'summbench[multilingual]'); "
        "en, or unset: rouge-score's own tokenizer",
    )
    multi_ref: Literal["max", "mean", "jackknife"] = Field("max")
    sentence_split: Literal["rules", "pysbd", "lines"] = Field(
        "rules",
        description="ROUGE-Lsum sentences: rules (our fast splitter) or pysbd split the text; "
        "lines keeps its line breaks as sentence ends (for texts already split, as "
        "rouge-score expects)",
    )
    backend: Literal["auto", "rust", "python", "rouge-score"] = Field(
        "auto",
        description="rust: rouge-score-rs (same numbers, ~50x faster); python: our pure-Python "
        "scorer (same numbers, ~5x faster); rouge-score: the reference itself; auto: rust when "
        "installed, else python",
    )
    headline: tuple[str, ...] = Field(
        ("rouge1_f", "rouge2_f", "rougeL_f"), description="columns shown on the leaderboard"
    )

    not_in_key: ClassVar[Mapping[str, str]] = {
        "backend": "every backend gives rouge-score's numbers to the bit "
        "(tests/metrics/test_rouge_backends.py)",
        "headline": "chooses the columns the leaderboard shows, not their values",
    }

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str | None) -> str | None:
        return None if value is None else languages.check(value)

    @model_validator(mode="after")
    def _one_tokenizer(self) -> RougeArgs:
        if self.tokenizer != "default" and self.language not in (None, languages.ENGLISH):
            raise ValueError(
                f"`language: {self.language}` chooses its own tokenizer: leave `tokenizer` "
                "at default (or unset `language` to keep `tokenizer: unicode`)"
            )
        return self

    @field_validator("types")
    @classmethod
    def _known_types(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [t for t in value if t not in ROUGE_TYPES]
        if unknown or not value:
            raise ValueError(f"ROUGE types must be among {', '.join(ROUGE_TYPES)}")
        return value
