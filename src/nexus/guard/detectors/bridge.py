"""Forged or unbacked bridge withdrawals: a bridge releases funds, or mints its wrapped token,
with no deposit behind it. Value flow only, no ABI: every watched contract of kind `bridge`
belongs to its protocol's bridge (both sides of one bridge share a protocol name); deposits are
tokens sent into it and its wrapped tokens burnt, withdrawals are tokens it sends out and wrapped
tokens it mints. Each withdrawal must consume a pending deposit of the same size (a withdrawal may
be up to `fee` smaller: relayer fees); one that finds none is unbacked, whatever the proof said."""

from __future__ import annotations

from collections import deque

from ..context import BoundedDict, GuardContext
from ..findings import Finding, Severity, Signal
from ..txview import TxView
from .base import Detector

__all__ = ["UnbackedBridgeRule"]

ZERO = "0x" + "00" * 20
KIND = "bridge"


class UnbackedBridgeRule(Detector):
    """Fires (Critical) on every bridge withdrawal or wrapped mint of at least `min_amount` base
    units that no pending deposit of its bridge backs; deposits are kept `window` blocks."""

    name = "unbacked-bridge"
    alert_id = "NEXUS-BRIDGE-UNBACKED"

    def __init__(self, fee: float = 0.01, window: int = 50_000, min_amount: int = 1, cap: int = 100_000) -> None:
        self.fee = fee
        self.window = window
        self.min_amount = min_amount
        self.cap = cap
        self._pending = BoundedDict(cap)  # bridge group -> deque of (block, amount) deposits not yet used

    @staticmethod
    def _group(ctx: GuardContext, address: str) -> str | None:
        t = ctx.targets.get(address)
        if t is None or t.kind != KIND:
            return None
        return t.protocol or t.address

    def _backed(self, group: str, amount: int, n: int) -> bool:
        q = self._pending.get(group)
        if not q:
            return False
        while q and q[0][0] <= n - self.window:
            q.popleft()
        best = None
        for i, (_b, dep) in enumerate(q):
            if amount <= dep <= amount * (1 + self.fee) and (best is None or dep < q[best][1]):
                best = i
        if best is None:
            return False
        del q[best]
        return True

    def on_tx(self, view: TxView, ctx: GuardContext) -> list[Finding]:
        if not view.ok or not view.transfers:
            return []
        n = view.block.number
        unbacked: list[tuple[str, str, str, int]] = []  # bridge, token, receiver, amount
        for token, src, dst, amt in view.transfers:
            if amt < self.min_amount:
                continue
            g_src, g_dst, g_tok = self._group(ctx, src), self._group(ctx, dst), self._group(ctx, token)
            if g_dst is not None and g_src != g_dst:  # locked into a bridge
                self._deposit(g_dst, amt, n)
            elif dst == ZERO and g_tok is not None:  # wrapped tokens burnt to go home
                self._deposit(g_tok, amt, n)
            elif g_src is not None and g_dst is None and dst != ZERO:  # released
                if not self._backed(g_src, amt, n):
                    unbacked.append((src, token, dst, amt))
            elif src == ZERO and g_tok is not None and self._group(ctx, dst) is None:  # wrapped mint
                if not self._backed(g_tok, amt, n):
                    unbacked.append((token, token, dst, amt))
        return [self._finding(view, ctx, *u) for u in unbacked]

    def _deposit(self, group: str, amount: int, n: int) -> None:
        q = self._pending.get(group) or deque(maxlen=4096)
        q.append((n, amount))
        self._pending[group] = q

    def _finding(self, view: TxView, ctx: GuardContext, bridge: str, token: str, to: str, amount: int) -> Finding:
        minted = bridge == token
        pending = len(self._pending.get(self._group(ctx, bridge) or "", ()))
        roles = {to: "receiver", bridge: "victim"}
        if view.tx.sender != to:
            roles.setdefault(view.tx.sender, "sender")
        return self.finding(
            view,
            title="Unbacked bridge " + ("mint" if minted else "withdrawal"),
            severity=Severity.CRITICAL,
            dedup=f"{view.hash}:{bridge}:{to}:{amount}",
            description=(
                f"{ctx.role(bridge, bridge)} ({ctx.targets.protocol_of([bridge]) or bridge}) "
                + ("minted" if minted else "released")
                + f" {amount} of {token} to {to} with no matching deposit among the {pending} it holds pending."
            ),
            score=1.0,
            threshold=1.0,
            roles=roles,
            signals=[
                Signal("unbacked_amount", amount, 0, f"token {token}"),
                Signal("pending_deposits", pending, 1, f"fee tolerance {self.fee:.0%}"),
            ],
            victim_loss={bridge: {token: str(amount)}},
            baseline="deposits into the same bridge protocol seen by this monitor",
            asset=token,
            amount=str(amount),
        )
