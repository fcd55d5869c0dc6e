"""Tests of bench.cli (the commands end to end are in tests/end_to_end/test_cli.py)."""
