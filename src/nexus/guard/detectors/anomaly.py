"""Unsupervised anomaly model fitted on benign traffic: a per-feature quantile envelope."""

from __future__ import annotations

import json
import math
from collections.abc import Container, Sequence
from pathlib import Path
from typing import Any

from ...exceptions import ConfigError
from ..context import GuardContext, price_impacts
from ..findings import Finding, FindingType, Severity, Signal
from ..txview import FEATURES, TxView
from .base import Detector

__all__ = ["AnomalyDetector", "EnvelopeModel", "extraction"]

ZERO = "0x" + "0" * 40


def _quantile(sorted_vals: Sequence[float], q: float) -> float:
    if not sorted_vals:
        return 0.0
    pos = q * (len(sorted_vals) - 1)
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(sorted_vals) - 1)
    return sorted_vals[lo] + (sorted_vals[hi] - sorted_vals[lo]) * (pos - lo)


class EnvelopeModel:
    """Learns each feature's benign median and upper quantile; a vector's score is how far its
    most extreme feature sits past that quantile, in units of the benign spread (0 = inside).

    Pure Python: no extra dependency, explainable per feature, ~100k vectors/s on one core.
    """

    def __init__(
        self, quantile: float = 0.999, margin: float = 1.5, floor: float = 1.0, baseline: str = "unspecified"
    ) -> None:
        self.quantile = quantile
        self.margin = margin
        self.floor = floor
        self.baseline = baseline  # what benign traffic it was fitted on (findings name it)

    def fit(self, X: Sequence[Sequence[float]]) -> EnvelopeModel:
        if not X:
            raise ConfigError("anomaly model: no benign vectors to fit on")
        cols = list(zip(*X))
        self.upper_ = [_quantile(sorted(c), self.quantile) for c in cols]
        self.median_ = [_quantile(sorted(c), 0.5) for c in cols]
        self.scale_ = [max(u - m, self.floor * max(abs(m), 1.0) * 0.1, 1e-9) for u, m in zip(self.upper_, self.median_)]
        train = [self.score(x) for x in X]
        self.threshold_ = max(max(train) * self.margin, self.floor)
        self.n_fit_ = len(X)
        return self

    def contributions(self, x: Sequence[float]) -> list[float]:
        return [max(0.0, (v - u) / s) for v, u, s in zip(x, self.upper_, self.scale_)]

    def score(self, x: Sequence[float]) -> float:
        best = 0.0
        for v, u, s in zip(x, self.upper_, self.scale_):
            d = (v - u) / s
            if d > best:
                best = d
        return best

    def score_many(self, X: Sequence[Sequence[float]]) -> list[float]:
        return [self.score(x) for x in X]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "envelope",
            "features": list(FEATURES),
            "quantile": self.quantile,
            "margin": self.margin,
            "floor": self.floor,
            "upper": self.upper_,
            "median": self.median_,
            "scale": self.scale_,
            "threshold": self.threshold_,
            "n_fit": self.n_fit_,
            "baseline": self.baseline,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> EnvelopeModel:
        if d.get("kind") != "envelope" or list(d.get("features", [])) != list(FEATURES):
            raise ConfigError("anomaly model: not an envelope model for this feature set")
        m = cls(
            d["quantile"],
            d["margin"],
            d["floor"],
            str(d.get("baseline", "sandbox simulator traffic (TrafficSimulator, seed 1000)")),
        )
        m.upper_, m.median_, m.scale_ = d["upper"], d["median"], d["scale"]
        m.threshold_, m.n_fit_ = float(d["threshold"]), int(d["n_fit"])
        return m

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json()))

    @classmethod
    def load(cls, path: Path) -> EnvelopeModel:
        try:
            return cls.from_json(json.loads(Path(path).read_text()))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"cannot read anomaly model {path}: {exc}") from None


