"""Tests of bench.summarizers."""
