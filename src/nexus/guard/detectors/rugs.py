"""Owner mint-and-dump: a mint that at least doubles-ish a token's existing supply, then the minted
tokens (directly or after hops through other accounts) sold into a pool or curve for its other asset."""

from __future__ import annotations

from ..context import BoundedDict, GuardContext
from ..findings import Finding, Severity, Signal
from ..txview import TxView
from .base import Detector

__all__ = ["MintDumpRule"]

ZERO = "0x" + "00" * 20


class MintDumpRule(Detector):
    """Remembers mints of at least `min_mint` of the supply that existed before them (not a launch:
    that supply was not zero) for `window` blocks, following the minted tokens through transfers;
    fires when a holder of such tokens sells them to a contract that pays out another asset worth
    at least `min_drain` of what that contract held of it."""

    name = "mint-dump"
    alert_id = "NEXUS-MINT-AND-DUMP"

    def __init__(self, min_mint: float = 0.5, min_drain: float = 0.2, window: int = 200, cap: int = 50_000) -> None:
        self.min_mint = min_mint
        self.min_drain = min_drain
        self.window = window
        self.cap = cap
        self._minted = BoundedDict(cap)  # (token, holder) -> (block of the mint, amount, minter tx sender)

    def on_tx(self, view: TxView, ctx: GuardContext) -> list[Finding]:
        if not view.ok or not view.transfers:
            return []
        n = view.block.number
        for token, src, dst, amt in view.transfers:
            if src == ZERO:
                supply = ctx.total_supply(token)
                pre = (supply or 0) - amt
                if supply and pre > 0 and amt >= self.min_mint * pre:
                    self._minted[(token, dst)] = (n, amt, view.tx.sender)
            elif (token, src) in self._minted:
                b, minted, who = self._minted[(token, src)]
                if n - b <= self.window and amt >= minted // 2:
                    self._minted[(token, dst)] = (b, minted, who)
        flows = view.net_flows()
        out: list[Finding] = []
        for token, src, dst, _amt in view.transfers:
            rec = self._minted.get((token, src))
            if rec is None or n - rec[0] > self.window or src == ZERO:
                continue
            paid = {a: -v for a, v in flows.get(dst, {}).items() if v < 0 and a != token}
            for asset, amount in paid.items():
                held = ctx.balance_before(view, dst, asset)
                if not held or amount < self.min_drain * held:
                    continue
                share = amount / held
                roles = {view.tx.sender: "attacker", src: "dumper", dst: "victim", token: "minted-token"}
                out.append(self.finding(
                    view, title="Mint and dump", severity=Severity.CRITICAL, dedup=f"{token}:{dst}:{n}",
                    description=(f"{rec[1] / 1e18:,.0f} tokens of {token} minted in block {rec[0]} (at least "
                                 f"{self.min_mint:.0%} of the prior supply) were sold to {ctx.role(dst, dst)}, which "
                                 f"paid out {share:.0%} of its {asset}."),
                    score=share, threshold=self.min_drain, roles=roles,
                    signals=[Signal("pool_asset_drained", share, self.min_drain, f"asset {asset}"),
                             Signal("blocks_since_mint", n - rec[0], self.window)],
                    asset=asset, amount=str(amount)))
                break
        return out
