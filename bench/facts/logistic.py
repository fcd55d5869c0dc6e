"""A small L2-regularised logistic regression: fitted by Newton's method, applied with numpy.

It is all the learned fact matcher needs, and it keeps scikit-learn out of the runtime: the
weights are a JSON file of a few hundred bytes. Fitting minimises the same objective as
``sklearn.linear_model.LogisticRegression(C=...)`` on standardised features (the intercept is
not penalised); a test checks the coefficients against scikit-learn's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

FORMAT = "summbench-logistic/1"


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # no overflow warnings for large |z|


@dataclass
class LogisticModel:
    """p(y=1 | x) = sigmoid(intercept + coef · (x - mean) / scale)."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    meta: dict[str, Any] = field(default_factory=dict)

    def decision(self, x: np.ndarray) -> np.ndarray:
        """Log-odds for rows of ``x`` ([..., features])."""
        x = np.asarray(x, dtype=np.float64)
        return self.intercept + ((x - self.mean) / self.scale) @ self.coef

    def probability(self, x: np.ndarray) -> np.ndarray:
        """p(y=1 | x) for rows of ``x``."""
        return _sigmoid(self.decision(x))

    # -- fitting -------------------------------------------------------------------------------
    @classmethod
    def fit(
        cls,
        x: np.ndarray,
        y: np.ndarray,
        features: tuple[str, ...],
        *,
        c: float = 1.0,
        sample_weight: np.ndarray | None = None,
        iterations: int = 100,
        tolerance: float = 1e-10,
    ) -> LogisticModel:
        """Newton's method on the penalised log-likelihood (convex: one optimum, found
        deterministically whatever the starting point)."""
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        weight = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
        mean = x.mean(axis=0)
        scale = x.std(axis=0)
        scale[scale < 1e-12] = 1.0  # a constant feature: left as it is (coefficient ~0)
        z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
        penalty = np.full(z.shape[1], 1.0 / c)
        penalty[0] = 0.0  # the intercept is not penalised
        beta = np.zeros(z.shape[1])
        for _ in range(iterations):
            p = _sigmoid(z @ beta)
            gradient = z.T @ (weight * (p - y)) + penalty * beta
            hessian = (z * (weight * p * (1 - p))[:, None]).T @ z + np.diag(penalty)
            step = np.linalg.solve(hessian, gradient)
            beta -= step
            if np.max(np.abs(step)) < tolerance:
                break
        return cls(tuple(features), mean, scale, beta[1:], float(beta[0]))

    # -- files ---------------------------------------------------------------------------------
    def to_json(self) -> str:
        """The model as JSON (the format :meth:`from_json` reads)."""
        record = {
            "format": FORMAT,
            "features": list(self.features),
            "mean": [round(float(v), 8) for v in self.mean],
            "scale": [round(float(v), 8) for v in self.scale],
            "coef": [round(float(v), 8) for v in self.coef],
            "intercept": round(self.intercept, 8),
            "meta": self.meta,
        }
        return json.dumps(record, indent=1, ensure_ascii=False, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str, where: str = "model") -> LogisticModel:
        """The model from :meth:`to_json`'s JSON; malformed JSON is a :class:`ConfigError`."""
        from ..errors import ConfigError

        try:
            record = json.loads(text)
            if record.get("format") != FORMAT:
                raise ValueError(f"format is {record.get('format')!r}, expected {FORMAT!r}")
            features = tuple(record["features"])
            arrays = [np.asarray(record[k], dtype=np.float64) for k in ("mean", "scale", "coef")]
            if any(a.shape != (len(features),) for a in arrays):
                raise ValueError("mean, scale and coef need one value per feature")
            return cls(features, *arrays, float(record["intercept"]), record.get("meta", {}))
        except (ValueError, KeyError, TypeError) as err:
            raise ConfigError(
                f"not a fact-matcher model file: {err}",
                where=where,
                fix="give a JSON file written by `python -m bench.training.logistic`.",
            ) from None

    @classmethod
    def load(cls, path: str | Path) -> LogisticModel:
        """The model from a JSON file; a :class:`ConfigError` if it cannot be read."""
        from ..errors import ConfigError

        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as err:
            raise ConfigError(
                f"cannot read the model file: {err.strerror}",
                where=str(path),
                fix="check the path.",
            ) from None
        return cls.from_json(text, where=str(path))
