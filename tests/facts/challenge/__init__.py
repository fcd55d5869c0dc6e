"""Tests of bench.facts.challenge."""
