"""Tests of bench.results."""
