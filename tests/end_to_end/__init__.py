"""Whole-program tests: the command line as users run it, real-size runs, reproducibility
and the lock, import layers, plugins installed for real, faults and bad input end to end."""
