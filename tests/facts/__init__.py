"""Tests of bench.facts."""
