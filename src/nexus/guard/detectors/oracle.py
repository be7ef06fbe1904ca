"""Price-oracle manipulation by mechanism: a pool's price pushed far and brought back inside one
transaction (the round trip an attacker needs to repay a flash loan), while another contract paid
out in between. Arbitrage moves a pool once (toward the market); it does not round-trip it."""

from __future__ import annotations

from collections import defaultdict

from ..context import GuardContext
from ..findings import Finding, Severity, Signal
from ..txview import Swap, TxView
from .base import Detector

__all__ = ["PriceRoundTripRule"]


def _pre_post(s: Swap) -> tuple[float, float] | None:
    """A constant-product swap's spot price (token1 per token0) before and after it."""
    if s.zero_in is None or s.reserve0 <= 0 or s.reserve1 <= 0:
        return None
    r0_pre = s.reserve0 - s.amount_in if s.zero_in else s.reserve0 + s.amount_out
    r1_pre = s.reserve1 + s.amount_out if s.zero_in else s.reserve1 - s.amount_in
    if r0_pre <= 0 or r1_pre <= 0:
        return None
    return r1_pre / r0_pre, s.reserve1 / s.reserve0


class PriceRoundTripRule(Detector):
    """Flags a transaction in which a pool's price moved by at least `excursion` and came back by at
    least `reversal` of that move, and a watched contract other than the pools (and the lenders that
    were repaid) lost value: it priced something off the manipulated pool."""

    name = "price-round-trip"
    alert_id = "NEXUS-ORACLE-MANIPULATION"

    def __init__(self, excursion: float = 0.2, reversal: float = 0.5) -> None:
        self.excursion = excursion
        self.reversal = reversal

    def on_tx(self, view: TxView, ctx: GuardContext) -> list[Finding]:
        if not view.ok or len(view.swaps) < 2:
            return []
        by_pool: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for s in view.swaps:
            pp = _pre_post(s)
            if pp is not None:
                by_pool[s.amm].append(pp)
        trips: dict[str, tuple[float, float]] = {}
        for pool, seq in by_pool.items():
            base = seq[0][0]
            peak = max((post for _, post in seq), key=lambda p: abs(p / base - 1))
            move = abs(peak / base - 1)
            back = abs(peak - seq[-1][1]) / max(abs(peak - base), 1e-30)
            if len(seq) >= 2 and move >= self.excursion and back >= self.reversal:
                trips[pool] = (move, back)
        if not trips:
            return []
        flows = view.net_flows()
        victims = [
            a
            for a, f in flows.items()
            if a in ctx.protocols and a not in trips and any(v < 0 for v in f.values()) and a != view.tx.to
        ]
        if not victims:
            return []
        pool = max(trips, key=lambda p: trips[p][0])
        move, back = trips[pool]
        roles = {view.tx.sender: "attacker", pool: "manipulated-pool", **{v: "victim" for v in victims}}
        if view.tx.to and view.tx.to != view.tx.sender:
            roles.setdefault(view.tx.to, "attacker-contract")
        return [
            self.finding(
                view,
                title="Oracle manipulation (price round trip)",
                severity=Severity.CRITICAL,
                description=(
                    f"Pool {ctx.role(pool, pool)} was pushed {move:.0%} and brought {back:.0%} of the way back in "
                    f"one transaction while {', '.join(ctx.role(v, v) for v in victims)} paid out."
                ),
                score=move,
                threshold=self.excursion,
                roles=roles,
                signals=[
                    Signal("price_excursion", move, self.excursion, f"pool {pool}"),
                    Signal("price_reversal", back, self.reversal),
                    Signal("flash_loan", 1.0 if view.has_flash_loan else 0.0, 0),
                    Signal("paying_contracts", len(victims), 1),
                ],
            )
        ]
