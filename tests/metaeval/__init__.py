"""Tests of bench.metaeval."""
