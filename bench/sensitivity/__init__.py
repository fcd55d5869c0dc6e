"""Metric sensitivity probes: controlled corruptions of good summaries."""
