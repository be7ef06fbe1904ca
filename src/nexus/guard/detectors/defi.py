"""Rule detectors for DeFi exploits: flash-loan manipulation, reentrancy, drains, votes, admin."""

from __future__ import annotations

from collections import defaultdict

from ..context import BoundedDict, GuardContext, price_impacts
from ..findings import Finding, FindingType, Severity, Signal
from ..txview import TxView
from .base import Detector

__all__ = [
    "DrainRule",
    "FlashLoanManipulationRule",
    "PrivilegeChangeRule",
    "ReadOnlyReentrancyRule",
    "ReentrancyRule",
    "VotingPowerSpikeRule",
]

ZERO = "0x" + "00" * 20


def _attackers(view: TxView) -> dict[str, str]:
    roles = {view.tx.sender: "attacker"}
    if view.tx.to and view.tx.to != view.tx.sender:
        roles.setdefault(view.tx.to, "attacker-contract")
    return roles


class FlashLoanManipulationRule(Detector):
    """A flash loan, a large price move in a pool and value leaving a protocol, in one transaction."""

    name = "flash-loan-manipulation"
    alert_id = "NEXUS-FLASH-PRICE-MANIPULATION"

    def __init__(self, impact: float = 0.2) -> None:
        self.impact = impact

    def on_tx(self, view: TxView, ctx: GuardContext) -> list[Finding]:
        if not view.ok or not view.has_flash_loan or not view.swaps:
            return []
        impacts = price_impacts(view, ctx)
        worst = max(impacts.values(), default=0.0)
        if worst < self.impact:
            return []
        flows = view.net_flows()
        lenders = {lender for lender, *_ in view.flash_loans}
        victims = [
            a
            for a, f in flows.items()
            if a in ctx.protocols
            and a not in lenders
            and a not in impacts
            and any(v < 0 for v in f.values())
            and not any(v > 0 for v in f.values())
        ]
        profit = any(v > 0 for v in flows.get(view.tx.sender, {}).values())
        if not victims and not profit:
            return []
        roles = _attackers(view)
        roles.update({a: "manipulated-pool" for a in impacts})
        roles.update({a: "flash-lender" for a in lenders})
        roles.update({a: "victim" for a in victims})
        pool = max(impacts, key=impacts.get)  # type: ignore[arg-type]
        return [
            self.finding(
                view,
                title="Flash-loan price manipulation",
                description=(
                    f"A flash loan moved the price of pool {ctx.role(pool, pool)} by {worst:.0%} and "
                    + (f"value left {', '.join(ctx.role(v, v) for v in victims)}" if victims else "the sender profited")
                    + " in the same transaction."
                ),
                severity=Severity.CRITICAL,
                score=worst,
                threshold=self.impact,
                roles=roles,
                signals=[
                    Signal("flash_loan", 1, 1, "flash loan or ERC-3156 callback in the transaction"),
                    Signal("price_impact", worst, self.impact, f"pool {pool}"),
                    Signal("unbacked_outflow_protocols", len(victims), 1),
                    Signal("sender_profit", 1.0 if profit else 0.0, 1),
                ],
            )
        ]


class ReentrancyRule(Detector):
    """A contract function entered again (same selector) while its first call is still running."""

    name = "reentrancy"
    alert_id = "NEXUS-REENTRANCY"

    def __init__(self, min_reentries: int = 1) -> None:
        self.min_reentries = min_reentries

    def on_tx(self, view: TxView, ctx: GuardContext) -> list[Finding]:
        entries = view.reentries + view.cross_reentries
        if not view.ok or len(entries) < self.min_reentries:
            return []
        counts: dict[str, int] = defaultdict(int)
        for addr, _sel in entries:
            counts[addr] += 1
        target = max(counts, key=counts.get)  # type: ignore[arg-type]
        sel = next(s for a, s in entries if a == target)
        cross = any(a == target for a, _ in view.cross_reentries)
        roles = _attackers(view)
        roles[target] = "victim"
        how = "by another of its functions (cross-function)" if cross else "from inside its own external call"
        return [
            self.finding(
                view,
                title="Reentrant call",
                severity=Severity.CRITICAL,
                description=(
                    f"{ctx.role(target, target)} was re-entered {counts[target]} time(s) (function "
                    f"0x{sel.hex()}) {how}, while an earlier call into it was unfinished."
                ),
                score=float(counts[target]),
                threshold=float(self.min_reentries),
                roles=roles,
                evidence="reentered",
                signals=[
                    Signal("reentries", counts[target], self.min_reentries, f"selector 0x{sel.hex()}"),
                    Signal("cross_function", 1.0 if cross else 0.0, 1),
                    Signal("call_depth", view.call_depth, 0),
                ],
            )
        ]


class ReadOnlyReentrancyRule(Detector):
    """A contract read a view of another contract while a state-changing call into that contract
    was unfinished (it saw mid-update state), and value then left the reader."""

    name = "read-only-reentrancy"
    alert_id = "NEXUS-READONLY-REENTRANCY"

    def on_tx(self, view: TxView, ctx: GuardContext) -> list[Finding]:
        if not view.ok or not view.readonly_reads:
            return []
        flows = view.net_flows()
        out: list[Finding] = []
        for source, reader, sel in dict.fromkeys(view.readonly_reads):
            lost = any(v < 0 for v in flows.get(reader, {}).values())
            if not lost:
                continue
            roles = _attackers(view)
            roles[reader] = "victim"
            roles.setdefault(source, "mid-update-source")
            out.append(
                self.finding(
                    view,
                    title="Read-only reentrancy",
                    severity=Severity.CRITICAL,
                    dedup=f"{reader}:{source}",
                    description=(
                        f"{ctx.role(reader, reader)} read 0x{sel.hex()} of {ctx.role(source, source)} while "
                        "a call into it was still running (mid-update state), then paid out."
                    ),
                    score=1.0,
                    threshold=1.0,
                    roles=roles,
                    signals=[
                        Signal("view_read_mid_update", 1, 1, f"selector 0x{sel.hex()}"),
                        Signal("reader_outflow", 1, 1),
                    ],
                )
            )
        return out


