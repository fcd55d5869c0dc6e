"""The fact matcher registry, and which matchers are used when nobody names one."""

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

#: The checklist's matcher when a config names none. Chosen by measurement
#: (docs/metaeval.md, "Which fact matcher"): on the challenge set it catches and contradicts far
#: more changed facts than the learned matcher (90% / 89% against 72% / 58%) and accepts as
#: many paraphrases.
DEFAULT_MATCHER = "verifier"
#: The faithfulness metric's checker when a config names none: the learned matcher ranks
#: SummaC's summaries by consistency better than the verifier (ROC AUC 0.80 / 0.89 against
#: 0.72 / 0.76 on XSumFaith / FactCC: results/meta-eval/transfer), whose best-overlap window of
#: a long source is often not the passage an abstractive sentence draws on.
DEFAULT_CHECKER = "learned"
#: The matchers a pyramid meta-evaluation compares when none are named.
META_EVAL_MATCHERS = ("verifier", "learned", "lexical", "embedding", "bertscore", "hybrid")
