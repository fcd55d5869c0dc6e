"""The fact matcher registry."""

from ..registry import Registry
from .matcher import FactMatcher

MATCHERS: Registry = Registry("fact matcher", FactMatcher, "summbench.matchers")
MATCHERS.add(
    "lexical",
    "bench.facts.lexical:LexicalMatcher",
    "content-word overlap with aliases, numbers and stemming",
)
