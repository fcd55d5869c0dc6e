"""Tests of bench.text."""
