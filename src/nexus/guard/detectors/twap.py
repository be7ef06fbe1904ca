"""Multi-block price-oracle manipulation (TWAP pumps): one account pushes a pool's price the same
way over several blocks, so any time-averaged price of it follows, then collects a payout from
another watched contract while the pool still sits far from where it traded before the push.

The reference is the pool's time-weighted median price over `ref_window` blocks before the
account's first push, so an arbitrageur who trades a knocked pool back (toward that level) is not
a pumper, and a whale that moves a pool over several blocks but takes nothing from a protocol
that reads it is only trading."""

from __future__ import annotations

import math
from collections import deque

from ..context import BoundedDict, GuardContext
from ..findings import Finding, Severity, Signal
from ..txview import TxView
from .base import Detector
from .oracle import _pre_post

__all__ = ["TwapPumpRule"]


def _weighted_median(points: list[tuple[float, int]]) -> float:
    pts = sorted(points)
    half = sum(w for _, w in pts) / 2
    acc = 0
    for price, w in pts:
        acc += w
        if acc >= half:
            return price
    return pts[-1][0]


class TwapPumpRule(Detector):
    """Fires when an account whose swaps moved a pool by at least `excursion` (log-price, the same
    direction, in at least `min_blocks` blocks within `window` blocks, accounting for at least
    `share` of the pool's displacement from its reference) receives value from a watched contract
    that is not a pool, in a transaction it sent."""

    name = "twap-pump"
    alert_id = "NEXUS-TWAP-MANIPULATION"

    def __init__(
        self,
        excursion: float = 0.2,
        share: float = 0.5,
        min_blocks: int = 2,
        window: int = 40,
        ref_window: int = 60,
        cap: int = 50_000,
    ) -> None:
        self.excursion = excursion
        self.share = share
        self.min_blocks = min_blocks
        self.window = window
        self.ref_window = ref_window
        self.cap = cap
        self._path = BoundedDict(cap)  # pool -> deque of (block, price after) change points
        self._pushes = BoundedDict(cap)  # (sender, pool) -> deque of (block, log move)
        self._pools: set[str] = set()

    def _record(self, view: TxView) -> None:
        n = view.block.number
        for s in view.swaps:
            pp = _pre_post(s)
            if pp is None or pp[0] <= 0 or pp[1] <= 0:
                continue
            pre, post = pp
            if s.amm not in self._pools and len(self._pools) < self.cap:
                self._pools.add(s.amm)
            path = self._path.get(s.amm)
            if path is None:
                path = deque([(n - self.ref_window - 1, pre)], maxlen=256)
            path.append((n, post))
            self._path[s.amm] = path
            key = (view.tx.sender, s.amm)
            q = self._pushes.get(key) or deque(maxlen=128)
            q.append((n, math.log(post / pre)))
            while q and q[0][0] <= n - self.window:
                q.popleft()
            self._pushes[key] = q

    def _reference(self, pool: str, before: int) -> float | None:
        """Time-weighted median price of `pool` over the `ref_window` blocks before block `before`."""
        path = self._path.get(pool)
        if not path:
            return None
        start = before - self.ref_window
        pts: list[tuple[float, int]] = []
        seq = list(path)
        for i, (b, price) in enumerate(seq):
            if b >= before:
                break
            end = min(seq[i + 1][0] if i + 1 < len(seq) else before, before)
            lo = max(b, start)
            if end > lo:
                pts.append((price, end - lo))
        if not pts:
            earlier = [p for b, p in seq if b < before]
            return earlier[-1] if earlier else seq[0][1]
        return _weighted_median(pts)

    def _pump(self, sender: str, pool: str, n: int) -> tuple[float, float, int] | None:
        """(displacement, the sender's push, blocks pushed) when `sender` pumped `pool`, else None."""
        q = self._pushes.get((sender, pool))
        path = self._path.get(pool)
        if not q or not path:
            return None
        live = [(b, m) for b, m in q if b > n - self.window]
        blocks = {b for b, _ in live}
        if len(blocks) < self.min_blocks:
            return None
        ref = self._reference(pool, min(blocks))
        if ref is None or ref <= 0:
            return None
        disp = math.log(path[-1][1] / ref)
        push = sum(m for _, m in live)
        if abs(disp) < math.log1p(self.excursion) or disp * push <= 0 or abs(push) < self.share * abs(disp):
            return None
        return disp, push, len(blocks)

    def on_tx(self, view: TxView, ctx: GuardContext) -> list[Finding]:
        if not view.ok:
            return []
        self._record(view)
        flows = view.net_flows()
        gains = {a for a, v in flows.get(view.tx.sender, {}).items() if v > 0}
        if not gains or not self._pools:
            return []
        swapped = {s.amm for s in view.swaps}
        payers = [
            a
            for a, f in flows.items()
            if a in ctx.protocols
            and a not in self._pools
            and a not in swapped
            and any(v < 0 and asset in gains for asset, v in f.items())
        ]
        if not payers:
            return []
        n = view.block.number
        best: tuple[str, tuple[float, float, int]] | None = None
        for pool in self._pools:
            hit = self._pump(view.tx.sender, pool, n)
            if hit is not None and (best is None or abs(hit[0]) > abs(best[1][0])):
                best = (pool, hit)
        if best is None:
            return []
        pool, (disp, push, blocks) = best
        move = math.expm1(abs(disp))
        loss = {p: {a: str(-v) for a, v in flows[p].items() if v < 0} for p in payers}
        roles = {view.tx.sender: "attacker", pool: "manipulated-pool", **{p: "victim" for p in payers}}
        return [
            self.finding(
                view,
                title="Oracle manipulation (multi-block TWAP pump)",
                severity=Severity.CRITICAL,
                description=(
                    f"{view.tx.sender} moved pool {ctx.role(pool, pool)} {move:.0%} from its reference price over "
                    f"{blocks} blocks and then took a payout from {', '.join(ctx.role(p, p) for p in payers)} "
                    "while the pool was still displaced (a time-averaged price of it follows the push)."
                ),
                score=move,
                threshold=self.excursion,
                roles=roles,
                signals=[
                    Signal("pool_displacement", move, self.excursion, f"pool {pool}, vs time-weighted median"),
                    Signal("own_push_share", push / disp, self.share),
                    Signal("blocks_pushed", blocks, self.min_blocks, f"within {self.window} blocks"),
                    Signal("paying_contracts", len(payers), 1),
                ],
                victim_loss=loss,
                baseline=f"pool's time-weighted median over the {self.ref_window} blocks before the push",
            )
        ]
