"""ROUGE's ``language`` from the dataset card: a ``rouge`` entry that sets neither
``language`` nor ``tokenizer`` takes the language the dataset folder's card declares, when it
declares exactly one that ``rouge`` knows other than English (English, or none: rouge-score's
own tokenizer, as without a card). The entry is rewritten in the config, so the run's
settings, signature and cache key name the language as if it had been written there."""

from __future__ import annotations

from pathlib import Path

from ..data.card import card_languages
from ..metrics import rouge_languages as languages
from .config import ExperimentConfig


def card_language(path: str) -> str | None:
    """The one non-English language code ``rouge`` knows that the card at ``path`` declares."""
    folder = Path(path)
    if not folder.is_dir():
        return None
    found = card_languages(folder)
    if len(found) != 1:
        return None
    code = languages.normalize(found[0])
    return code if code in languages.LANGUAGES else None


def with_card_language(config: ExperimentConfig) -> ExperimentConfig:
    """``config`` with the card's language set on each ``rouge`` entry that sets none."""
    plain = [
        i
        for i, spec in enumerate(config.metrics)
        if spec.type == "rouge" and "language" not in spec.args and "tokenizer" not in spec.args
    ]
    code = card_language(config.dataset.path) if plain else None
    if code is None:
        return config
    metrics = list(config.metrics)
    for i in plain:
        metrics[i] = metrics[i].model_copy(update={"args": {**metrics[i].args, "language": code}})
    return config.model_copy(update={"metrics": metrics})
