"""Governance SDK: deploy or attach the token, timelock, governor and model registry; propose, vote, queue, execute.

`Governance` is built in layers: `deployment` (contracts, `GovConfig`), `proposing` (proposals and
their states), and here the votes (direct and signed ballots) and the execution through the timelock.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eth_utils import to_checksum_address

from ..exceptions import ContractReverted, GovernanceInputError, GovernanceStateError
from .ballots import Ballot, HashSigner, sign_ballot, support_code
from .deployment import CONTRACTS, GovConfig
from .proposals import Proposal, proposal_id
from .proposing import STATES, GovProposals

__all__ = ["CONTRACTS", "STATES", "GovConfig", "Governance", "Proposal", "proposal_id"]

REJECT_REASONS = {1: "bad signature", 2: "stale nonce", 3: "already voted", 4: "no voting power", 5: "bad vote type"}


class Governance(GovProposals):
    """The governance contracts on one chain, found through the deployment manifest."""

    # --- votes ------------------------------------------------------------------------------
    def vote(self, pid: int, support: str | int, *, sender: str | None = None) -> int:
        """Vote directly with the sender's power at the snapshot; returns the weight counted."""
        sender = sender or self.backend.default_account
        code = support_code(support)
        self._require(pid, "active")
        if self.governor.hasVoted(pid, sender):
            raise GovernanceStateError(f"gov: {sender} has already voted on proposal {pid}")
        weight = int(self.token.getPastVotes(sender, int(self.governor.proposalSnapshot(pid))))
        if weight == 0:
            raise GovernanceStateError(f"gov: {sender} had no voting power at the proposal's snapshot")
        rc = self.governor.castVote(pid, code, sender=sender)
        return int(next(e for e in self.governor.decode(rc) if e.name == "VoteCast").args["weight"])

    def sign(self, pid: int, support: str | int, key: bytes | str | HashSigner, *, nonce: int | None = None) -> Ballot:
        """A signed ballot (nonce: the voter's current token nonce unless given)."""
        from eth_account import Account

        voter = Account.from_key(key).address if isinstance(key, (bytes, str)) else key.address
        n = int(self.token.nonces(voter)) if nonce is None else nonce
        return sign_ballot(key, self.backend.chain_id, self.governor.address, pid, support, n)

    def check(self, pid: int, ballot: Ballot) -> str | None:
        """Why the Governor would skip `ballot` now (None: it would count it)."""
        gov = self.governor
        why = ballot.problem(self.backend.chain_id, gov.address, pid)
        if why is not None:
            return why
        if ballot.nonce != int(self.token.nonces(ballot.voter)):
            return f"stale nonce {ballot.nonce} (the voter's nonce is {int(self.token.nonces(ballot.voter))})"
        if gov.hasVoted(pid, ballot.voter):
            return f"{ballot.voter} has already voted"
        if int(self.token.getPastVotes(ballot.voter, int(gov.proposalSnapshot(pid)))) == 0:
            return f"{ballot.voter} had no voting power at the snapshot"
        return None

    def submit(
        self, pid: int, ballots: Sequence[Ballot], *, sender: str | None = None, strict: bool = True
    ) -> dict[str, Any]:
        """Send ballots in one `castVotesBySig`. `strict` refuses the whole set (nothing sent) when
        any would be skipped; otherwise the contract skips those and reports them."""
        self._require(pid, "active")
        if not ballots:
            raise GovernanceInputError("gov: no ballots to submit")
        if len(ballots) > 256:
            raise GovernanceInputError("gov: at most 256 ballots per batch")
        if strict:
            seen: set[str] = set()
            for i, b in enumerate(ballots):
                why = "a second ballot of the same voter" if b.voter.lower() in seen else self.check(pid, b)
                if why is not None:
                    raise GovernanceInputError(f"gov: ballot {i} ({b.voter}) would not count: {why}")
                seen.add(b.voter.lower())
        rc = self.governor.castVotesBySig(pid, [b.packed() for b in ballots], sender=sender)
        evs = self.governor.decode(rc)
        rejected = [
            {
                "voter": to_checksum_address(e.args["voter"]),
                "reason": REJECT_REASONS.get(e.args["reason"], str(e.args["reason"])),
            }
            for e in evs
            if e.name == "BallotRejected"
        ]
        cast = next((e for e in evs if e.name == "VotesCast"), None)
        return {
            "proposal": str(pid),
            "counted": len(ballots) - len(rejected),
            "rejected": rejected,
            "tx": rc.tx_hash,
            "gas_used": rc.gas_used,
            "added": {k: str(cast.args[f"{k}Votes"]) if cast else "0" for k in ("for", "against", "abstain")},
        }

    # --- execution --------------------------------------------------------------------------
    def queue(self, p: Proposal, *, sender: str | None = None) -> int:
        """Schedule a succeeded proposal in the timelock; returns its eta (timestamp)."""
        self._require(p.id, "succeeded")
        self.governor.queue(*p.actions(), sender=sender)
        return int(self.governor.proposalEta(p.id))

    def execute(self, p: Proposal, *, sender: str | None = None) -> str:
        self._require(p.id, "queued")
        eta, now = int(self.governor.proposalEta(p.id)), self.backend.timestamp()
        # the next block's time is at least now + 1 (a block per transaction)
        if now + 1 < eta:
            raise GovernanceStateError(f"gov: proposal {p.id} is timelocked for {eta - now} more seconds (until {eta})")
        try:  # simulate first, so a call the registry refuses (the fairness gate) sends nothing
            self.governor.call("execute", *p.actions(), sender=sender)
        except ContractReverted as exc:
            if exc.reason != "timelock: not ready":  # the simulated block may be a second early
                raise GovernanceStateError(f"gov: proposal {p.id} cannot execute: {exc.reason or 'reverted'}") from None
        try:
            return self.governor.execute(*p.actions(), sender=sender).tx_hash
        except ContractReverted as exc:
            raise GovernanceStateError(f"gov: proposal {p.id} cannot execute: {exc.reason or 'reverted'}") from None
