"""A boosted-tree fraud model as plain JSON: pure-Python scoring with per-feature contributions."""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from ...exceptions import ConfigError
from .data import FEATURE_COLUMNS

__all__ = ["FraudModel", "default_model_path", "load_default_model", "served_model"]

FORMAT = "nexus-fraud-gbt/1"


class FraudModel:
    """Trees in flat arrays: feature, threshold, left, right, missing_left, value (leaf), and the
    count-weighted expected value of every node (for Saabas-style contributions). Loading reads
    JSON only: no pickle, no code, safe on untrusted files."""

    def __init__(
        self,
        trees: list[dict[str, list[Any]]],
        baseline: float,
        features: Sequence[str],
        thresholds: dict[str, float],
        meta: dict[str, Any] | None = None,
    ) -> None:
        self.trees = trees
        self.baseline = baseline
        self.features = list(features)
        self.thresholds = dict(thresholds)
        self.meta = dict(meta or {})

    # --- scoring -----------------------------------------------------------------------------
    def raw(self, x: Sequence[float]) -> float:
        total = self.baseline
        for t in self.trees:
            feat, thr, left, right, miss, value = t["f"], t["t"], t["l"], t["r"], t["m"], t["v"]
            i = 0
            while left[i] >= 0:
                v = x[feat[i]]
                go_left = miss[i] if v != v else v <= thr[i]
                i = left[i] if go_left else right[i]
            total += value[i]
        return total

    def predict_proba(self, X: Sequence[Sequence[float]]) -> list[float]:
        """Fraud probability of each row."""
        return [1.0 / (1.0 + math.exp(-self.raw(x))) for x in X]

    def contributions(self, x: Sequence[float]) -> tuple[float, list[float]]:
        """(bias, per-feature contributions) in log-odds; bias + sum(contributions) = raw score."""
        contrib = [0.0] * len(self.features)
        bias = self.baseline
        for t in self.trees:
            feat, thr, left, right, miss, exp = t["f"], t["t"], t["l"], t["r"], t["m"], t["e"]
            i = 0
            bias += exp[0]
            while left[i] >= 0:
                v = x[feat[i]]
                go_left = miss[i] if v != v else v <= thr[i]
                nxt = left[i] if go_left else right[i]
                contrib[feat[i]] += exp[nxt] - exp[i]
                i = nxt
        return bias, contrib

    def explain(self, x: Sequence[float], top: int = 5) -> list[tuple[str, float]]:
        _, c = self.contributions(x)
        order = sorted(range(len(c)), key=lambda i: -abs(c[i]))[:top]
        return [(self.features[i], c[i]) for i in order]

    def decide(self, p: float) -> str:
        """'act' at the high-precision point, 'investigate' at the high-recall point, else 'ok'."""
        if p >= self.thresholds.get("high_precision", 1.1):
            return "act"
        if p >= self.thresholds.get("high_recall", 1.1):
            return "investigate"
        return "ok"

    # --- storage -----------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "features": self.features,
            "baseline": self.baseline,
            "thresholds": self.thresholds,
            "meta": self.meta,
            "trees": self.trees,
        }

    def save(self, path: Path | str) -> str:
        """Write the model; returns the SHA-256 of the file."""
        text = json.dumps(self.to_json(), separators=(",", ":"))
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(text)
        return hashlib.sha256(text.encode()).hexdigest()

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> FraudModel:
        if not isinstance(d, dict) or d.get("format") != FORMAT:
            raise ConfigError(f"not a {FORMAT} model file")
        if list(d["features"]) != list(FEATURE_COLUMNS):
            raise ConfigError("model was trained on other feature columns")
        trees = d["trees"]
        for t in trees:
            n = len(t["l"])
            if not all(len(t[k]) == n for k in ("f", "t", "r", "m", "v", "e")):
                raise ConfigError("model file has a malformed tree")
            if any(c >= n or (c < 0 and c != -1) for c in t["l"] + t["r"]):
                raise ConfigError("model file has a malformed tree")
        return cls(trees, float(d["baseline"]), d["features"], d.get("thresholds", {}), d.get("meta", {}))

    @classmethod
    def load(cls, path: Path | str) -> FraudModel:
        try:
            raw = json.loads(Path(path).read_text())
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot read model {path}: {exc}") from None
        try:
            return cls.from_json(raw)
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, ConfigError):
                raise
            raise ConfigError(f"model {path} is malformed: {exc}") from None


def default_model_path() -> Path:
    return Path(str(resources.files("nexus.guard") / "models" / "fraud_model.json"))


def load_default_model() -> FraudModel:
    """The model shipped with the package (trained by `benchmarks/train_fraud_model.py`)."""
    return FraudModel.load(default_model_path())


def served_model(loader: Callable[[str], Any] | None = None, name: str = "fraud") -> tuple[Any, str]:
    """(model, where it came from). `loader` is injected by the composing layer (the node's model
    service, or the CLI): it returns the DAO's active version of `name` (fingerprint-checked) or
    None when no model registry is deployed; only then is the bundled model used, and said so."""
    served = loader(name) if loader is not None else None
    if served is None:
        logging.getLogger(__name__).info("fraud model: bundled (no model registry deployed)")
        return load_default_model(), "bundled (no model registry deployed)"
    inner = getattr(served, "model", served)
    if not isinstance(inner, FraudModel):
        raise ConfigError(f"the registry's active {name!r} is a {type(inner).__name__}, not a fraud model")
    gv = getattr(served, "governed_version", {})
    return served, f"registry: {name} v{gv.get('version')} {gv.get('fingerprint')}"
