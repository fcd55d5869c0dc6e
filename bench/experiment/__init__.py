"""Experiments: YAML configs, the runner, and the results folder."""

from .config import ExperimentConfig, load_config
from .runner import run_experiment

__all__ = ["ExperimentConfig", "load_config", "run_experiment"]
