"""Tests of bench.experiment.storage."""
