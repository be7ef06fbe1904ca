"""Rule detectors over activity patterns: failing-tx bursts, dormant accounts, sandwiches."""

from __future__ import annotations

from collections import deque

from ..context import BoundedDict, GuardContext
from ..findings import Finding, FindingType, Severity, Signal
from ..txview import ETH, TxView
from .base import Detector

__all__ = ["DormantTransferRule", "FailingBurstRule", "SandwichRule"]


class FailingBurstRule(Detector):
    """At least `min_failures` failed transactions to one target within `window` blocks."""

    name = "failing-burst"
    alert_id = "NEXUS-FAILING-TX-BURST"

    def __init__(self, window: int = 20, min_failures: int = 12, cap: int = 10_000) -> None:
        self.window = window
        self.min_failures = min_failures
        self.cap = cap
        self._fails = BoundedDict(cap)  # target -> deque of (block, sender)
        self._alerted = BoundedDict(cap)  # target -> block of the last alert

    def on_tx(self, view: TxView, ctx: GuardContext) -> list[Finding]:
        if view.ok or not view.tx.to:
            return []
        target, n = view.tx.to, view.block.number
        q = self._fails.get(target) or deque(maxlen=self.min_failures * 4)
        q.append((n, view.tx.sender))
        while q and q[0][0] <= n - self.window:
            q.popleft()
        self._fails[target] = q
        last = self._alerted.get(target)
        if len(q) < self.min_failures or (last is not None and n - last < self.window):
            return []
        self._alerted[target] = n
        senders = sorted({s for _, s in q})
        roles = {s: "sender" for s in senders}
        roles[target] = "victim"
        return [
            self.finding(
                view,
                title="Burst of failing transactions",
                severity=Severity.HIGH,
                ftype=FindingType.DEGRADED,
                description=(
                    f"{len(q)} transactions to {ctx.role(target, target)} failed within {self.window} blocks "
                    f"from {len(senders)} sender(s)."
                ),
                score=float(len(q)),
                threshold=float(self.min_failures),
                roles=roles,
                dedup=f"{target}:{n}",
                signals=[
                    Signal("failures_in_window", len(q), self.min_failures, f"window {self.window} blocks"),
                    Signal("distinct_senders", len(senders), 1),
                ],
            )
        ]


class DormantTransferRule(Detector):
    """A large transfer out of an address idle for at least `min_idle` blocks (seen by this monitor)."""

    name = "dormant-transfer"
    alert_id = "NEXUS-DORMANT-LARGE-TRANSFER"

    def __init__(
        self, min_idle: int = 250, min_supply_share: float = 0.01, min_eth: float = 100.0, cap: int = 200_000
    ) -> None:
        self.min_idle = min_idle
        self.min_supply_share = min_supply_share
        self.min_eth = min_eth
        self.cap = cap
        self._last = BoundedDict(cap)  # address -> last block it was active in

    def on_tx(self, view: TxView, ctx: GuardContext) -> list[Finding]:
        n, sender = view.block.number, view.tx.sender
        out: list[Finding] = []
        last = self._last.get(sender)
        if view.ok and last is not None and n - last >= self.min_idle:
            moved = self._largest_move(view, ctx, sender)
            if moved is not None:
                asset, share, threshold, receivers = moved
                roles = {sender: "dormant-sender", **{r: "receiver" for r in receivers if r != sender}}
                out.append(
                    self.finding(
                        view,
                        title="Large transfer from a dormant address",
                        severity=Severity.HIGH,
                        ftype=FindingType.SUSPICIOUS,
                        description=(
                            f"{sender} was idle for {n - last} blocks, then moved {share:.3g} "
                            f"{'ETH' if asset == ETH else 'of the supply of ' + asset}."
                        ),
                        score=float(n - last),
                        threshold=float(self.min_idle),
                        roles=roles,
                        signals=[
                            Signal("idle_blocks", n - last, self.min_idle),
                            Signal("amount" if asset == ETH else "supply_share", share, threshold, asset),
                        ],
                    )
                )
        self._touch(view, n)
        return out

    def _largest_move(self, view: TxView, ctx: GuardContext, sender: str) -> tuple[str, float, float, list[str]] | None:
        best = None
        for token, src, dst, amt in view.transfers:
            if src != sender:
                continue
            supply = ctx.total_supply(token)
            if supply and amt / supply >= self.min_supply_share:
                share = amt / supply
                if best is None or share / self.min_supply_share > best[1] / best[2]:
                    best = (token, share, self.min_supply_share, [dst])
        eth = sum(w for src, _, w in view.eth_moves if src == sender) / 1e18
        if eth >= self.min_eth and (best is None or eth / self.min_eth > best[1] / best[2]):
            best = (ETH, eth, self.min_eth, [d for s, d, _ in view.eth_moves if s == sender])
        return best

    def _touch(self, view: TxView, n: int) -> None:
        self._last[view.tx.sender] = n
        for _, src, dst, _ in view.transfers:
            self._last[src] = n
            self._last[dst] = n
        for _src, dst, _ in view.eth_moves:
            self._last[dst] = n


