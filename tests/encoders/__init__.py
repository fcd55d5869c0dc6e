"""Tests of bench.encoders."""
