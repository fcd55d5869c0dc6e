"""Summaries from an LLM behind an OpenAI-compatible chat endpoint (vLLM, Ollama, llama.cpp,
OpenAI), through the client layer the LLM fact judge uses.

The prompt lives in the config: a system message and a user template with ``{source}`` and the
length budget (``{budget}``: "3 sentences" or "60 words"; also ``{sentences}`` and ``{words}``);
optional few-shot examples become earlier user/assistant turns. A request that fails after the
client's retries is a per-example failure (shown on the leaderboard), never a crashed run; the
API key comes from the environment variable the config names and is never written anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..data.schema import Example
from ..llm.client import ChatClient, EndpointSpec, LLMError
from .base import Candidate, LengthBudget, Summarizer, SummarizerArgs

DEFAULT_SYSTEM = "You write faithful, concise summaries of news articles."
DEFAULT_TEMPLATE = "Summarize the following article in at most {budget}.\n\n{source}"
_FIELDS = {"source": "", "budget": "", "sentences": "", "words": ""}


class FewShot(BaseModel):
    """One example turn of a few-shot prompt: a source and its summary."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    summary: str


class LlmSummarizerArgs(SummarizerArgs):
    """Settings of the LLM summarizer: the endpoint, the system message, the user message
    template, and few-shot examples."""

    endpoint: EndpointSpec
    system: str = Field(DEFAULT_SYSTEM, description="system message")
    template: str = Field(DEFAULT_TEMPLATE, description="user message; {source}, {budget}...")
    few_shot: tuple[FewShot, ...] = Field((), description="example (source, summary) turns")

    @field_validator("template")
    @classmethod
    def _known_fields(cls, template: str) -> str:
        try:
            template.format_map(_FIELDS)
        except (KeyError, IndexError, ValueError) as err:
            raise ValueError(
                f"template field {err} is unknown: use {{source}}, {{budget}}, {{sentences}} "
                "or {words} (double other braces: {{ }})"
            ) from None
        return template


def _budget_fields(budget: LengthBudget | None) -> dict[str, str]:
    if budget is None:
        return {"budget": "a few sentences", "sentences": "", "words": ""}
    if budget.sentences is not None:
        return {
            "budget": f"{budget.sentences} sentences",
            "sentences": str(budget.sentences),
            "words": "",
        }
    return {"budget": f"{budget.words} words", "sentences": "", "words": str(budget.words)}


class LlmSummarizer(Summarizer):
    """An LLM over an OpenAI-compatible chat endpoint, prompted from the config."""

    name = "llm"
    Args = LlmSummarizerArgs
    args: LlmSummarizerArgs

    @cached_property
    def client(self) -> ChatClient:
        """The chat client for the endpoint (it counts the requests and tokens spent)."""
        return ChatClient(self.args.endpoint)

    def signature(self) -> str:
        """Endpoint, a digest of the prompt (system, template, few-shot turns), and the budget."""
        import hashlib

        prompt = "\x00".join(
            [
                self.args.system,
                self.args.template,
                *[f"{s.source}\x01{s.summary}" for s in self.args.few_shot],
            ]
        )
        digest = hashlib.sha256(prompt.encode()).hexdigest()[:10]
        budget = self.args.budget.describe() if self.args.budget else "none"
        return f"llm|{self.args.endpoint.signature()}|prompt:{digest}|budget:{budget}"

    def conversation(self, example: Example) -> list[dict[str, str]]:
        """The messages for one example: the system message, the few-shot turns, then the source."""
        fields = _budget_fields(self.args.budget)
        messages = [{"role": "system", "content": self.args.system}]
        for shot in self.args.few_shot:
            messages.append(
                {
                    "role": "user",
                    "content": self.args.template.format_map({**fields, "source": shot.source}),
                }
            )
            messages.append({"role": "assistant", "content": shot.summary})
        messages.append(
            {
                "role": "user",
                "content": self.args.template.format_map({**fields, "source": example.source}),
            }
        )
        return messages

    def candidates(self, examples: Sequence[Example]) -> list[Candidate]:
        """One request per example; an empty reply or a failed request is a failure."""
        def parse(text: str) -> str:
            if not text.strip():
                raise ValueError("empty reply")
            return text.strip()

        replies = self.client.map([(self.conversation(e), parse) for e in examples])
        return [
            Candidate(e.id, "", error=str(reply))
            if isinstance(reply, LLMError)
            else Candidate(e.id, reply)
            for e, reply in zip(examples, replies, strict=True)
        ]

    def usage(self) -> dict[str, Any]:
        """The client's requests and tokens; empty when no request was made."""
        return self.client.usage_record() if "client" in self.__dict__ else {}
