"""Tests of bench.probe."""
