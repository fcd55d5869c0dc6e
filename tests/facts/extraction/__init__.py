"""Tests of bench.facts.extraction."""
