"""Tests of bench.experiment."""
