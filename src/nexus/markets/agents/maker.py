"""The market maker's liquidity policy: how much to fund each new market (LMSR b = funding / ln n).

Whatever a policy decides, a market's worst-case loss is its funding (the LMSR bound
b ln n = funding; for LS-LMSR, C(q0) <= funding), and every policy here clips the funding to
[`floor`, `cap`]: the maker can never lose more than `cap` on one market, however the policy learns.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from ...exceptions import MarketError

__all__ = ["FixedLiquidity", "LiquidityPolicy", "VolumeSchedule"]


class LiquidityPolicy:
    """Funding for the next market, learned from what past markets saw. Base: fixed funding."""

    cap: float = 0.0

    def funding(self) -> float:
        """Collateral to fund the next market with (its worst-case loss)."""
        return self.cap

    def observe(self, volume: float, loss: float) -> None:  # noqa: B027 - optional hook
        """A market closed: the collateral traded in it, and what the maker lost (negative = won)."""


@dataclass
class FixedLiquidity(LiquidityPolicy):
    """Every market gets the same funding."""

    cap: float = 100.0


@dataclass
class VolumeSchedule(LiquidityPolicy):
    """Liquidity that follows volume: funding = `share` x the mean volume of the last `window`
    markets, clipped to [floor, cap]. Deep markets where traders bring volume, shallow ones (cheap
    to move, cheap to lose) where they do not. The first market gets `cap`."""

    cap: float = 100.0
    floor: float = 10.0
    share: float = 0.05
    window: int = 10
    volumes: deque[float] = field(default_factory=deque)

    def __post_init__(self) -> None:
        if not 0 < self.floor <= self.cap or self.share <= 0 or self.window < 1:
            raise MarketError("maker: need 0 < floor <= cap, share > 0, window >= 1")

    def funding(self) -> float:
        if not self.volumes:
            return self.cap
        return min(max(self.share * sum(self.volumes) / len(self.volumes), self.floor), self.cap)

    def observe(self, volume: float, loss: float) -> None:
        self.volumes.append(volume)
        while len(self.volumes) > self.window:
            self.volumes.popleft()
