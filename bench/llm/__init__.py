"""The client layer for OpenAI-compatible chat endpoints (vLLM, Ollama, llama.cpp, OpenAI)."""

from .client import ChatClient, ChatReply, EndpointSpec, LLMError

__all__ = ["ChatClient", "ChatReply", "EndpointSpec", "LLMError"]
