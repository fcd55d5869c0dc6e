"""One client for every OpenAI-compatible chat endpoint, shared by LLM judges and summarizers.

Built on the official ``openai`` package for the protocol, with the retries done here so that
every HTTP request is counted: exponential backoff (honouring ``Retry-After``) on 429, 5xx,
connection errors and timeouts, and a new request when a reply arrives but cannot be used
(malformed JSON, an empty answer). On top: a concurrency limit, a per-run request budget and
token accounting. The API key is read from the environment variable the config names; it is
never stored in results.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from ..errors import ConfigError
from ..secrets import redact

T = TypeVar("T")


class EndpointSpec(BaseModel):
    """Where and how to call a chat endpoint (the ``endpoint`` mapping in a config)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: str = Field(
        description="e.g. http://127.0.0.1:8000/v1 (vLLM), http://127.0.0.1:11434/v1 (Ollama)"
    )
    model: str
    api_key_env: str | None = Field(None, description="environment variable holding the key")
    timeout: float = Field(60.0, gt=0, description="seconds per request")
    max_retries: int = Field(3, ge=0, description="retries on 429/5xx/timeouts/bad replies")
    concurrency: int = Field(4, ge=1, description="requests in flight at once")
    max_requests: int | None = Field(None, ge=1, description="request budget for the run")
    temperature: float = Field(0.0, ge=0)
    max_tokens: int = Field(512, ge=1)
    seed: int | None = Field(None, description="sent where the server supports it")

    #: Settings that only decide whether and how fast a request succeeds; a failed request is
    #: never stored, so none of them can change a stored reply.
    not_in_key: ClassVar[Mapping[str, str]] = {
        "api_key_env": "names the variable holding the key, not what the model answers",
        "timeout": "only decides whether a request fails; failures are never stored",
        "max_retries": "only decides whether a request fails; failures are never stored",
        "concurrency": "requests in flight at once; each reply depends on its request alone",
        "max_requests": "a spending limit; requests over it fail and are never stored",
    }

    def signature(self) -> str:
        """Model and sampling settings (not the URL: tables carry no addresses)."""
        return (
            f"llm:{self.model}|temp:{self.temperature:g}|max_tokens:{self.max_tokens}"
            f"|seed:{self.seed}"
        )


class LLMError(Exception):
    """A request that failed after every retry, or a spent budget."""


@dataclass(frozen=True)
class ChatReply:
    """A reply's text and its token counts."""

    text: str
    prompt_tokens: int
    completion_tokens: int


@dataclass
class Usage:
    """Requests, failures and tokens spent so far."""

    requests: int = 0
    failures: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0


class ChatClient:
    """Thread-safe chat calls with accounting. ``parse`` turns a reply into a value or raises
    ``ValueError``, which counts as a bad reply and is retried."""

    def __init__(self, spec: EndpointSpec):
        import openai

        self.spec = spec
        key = "not-needed"
        if spec.api_key_env is not None:
            key = os.environ.get(spec.api_key_env, "")
            if not key:
                raise ConfigError(
                    f"environment variable {spec.api_key_env} is not set.",
                    where="endpoint.api_key_env",
                    fix=f"export {spec.api_key_env}=... before running.",
                )
        #: Kept to strike it from error texts: a server may quote the key back in its error, and
        #: error texts are saved in predictions, scores and the page.
        self._key = key if spec.api_key_env is not None else ""
        # max_retries=0: we retry ourselves, so the request budget and usage count every call.
        self._client = openai.OpenAI(
            base_url=spec.base_url, api_key=key, timeout=spec.timeout, max_retries=0
        )
        self._openai = openai
        self.usage = Usage()
        self._lock = threading.Lock()

    def _count_request(self) -> None:
        with self._lock:
            if self.spec.max_requests is not None and self.usage.requests >= self.spec.max_requests:
                raise LLMError(f"request budget of {self.spec.max_requests} spent")
            self.usage.requests += 1

    def _retryable(self, err: Exception) -> bool:
        o = self._openai
        if isinstance(err, (o.APITimeoutError, o.APIConnectionError, o.RateLimitError)):
            return True
        return isinstance(err, o.APIStatusError) and err.status_code >= 500

    @staticmethod
    def _backoff(attempt: int, err: Exception | None) -> None:
        delay = min(0.5 * 2**attempt, 8.0)
        response = getattr(err, "response", None)
        retry_after = response.headers.get("retry-after") if response is not None else None
        if retry_after is not None:
            with contextlib.suppress(ValueError):  # an HTTP date: keep our own delay
                delay = min(float(retry_after), 30.0)
        time.sleep(delay)

    def chat(self, messages: Sequence[dict[str, str]], parse: Callable[[str], T]) -> T:
        """Send one conversation; return ``parse(reply text)``."""
        last: Exception | None = None
        for attempt in range(self.spec.max_retries + 1):
            if attempt:
                self._backoff(attempt - 1, last)
            self._count_request()
            try:
                response = self._client.chat.completions.create(
                    model=self.spec.model,
                    messages=list(messages),
                    temperature=self.spec.temperature,
                    max_tokens=self.spec.max_tokens,
                    **({"seed": self.spec.seed} if self.spec.seed is not None else {}),
                )
                text = response.choices[0].message.content or ""
                usage = response.usage
                with self._lock:
                    self.usage.prompt_tokens += getattr(usage, "prompt_tokens", 0) or 0
                    self.usage.completion_tokens += getattr(usage, "completion_tokens", 0) or 0
                return parse(text)
            except (
                ValueError,
                IndexError,
                AttributeError,
                TypeError,
                self._openai.APIResponseValidationError,
            ) as err:
                last = err  # a reply we cannot use: ask again
            except self._openai.APIError as err:
                last = err
                if not self._retryable(err):
                    break  # 400, 401, 404...: asking again will not help
        with self._lock:
            self.usage.failures += 1
        raise LLMError(self._without_key(redact(f"{type(last).__name__}: {last}")))

    def _without_key(self, text: str) -> str:
        # Keys shorter than 8 characters are not struck: they would blank ordinary words.
        return text.replace(self._key, "***") if len(self._key) >= 8 else text

    def map(
        self, calls: Sequence[tuple[Sequence[dict[str, str]], Callable[[str], T]]]
    ) -> list[T | LLMError]:
        """Many (conversation, parser) calls, at most ``concurrency`` in flight; a call that
        fails for good comes back as its :class:`LLMError`, in place."""

        def one(call: tuple[Sequence[dict[str, str]], Callable[[str], T]]) -> T | LLMError:
            try:
                return self.chat(*call)
            except LLMError as err:
                return err

        with ThreadPoolExecutor(max_workers=self.spec.concurrency) as pool:
            return list(pool.map(one, calls))

    def usage_record(self) -> dict[str, Any]:
        """The usage as JSON-ready data, for run.json."""
        u = self.usage
        return {
            "requests": u.requests,
            "failures": u.failures,
            "prompt_tokens": u.prompt_tokens,
            "completion_tokens": u.completion_tokens,
        }
