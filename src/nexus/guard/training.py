"""Fitting the anomaly model on benign traffic grouped by source, and checking it on sources it was
not fitted on. Callers bring the traffic (a chain they drive, or vectors); nothing here imports
the sandbox or any traffic generator."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..chain.base import ChainBackend
from ..exceptions import ConfigError
from .context import GuardContext, price_impacts
from .detectors.anomaly import EnvelopeModel, extraction
from .detectors.base import Detector
from .findings import Finding
from .txview import FEATURES, TxView, decode_tx

__all__ = [
    "FeatureCollector",
    "alarm_rates",
    "chain_vectors",
    "fit_sources",
    "leave_one_out",
    "load_vectors",
    "save_vectors",
]

Vectors = Mapping[str, Sequence[Sequence[float]]]
Flags = Mapping[str, Sequence[bool]]


class FeatureCollector(Detector):
    """A detector that keeps every transaction's feature vector under the current `source` label
    (set it before driving each kind of traffic); it never reports anything."""

    name = "feature-collector"

    def __init__(self, source: str = "unlabelled") -> None:
        self.source = source
        self.vectors_: dict[str, list[list[float]]] = defaultdict(list)
        self.extracted_: dict[str, list[bool]] = defaultdict(list)  # did the tx extract value (anomaly gate)

    def on_tx(self, view: TxView, ctx: GuardContext) -> list[Finding]:
        self.vectors_[self.source].append(view.features(price_impacts(view, ctx) if view.swaps else None))
        self.extracted_[self.source].append(extraction(view, ctx.protocols) is not None)
        return []


def chain_vectors(
    backend: ChainBackend, first: int, last: int, protocols: dict[str, str], flags: list[bool] | None = None
) -> list[list[float]]:
    """Feature vectors of every transaction in blocks `first..last` (with call traces); `flags`,
    when given, gets per transaction whether it extracted value (the anomaly detector's gate)."""
    ctx = GuardContext(backend, protocols=dict(protocols))
    out = []
    for n in range(first, last + 1):
        block = backend.get_block(n)
        for tx, rc in zip(block.transactions, block.receipts):
            view = decode_tx(tx, rc, block, backend.trace(tx.hash))
            out.append(view.features(price_impacts(view, ctx) if view.swaps else None))
            if flags is not None:
                flags.append(extraction(view, ctx.protocols) is not None)
    return out


def fit_sources(vectors: Vectors, sources: Iterable[str], *, baseline: str = "", **params: Any) -> EnvelopeModel:
    """An envelope fitted on the vectors of `sources` only; `baseline` names them in findings."""
    chosen = list(sources)
    missing = [s for s in chosen if s not in vectors]
    if missing:
        raise ConfigError(f"anomaly model: no benign traffic of source(s) {', '.join(missing)}")
    X = [list(x) for s in chosen for x in vectors[s]]
    return EnvelopeModel(baseline=baseline or f"benign traffic of {', '.join(chosen)}", **params).fit(X)


def alarm_rates(model: EnvelopeModel, vectors: Vectors, extracted: Flags | None = None) -> dict[str, dict[str, float]]:
    """Per source: transactions, envelope alarms (score at or past the threshold) and alarms per
    10k, and the alarms the detector raises (`gated`: envelope alarms on transactions that
    extracted value, per `extracted`; a source without flags counts every envelope alarm)."""
    out = {}
    for source, X in vectors.items():
        flags = (extracted or {}).get(source)
        hits = [i for i, x in enumerate(X) if model.score(x) >= model.threshold_]
        gated = sum(1 for i in hits if flags is None or flags[i])
        n = max(len(X), 1)
        out[source] = {
            "txs": len(X),
            "alarms": len(hits),
            "per_10k": round(10_000 * len(hits) / n, 1),
            "gated": gated,
            "gated_per_10k": round(10_000 * gated / n, 1),
        }
    return out


def leave_one_out(
    vectors: Vectors, sources: Sequence[str], extracted: Flags | None = None, **params: Any
) -> dict[str, dict[str, float]]:
    """For each source: fitted on all the other `sources`, the alarm rate on the one left out (how
    the model does on a kind of traffic it has never seen)."""
    out = {}
    for held in sources:
        model = fit_sources(vectors, [s for s in sources if s != held], **params)
        out[held] = alarm_rates(model, {held: vectors[held]}, extracted)[held]
    return out


def save_vectors(path: Path, vectors: Vectors) -> None:
    """Write benign vectors per source (JSON: features, sources) for `load_vectors`."""
    data = {"features": list(FEATURES), "sources": {s: [list(map(float, x)) for x in X] for s, X in vectors.items()}}
    Path(path).write_text(json.dumps(data))


def load_vectors(path: Path) -> dict[str, list[list[float]]]:
    """Benign vectors per source written by `save_vectors` (checked against this feature set)."""
    try:
        data = json.loads(Path(path).read_text())
        if list(data.get("features", [])) != list(FEATURES):
            raise ConfigError(f"benign vectors {path}: written for another feature set")
        out = {str(s): [[float(v) for v in x] for x in X] for s, X in data["sources"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"cannot read benign vectors {path}: {exc}") from None
    if any(len(x) != len(FEATURES) for X in out.values() for x in X):
        raise ConfigError(f"benign vectors {path}: a vector of the wrong length")
    return out
