"""Datasets: the example schema, loading from files or the hub, and validation."""

from .loading import DatasetSpec, load_examples
from .schema import Dataset, Example, Fact, Probe

__all__ = ["Dataset", "DatasetSpec", "Example", "Fact", "Probe", "load_examples"]
