"""The verifier matcher's settings (:class:`VerifierArgs`); what each one does is told in
:mod:`bench.facts.verifier`'s docstring."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from ..plugin import PluginArgs


class VerifierArgs(PluginArgs):
    """Settings of :class:`bench.facts.verifier.VerifierMatcher`."""

    weights: str | None = Field(
        None,
        description="delta metadata JSON from `python -m bench.training.verifier` "
        "(default: packaged)",
    )
    base: str | None = Field(
        None,
        description="BERT folder the weights were trained over (default: the packaged MiniLM)",
    )
    threshold: float = Field(
        0.5, ge=0, le=1, description="P(stated) for 'present' (default: even odds)"
    )
    window: int = Field(2, ge=1, le=3, description="longest run of adjacent sentences read")
    whole: int = Field(
        60, ge=0, description="also read the whole summary when it has at most this many words"
    )
    candidates: int = Field(
        1, ge=1, le=16, description="windows per claim the model reads (best by word overlap)"
    )
    short: int = Field(
        60,
        ge=0,
        description="a claim below min_overlap is still read against the whole summary when "
        "the summary has at most this many words (a paraphrase may share no word; 0: never)",
    )
    min_overlap: float = Field(
        0.2,
        ge=0,
        le=1,
        description="share of the claim's content words its best window must hold to be read "
        "by the model (below: absent, no model call)",
    )
    max_length: int | None = Field(
        None, ge=8, le=512, description="tokens per (claim, window) pair (default: the weights')"
    )
    model_contradiction: float | None = Field(
        None,
        gt=0,
        le=1,
        description="P(contradicted) at which the model's own 'contradicts' makes a "
        "contradiction without a located conflict (default: never; see the module docstring)",
    )
    rules: bool = Field(
        True,
        description="also the lexical matcher's contradiction rules (another number, date or "
        "name where the rest of the claim is stated; an added negation)",
    )
    opposites: bool = Field(
        True,
        description="a window holding an opposite, a turned comparison or another relation "
        "word of one of the claim's (the word lists), or another name, number or date of the "
        "claim's kind, with the rest of the claim, contradicts it",
    )
    structure: bool = Field(
        True,
        description="also compare the claim's and the window's dependency parses; a structural "
        "conflict (swapped roles, an opposite, another number, date or name) contradicts",
    )
    batch_size: int = Field(32, ge=1)
    device: str | None = Field(None, description="cpu (default), cuda ...")

    not_in_key: ClassVar[dict[str, str]] = {
        "batch_size": "pairs are batched one token length at a time, unpadded: batches "
        "change nothing",
        "weights": "the weights file is keyed by its bytes (key_inputs), wherever it lies",
        "base": "keyed through the weights, whose metadata names the base's digest (loading "
        "refuses any other base)",
    }
