"""Sentence-embedding fact matcher (sentence-transformers; all-MiniLM-L6-v2 by default).

Each claim is embedded once, each summary sentence and run of adjacent sentences (up to
``window``) once; the score is the best cosine similarity, clipped to 0..1. A claim is present
when the score reaches ``threshold`` — a value to calibrate (``summbench meta-eval`` does it by
cross-validation), not to guess.

Embeddings do not see a swapped number or name, so false-claim probes additionally need one of
their cue phrases to appear literally in the best window; without that, every faithful summary
would "state" the distortions that sit closest to it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property, lru_cache
from typing import Any, ClassVar

from pydantic import Field

from ..checkpoints import check_model_folder, model_key_input, model_label, model_source
from ..encoders.batching import BATCHED_FROM, one_intra_op_thread
from ..encoders.bertscore_encoder import (
    BertScoreEncoder,
    default_model_path,
    packaged_model_label,
)
from ..plugin import PluginArgs
from ..progress import advance
from ..text import sentence_windows
from .matcher import ClaimVerdict, FactMatcher, MatchTask, Verdict
from .normalize import Normalizer, contains_phrase


@lru_cache(maxsize=4)
def load_sentence_model(path: str, device: str | None) -> Any:
    """One model per (path, device) per process."""
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(path, device=device)


def _encode_batch_independently(
    model: Any, texts: list[str], batch_size: int, shared: Any = None
) -> dict[str, Any]:
    """Unit vectors of ``texts``, each the same whatever else is encoded with it.

    sentence-transformers pads a batch to its longest text, and the padded matrix products sum
    in another order (~1e-7), so a vector, and a verdict at the threshold, could depend on its
    batch-mates (which depend on what was cached). As for BERTScore's encoder
    (:mod:`bench.encoders.token_embeddings`, *Determinism*): batches of equal token length, no
    padding, texts under 4 tokens alone, one intra-op thread.

    ``shared``: the process's BERTScore encoder of the same model files and all its layers
    (:func:`_shared_encoder`), or None. Its token vectors of a text, given the same token ids,
    are this model's token output to the bit (one intra-op thread, unpadded), so texts it
    tokenizes alike are taken from it, mean-pooled and normalised by this model's own modules:
    the BERTScore metric and the learned matcher have usually encoded them already (whole
    summaries, sentences, facts), and the rest are encoded once for every user of the encoder.
    """
    ids = {text: token_ids(model, text) for text in texts}
    out: dict[str, Any] = {}
    if shared is not None:
        out = _pooled(model, shared, ids, batch_size)
    by_length: dict[int, list[str]] = {}
    for text in texts:
        if text not in out:
            by_length.setdefault(len(ids[text]), []).append(text)
    with one_intra_op_thread():
        for length, group in by_length.items():
            size = batch_size if length >= BATCHED_FROM else 1
            for start in range(0, len(group), size):
                batch = group[start : start + size]
                vectors = model.encode(
                    batch,
                    batch_size=size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
                out.update(zip(batch, vectors, strict=True))
                advance(len(batch), "texts encoded")
    return out


def token_ids(model: Any, text: str) -> list[int]:
    """The model's token ids of ``text``, as ``encode`` feeds them to the transformer.

    sentence-transformers 6 renamed ``tokenize`` to ``preprocess``, and the old name now logs
    "The `tokenize` method is deprecated" (once per process: ``summbench meta-eval`` printed
    it); earlier versions have only ``tokenize``.
    """
    preprocess = getattr(model, "preprocess", None) or model.tokenize
    return preprocess([text])["input_ids"][0].tolist()


#: Tokens whose vectors are taken and pooled at a time (~48 MB; see :func:`_pooled`).
POOLED_CHUNK_TOKENS = 1 << 15


def _pooled(model: Any, shared: Any, ids: dict[str, list[int]], batch_size: int) -> dict[str, Any]:
    """Unit vectors of the texts that ``shared`` tokenizes as ``model`` does (``ids``: the
    model's token ids per text), from ``shared``'s token vectors through the model's pooling
    and normalisation modules and ``encode``'s own normalisation: the steps ``encode`` takes
    after the transformer, on the same tensors, so the same bits."""
    import torch

    limit = model.max_seq_length
    # A text the sentence model cuts at its (shorter) limit is tokenized differently: encoded
    # by the sentence model itself.
    wanted = [t for t, token_ids in ids.items() if limit is None or len(token_ids) < limit]
    # In chunks of texts of neighbouring lengths (full batches), each chunk's token vectors
    # dropped once pooled: windows of two sentences are nobody else's texts, and holding all of
    # them at once took ~200 MB at pyramid scale (chunks of 1,024 long windows still ~200 MB).
    wanted.sort(key=lambda t: len(ids[t]))
    chunks: list[list[str]] = [[]]
    tokens_in_chunk = 0
    for text in wanted:
        if tokens_in_chunk + len(ids[text]) > POOLED_CHUNK_TOKENS and chunks[-1]:
            chunks.append([])
            tokens_in_chunk = 0
        chunks[-1].append(text)
        tokens_in_chunk += len(ids[text])
    out: dict[str, Any] = {}
    for chunk in chunks:
        embedded = shared.embed(chunk, batch_size, remember=False)
        with torch.no_grad(), one_intra_op_thread():
            for text in chunk:
                found = embedded[text]
                if list(found.ids) != ids[text]:
                    continue  # the two tokenizers disagree: not the same input, not the same text
                tokens = torch.from_numpy(found.vectors).unsqueeze(0)
                features = {
                    "token_embeddings": tokens,
                    "attention_mask": torch.ones(tokens.shape[:2], dtype=torch.int64),
                }
                for module in list(model)[1:]:
                    features = module(features)
                vector = torch.nn.functional.normalize(features["sentence_embedding"], p=2, dim=1)
                out[text] = vector[0].numpy()
    return out


def _shared_encoder(model: Any, device: str | None) -> Any:
    """The BERTScore encoder to take token vectors from, for the packaged MiniLM; None when
    ``model`` is not exactly transformer -> mean pooling -> normalisation over all the
    encoder's layers (then its vectors are its own)."""
    from sentence_transformers.base.modules.normalize import Normalize
    from sentence_transformers.base.modules.transformer import Transformer
    from sentence_transformers.sentence_transformer.modules.pooling import Pooling

    modules = list(model)
    if [type(m) for m in modules] != [Transformer, Pooling, Normalize]:
        return None
    if modules[1].pooling_mode != "mean" or model.truncate_dim is not None:
        return None
    encoder = BertScoreEncoder(device=device)
    if modules[0].auto_model.config.num_hidden_layers != encoder.num_layers:
        return None
    return encoder.embedder


class EmbeddingArgs(PluginArgs):
    """Settings of the embedding matcher: model, cosine threshold, and sentence window."""

    model: str | None = Field(None, description="sentence-transformers model name or folder")
    # Calibrated on PyrXSum's 4,780 human SCU labels (best balanced accuracy, 0.713).
    threshold: float = Field(0.48, ge=-1, le=1, description="cosine needed for 'present'")
    window: int = Field(2, ge=1, le=5, description="longest run of adjacent sentences compared")
    batch_size: int = Field(64, ge=1)
    device: str | None = Field(None, description="cpu, cuda ... (default: as the library picks)")

    not_in_key: ClassVar[Mapping[str, str]] = {
        "model": "keyed by the model folder's files, or a hub model's cached revision and "
        "files (key_inputs)",
    }


class EmbeddingMatcher(FactMatcher):
    """Best cosine similarity between the claim and summary sentences (MiniLM by default)."""

    name = "embedding"
    Args = EmbeddingArgs
    args: EmbeddingArgs

    def check_settings(self, where: str, *, file: str | None = None) -> None:
        """Refuse a model folder without a model."""
        check_model_folder(self.args.model, where=where, file=file)

    @property
    def model_label(self) -> str:
        """The model's short name (the packaged model's when none is set)."""
        if self.args.model is None:
            return packaged_model_label()
        return model_label(self.args.model)

    def signature(self) -> str:
        """Model, threshold and window."""
        a = self.args
        return f"matcher:embedding|model:{self.model_label}|thr:{a.threshold:g}|win:{a.window}"

    def key_inputs(self) -> dict[str, Any]:
        """The model folder's files or a hub model's cached revision; the packaged model's label."""
        return {
            "model": model_key_input(self.args.model, where="matcher.args.model")
            if self.args.model
            else self.model_label
        }

    def loads_model(self) -> bool:
        """Always: judging loads a sentence-transformers model."""
        return True

    def warm_up(self) -> None:
        """Load the sentence-transformers model."""
        load_sentence_model(self._model_source, self.args.device)

    @property
    def _model_source(self) -> str:
        """The folder to load: a hub model from the cached snapshot its key was made from."""
        return model_source(self.args.model) if self.args.model else default_model_path()

    @cached_property
    def _vectors(self) -> dict[str, Any]:
        """Unit vectors of every text encoded so far (bounded: see _encode)."""
        return {}

    def _encode(self, texts: list[str]) -> Any:
        """Unit vectors of ``texts``, encoding only those this matcher has not seen: the facts
        recur for every system, and windows of equal summaries recur across examples."""
        import numpy as np

        known = self._vectors
        missing = [t for t in texts if t not in known]
        fresh: dict[str, Any] = {}
        if missing:
            model = load_sentence_model(self._model_source, self.args.device)
            # The packaged model's token vectors are the BERTScore encoder's: shared with it.
            shared = None if self.args.model else _shared_encoder(model, self.args.device)
            fresh = _encode_batch_independently(model, missing, self.args.batch_size, shared)
        out = np.stack([fresh[t] if t in fresh else known[t] for t in texts])
        if len(known) + len(fresh) > 200_000:
            known.clear()  # bounded memory on any corpus: forget all, start again
        known.update(fresh)
        return out

    def match(self, tasks: Sequence[MatchTask]) -> list[list[ClaimVerdict]]:
        """Each claim's best cosine with a window of adjacent summary sentences (among the
        windows holding one of its ``any_of`` phrases, if any), 'present' from the threshold up."""
        windows_per_task = [sentence_windows(t.summary, self.args.window) for t in tasks]
        # Embed every distinct text once, however many tasks share it.
        texts = sorted(
            {c.text for t in tasks for c in t.claims} | {w for ws in windows_per_task for w in ws}
        )
        index = {text: i for i, text in enumerate(texts)}
        vectors = self._encode(texts) if texts else None
        normalizers: dict[tuple, Normalizer] = {}
        results = []
        for task, windows in zip(tasks, windows_per_task, strict=True):
            if task.aliases not in normalizers:
                normalizers[task.aliases] = Normalizer(task.aliases)
            normalizer = normalizers[task.aliases]
            window_tokens = [normalizer.tokens(w) for w in windows]
            verdicts = []
            for claim in task.claims:
                if not windows:
                    verdicts.append(ClaimVerdict(claim.id, Verdict.ABSENT, 0.0, ""))
                    continue
                sims = vectors[[index[w] for w in windows]] @ vectors[index[claim.text]]
                order = sorted(range(len(windows)), key=lambda i: -float(sims[i]))
                if claim.any_of:
                    cues = [normalizer.tokens(c) for c in claim.any_of]
                    order = [
                        i for i in order if any(contains_phrase(window_tokens[i], c) for c in cues)
                    ]
                if not order:
                    verdicts.append(ClaimVerdict(claim.id, Verdict.ABSENT, 0.0, ""))
                    continue
                best = order[0]
                score = min(max(float(sims[best]), 0.0), 1.0)
                verdict = Verdict.PRESENT if score >= self.args.threshold else Verdict.ABSENT
                verdicts.append(ClaimVerdict(claim.id, verdict, score, windows[best]))
            results.append(verdicts)
        return results
