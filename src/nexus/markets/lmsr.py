"""LMSR / LS-LMSR market maths: the contract's exact integer algorithm and an mpmath reference."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import mpmath

from ..exceptions import MarketError
from . import fixedpoint as fp

__all__ = ["MarketMath", "Quote", "reference_cost", "reference_prices"]

_DPS = 50  # decimal digits for the reference: far beyond the 1e-25 the contract keeps


def reference_cost(q: Sequence[int | float], b: float) -> mpmath.mpf:
    """C(q) = b ln sum exp(q_i / b) in high-precision floating point (same units as q)."""
    with mpmath.workdps(_DPS):
        qs = [mpmath.mpf(x) for x in q]
        bb = mpmath.mpf(b)
        m = max(qs)
        return m + bb * mpmath.log(mpmath.fsum(mpmath.exp((x - m) / bb) for x in qs))


def reference_prices(q: Sequence[int | float], b: float, alpha: float = 0.0) -> list[mpmath.mpf]:
    """Marginal prices dC/dq_i; with `alpha` > 0 the LS-LMSR prices (b = alpha * sum q)."""
    with mpmath.workdps(_DPS):
        qs = [mpmath.mpf(x) for x in q]
        bb = mpmath.mpf(b)
        m = max(qs)
        e = [mpmath.exp((x - m) / bb) for x in qs]
        s = mpmath.fsum(e)
        if not alpha:
            return [ei / s for ei in e]
        total = mpmath.fsum(qs)
        weighted = mpmath.fsum(x * ei for x, ei in zip(qs, e))
        a = mpmath.mpf(alpha)
        return [a * (mpmath.log(s) + m / bb) + (total * ei - weighted) / (total * s) for ei in e]


@dataclass(frozen=True)
class Quote:
    """A trade's price: `cost` before fee, `fee`, and `total` (paid) or net (received)."""

    outcome: int
    shares: int
    cost: int
    fee: int
    total: int


@dataclass(frozen=True)
class MarketMath:
    """One market's parameters and the contract's pricing, reproduced bit for bit.

    `alpha` is the LS-LMSR spread in WAD (0 = classic LMSR with b = funding / ln n).
    Quantities passed in are *outstanding* shares per outcome, as `quantities()` returns them.
    """

    n: int
    funding: int
    alpha: int = 0
    fee_bps: int = 0
    max_q: int = fp.MAX_Q  # the largest quantity of one outcome (the hub's: 2**96 - 1)
    b0: int = field(init=False)
    x0: int = field(init=False)
    c0: int = field(init=False)

    def __post_init__(self) -> None:
        if not 2 <= self.n <= fp.MAX_OUTCOMES:
            raise MarketError("market: outcomes must be 2-16")
        if not 10**6 <= self.funding <= fp.MAX_Q // 16:
            raise MarketError("market: bad funding")
        if not 0 <= self.alpha <= fp.WAD:
            raise MarketError("market: alpha too high")
        if not 0 <= self.fee_bps <= 1000:
            raise MarketError("market: fee too high")
        ln_n = fp.ln(self.n * fp.P)
        if self.alpha == 0:
            b0, x0 = self.funding * fp.P // ln_n, 0
            b = b0
        else:
            b0, x0 = 0, self.funding * fp.WAD * fp.P // (self.alpha * self.n * ln_n)
            b = self.alpha * self.n * x0 // fp.WAD
        object.__setattr__(self, "b0", b0)
        object.__setattr__(self, "x0", x0)
        object.__setattr__(self, "c0", fp.cost([x0] * self.n, b))

    # --- exact (contract) maths ---------------------------------------------------------------
    def effective(self, outstanding: Sequence[int]) -> list[int]:
        if len(outstanding) != self.n:
            raise MarketError(f"market: expected {self.n} quantities, got {len(outstanding)}")
        return [x + self.x0 for x in outstanding]

    def b(self, outstanding: Sequence[int]) -> int:
        """The liquidity parameter at this state."""
        if self.alpha == 0:
            return self.b0
        return self.alpha * sum(self.effective(outstanding)) // fp.WAD

    def cost(self, outstanding: Sequence[int]) -> int:
        """C(q) as the contract's `cost_function()` returns it."""
        return fp.cost(self.effective(outstanding), self.b(outstanding))

    def prices(self, outstanding: Sequence[int]) -> list[int]:
        """Prices in WAD as the contract's `prices()` returns them."""
        return fp.prices(self.effective(outstanding), self.b(outstanding), self.alpha)

    def _check(self, outcome: int, shares: int) -> None:
        if not 0 <= outcome < self.n:
            raise MarketError("market: bad outcome")
        if shares <= 0:
            raise MarketError("market: zero shares")

    def quote_buy(self, outstanding: Sequence[int], outcome: int, shares: int) -> Quote:
        """What `buy(outcome, shares, ...)` charges at this state."""
        self._check(outcome, shares)
        after = list(outstanding)
        after[outcome] += shares
        if after[outcome] + self.x0 > self.max_q:
            raise MarketError("market: too many shares")
        b = self.b(after)
        c = self.cost(after) - self.cost(outstanding) + fp.margin(b, self.n)
        f = fp.fee(c, self.fee_bps)
        return Quote(outcome, shares, c, f, c + f)

    def quote_sell(self, outstanding: Sequence[int], outcome: int, shares: int) -> Quote:
        """What `sell(outcome, shares, ...)` pays at this state (`total` is the net received)."""
        self._check(outcome, shares)
        if outstanding[outcome] < shares:
            raise MarketError("market: not enough shares outstanding")
        after = list(outstanding)
        after[outcome] -= shares
        gross = self.cost(outstanding) - self.cost(after)
        m = fp.margin(self.b(outstanding), self.n)
        gross = gross - m if gross > m else 0
        f = fp.fee(gross, self.fee_bps)
        return Quote(outcome, shares, gross, f, gross - f)

    def shares_for_budget(self, outstanding: Sequence[int], outcome: int, budget: int) -> int:
        """The most shares of `outcome` whose total cost (fee included) fits `budget`."""
        if budget <= 0:
            return 0
        lo, hi = 0, max(budget, 1)
        while self._fits(outstanding, outcome, hi, budget):
            lo, hi = hi, hi * 2
            if hi + self.x0 + outstanding[outcome] > self.max_q:
                break
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if self._fits(outstanding, outcome, mid, budget) else (lo, mid)
        return lo

    def _fits(self, outstanding: Sequence[int], outcome: int, shares: int, budget: int) -> bool:
        try:
            return self.quote_buy(outstanding, outcome, shares).total <= budget
        except MarketError:
            return False

    def loss_bound(self) -> int:
        """The maker's worst-case loss: the funding (C(q0) - x0 <= funding by construction)."""
        return self.funding

    # --- reference maths ------------------------------------------------------------------------
    def reference_cost(self, outstanding: Sequence[int]) -> mpmath.mpf:
        """C(q) in 50-digit floating point, with the same integer b the contract uses."""
        return reference_cost(self.effective(outstanding), self.b(outstanding))

    def reference_prices(self, outstanding: Sequence[int]) -> list[mpmath.mpf]:
        """Exact marginal prices at the contract's integer b (LS-LMSR: b = alpha * sum q)."""
        q, b = self.effective(outstanding), self.b(outstanding)
        if self.alpha:  # the contract's b is floor(alpha sum q); dC/dq uses alpha = b / sum q
            return reference_prices(q, b, b / mpmath.mpf(sum(q)))
        return reference_prices(q, b)