class SandwichRule(Detector):
    """Within `window` blocks on one pool: A buys, someone else buys the same way, then A sells back
    the amount it bought (within `unwind_tolerance`) at a profit of at least `min_profit`."""

    name = "sandwich"
    alert_id = "NEXUS-SANDWICH"

    def __init__(
        self, window: int = 3, min_profit: float = 0.01, unwind_tolerance: float = 0.01, cap: int = 10_000
    ) -> None:
        self.window = window
        self.min_profit = min_profit
        self.unwind_tolerance = unwind_tolerance
        self.cap = cap
        self._recent = BoundedDict(cap)  # pool -> deque of (block, trader, token_in, amount_in, amount_out)

    def on_tx(self, view: TxView, ctx: GuardContext) -> list[Finding]:
        out: list[Finding] = []
        n = view.block.number
        for s in view.swaps if view.ok else ():
            q = self._recent.get(s.amm) or deque(maxlen=64)
            while q and q[0][0] < n - self.window:
                q.popleft()
            hit = self._match(q, s.trader, s.token_in, s.amount_in, s.amount_out)
            if hit is not None:
                victim, front_in, profit = hit
                roles = {s.trader: "attacker", victim: "victim-trader", s.amm: "pool"}
                if view.tx.sender != s.trader:
                    roles[view.tx.sender] = "attacker"
                out.append(
                    self.finding(
                        view,
                        title="Sandwich attack",
                        severity=Severity.HIGH,
                        ftype=FindingType.EXPLOIT,
                        description=(
                            f"{s.trader} bought before and sold right after {victim}'s swap on "
                            f"{ctx.role(s.amm, s.amm)}, gaining {profit:.1%} on {front_in / 1e18:,.0f} tokens."
                        ),
                        score=profit,
                        threshold=self.min_profit,
                        roles=roles,
                        signals=[
                            Signal("round_trip_profit", profit, self.min_profit),
                            Signal("blocks_between", self.window, self.window, "front-run to back-run"),
                        ],
                    )
                )
            q.append((n, s.trader, s.token_in, s.amount_in, s.amount_out))
            self._recent[s.amm] = q
        return out

    def _match(
        self,
        q: deque,
        trader: str,
        token_in: str,
        amount_in: int,  # type: ignore[type-arg]
        amount_out: int,
    ) -> tuple[str, int, float] | None:
        items = list(q)
        for i, (_, t1, in1, a_in1, a_out1) in enumerate(items):
            if t1 != trader or in1 == token_in:
                continue
            if abs(amount_in - a_out1) > self.unwind_tolerance * max(a_out1, 1):
                continue  # not an unwind of the front-run position
            victims = [t for _, t, tin, _, _ in items[i + 1 :] if t != trader and tin == in1]
            profit = amount_out / a_in1 - 1.0 if a_in1 else 0.0
            if victims and profit >= self.min_profit:
                return victims[0], a_in1, profit
        return None
