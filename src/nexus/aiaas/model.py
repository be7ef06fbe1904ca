"""The registered model side: train/load a small scikit-learn model, deterministic inference, fingerprints.

Deterministic inference means the same bytes out for the same bytes in, on any verifier: one BLAS
thread (threadpoolctl), float64 inputs of a fixed shape, and probabilities rounded to 6 decimals
before they are hashed. Models are stored as joblib files under `<home>/aiaas/models/<fingerprint>.joblib`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .._fs import private_dir
from ..exceptions import AIServiceInputError, AIServiceNotFound
from ._crypto import canonical_hash

__all__ = ["DIGITS_SCHEMA", "Model", "digits_model", "load_model", "model_fingerprint", "save_model", "single_thread"]

DIGITS_SCHEMA = {
    "type": "object",
    "required": ["x"],
    "properties": {
        "x": {"type": "array", "minItems": 64, "maxItems": 64, "items": {"type": "number", "minimum": 0, "maximum": 16}}
    },
}


def model_fingerprint(estimator: Any) -> str:
    """The model's content fingerprint (`nexus.fingerprint`'s root over its learned arrays), `0x` hex."""
    from ..ledger.fingerprint import fingerprint

    return "0x" + fingerprint(estimator).root


_LIMITS: list[Any] = []


def single_thread() -> None:
    """Pin BLAS/OpenMP pools to one thread for this process (once): the same sums in the same order."""
    if not _LIMITS:
        from threadpoolctl import threadpool_limits

        _LIMITS.append(threadpool_limits(limits=1))


@lru_cache(maxsize=4)
def digits_model(*, cheap: bool = False, seed: int = 0) -> Any:
    """Logistic regression on sklearn's bundled digits; `cheap`: a worse one (10% of the data, 20 steps)."""
    import warnings

    import numpy as np
    from sklearn.datasets import load_digits
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    single_thread()
    x, y = load_digits(return_X_y=True)
    x = x.astype(np.float64) / 16.0
    if cheap:  # what a cheating provider swaps in
        x, y = x[::10], y[::10]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return LogisticRegression(max_iter=20 if cheap else 100, random_state=seed).fit(x, y)


def save_model(estimator: Any, home: Path) -> tuple[str, Path]:
    """Store a model under its fingerprint in the data dir (0600); returns (fingerprint, path)."""
    import joblib

    fp = model_fingerprint(estimator)
    path = home / "aiaas" / "models" / f"{fp}.joblib"
    private_dir(path.parent)
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        joblib.dump(estimator, tmp)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    return fp, path


def load_model(home: Path, fingerprint: str) -> Any:
    """The stored model with that fingerprint, checked against it after loading."""
    import joblib

    path = home / "aiaas" / "models" / f"{fingerprint.lower()}.joblib"
    if not path.is_file():
        raise AIServiceNotFound(f"no stored model {fingerprint} under {path.parent}")
    estimator = joblib.load(path)  # our own data dir (0700): trusted
    if model_fingerprint(estimator) != fingerprint.lower():
        raise AIServiceInputError(f"stored model {path.name} does not match its fingerprint")
    return estimator


@dataclass
class Model:
    """A loaded model with its fingerprint: `run(input)` gives the output dict and its hash."""

    estimator: Any
    fingerprint: str
    n_features: int = 64

    @classmethod
    def of(cls, estimator: Any) -> Model:
        return cls(estimator, model_fingerprint(estimator), int(estimator.n_features_in_))

    def check(self, data: Any) -> list[float]:
        x = data.get("x") if isinstance(data, dict) else None
        if (
            not isinstance(x, list)
            or len(x) != self.n_features
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 16 for v in x)
        ):
            raise AIServiceInputError(f'input must be {{"x": [{self.n_features} numbers in 0..16]}}')
        return [float(v) for v in x]

    def run(self, data: Any) -> dict[str, Any]:
        import numpy as np

        single_thread()
        row = np.asarray([self.check(data)], dtype=np.float64) / 16.0
        proba = self.estimator.predict_proba(row)[0]
        return {"label": int(np.argmax(proba)), "proba": [round(float(p), 6) for p in proba]}

    def answer(self, data: Any) -> tuple[dict[str, Any], bytes]:
        out = self.run(data)
        return out, canonical_hash(out)
