"""The fee advisor inside a node (setting `fee_advisor`): prices the node's own transactions on RPC
chains (ledger anchors, oracle reports: everything sent through the node's chain backend), and feeds
the advisor's predicted max fee to the ledger batcher as its price signal, so batches grow when the
advisor predicts a loaded network and shrink back when it clears."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from ..node import Service
from .advisor import PERCENTILES, FeeHistory, advise, predict_load

if TYPE_CHECKING:
    from ..node import Node
    from ..settings import Settings

__all__ = ["FeeAdvisorService"]

CACHE_S = 1.0


class FeeAdvisorService(Service):
    name = "fees"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._chain: Any = None
        self._lock = threading.Lock()
        self._cached: tuple[float, dict[str, int], float] | None = None
        self.advised = 0

    def _advice(self, tip: int) -> tuple[dict[str, int], float]:
        with self._lock:
            if self._cached and time.monotonic() - self._cached[0] < CACHE_S:
                return self._cached[1], self._cached[2]
            raw = self._chain._plain("eth_feeHistory", hex(20), "latest", list(PERCENTILES))
            hist = FeeHistory.from_rpc(raw)
            a = advise(hist, self.settings.fee_probability, self.settings.fee_within, fallback_tip=tip)
            fees = {"maxFeePerGas": a.max_fee_per_gas, "maxPriorityFeePerGas": a.max_priority_fee_per_gas}
            self._cached = (time.monotonic(), fees, predict_load(hist))
            return fees, self._cached[2]

    def policy(self, base: int, tip: int) -> dict[str, int]:
        fees, _load = self._advice(tip)
        self.advised += 1
        return fees

    def price_signal(self) -> int | None:
        try:
            fees, _load = self._advice(0)
        except Exception:  # noqa: BLE001 - a missing signal only stops the stretching
            return None
        return fees["maxFeePerGas"]

    def start(self, node: Node) -> None:
        chain = node.require().chain
        if not hasattr(chain, "fee_policy"):
            return  # the embedded chain has no fee market
        self._chain = chain
        chain.fee_policy = self.policy
        from ..ledger.service import LedgerService

        ledger = next((s for s in node.services if isinstance(s, LedgerService)), None)
        if ledger is not None and ledger.batcher is not None:
            ledger.batcher.gas_price = self.price_signal

    def stop(self) -> None:
        if self._chain is not None:
            self._chain.fee_policy = None
            self._chain = None

    def health(self) -> dict[str, Any]:
        return {"ok": True, "active": self._chain is not None, "advised": self.advised}
