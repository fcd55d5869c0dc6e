"""Tests of bench.data (the folder also holds files the tests read: first_sentence.py, plugin/)."""
