"""Tests of bench.sensitivity."""
