"""LLM-judge fact matcher over an OpenAI-compatible chat endpoint.

Several facts go in one request (``facts_per_call``); the model answers with JSON, one verdict
per fact: present / absent / contradicted, a confidence and a quote from the summary. A reply
that is not that JSON is asked again (the client's retries); a request that fails for good
leaves its facts *absent* with the error as evidence, and is counted in ``usage``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cached_property
from typing import Any, Literal

from pydantic import Field

from ..llm.client import ChatClient, EndpointSpec, LLMError
from ..plugin import PluginArgs
from ..wording import counted
from .matcher import Claim, ClaimVerdict, FactMatcher, MatchTask, Verdict

SYSTEM_PROMPT = (
    "You check summaries against facts. For each numbered fact, decide whether the summary "
    "states it (present), does not state it (absent), or states something incompatible with "
    "it (contradicted). Judge meaning, not wording. Answer with JSON only."
)
USER_TEMPLATE = """Summary:
<<<
{summary}
>>>

Facts:
{facts}

Reply with JSON of this form, one entry per fact:
{{"verdicts": [{{"id": 1, "verdict": "present", "confidence": 0.9, "evidence": "quote from the summary"}}]}}"""  # noqa: E501

# Faithfulness (``mode: source``): the text is the source document, the claims are the
# summary's sentences.
SOURCE_SYSTEM_PROMPT = (
    "You check summary sentences against the document they summarize. For each numbered "
    "sentence, decide whether the document supports it (present), does not say it (absent), "
    "or says something incompatible with it (contradicted). Judge meaning, not wording. "
    "Answer with JSON only."
)
SOURCE_USER_TEMPLATE = """Document:
<<<
{summary}
>>>

Sentences:
{facts}

Reply with JSON of this form, one entry per sentence:
{{"verdicts": [{{"id": 1, "verdict": "present", "confidence": 0.9, "evidence": "quote from the document"}}]}}"""  # noqa: E501

_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)


class LlmArgs(PluginArgs):
    """Settings of the LLM matcher: the endpoint, facts per request, threshold, and mode."""

    endpoint: EndpointSpec
    facts_per_call: int = Field(8, ge=1, description="facts judged in one request")
    threshold: float = Field(0.5, ge=0, le=1, description="confidence needed for 'present'")
    mode: Literal["facts", "source"] = Field(
        "facts",
        description="facts: are the facts in the summary; source: are the summary's sentences "
        "supported by the source document (the faithfulness metric sets it)",
    )


def parse_verdicts(text: str, n: int) -> dict[int, tuple[Verdict, float, str]]:
    """The model's verdicts by fact number (1-based). Raises ValueError on an unusable reply
    (the client then asks again)."""
    match = _JSON_OBJECT.search(text)
    if match is None:
        raise ValueError("no JSON object in the reply")
    data = json.loads(match.group(0))  # JSONDecodeError is a ValueError
    found: dict[int, tuple[Verdict, float, str]] = {}
    for entry in data.get("verdicts", []):
        try:
            number = int(entry["id"])
            verdict = Verdict(str(entry["verdict"]).strip().lower())
        except (KeyError, TypeError) as err:
            raise ValueError(f"malformed verdict entry {entry!r}") from err
        confidence = float(entry.get("confidence", 1.0 if verdict is Verdict.PRESENT else 0.0))
        found[number] = (verdict, min(max(confidence, 0.0), 1.0), str(entry.get("evidence", "")))
    if not all(i in found for i in range(1, n + 1)):
        asked = f"{counted(n, 'fact')} {'was' if n == 1 else 'were'} asked"
        raise ValueError(f"verdicts for {sorted(found)} but {asked}")
    return found


def _parser(n: int):
    return lambda text: parse_verdicts(text, n)


class LlmMatcher(FactMatcher):
    """An LLM judge (OpenAI-compatible endpoint) gives a verdict per fact."""

    name = "llm"
    Args = LlmArgs
    args: LlmArgs

    @cached_property
    def client(self) -> ChatClient:
        """The chat client for the endpoint (it counts the requests and tokens spent)."""
        return ChatClient(self.args.endpoint)

    def signature(self) -> str:
        """Endpoint, facts per request, threshold and prompt version."""
        return (
            f"matcher:llm|{self.args.endpoint.signature()}|per_call:{self.args.facts_per_call}"
            f"|thr:{self.args.threshold:g}|prompt:{self._prompt_version}"
        )

    @property
    def _prompt_version(self) -> str:
        return "v1" if self.args.mode == "facts" else "source-v1"

    def _conversation(self, summary: str, claims: Sequence[Claim]) -> list[dict[str, str]]:
        facts = "\n".join(f"{i}. {c.text}" for i, c in enumerate(claims, 1))
        system, template = (
            (SYSTEM_PROMPT, USER_TEMPLATE)
            if self.args.mode == "facts"
            else (SOURCE_SYSTEM_PROMPT, SOURCE_USER_TEMPLATE)
        )
        return [
            {"role": "system", "content": system},
            {"role": "user", "content": template.format(summary=summary, facts=facts)},
        ]

    def match(self, tasks: Sequence[MatchTask]) -> list[list[ClaimVerdict]]:
        """Ask the model about ``facts_per_call`` claims at a time; a request that fails makes its
        claims absent, with the error as evidence."""
        chunks: list[tuple[int, list[Claim]]] = []
        for t, task in enumerate(tasks):
            claims = list(task.claims)
            for start in range(0, len(claims), self.args.facts_per_call):
                chunks.append((t, claims[start : start + self.args.facts_per_call]))
        replies = self.client.map(
            [
                (self._conversation(tasks[t].summary, claims), _parser(len(claims)))
                for t, claims in chunks
            ]
        )
        verdicts: list[dict[str, ClaimVerdict]] = [{} for _ in tasks]
        for (t, claims), parsed in zip(chunks, replies, strict=True):
            for i, claim in enumerate(claims, 1):
                verdicts[t][claim.id] = self._verdict(claim, parsed, i)
        return [[verdicts[t][c.id] for c in task.claims] for t, task in enumerate(tasks)]

    def _verdict(self, claim: Claim, parsed: Any, number: int) -> ClaimVerdict:
        if isinstance(parsed, LLMError):
            return ClaimVerdict(claim.id, Verdict.ABSENT, 0.0, f"error: {parsed}")
        verdict, confidence, evidence = parsed[number]
        if verdict is Verdict.PRESENT and confidence < self.args.threshold:
            verdict = Verdict.ABSENT
        # The model's confidence is in its own verdict; the score is that the fact is present.
        score = confidence if verdict is Verdict.PRESENT else 1 - confidence
        return ClaimVerdict(claim.id, verdict, score, evidence)
