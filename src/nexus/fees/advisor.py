"""EIP-1559 fee advice from `eth_feeHistory`: maxPriorityFeePerGas and maxFeePerGas for a target
probability of inclusion within a deadline of N blocks.

Tip: a block's inclusion bar is its lowest reported reward percentile; only blocks at least 10% full
count (an empty block says nothing about competition); while the last block is >= 90% full, only
the last four blocks' bars count (congestion persists, and older calm blocks would under-bid). To be
included with probability p within N blocks, each block must take us with q = 1 - (1 - p)^(1/N); the
tip is the q-quantile of recent bars.
Without any busy block the node's `eth_maxPriorityFeePerGas` is the fallback.
Base fee: the p-quantile of the largest cumulative base-fee growth over N-block windows of the history,
never above the protocol's bound of 12.5% per block, applied to the next block's base fee.
Load: an exponentially weighted mean of gas-used ratios, for callers that size batches to the network.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..exceptions import FeeAdviceError

__all__ = ["MIN_BUSY", "PERCENTILES", "Advice", "FeeHistory", "advise", "predict_load"]

PERCENTILES = (5.0, 25.0, 50.0, 75.0, 95.0)
MIN_BUSY = 0.10  # blocks under 10% gas used do not count for tips
MAX_GROWTH = 1.125
CONGESTED, RECENT = 0.9, 4


@dataclass(frozen=True)
class FeeHistory:
    """`eth_feeHistory` decoded: base fees has one more entry than blocks (the next block's)."""

    oldest_block: int
    base_fees: list[int]
    gas_used_ratio: list[float]
    rewards: list[list[int]]
    percentiles: tuple[float, ...] = PERCENTILES

    @classmethod
    def from_rpc(cls, result: Mapping[str, Any], percentiles: Sequence[float] = PERCENTILES) -> FeeHistory:
        try:
            base = [int(x, 16) for x in result["baseFeePerGas"]]
            ratio = [float(x) for x in result["gasUsedRatio"]]
            rewards = [[int(x, 16) for x in row] for row in result.get("reward") or [[] for _ in ratio]]
            oldest = int(result["oldestBlock"], 16)
        except (KeyError, TypeError, ValueError):
            raise FeeAdviceError("fee history: not an eth_feeHistory answer") from None
        if len(base) != len(ratio) + 1 or len(rewards) != len(ratio):
            raise FeeAdviceError("fee history: inconsistent lengths")
        return cls(oldest, base, ratio, rewards, tuple(percentiles))

    @property
    def next_base_fee(self) -> int:
        return self.base_fees[-1]


@dataclass(frozen=True)
class Advice:
    max_fee_per_gas: int
    max_priority_fee_per_gas: int
    next_base_fee: int
    predicted_base_fee: int
    tip_source: str  # "history" or "fallback"
    busy_blocks: int
    probability: float
    within: int

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _check(probability: float, within: int) -> None:
    if not (isinstance(within, int) and 1 <= within <= 1024):
        raise FeeAdviceError(f"deadline must be 1..1024 blocks, not {within!r}")
    if not (isinstance(probability, float | int) and 0.0 < probability < 1.0):
        raise FeeAdviceError(f"probability must be strictly between 0 and 1, not {probability!r}")


def _growth_quantile(base: Sequence[int], within: int, probability: float) -> float:
    """p-quantile of max cumulative growth over `within`-block windows (bounded by the protocol)."""
    bound = MAX_GROWTH**within
    b = np.asarray(base, dtype=float)
    if len(b) < 2 or np.any(b <= 0):
        return bound
    worst = []
    for i in range(len(b) - 1):
        window = b[i + 1 : i + 1 + within]
        worst.append(float(window.max() / b[i]))
    # short histories see few windows: never below the observed worst, never above the bound
    q = float(np.quantile(worst, probability)) if len(worst) >= 10 else max(worst)
    return min(max(q, 1.0), bound)


def advise(history: FeeHistory, probability: float, within: int, *, fallback_tip: int | None = None) -> Advice:
    """Fees that get a transaction included within `within` blocks with probability `probability`."""
    _check(probability, within)
    bars = [row[0] for row, r in zip(history.rewards, history.gas_used_ratio) if r >= MIN_BUSY and row]
    per_block = 1.0 - (1.0 - probability) ** (1.0 / within)
    if history.gas_used_ratio and history.gas_used_ratio[-1] >= CONGESTED:
        # congestion persists: while the last block is full, only the recent bars describe the market
        recent = [
            row[0]
            for row, r in zip(history.rewards[-RECENT:], history.gas_used_ratio[-RECENT:])
            if r >= MIN_BUSY and row
        ]
        bars = recent or bars
    if bars:
        tip, source = int(math.ceil(float(np.quantile(bars, per_block, method="higher")))) + 1, "history"
    elif fallback_tip is not None:
        tip, source = int(fallback_tip), "fallback"
    else:
        raise FeeAdviceError("fee history has no block at least 10% full and no fallback tip was given")
    nxt = history.next_base_fee
    predicted = int(math.ceil(nxt * _growth_quantile(history.base_fees, within, probability)))
    return Advice(predicted + tip, tip, nxt, predicted, source, len(bars), float(probability), within)


def predict_load(history: FeeHistory, alpha: float = 0.3) -> float:
    """Expected gas-used ratio of the next block: EWMA of the history (0 when empty)."""
    level = 0.0
    for i, r in enumerate(history.gas_used_ratio):
        level = r if i == 0 else alpha * r + (1 - alpha) * level
    return float(min(max(level, 0.0), 1.0))
