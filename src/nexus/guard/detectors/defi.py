"""Rule detectors for DeFi exploits: flash-loan manipulation, reentrancy, drains, votes, admin."""

from __future__ import annotations

from collections import defaultdict

from ..context import GuardContext, price_impacts
from ..findings import Finding, FindingType, Severity, Signal
from ..txview import TxView
from .base import Detector
from .drain import DrainRule, _attackers

__all__ = [
    "DrainRule",  # (in drain.py)
    "FlashLoanManipulationRule",
    "PrivilegeChangeRule",
    "ReadOnlyReentrancyRule",
    "ReentrancyRule",
    "VotingPowerSpikeRule",
]

ZERO = "0x" + "00" * 20


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
