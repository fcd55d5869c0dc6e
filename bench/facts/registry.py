"""The fact matcher registry."""

from ..registry import Registry
from .matcher import FactMatcher

MATCHERS: Registry = Registry("fact matcher", FactMatcher, "summbench.matchers")
for _name, _target, _description in [
    ("learned", "learned:LearnedMatcher", "logistic model over overlap, alignment, wording"),
    ("lexical", "lexical:LexicalMatcher", "content-word overlap with aliases, numbers, stemming"),
    ("embedding", "embedding:EmbeddingMatcher", "best sentence-embedding cosine (MiniLM default)"),
    ("bertscore", "bertscore:BertScoreMatcher", "BERTScore recall of each fact (idf from sources)"),
    ("hybrid", "hybrid:HybridMatcher", "weighted mean of several matchers' scores"),
    ("verifier", "verifier:VerifierMatcher", "MiniLM cross-encoder: fact and window read together"),
    ("nli", "nli:NliMatcher", "entailment probability from any transformers NLI checkpoint"),
    ("llm", "llm:LlmMatcher", "LLM judge over an OpenAI-compatible chat endpoint"),
]:
    MATCHERS.add(_name, f"bench.facts.{_target}", _description)
