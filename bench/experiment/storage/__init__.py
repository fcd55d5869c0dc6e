"""Where a run keeps its work: the result store (every generation and score, keyed by what
produced it), the results folder it owns, and the lock that keeps two runs apart."""
