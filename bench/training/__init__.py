"""Training commands: run as scripts, never imported by the library."""
