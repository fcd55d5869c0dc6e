"""Summaries from a ``transformers`` model: seq2seq (BART, T5, PEGASUS) or causal (decoder-only).

From a local folder, or a hub name already in the local Hugging Face cache (loaded from, and
keyed by, the snapshot its ``refs/main`` names). Batched generation with the generation
arguments from the config (``max_new_tokens``, ``num_beams``...), on ``device`` (CUDA when
present by default). A source longer than the model's input window is cut to fit — and every
cut is reported: on the candidate (``note`` in predictions.jsonl) and in the run log, never
silently.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any, ClassVar, Literal

from pydantic import Field

from ..checkpoints import (
    check_model_folder,
    load_pretrained,
    model_key_input,
    model_label,
    model_source,
)
from ..data.schema import Example
from ..errors import ConfigError
from ..validation import SEED_MAX
from .base import Candidate, Summarizer, SummarizerArgs


class HfArgs(SummarizerArgs):
    """Settings of a Hugging Face model summarizer: the model, its architecture, prompt, input
    limit, batching, device and generation settings."""

    model: str = Field(description="local folder or hub name")
    architecture: Literal["auto", "seq2seq", "causal"] = Field(
        "auto", description="auto: seq2seq if the config is encoder-decoder"
    )
    prompt: str = Field(
        "{source}", description="input text; for causal models e.g. '{source}\\nTL;DR:'"
    )
    max_input_tokens: int | None = Field(None, ge=8, description="default: the model's limit")
    batch_size: int = Field(4, ge=1)
    device: str | None = Field(None, description="cpu, cuda, cuda:1 (default: cuda if present)")
    generation: dict[str, Any] = Field(
        default_factory=lambda: {"max_new_tokens": 128, "num_beams": 1},
        description="keyword arguments for model.generate",
    )
    seed: int | None = Field(
        None, ge=0, le=SEED_MAX, description="torch seed for sampling (default: experiment's)"
    )

    not_in_key: ClassVar[Mapping[str, str]] = {
        "model": "keyed by the model folder's files, or a hub model's cached revision and "
        "files (key_inputs)",
    }


class HfSummarizer(Summarizer):
    """A transformers seq2seq or causal model, batched generation."""

    name = "hf"
    Args = HfArgs
    args: HfArgs

    def check_settings(self, where: str, *, file: str | None = None) -> None:
        """Refuse a model folder without a model."""
        check_model_folder(self.args.model, where=where, file=file)

    def signature(self) -> str:
        """Model, architecture, generation settings, prompt, input limit, budget and seed."""
        a = self.args
        generation = ",".join(f"{k}={v}" for k, v in sorted(a.generation.items()))
        budget = a.budget.describe() if a.budget else "none"
        return (
            f"hf|model:{model_label(a.model)}|arch:{self._architecture}"
            f"|gen:{generation}|prompt:{a.prompt!r}|max_in:{a.max_input_tokens or 'model'}"
            f"|budget:{budget}|seed:{a.seed}"
        )

    def key_inputs(self) -> dict[str, Any]:
        """The model folder's files, or a hub model's cached revision."""
        return {"model": model_key_input(self.args.model, where="summarizer.args.model")}

    @cached_property
    def _loaded(self) -> tuple[Any, Any, str]:
        from transformers import AutoModelForCausalLM, AutoModelForSeq2SeqLM

        cls = AutoModelForSeq2SeqLM if self._architecture == "seq2seq" else AutoModelForCausalLM
        tokenizer, model, device = load_pretrained(
            cls, self.args.model, device=self.args.device, where="summarizer.args.model"
        )
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
        if self._architecture == "causal":
            tokenizer.padding_side = "left"  # generation continues the right end of each row
        return tokenizer, model, device

    @cached_property
    def _architecture(self) -> str:
        if self.args.architecture != "auto":
            return self.args.architecture
        # A local config.json that states it decides without importing transformers (seconds
        # on a warm run, where no model is loaded); without the key, the model class's default
        # applies, which only transformers knows.
        source = model_source(self.args.model)  # a cached hub model: its snapshot folder
        stated = _stated_encoder_decoder(source)
        if stated is not None:
            return "seq2seq" if stated else "causal"
        from transformers import AutoConfig

        try:
            config = AutoConfig.from_pretrained(source)
        except OSError as err:
            raise ConfigError(
                f"cannot read the config of {self.args.model!r}: {err}",
                where="summarizer.args.model",
                fix="check the path.",
            ) from None
        return "seq2seq" if config.is_encoder_decoder else "causal"

    def _limit(self, tokenizer: Any, model: Any) -> int:
        if self.args.max_input_tokens is not None:
            return self.args.max_input_tokens
        limits = [
            getattr(model.config, "max_position_embeddings", None),
            tokenizer.model_max_length if tokenizer.model_max_length < 10**6 else None,
        ]
        return min([x for x in limits if x] or [1024])

    def candidates(self, examples: Sequence[Example]) -> list[Candidate]:
        """Generate in batches; a source cut to the model's input limit is noted on its candidate,
        and the budget cuts the output."""
        import torch

        tokenizer, model, device = self._loaded
        if self.args.seed is not None:
            torch.manual_seed(self.args.seed)
        limit = self._limit(tokenizer, model)
        if self._architecture == "causal":  # room for the answer inside the window
            limit = max(8, limit - int(self.args.generation.get("max_new_tokens", 128)))
        out: list[Candidate] = []
        for start in range(0, len(examples), self.args.batch_size):
            batch = examples[start : start + self.args.batch_size]
            texts = [self.args.prompt.format(source=e.source) for e in batch]
            lengths = [len(tokenizer(t)["input_ids"]) for t in texts]
            encoded = tokenizer(
                texts, return_tensors="pt", padding=True, truncation=True, max_length=limit
            ).to(device)
            with torch.inference_mode():
                generated = model.generate(**encoded, **self.args.generation)
            if self._architecture == "causal":
                generated = generated[:, encoded["input_ids"].shape[1] :]
            summaries = tokenizer.batch_decode(generated, skip_special_tokens=True)
            for example, summary, length in zip(batch, summaries, lengths, strict=True):
                note = (
                    f"source truncated from {length} to {limit} tokens" if length > limit else None
                )
                text = summary.strip()
                if self.args.budget is not None:
                    text = self.args.budget.cut(text)
                out.append(Candidate(example.id, text, note=note))
        return out


def _stated_encoder_decoder(model: str) -> bool | None:
    """``is_encoder_decoder`` as a local model folder's config.json states it, else None."""
    import json
    from pathlib import Path

    try:
        stated = json.loads((Path(model) / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = stated.get("is_encoder_decoder") if isinstance(stated, dict) else None
    return value if isinstance(value, bool) else None
