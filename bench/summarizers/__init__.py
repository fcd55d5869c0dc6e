"""Summarizers: the registry and the built-ins (imported lazily, on use)."""

from ..registry import Registry
from .base import Candidate, LengthBudget, Summarizer

SUMMARIZERS: Registry = Registry("summarizer", Summarizer, "summbench.summarizers")
for _name, _target, _description in [
    ("lead", "extractive:LeadSummarizer", "first sentences of the source (lead-k)"),
    ("random", "extractive:RandomSummarizer", "random source sentences, seeded"),
    ("textrank", "graph:TextRankSummarizer", "TextRank sentence ranking (sumy)"),
    ("lexrank", "graph:LexRankSummarizer", "LexRank sentence ranking (sumy)"),
    ("oracle", "oracle:OracleSummarizer", "greedy ROUGE-1/2 oracle; reads the references"),
    ("human", "human:HumanSummarizer", "each reference vs the others (leave-one-out)"),
    ("predictions", "predictions:PredictionsSummarizer", "summaries from a JSONL/CSV file"),
    ("llm", "llm:LlmSummarizer", "an LLM over an OpenAI-compatible chat endpoint"),
    ("command", "command:CommandSummarizer", "any program: JSON lines in, JSON lines out"),
    ("hf", "hf:HfSummarizer", "a transformers seq2seq or causal model"),
]:
    SUMMARIZERS.add(_name, f"{__name__}.{_target}", _description)

__all__ = ["SUMMARIZERS", "Candidate", "LengthBudget", "Summarizer"]
