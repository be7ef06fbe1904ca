"""Governance vote recycling: the same tokens voting twice on one proposal, moved between voters."""

from __future__ import annotations

from eth_utils import to_checksum_address

from ..context import BoundedDict, GuardContext
from ..findings import Finding, Severity, Signal
from ..txview import TxView
from .base import Detector

__all__ = ["VoteRecyclingRule"]


class VoteRecyclingRule(Detector):
    """Follows the governance token out of accounts that already voted on an open proposal (over any
    number of hops, for `window` blocks); a vote on that proposal by an account holding such tokens
    counts them twice. Fires when the recycled amount is at least `min_share` of the vote's weight."""

    name = "vote-recycling"
    alert_id = "NEXUS-VOTE-RECYCLING"

    def __init__(self, window: int = 5_000, min_share: float = 0.5, cap: int = 100_000) -> None:
        self.window = window
        self.min_share = min_share
        self.cap = cap
        self._voted = BoundedDict(cap)  # (token, voter) -> {(governor, proposal): block}
        self._tainted = BoundedDict(cap)  # (token, holder) -> {(governor, proposal): recycled amount}

    def on_tx(self, view: TxView, ctx: GuardContext) -> list[Finding]:
        if not view.ok or not (view.votes or self._voted):
            return []
        n = view.block.number
        tokens: dict[str, str] = {}
        for gov, _voter, _pid, _w in view.votes:
            tok = ctx.address_view(gov, "token")
            if tok and int(tok, 16):
                tokens[gov] = to_checksum_address(tok)
        out: list[Finding] = []
        for gov, voter, pid, weight in view.votes:  # a vote by tokens that already voted
            tok = tokens.get(gov)
            got = self._tainted.get((tok, voter), {}).get((gov, pid), 0) if tok else 0
            if tok and weight and got >= self.min_share * weight:
                roles = {voter: "recycled-voter", gov: "victim", view.tx.sender: roles_sender(view, voter)}
                out.append(
                    self.finding(
                        view,
                        title="Vote recycling",
                        severity=Severity.CRITICAL,
                        dedup=f"{gov}:{pid}:{voter}",
                        description=(
                            f"{voter} voted on proposal {pid} of {ctx.role(gov, gov)} with {got / weight:.0%} of "
                            "its weight in tokens that had already voted on it from another account."
                        ),
                        score=got / weight,
                        threshold=self.min_share,
                        roles=roles,
                        evidence="capture",
                        proposal=pid,
                        signals=[Signal("recycled_share_of_weight", got / weight, self.min_share)],
                    )
                )
        for gov, voter, pid, _w in view.votes:
            tok = tokens.get(gov)
            if tok:
                self._voted[(tok, voter)] = {**self._voted.get((tok, voter), {}), (gov, pid): n}
        for token, src, dst, amt in view.transfers:  # taint follows the tokens
            marks = {k: amt for k, b in self._voted.get((token, src), {}).items() if n - b <= self.window}
            for k, a in self._tainted.get((token, src), {}).items():
                marks[k] = max(marks.get(k, 0), min(a, amt))
            if marks:
                cur = dict(self._tainted.get((token, dst), {}))
                for k, a in marks.items():
                    cur[k] = cur.get(k, 0) + a
                self._tainted[(token, dst)] = cur
        return out


def roles_sender(view: TxView, voter: str) -> str:
    return "recycled-voter" if view.tx.sender == voter else "sender"
