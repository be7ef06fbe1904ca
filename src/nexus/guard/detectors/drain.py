"""The protocol-drain rule: a watched protocol paying out, in one transaction, more than a share
of what it held beyond what its receivers had put in (collateral in other assets included)."""

from __future__ import annotations

from collections import defaultdict

from ..context import BoundedDict, GuardContext
from ..findings import Finding, Severity, Signal
from ..txview import TxView
from .base import Detector

__all__ = ["DrainRule"]


def _attackers(view: TxView) -> dict[str, str]:
    roles = {view.tx.sender: "attacker"}
    if view.tx.to and view.tx.to != view.tx.sender:
        roles.setdefault(view.tx.to, "attacker-contract")
    return roles


class DrainRule(Detector):
    """A watched protocol pays out, in one transaction and with nothing of another asset coming
    back, more than `share` of what it held, beyond what the receivers ever deposited. What a
    receiver deposited in another asset (collateral) backs it too, valued at a pool's price before
    the transaction (so a price pushed inside the paying transaction backs nothing): the last swap
    this monitor saw between the two assets, else the balances of a watched V2-shaped pair of them;
    an asset with no such price backs nothing."""

    name = "protocol-drain"
    alert_id = "NEXUS-PROTOCOL-DRAIN"

    def __init__(self, share: float = 0.10, cap: int = 200_000) -> None:
        self.share = share
        self.cap = cap
        self._deposits = BoundedDict(cap)  # (protocol, asset, account) -> net deposited so far
        self._held = BoundedDict(cap)  # (protocol, account) -> assets it has deposited
        self._price = BoundedDict(cap)  # (asset x, asset y) -> units of y for one unit of x (pool spot)
        self._pair_tokens = BoundedDict(cap)  # watched pair -> (token0, token1), or None when unreadable

    def on_tx(self, view: TxView, ctx: GuardContext) -> list[Finding]:
        if not view.ok or any(act == "executed" for _, act, _ in view.governance):
            return []  # a passed governance action moves funds as voted
        moves: dict[tuple[str, str, str], int] = defaultdict(int)  # (protocol, asset, other) -> into protocol
        for token, src, dst, amt in view.transfers:
            self._move(moves, ctx, token, src, dst, amt)
        for src, dst, wei in view.eth_moves:
            self._move(moves, ctx, "ETH", src, dst, wei)
        out: list[Finding] = []
        flows = view.net_flows()
        for proto in {p for p, _, _ in moves}:
            pf = flows.get(proto, {})
            for asset, net in pf.items():
                if net >= 0 or any(v > 0 for a, v in pf.items() if a != asset):
                    continue
                excess = sum(
                    max(0, -(self._deposits.get((p, a, o), 0) + m) - self._collateral(view, ctx, moves, p, a, o))
                    for (p, a, o), m in moves.items()
                    if p == proto and a == asset and m < 0
                )
                known = ctx.balance_before(view, proto, asset)
                if known is None:
                    continue
                # it held at least what it paid out net (the book can lag when catching up)
                pre = max(known, -net)
                if not pre or excess < self.share * pre:
                    continue
                share = excess / pre
                takers = [o for (p, a, o), m in moves.items() if p == proto and a == asset and m < 0]
                roles = _attackers(view)
                roles.update({t: roles.get(t, "receiver") for t in takers})
                roles[proto] = "victim"
                out.append(
                    self.finding(
                        view,
                        title="Protocol drain",
                        severity=Severity.CRITICAL,
                        description=(
                            f"{ctx.role(proto, proto)} paid out {share:.0%} of its "
                            f"{asset if asset == 'ETH' else 'token ' + asset} "
                            "balance beyond what the receivers had deposited, with nothing coming back."
                        ),
                        score=share,
                        threshold=self.share,
                        roles=roles,
                        signals=[
                            Signal("unbacked_outflow_share", share, self.share, f"asset {asset}"),
                            Signal("repeated_event", view.event_repeat, 3),
                            Signal("reentries", len(view.reentries), 1),
                        ],
                        asset=asset,
                        amount=str(excess),
                    )
                )
        for key, m in moves.items():
            self._deposits[key] = self._deposits.get(key, 0) + m
            p, a, o = key
            self._held[(p, o)] = self._held.get((p, o), frozenset()) | {a}
        self._learn_prices(view, ctx)
        return out

    def _collateral(
        self,
        view: TxView,
        ctx: GuardContext,
        moves: dict[tuple[str, str, str], int],
        proto: str,
        asset: str,
        owner: str,
    ) -> int:
        """What `owner` has deposited into `proto` in other assets, in units of `asset`."""
        total = 0.0
        held = self._held.get((proto, owner), frozenset()) | {b for p, b, o in moves if p == proto and o == owner}
        for other in held:
            if other == asset:
                continue
            left = self._deposits.get((proto, other, owner), 0) + moves.get((proto, other, owner), 0)
            if left <= 0:
                continue
            price = self._price.get((other, asset)) or self._pair_price(view, ctx, other, asset)
            if price:
                total += left * price
        return int(total)

    def _pair_price(self, view: TxView, ctx: GuardContext, x: str, y: str) -> float | None:
        """Units of `y` per `x` from a watched V2-shaped pair's balances before this transaction."""
        for pool, kind in ctx.protocols.items():
            if kind != "uniswap-v2-pair":
                continue
            if pool not in self._pair_tokens:
                t0, t1 = ctx.address_view(pool, "token0"), ctx.address_view(pool, "token1")
                self._pair_tokens[pool] = (t0.lower(), t1.lower()) if t0 and t1 else None
            tokens = self._pair_tokens[pool]
            if tokens is None or {x.lower(), y.lower()} != set(tokens):
                continue
            bx, by = ctx.balance_before(view, pool, x), ctx.balance_before(view, pool, y)
            if bx and by:
                return by / bx
        return None

    def _learn_prices(self, view: TxView, ctx: GuardContext) -> None:
        """Spot prices after this transaction's swaps (what the next transaction is valued at)."""
        flows = view.net_flows()
        for s in view.swaps:
            pool = flows.get(s.amm, {})
            ins = [a for a, d in pool.items() if d > 0]
            outs = [a for a, d in pool.items() if d < 0]
            if len(ins) != 1 or len(outs) != 1 or s.reserve0 <= 0 or s.reserve1 <= 0:
                continue
            if s.zero_in is not None:
                zero_in = s.zero_in
            else:
                t0 = ctx.address_view(s.amm, "token0")
                zero_in = t0 is not None and t0.lower() == ins[0].lower()
            r_in, r_out = (s.reserve0, s.reserve1) if zero_in else (s.reserve1, s.reserve0)
            self._price[(ins[0], outs[0])] = r_out / r_in
            self._price[(outs[0], ins[0])] = r_in / r_out

    @staticmethod
    def _move(
        moves: dict[tuple[str, str, str], int], ctx: GuardContext, asset: str, src: str, dst: str, amt: int
    ) -> None:
        if dst in ctx.protocols:
            moves[(dst, asset, src)] += amt
        if src in ctx.protocols:
            moves[(src, asset, dst)] -= amt