class DrainRule(Detector):
    """A watched protocol pays out, in one transaction and with nothing of another asset coming
    back, more than `share` of what it held, beyond what the receivers ever deposited. What a
    receiver deposited in another asset (collateral) backs it too, valued at the last spot price
    of a pool this monitor saw trade the two assets, taken before the transaction (so a price
    pushed inside the paying transaction backs nothing); an asset with no such price backs nothing."""

    name = "protocol-drain"
    alert_id = "NEXUS-PROTOCOL-DRAIN"

    def __init__(self, share: float = 0.10, cap: int = 200_000) -> None:
        self.share = share
        self.cap = cap
        self._deposits = BoundedDict(cap)  # (protocol, asset, account) -> net deposited so far
        self._held = BoundedDict(cap)  # (protocol, account) -> assets it has deposited
        self._price = BoundedDict(cap)  # (asset x, asset y) -> units of y for one unit of x (pool spot)

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
                    max(0, -(self._deposits.get((p, a, o), 0) + m) - self._collateral(moves, p, a, o))
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

    def _collateral(self, moves: dict[tuple[str, str, str], int], proto: str, asset: str, owner: str) -> int:
        """What `owner` has deposited into `proto` in other assets, in units of `asset`."""
        total = 0.0
        for other in self._held.get((proto, owner), frozenset()) | {
            b for p, b, o in moves if p == proto and o == owner
        }:
            if other == asset:
                continue
            left = self._deposits.get((proto, other, owner), 0) + moves.get((proto, other, owner), 0)
            price = self._price.get((other, asset))
            if left > 0 and price:
                total += left * price
        return int(total)

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


class VotingPowerSpikeRule(Detector):
    """A vote whose weight is a large share of supply, mostly received in the same transaction."""

    name = "voting-power-spike"
    alert_id = "NEXUS-GOVERNANCE-FLASH-VOTE"

    def __init__(self, min_share: float = 0.10, borrowed: float = 0.5, solo_share: float = 0.25) -> None:
        self.min_share = min_share
        self.borrowed = borrowed
        self.solo_share = solo_share

    def on_tx(self, view: TxView, ctx: GuardContext) -> list[Finding]:
        out: list[Finding] = []
        for gov, voter, pid, weight in view.votes if view.ok else ():
            token = ctx.address_view(gov, "token")
            supply = ctx.total_supply(token) if token else None
            if not supply or not weight:
                continue
            share = weight / supply
            assert token is not None
            got = sum(a for t, _, d, a in view.transfers if d == voter and t.lower() == token.lower())
            borrowed = got / weight
            flash = borrowed >= self.borrowed and share >= self.min_share
            if not flash and share < self.solo_share:
                continue
            roles = _attackers(view)
            roles[voter] = roles.get(voter, "voter")
            roles[gov] = "victim"
            out.append(
                self.finding(
                    view,
                    title="Voting-power spike",
                    dedup=f"{gov}:{pid}:{voter}",
                    severity=Severity.CRITICAL if flash else Severity.HIGH,
                    description=(
                        f"A vote on proposal {pid} of {ctx.role(gov, gov)} carried {share:.0%} of the supply; "
                        f"{borrowed:.0%} of that weight arrived in the same transaction."
                    ),
                    score=share,
                    threshold=self.min_share if flash else self.solo_share,
                    roles=roles,
                    signals=[
                        Signal("vote_share_of_supply", share, self.min_share),
                        Signal("weight_received_same_tx", borrowed, self.borrowed),
                        Signal("flash_loan", 1.0 if view.has_flash_loan else 0.0, 1),
                    ],
                    proposal=pid,
                    evidence="capture" if flash else "suspicion",
                )
            )
        return out


class PrivilegeChangeRule(Detector):
    """Ownership of a contract moved by someone who was not its owner (an unprotected admin path)."""

    name = "privilege-change"
    alert_id = "NEXUS-UNAUTHORIZED-OWNER-CHANGE"

    def on_tx(self, view: TxView, ctx: GuardContext) -> list[Finding]:
        out: list[Finding] = []
        for contract, prev, new in view.ownership if view.ok else ():
            if prev == ZERO or prev == view.tx.sender:
                continue
            roles = _attackers(view)
            roles[new] = roles.get(new, "new-owner")
            roles[contract] = "victim"
            roles[prev] = "previous-owner"
            out.append(
                self.finding(
                    view,
                    title="Ownership taken by a non-owner",
                    severity=Severity.CRITICAL,
                    description=(
                        f"{ctx.role(contract, contract)} changed owner from {prev} to {new} in a transaction sent "
                        f"by {view.tx.sender}, who was not the owner."
                    ),
                    score=1.0,
                    threshold=1.0,
                    roles=roles,
                    ftype=FindingType.EXPLOIT,
                    signals=[Signal("owner_changed_by_non_owner", 1, 1)],
                    evidence="capture",
                )
            )
        return out
