"""`IncentiveStrategy`: wraps any Flower strategy; hashes and commits every update before it aggregates.

Flower does the federated work (sampling, messaging, the robust aggregation rule itself). The
wrapper adds what incentives need around `aggregate_train`: (1) the hash of every update the round
received goes to the hooks (which commit their Merkle root on chain) *before* the inner strategy
runs, so a robust rule discarding an update cannot hide that it arrived; (2) after aggregation, the
updates the rule rejected are identified and handed to the hooks with the new global model.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from flwr.app import ArrayRecord, ConfigRecord, Message, MetricRecord, RecordDict
from flwr.serverapp import Grid
from flwr.serverapp.strategy import (
    Bulyan,
    FedAvg,
    FedMedian,
    FedProx,
    FedTrimmedAvg,
    Krum,
    MultiKrum,
    Strategy,
)
from flwr.serverapp.strategy.multikrum import select_multikrum

from ..exceptions import FLInputError
from .onchain import update_hash

__all__ = ["STRATEGIES", "IncentiveStrategy", "RoundHooks", "Update", "make_strategy"]

STRATEGIES = ("fedavg", "fedprox", "krum", "multikrum", "trimmed-mean", "median", "bulyan")
OUTLIER_FACTOR = 2.5  # coordinate-wise rules: an update this many median distances from the aggregate is rejected


@dataclass
class Update:
    """One client's reply in one round."""

    partition: int
    node_id: int
    arrays: list[np.ndarray]
    examples: float
    digest: bytes
    content: RecordDict


class RoundHooks(Protocol):
    def committed(self, server_round: int, updates: list[Update]) -> None: ...

    def aggregated(
        self, server_round: int, arrays: ArrayRecord | None, updates: list[Update], rejected: set[int]
    ) -> None: ...


def _f(n: int, f: int, need: int) -> int:
    """Largest assumed-malicious count <= f that the rule supports with n clients (n >= need(f))."""
    while f > 0 and n < need * f + 3:
        f -= 1
    return f


def make_strategy(name: str, clients: int, malicious: int = 1, *, proximal_mu: float = 0.1) -> Strategy:
    """A Flower strategy by name, sized for `clients` with `malicious` assumed attackers."""
    common: dict[str, Any] = {
        "fraction_evaluate": 0.0,
        "min_train_nodes": 1,
        "min_evaluate_nodes": 0,
        "min_available_nodes": clients,
    }
    if name == "fedavg":
        return FedAvg(**common)
    if name == "fedprox":
        return FedProx(proximal_mu=proximal_mu, **common)
    if name == "median":
        return FedMedian(**common)
    if name == "trimmed-mean":
        beta = min(0.45, max(0.1, malicious / max(clients, 1)))
        return FedTrimmedAvg(beta=beta, **common)
    if name == "krum":
        return Krum(num_malicious_nodes=_f(clients, malicious, 2) if clients >= 5 else 0, **common)
    if name == "multikrum":
        f = _f(clients, malicious, 2) if clients >= 5 else 0
        return MultiKrum(num_malicious_nodes=f, num_nodes_to_select=max(1, clients - f), **common)
    if name == "bulyan":
        return Bulyan(num_malicious_nodes=_f(clients, malicious, 4), **common)
    raise FLInputError(f"unknown strategy {name!r}; known: {', '.join(STRATEGIES)}")


def _flat(arrays: list[np.ndarray]) -> np.ndarray:
    return np.concatenate([np.ravel(a) for a in arrays])


class IncentiveStrategy(Strategy):
    """Delegates to `inner`; commits update hashes before aggregation and reports rejections."""

    def __init__(self, inner: Strategy, hooks: RoundHooks) -> None:
        self.inner, self.hooks = inner, hooks
        self._selected: list[int] = []
        if isinstance(inner, Bulyan):  # record which updates Bulyan's selection rule keeps
            inner.selection_rule = self._recording_selection

    def _recording_selection(self, contents: list[RecordDict], f: int, k: int) -> list[RecordDict]:
        chosen = select_multikrum(contents, f, k)
        self._selected = [id(c) for c in chosen]
        return chosen

    # --- delegated ---------------------------------------------------------------------------
    def configure_train(
        self, server_round: int, arrays: ArrayRecord, config: ConfigRecord, grid: Grid
    ) -> Iterable[Message]:
        config = ConfigRecord({**dict(config), "server-round": server_round})
        return self.inner.configure_train(server_round, arrays, config, grid)

    def configure_evaluate(
        self, server_round: int, arrays: ArrayRecord, config: ConfigRecord, grid: Grid
    ) -> Iterable[Message]:
        return self.inner.configure_evaluate(server_round, arrays, config, grid)

    def aggregate_evaluate(self, server_round: int, replies: Iterable[Message]) -> MetricRecord | None:
        return self.inner.aggregate_evaluate(server_round, replies)

    def summary(self) -> None:
        self.inner.summary()

    # --- the incentive layer -----------------------------------------------------------------
    def aggregate_train(
        self, server_round: int, replies: Iterable[Message]
    ) -> tuple[ArrayRecord | None, MetricRecord | None]:
        replies = list(replies)
        updates = []
        for msg in replies:
            if msg.has_error() or "arrays" not in msg.content.array_records:
                continue
            sent = msg.content.array_records["arrays"].to_numpy_ndarrays()
            mrec = next(iter(msg.content.metric_records.values()), MetricRecord())
            updates.append(
                Update(
                    int(mrec.get("partition-id", msg.metadata.src_node_id)),  # type: ignore[arg-type]
                    int(msg.metadata.src_node_id),
                    sent,
                    float(mrec.get("num-examples", 1.0)),  # type: ignore[arg-type]
                    update_hash(sent),
                    msg.content,
                )
            )
        if updates:
            self.hooks.committed(server_round, updates)  # on chain before any rule looks at them
        self._selected = []
        arrays, metrics = self.inner.aggregate_train(server_round, replies)
        if updates:  # a round nobody answered in time commits nothing and changes nothing
            self.hooks.aggregated(server_round, arrays, updates, self._rejected(updates, arrays))
        return arrays, metrics

    def _rejected(self, updates: list[Update], arrays: ArrayRecord | None) -> set[int]:
        """Indexes (into `updates`) of the updates the inner rule discarded."""
        inner = self.inner
        contents = [u.content for u in updates]
        if isinstance(inner, MultiKrum):  # Krum too: recompute Flower's own (deterministic) selection
            kept = {id(c) for c in select_multikrum(contents, inner.num_malicious_nodes, inner.num_nodes_to_select)}
            return {i for i, c in enumerate(contents) if id(c) not in kept}
        if isinstance(inner, Bulyan):
            kept = set(self._selected)
            return {i for i, c in enumerate(contents) if id(c) not in kept} if kept else set()
        if isinstance(inner, (FedMedian, FedTrimmedAvg)) and arrays is not None and len(updates) > 2:
            agg = _flat(arrays.to_numpy_ndarrays())
            dist = np.array([np.linalg.norm(_flat(u.arrays) - agg) for u in updates])
            cut = OUTLIER_FACTOR * float(np.median(dist))
            return {i for i, d in enumerate(dist) if d > cut and cut > 0}
        return set()
