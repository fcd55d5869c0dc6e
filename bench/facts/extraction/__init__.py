"""Fact checklists extracted from reference summaries (``facts: auto``)."""
