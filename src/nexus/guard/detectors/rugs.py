"""Supply and share-price manipulation: owner mint-and-dump (a large mint of an existing token, then
the minted tokens sold into a pool or curve) and vault share inflation (donations, zero-share deposits)."""

from __future__ import annotations

from ..context import BoundedDict, GuardContext
from ..findings import Finding, Severity, Signal
from ..txview import TxView
from .base import Detector

__all__ = ["MintDumpRule", "ShareInflationRule"]

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
                out.append(
                    self.finding(
                        view,
                        title="Mint and dump",
                        severity=Severity.CRITICAL,
                        dedup=f"{token}:{dst}:{n}",
                        description=(
                            f"{rec[1] / 1e18:,.0f} tokens of {token} minted in block {rec[0]} (at least "
                            f"{self.min_mint:.0%} of the prior supply) were sold to {ctx.role(dst, dst)}, which "
                            f"paid out {share:.0%} of its {asset}."
                        ),
                        score=share,
                        threshold=self.min_drain,
                        roles=roles,
                        signals=[
                            Signal("pool_asset_drained", share, self.min_drain, f"asset {asset}"),
                            Signal("blocks_since_mint", n - rec[0], self.window),
                        ],
                        asset=asset,
                        amount=str(amount),
                    )
                )
                break
        return out


class ShareInflationRule(Detector):
    """Vault share-price inflation: a deposit that mints no shares for a non-zero amount (the
    depositor's assets went to the existing holders: an ERC-4626 Deposit of 0 shares, or any
    watched contract minting 0 of its own token to an account that paid in), or a donation — tokens sent straight to a
    vault (no Deposit from it in the transaction) of at least `min_jump` times what it held."""

    name = "share-inflation"
    alert_id = "NEXUS-SHARE-INFLATION"

    def __init__(self, min_jump: float = 10.0, cap: int = 50_000) -> None:
        self.min_jump = min_jump
        self.cap = cap
        self._vaults = BoundedDict(cap)  # vault -> block it last reported a deposit/withdrawal

    def on_tx(self, view: TxView, ctx: GuardContext) -> list[Finding]:
        if not view.ok:
            return []
        out: list[Finding] = []
        depositing = {v for v, op, *_ in view.vault_ops if op == "deposit"}
        for vault, op, _by, owner, assets, shares in view.vault_ops:
            if op == "deposit" and assets > 0 and shares == 0:
                out.append(
                    self._hit(
                        view,
                        vault,
                        "A deposit minted no shares",
                        {owner: "victim-depositor", vault: "inflated-vault"},
                        float(assets),
                        1.0,
                        f"{owner} deposited {assets} into {ctx.role(vault, vault)} and received 0 shares: "
                        "the share price had been inflated.",
                        "zero_share_deposit",
                    )
                )
        flows = view.net_flows()
        for token, src, dst, amt in view.transfers:  # any watched share token (not only ERC-4626)
            if src == ZERO and amt == 0 and token in ctx.protocols and any(d < 0 for d in flows.get(dst, {}).values()):
                out.append(
                    self._hit(
                        view,
                        token,
                        "A deposit minted no shares",
                        {dst: "victim-depositor", token: "inflated-vault"},
                        1.0,
                        1.0,
                        f"{dst} paid into {ctx.role(token, token)} and was minted 0 of its share token: "
                        "the share price had been inflated.",
                        "zero_share_mint",
                    )
                )
        for token, src, dst, amt in view.transfers:
            known = dst in self._vaults or ctx.role(dst, "") == "erc4626"
            if not known or dst in depositing or src == dst:
                continue
            held = ctx.balance_before(view, dst, token)
            if held is None or amt < self.min_jump * max(held, 1):
                continue
            out.append(
                self._hit(
                    view,
                    dst,
                    "Donation inflating a vault's share price",
                    {view.tx.sender: "attacker", dst: "inflated-vault"},
                    amt / max(held, 1),
                    self.min_jump,
                    f"{src} sent {amt} of {token} straight to {ctx.role(dst, dst)}, "
                    f"{amt / max(held, 1):,.0f}x what it held, outside any deposit.",
                    "donation_jump",
                )
            )
        for vault, *_ in view.vault_ops:
            self._vaults[vault] = view.block.number
        return out

    def _hit(
        self,
        view: TxView,
        vault: str,
        title: str,
        roles: dict[str, str],
        score: float,
        threshold: float,
        description: str,
        signal: str,
    ) -> Finding:
        return self.finding(
            view,
            title=title,
            severity=Severity.CRITICAL,
            description=description,
            score=score,
            threshold=threshold,
            roles=roles,
            dedup=f"{vault}:{view.block.number}:{signal}",
            signals=[Signal(signal, score, threshold)],
        )
