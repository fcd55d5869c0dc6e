"""Natural-language-inference fact matcher through ``transformers``.

Any sequence-classification checkpoint trained for NLI works, a hub model in the local cache or a
local folder: premise = a window of the summary, hypothesis = the fact. Written for MNLI-style
checkpoints such as ``microsoft/deberta-large-mnli``, ``roberta-large-mnli``,
``MoritzLaurer/DeBERTa-v3-base-mnli-fever-anli`` or the Lite²Pyramid SCU-presence models; their
label names differ (``ENTAILMENT``, ``entailment``...), so labels are found by name in the
model config, or given explicitly (``entailment_label``/``contradiction_label``).

Score = the best entailment probability over the summary's sentence windows; the fact is
*present* when it reaches ``threshold``, *contradicted* when some window's contradiction
probability reaches ``contradiction_threshold`` and beats its entailment probability.
No NLI model ships on PyPI: the tests run this code on a tiny model they build.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any, ClassVar

from pydantic import Field

from ..checkpoints import check_model_folder, load_pretrained, model_key_input, model_label
from ..errors import ConfigError
from ..plugin import PluginArgs
from ..text import sentence_windows
from .matcher import ClaimVerdict, FactMatcher, MatchTask, Verdict


class NliArgs(PluginArgs):
    """Settings of the NLI matcher: the checkpoint, entailment and contradiction thresholds,
    label names, and window."""

    model: str = Field(description="hub name or local folder of an NLI checkpoint")
    threshold: float = Field(0.5, ge=0, le=1, description="entailment probability for 'present'")
    contradiction_threshold: float = Field(0.5, ge=0, le=1)
    entailment_label: str | None = Field(None, description="label name (default: found by name)")
    contradiction_label: str | None = Field(None)
    window: int = Field(2, ge=1, le=5, description="longest run of adjacent sentences as premise")
    batch_size: int = Field(16, ge=1)
    max_length: int = Field(512, ge=16, description="tokens per (premise, hypothesis) pair")
    device: str | None = Field(None, description="cpu, cuda ... (default: cuda if available)")

    not_in_key: ClassVar[Mapping[str, str]] = {
        "model": "keyed by the model folder's files, or a hub model's cached revision and "
        "files (key_inputs)",
    }


def _label_index(id2label: dict[int, str], wanted: str | None, hint: str, model: str) -> int:
    labels = {int(i): str(name) for i, name in id2label.items()}
    if wanted is not None:
        matches = [i for i, name in labels.items() if name == wanted]
    else:
        matches = [i for i, name in labels.items() if name.lower().startswith(hint)]
    if len(matches) != 1:
        raise ConfigError(
            f"cannot tell which output of {model} means {hint} (labels: {labels}).",
            where="matcher.args",
            fix=f"set `{hint}_label` to one of the label names.",
        )
    return matches[0]


class NliMatcher(FactMatcher):
    """Entailment probability of the fact given summary sentences (any NLI checkpoint)."""

    name = "nli"
    Args = NliArgs
    args: NliArgs

    def check_settings(self, where: str, *, file: str | None = None) -> None:
        """Refuse a model folder without a model."""
        check_model_folder(self.args.model, where=where, file=file)

    def signature(self) -> str:
        """Model, both thresholds, window, and maximum length."""
        a = self.args
        return (
            f"matcher:nli|model:{model_label(a.model)}|thr:{a.threshold:g}|cthr:{a.contradiction_threshold:g}"
            f"|win:{a.window}|maxlen:{a.max_length}"
        )

    def key_inputs(self) -> dict[str, Any]:
        """The model folder's files, or a hub model's cached revision."""
        return {"model": model_key_input(self.args.model, where="matcher.args.model")}

    def loads_model(self) -> bool:
        """Always: judging loads an NLI model."""
        return True

    def warm_up(self) -> None:
        """Load the NLI model."""
        self._model  # noqa: B018 (loads the model)

    @cached_property
    def _model(self) -> tuple[Any, Any, str, int, int]:
        from transformers import AutoModelForSequenceClassification

        tokenizer, model, device = load_pretrained(
            AutoModelForSequenceClassification,
            self.args.model,
            device=self.args.device,
            where="matcher.args.model",
            what="NLI model",
        )
        id2label = model.config.id2label
        entail = _label_index(id2label, self.args.entailment_label, "entailment", self.args.model)
        contra = _label_index(
            id2label, self.args.contradiction_label, "contradiction", self.args.model
        )
        return tokenizer, model, device, entail, contra

    def _probabilities(self, pairs: list[tuple[str, str]]) -> list[tuple[float, float]]:
        """(entailment, contradiction) probability per (premise, hypothesis) pair."""
        import torch

        tokenizer, model, device, entail, contra = self._model
        # Length-sorted batches waste less padding; results go back in input order.
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        results: dict[int, tuple[float, float]] = {}
        for start in range(0, len(order), self.args.batch_size):
            batch = order[start : start + self.args.batch_size]
            encoded = tokenizer(
                [pairs[i][0] for i in batch],
                [pairs[i][1] for i in batch],
                padding=True,
                truncation="only_first",
                max_length=self.args.max_length,
                return_tensors="pt",
            ).to(device)
            with torch.inference_mode():
                probs = model(**encoded).logits.float().softmax(dim=-1).cpu()
            for i, row in zip(batch, probs.tolist(), strict=True):
                results[i] = (row[entail], row[contra])
        return [results[i] for i in range(len(pairs))]

    def match(self, tasks: Sequence[MatchTask]) -> list[list[ClaimVerdict]]:
        """Each claim is the hypothesis, each window of adjacent summary sentences a premise:
        'present' when the best entailment reaches the threshold, else 'contradicted' when the
        strongest contradiction does (and outweighs its window's entailment)."""
        windows = [sentence_windows(t.summary, self.args.window) for t in tasks]
        pairs = sorted(
            {
                (w, c.text)
                for t, ws in zip(tasks, windows, strict=True)
                for w in ws
                for c in t.claims
            }
        )
        probabilities = dict(zip(pairs, self._probabilities(pairs), strict=True)) if pairs else {}
        results = []
        for task, ws in zip(tasks, windows, strict=True):
            verdicts = []
            for claim in task.claims:
                if not ws:
                    verdicts.append(ClaimVerdict(claim.id, Verdict.ABSENT, 0.0, ""))
                    continue
                scored = [(probabilities[(w, claim.text)], w) for w in ws]
                (entail, _), best = max(scored, key=lambda s: s[0][0])
                (e_c, contra), worst = max(scored, key=lambda s: s[0][1])
                if entail >= self.args.threshold:
                    verdicts.append(ClaimVerdict(claim.id, Verdict.PRESENT, entail, best))
                elif contra >= self.args.contradiction_threshold and contra > e_c:
                    verdicts.append(ClaimVerdict(claim.id, Verdict.CONTRADICTED, entail, worst))
                else:
                    verdicts.append(ClaimVerdict(claim.id, Verdict.ABSENT, entail, best))
            results.append(verdicts)
        return results
