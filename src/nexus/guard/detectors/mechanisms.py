"""Rules by attack mechanism, for any watched protocol: approval drains, slow drains over sliding
windows, and initialisation takeovers (uninitialised proxies, re-run initialisers)."""

from __future__ import annotations

from collections import deque
from typing import Any

from ..context import BoundedDict, GuardContext
from ..findings import Finding, Severity, Signal
from ..txview import TxView
from .base import Detector

__all__ = ["ApprovalDrainRule", "InitTakeoverRule", "SlowDrainRule"]

ZERO = "0x" + "00" * 20


def _governance_executed(view: TxView) -> bool:
    return any(act == "executed" for _, act, _ in view.governance)


class ApprovalDrainRule(Detector):
    """One caller moving many holders' tokens: ERC-20 transfers out of at least `min_holders`
    distinct holders that neither sent the transaction nor acted in it (not a contract in the call
    trace), within `window` blocks of the same sender. Spending allowances for many users at once
    is what a drained approval looks like; ordinary use moves the sender's own tokens."""

    name = "approval-drain"
    alert_id = "NEXUS-APPROVAL-DRAIN"

    def __init__(self, min_holders: int = 3, window: int = 10, cap: int = 100_000) -> None:
        self.min_holders = min_holders
        self.window = window
        self.cap = cap
        self._moves = BoundedDict(cap)  # sender -> deque of (block, token, holder, amount, spender)

    def on_tx(self, view: TxView, ctx: GuardContext) -> list[Finding]:
        if not view.ok or not view.transfers:
            return []
        actors = {to for _, to, _, _ in view.frames} | {view.tx.sender}
        if view.tx.to:
            actors.add(view.tx.to)
        spenders = [to for _, to, sel, _ in view.frames]  # the callers of transferFrom (best effort)
        n = view.block.number
        q = self._moves.get(view.tx.sender) or deque(maxlen=256)
        fresh = False
        for token, src, _dst, amt in view.transfers:
            if src in actors or src == ZERO or src in ctx.protocols or not amt:
                continue
            q.append((n, token, src, amt, view.tx.to or ""))
            fresh = True
        while q and q[0][0] <= n - self.window:
            q.popleft()
        self._moves[view.tx.sender] = q
        if not fresh:
            return []
        holders = {h for _, _, h, _, _ in q}
        if len(holders) < self.min_holders:
            return []
        q.clear()  # one finding per burst
        roles = {view.tx.sender: "attacker", **{h: "victim-holder" for h in holders}}
        if view.tx.to and view.tx.to != view.tx.sender:
            roles.setdefault(view.tx.to, "exploited-contract")
        for s in spenders:
            if s in ctx.protocols and s not in roles:
                roles[s] = "exploited-contract"
        return [
            self.finding(
                view,
                title="Approval drain",
                severity=Severity.CRITICAL,
                dedup=f"{view.tx.sender}:{n}",
                description=(
                    f"{view.tx.sender} moved tokens out of {len(holders)} holders who neither sent nor "
                    f"took part in the transactions, within {self.window} blocks (spent allowances)."
                ),
                score=float(len(holders)),
                threshold=float(self.min_holders),
                roles=roles,
                signals=[Signal("holders_drained", len(holders), self.min_holders, f"window {self.window} blocks")],
            )
        ]


