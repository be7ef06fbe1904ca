"""A model object tied to the registry version it was loaded as, and the file readers serving uses."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..exceptions import ConfigError, ModelLoadError, ModelNotServable

__all__ = ["GovernedModel", "Reader", "read_model"]

Reader = Callable[[Path], Any]


class GovernedModel:
    """The loaded model (`.model`) plus the version it is (`governed_version`). Calls to
    `predict`, `predict_proba` and other attributes go to the model; `@nexus.audited(model=m)`
    records `governed_version` with each decision."""

    def __init__(self, model: Any, *, name: str, version: int, fingerprint: str, path: Path) -> None:
        self.model, self.name, self.version = model, name, version
        self.fingerprint, self.path = fingerprint, path

    @property
    def governed_version(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "fingerprint": self.fingerprint}

    def predict(self, *args: Any, **kwargs: Any) -> Any:
        return self.model.predict(*args, **kwargs)

    def predict_proba(self, *args: Any, **kwargs: Any) -> Any:
        return self.model.predict_proba(*args, **kwargs)

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__") or attr in ("model", "name", "version", "fingerprint", "path"):
            raise AttributeError(attr)
        return getattr(self.model, attr)

    def __repr__(self) -> str:
        return f"<GovernedModel {self.name} v{self.version} {self.fingerprint[:19]}…>"


def read_model(path: Path, *, trust_pickle: bool = False) -> Any:
    """A model object from a stored file: the guard's JSON fraud model, a `.skops` estimator
    (trusted types only), or a pickle/joblib file only with `trust_pickle`."""
    p = Path(path)
    try:
        if p.suffix.lower() == ".json":
            from ..guard.fraud.model import FORMAT, FraudModel

            try:
                fmt = json.loads(p.read_text()).get("format")
            except (OSError, ValueError, AttributeError):
                fmt = None
            if fmt != FORMAT:
                raise ModelNotServable(f"models: {p.name} is JSON but not a {FORMAT} model")
            return FraudModel.load(p)
        from ..fairness.models import load_model

        return load_model(p, trust_pickle=trust_pickle)
    except (ConfigError, ModelLoadError) as exc:
        raise ModelNotServable(f"models: cannot load {p.name}: {exc}") from None
