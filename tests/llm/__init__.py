"""Tests of bench.llm."""
