"""Training code, run as programs (``python -m bench.training.logistic``), imported by nothing in
the library: what it needs (datasets, probes, metrics, matchers) it imports from above them all."""
