"""Meta-evaluation: how well each metric agrees with human judgments."""
