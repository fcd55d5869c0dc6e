"""Tests of bench.stats."""
