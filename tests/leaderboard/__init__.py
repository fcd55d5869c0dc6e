"""Tests of bench.leaderboard."""