def extraction(view: TxView, watched: Container[str] = ()) -> str | None:
    """Why the transaction moved value without consideration, or None when every party's flows
    are an exchange. Value was extracted when a party other than the sender's side (the sender,
    and the contract it called unless that is a `watched` protocol) ends the transaction only
    poorer (an outflow, no inflow of any asset), or the sender's side ends it only richer (an
    inflow, nothing paid in any asset).
    Mints and burns (the zero address) are not parties."""
    flows = view.net_flows()
    side = {view.tx.sender}
    if view.tx.to and view.tx.to not in watched:
        side.add(view.tx.to)
    gained: dict[str, int] = {}
    for addr in side:
        for asset, d in flows.get(addr, {}).items():
            gained[asset] = gained.get(asset, 0) + d
    if any(d > 0 for d in gained.values()) and not any(d < 0 for d in gained.values()):
        return "sender's side only gained: " + ", ".join(f"{a} +{d}" for a, d in gained.items() if d > 0)
    for addr, deltas in flows.items():
        if addr in side or addr == ZERO:
            continue
        if any(d < 0 for d in deltas.values()) and not any(d > 0 for d in deltas.values()):
            return f"{addr} only lost: " + ", ".join(f"{a} {d}" for a, d in deltas.items() if d < 0)
    return None


class AnomalyDetector(Detector):
    """Flags transactions whose feature vector leaves the benign envelope (HIGH, investigate) and
    that extracted value (`extraction`): an off-envelope transaction in which every party made an
    exchange (a large swap, an aggregator route, a rebalance) takes nothing from anyone by itself;
    what such a trade does to a price is the oracle and TWAP rules' question. With
    `corroborate=False` the envelope alone decides (the fitting harness measures both)."""

    name = "anomaly"
    alert_id = "NEXUS-TX-ANOMALY"

    def __init__(self, model: EnvelopeModel | None = None, top: int = 3, corroborate: bool = True) -> None:
        self.model = model
        self.top = top
        self.corroborate = corroborate

    def params(self) -> dict[str, Any]:
        return {
            "top": self.top,
            "threshold": getattr(self.model, "threshold_", None),
            "baseline": getattr(self.model, "baseline", None),
            "corroborate": self.corroborate,
        }

    def on_tx(self, view: TxView, ctx: GuardContext) -> list[Finding]:
        if self.model is None:
            return []
        x = view.features(price_impacts(view, ctx) if view.swaps else None)
        score = self.model.score(x)
        if score < self.model.threshold_:
            return []
        taken = extraction(view, ctx.protocols)
        if self.corroborate and taken is None:
            return []
        contrib = self.model.contributions(x)
        order = sorted(range(len(x)), key=lambda i: -contrib[i])[: self.top]
        roles = {view.tx.sender: "sender"}
        if view.tx.to:
            roles[view.tx.to] = ctx.role(view.tx.to, "target")
        return [
            self.finding(
                view,
                title="Anomalous transaction",
                severity=Severity.HIGH,
                ftype=FindingType.SUSPICIOUS,
                description="Features outside the benign envelope: "
                + ", ".join(f"{FEATURES[i]}={x[i]:.3g}" for i in order if contrib[i] > 0),
                score=score,
                threshold=self.model.threshold_,
                roles=roles,
                signals=[
                    Signal(FEATURES[i], x[i], self.model.upper_[i], f"{contrib[i]:.2f} spreads past benign q")
                    for i in order
                    if contrib[i] > 0
                ]
                + [
                    Signal(
                        "value_extracted", 1.0 if taken else 0.0, 0.0, taken or "no party lost or gained one-sidedly"
                    )
                ],
                baseline=f"{self.model.baseline} ({self.model.n_fit_} txs)",
            )
        ]


def load_default_anomaly() -> EnvelopeModel | None:
    """The envelope fitted on simulated benign traffic that ships with the package, if present."""
    from importlib import resources

    path = Path(str(resources.files("nexus.guard") / "models" / "anomaly_envelope.json"))
    return EnvelopeModel.load(path) if path.is_file() else None