class SlowDrainRule(Detector):
    """Per watched protocol and asset, a sliding window of payouts that no deposit of the receiver
    backs, to fresh accounts (nonce at most `fresh_nonce`). Fires when the window holds at least
    `min_receivers` such receivers, or `min_receivers - 1` taking `min_share` of the protocol's
    balance, and the count is beyond the protocol's normal range (twice its calm maximum)."""

    name = "slow-drain"
    alert_id = "NEXUS-SLOW-DRAIN"

    def __init__(
        self,
        window: int = 20,
        min_receivers: int = 3,
        min_share: float = 0.005,
        fresh_nonce: int = 3,
        cap: int = 200_000,
    ) -> None:
        self.window = window
        self.min_receivers = min_receivers
        self.min_share = min_share
        self.fresh_nonce = fresh_nonce
        self.cap = cap
        self._deposits = BoundedDict(cap)  # (protocol, asset, account) -> net paid in
        self._win = BoundedDict(cap)  # (protocol, asset) -> deque of (block, receiver, unbacked)
        self._normal = BoundedDict(cap)  # (protocol, asset) -> largest count of a finished calm episode
        self._episode = BoundedDict(cap)  # (protocol, asset) -> largest count of the running episode
        self._alerted = BoundedDict(cap)  # (protocol, asset) -> block of the last alert

    def _fresh(self, view: TxView, ctx: GuardContext, who: str) -> bool:
        if who == view.tx.sender:
            return view.tx.nonce <= self.fresh_nonce
        if ctx.backend is None:
            return False
        try:
            return ctx.backend.nonce(who) <= self.fresh_nonce and not ctx.backend.code(who)
        except Exception:
            return False

    def on_tx(self, view: TxView, ctx: GuardContext) -> list[Finding]:
        if not view.ok or _governance_executed(view):
            return []
        n = view.block.number
        out: list[Finding] = []
        touched: set[tuple[str, str]] = set()
        flows = view.net_flows()
        for token, src, dst, amt in view.transfers:
            if dst in ctx.protocols:
                self._deposits[(dst, token, src)] = self._deposits.get((dst, token, src), 0) + amt
            if src not in ctx.protocols or dst in ctx.protocols:
                continue
            if any(v > 0 for a, v in flows.get(src, {}).items() if a != token):
                continue  # something else came in: a trade, not a payout
            key = (src, token, dst)
            backed = self._deposits.get(key, 0)
            self._deposits[key] = backed - amt
            unbacked = amt - max(backed, 0)
            if unbacked > 0 and self._fresh(view, ctx, dst):
                q = self._win.get((src, token)) or deque(maxlen=512)
                q.append((n, dst, unbacked))
                self._win[(src, token)] = q
                touched.add((src, token))
        for proto, token in touched:
            f = self._judge(view, ctx, proto, token, n)
            if f is not None:
                out.append(f)
        return out

    def _judge(self, view: TxView, ctx: GuardContext, proto: str, token: str, n: int) -> Finding | None:
        key = (proto, token)
        q = self._win[key]
        while q and q[0][0] <= n - self.window:
            q.popleft()
            if len(q) == 1:  # only today's entry is left: the previous episode is over
                self._normal[key] = max(self._normal.get(key, 0), self._episode.pop(key, 0))
        receivers = {r for _, r, _ in q}
        total = sum(a for _, _, a in q)
        normal = self._normal.get(key, 0)
        held = ctx.balance_before(view, proto, token) or 0
        share = total / max(held + total, 1)
        count_hit = len(receivers) >= max(self.min_receivers, 2 * normal + 1)
        share_hit = len(receivers) >= max(self.min_receivers - 1, 2 * normal + 1) and share >= self.min_share
        last = self._alerted.get(key)
        if not (count_hit or share_hit) or (last is not None and n - last < self.window):
            if not (count_hit or share_hit):
                self._episode[key] = max(self._episode.get(key, 0), len(receivers))
            return None
        self._alerted[key] = n
        threshold = (
            max(self.min_receivers, 2 * normal + 1) if count_hit else max(self.min_receivers - 1, 2 * normal + 1)
        )
        self._episode.pop(key, None)  # an attack is not part of the normal range
        roles: dict[str, str] = {r: "receiver" for r in receivers}
        roles[proto] = "victim"
        loss = {proto: {token: str(total)}}
        return self.finding(
            view,
            title="Slow drain",
            severity=Severity.CRITICAL,
            dedup=f"{proto}:{token}:{n}",
            description=(
                f"{ctx.role(proto, proto)} paid {len(receivers)} fresh accounts {share:.2%} of its "
                f"token {token} within {self.window} blocks, none of it backed by their deposits "
                f"(normal range: at most {normal} such receivers per window)."
            ),
            score=float(len(receivers)),
            threshold=float(threshold),
            roles=roles,
            signals=[
                Signal("fresh_unbacked_receivers", len(receivers), threshold, f"window {self.window} blocks"),
                Signal("unbacked_share_of_balance", share, self.min_share),
                Signal("normal_receivers_per_window", normal, normal, "calm maximum so far"),
            ],
            victim_loss=loss,
            baseline=f"per-protocol calm window maximum ({normal})",
            asset=token,
            amount=str(total),
        )


class InitTakeoverRule(Detector):
    """An owner/admin set from nothing (OwnershipTransferred from 0, or an Initialized event) on a
    contract by an account that did not create it, in a later transaction than its creation:
    someone else initialised an uninitialised proxy or re-ran an initialiser."""

    name = "init-takeover"
    alert_id = "NEXUS-INIT-TAKEOVER"

    def __init__(self, cap: int = 200_000) -> None:
        self.cap = cap
        self._creator = BoundedDict(cap)  # contract -> creator (seen by this monitor)

    def on_tx(self, view: TxView, ctx: GuardContext) -> list[Finding]:
        if not view.ok:
            return []
        created = set()
        if view.receipt.contract_address:
            self._creator[view.receipt.contract_address] = view.tx.sender
            created.add(view.receipt.contract_address)
        for _d, to, _sel, typ in view.frames:
            if typ.startswith("CREATE") and to:
                self._creator[to] = view.tx.sender
                created.add(to)
        events: dict[str, Any] = {}
        for contract, prev, new in view.ownership:
            if prev == ZERO:
                events[contract] = new
        for contract, action, _detail in view.admin:
            if action == "initialized":
                events.setdefault(contract, view.tx.sender)
        out: list[Finding] = []
        for contract, new in events.items():
            if contract in created:
                continue
            creator = self._creator.get(contract)
            if creator is not None and creator == view.tx.sender:
                continue
            if creator is None and contract not in ctx.protocols:
                continue  # not ours to judge: created before we watched, and not registered
            roles = {view.tx.sender: "attacker", contract: "victim"}
            if new != view.tx.sender:
                roles.setdefault(new, "new-owner")
            out.append(
                self.finding(
                    view,
                    title="Initialisation takeover",
                    severity=Severity.CRITICAL,
                    description=(
                        f"{ctx.role(contract, contract)} was initialised (owner set from nothing to {new}) by "
                        f"{view.tx.sender}, "
                        + ("not its creator " + creator if creator else "after it was deployed and watched")
                        + "."
                    ),
                    score=1.0,
                    threshold=1.0,
                    roles=roles,
                    evidence="capture",
                    signals=[Signal("initialised_by_non_creator", 1, 1, f"creator {creator or 'unknown'}")],
                )
            )
        return out
