"""A summbench plugin installed from its own package, found through its entry point."""

from bench.summarizers.base import Summarizer


class ShoutSummarizer(Summarizer):
    """The first sentence of the source, in capitals."""

    def summarize(self, examples):
        return [e.source.split(". ")[0].upper() for e in examples]
