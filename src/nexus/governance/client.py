"""Governance SDK: deploy or attach the token, timelock, governor and model registry; propose, vote, queue, execute."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from eth_utils import to_checksum_address

from ..chain.base import ChainBackend
from ..chain.contract import Contract
from ..contracts.deploy import Deployer
from ..exceptions import (
    ContractReverted,
    GovernanceError,
    GovernanceInputError,
    GovernanceStateError,
    ProposalNotFound,
)
from .ballots import Ballot, HashSigner, sign_ballot, support_code
from .proposals import Proposal, proposal_id
from .registry import ModelRegistry, name_bytes

__all__ = ["CONTRACTS", "STATES", "GovConfig", "Governance", "Proposal", "proposal_id"]

TOKEN, TIMELOCK, GOVERNOR, REGISTRY = "GovToken", "Timelock", "Governor", "ModelRegistry"
CONTRACTS = [TOKEN, TIMELOCK, GOVERNOR, REGISTRY]
STATES = ("pending", "active", "canceled", "defeated", "succeeded", "queued", "expired", "executed")
REJECT_REASONS = {1: "bad signature", 2: "stale nonce", 3: "already voted", 4: "no voting power", 5: "bad vote type"}


@dataclass(frozen=True)
class GovConfig:
    """Deployment parameters: blocks for voting, basis points for quorum, seconds for the timelock."""

    voting_delay: int = 1
    voting_period: int = 30
    quorum_bps: int = 400
    proposal_threshold: int = 0
    min_delay: int = 3600
    max_fairness_gap: int = 100_000  # 0.1 in millionths
    supply: int = 1_000_000 * 10**18
    token_name: str = "Nexus Governance"
    token_symbol: str = "NXG"


class Governance:
    """The governance contracts on one chain, found through the deployment manifest."""

    def __init__(self, backend: ChainBackend, deployer: Deployer) -> None:
        self.backend = backend
        self.deployer = deployer
        self._contracts: dict[str, Contract] | None = None

    # --- deployment -------------------------------------------------------------------------
    def setup(
        self, config: GovConfig | None = None, *, sender: str | None = None, guardian: str | None = None
    ) -> Governance:
        """Deploy what is missing (token minted to the sender, timelock, governor, registry owned
        by the timelock) and wire them; re-attaches when the manifest has them all."""
        cfg = config or GovConfig()
        sender = sender or self.backend.default_account
        have = self.deployer.attach()
        if all(n in have for n in CONTRACTS):
            self._contracts = have
            return self
        d = self.deployer
        token = d.deploy([TOKEN], sender=sender, args={TOKEN: (cfg.token_name, cfg.token_symbol)})[TOKEN]
        if int(token.totalSupply()) == 0 and cfg.supply:
            token.mint(sender, cfg.supply, sender=sender)
            token.delegate(sender, sender=sender)
        timelock = d.deploy([TIMELOCK], sender=sender, args={TIMELOCK: (cfg.min_delay, "0x" + "00" * 20)})[TIMELOCK]
        governor = d.deploy(
            [GOVERNOR],
            sender=sender,
            args={
                GOVERNOR: (
                    token.address,
                    timelock.address,
                    cfg.voting_delay,
                    cfg.voting_period,
                    cfg.quorum_bps,
                    cfg.proposal_threshold,
                )
            },
        )[GOVERNOR]
        if timelock.proposer() != governor.address:
            timelock.setProposer(governor.address, sender=sender)
        d.deploy(
            [REGISTRY], sender=sender, args={REGISTRY: (timelock.address, guardian or sender, cfg.max_fairness_gap)}
        )
        self._contracts = None
        return self

    def deployed(self) -> bool:
        """Whether this chain's manifest has every governance contract."""
        if self._contracts is None or not all(n in self._contracts for n in CONTRACTS):
            self._contracts = self.deployer.attach()
        return all(n in self._contracts for n in CONTRACTS)

    def _c(self, name: str) -> Contract:
        if self._contracts is None or name not in self._contracts:
            self._contracts = self.deployer.attach()
        c = self._contracts.get(name)
        if c is None:
            raise GovernanceError(f"gov: no {name} on chain {self.backend.chain_id} yet (`nexus gov setup`)")
        return c

    @property
    def token(self) -> Contract:
        return self._c(TOKEN)

    @property
    def governor(self) -> Contract:
        return self._c(GOVERNOR)

    @property
    def timelock(self) -> Contract:
        return self._c(TIMELOCK)

    @property
    def registry(self) -> ModelRegistry:
        return ModelRegistry(self._c(REGISTRY))

    # --- proposals --------------------------------------------------------------------------
    def propose(
        self,
        targets: Sequence[str],
        values: Sequence[int],
        calldatas: Sequence[bytes],
        description: str,
        *,
        sender: str | None = None,
    ) -> Proposal:
        if not description.strip():
            raise GovernanceInputError("gov: a proposal needs a description")
        pid = proposal_id(targets, values, calldatas, description)
        if self._exists(pid):
            raise GovernanceInputError(f"gov: proposal {pid} already exists (change the description)")
        rc = self.governor.propose(list(targets), list(values), list(calldatas), description, sender=sender)
        ev = next(e for e in self.governor.decode(rc) if e.name == "ProposalCreated")
        return self._from_event(ev.args, rc.block_number)

    def propose_activation(
        self, name: str, ref: str | int, *, description: str | None = None, sender: str | None = None
    ) -> Proposal:
        """Propose that the timelock activate version `ref` (number or fingerprint) of model `name`."""
        reg = self.registry
        version = reg.resolve(name, ref)
        info = reg.version(name, version)
        gap, bound = info["fairness_gap_raw"], int(reg.contract.maxFairnessGap())
        if gap > bound:
            raise GovernanceInputError(
                f"gov: {name} v{version} reports fairness gap {info['fairness_gap']}"
                f" above the registry's maximum {bound / 1e6}; activation would fail"
            )
        data = reg.contract.abi.encode_call("activate", (name_bytes(name), version))
        report = info["fairness_report"]
        attached = (
            "" if report == "0x" + "00" * 32 else f"; fairness report sha256:{report[2:]}, gap {info['fairness_gap']}"
        )
        text = (description or f"Activate {name} v{version} ({info['fingerprint']})") + attached
        if not description:
            text += f" at block {self.backend.block_number()}"
        return self.propose([reg.address], [0], [data], text, sender=sender)

    def propose_max_fairness_gap(
        self, gap: int, *, description: str | None = None, sender: str | None = None
    ) -> Proposal:
        """Propose a new fairness bound (millionths): the registry takes it only from the timelock."""
        if not 0 <= gap <= 1_000_000:
            raise GovernanceInputError("gov: the fairness bound is between 0 and 1")
        reg = self.registry
        data = reg.contract.abi.encode_call("setMaxFairnessGap", (gap,))
        text = description or (
            f"Set the registry's maximum fairness gap to {gap / 1e6} at block {self.backend.block_number()}"
        )
        return self.propose([reg.address], [0], [data], text, sender=sender)

    def _exists(self, pid: int) -> bool:
        return int(self.governor.proposalSnapshot(pid)) != 0

    def _from_event(self, a: dict[str, Any], block: int, index: int = 0) -> Proposal:
        return Proposal(
            int(a["proposalId"]),
            to_checksum_address(a["proposer"]),
            list(a["targets"]),
            [int(v) for v in a["amounts"]],
            [bytes(c) for c in a["calldatas"]],
            str(a["description"]),
            int(a["voteStart"]),
            int(a["voteEnd"]),
            block,
            index,
        )

    def proposals(self) -> list[Proposal]:
        """Every proposal, oldest first (from the governor's ProposalCreated events)."""
        gov = self.governor
        manifest = self.deployer.manifest()
        start = manifest.contracts[GOVERNOR].block if manifest and GOVERNOR in manifest.contracts else 0
        head, width = self.backend.block_number(), int(getattr(self.backend, "max_log_range", 5000))
        out: list[Proposal] = []
        for lo in range(start, head + 1, width):
            for ev in gov.events("ProposalCreated", from_block=lo, to_block=min(head, lo + width - 1)):
                out.append(self._from_event(ev.args, ev.block_number, len(out)))
        return out

    def get(self, ref: str | int) -> Proposal:
        """A proposal by id (decimal or 0x hex) or by index (#N or a small number)."""
        text = str(ref).strip().lstrip("#")
        try:
            num = int(text, 0)
        except ValueError:
            raise ProposalNotFound(f"gov: {ref!r} is not a proposal id or index") from None
        found = self.proposals()
        if num < len(found) and not text.startswith("0x") and len(text) < 10:
            return found[num]
        for p in found:
            if p.id == num:
                return p
        raise ProposalNotFound(f"gov: no proposal {ref}")

    def state(self, pid: int) -> str:
        return STATES[int(self.governor.state(pid))]

    def tally(self, pid: int) -> dict[str, int]:
        against, for_, abstain = self.governor.proposalVotes(pid)
        return {"for": int(for_), "against": int(against), "abstain": int(abstain)}

    def status(self, p: Proposal) -> dict[str, Any]:
        """A proposal with its state, live tally, quorum, eta and the chain's clock."""
        gov, snap = self.governor, p.snapshot
        head = self.backend.block_number()
        quorum = int(gov.quorum(snap)) if snap < head else None
        return {
            **p.to_json(),
            "state": self.state(p.id),
            "votes": {k: str(v) for k, v in self.tally(p.id).items()},
            "quorum": None if quorum is None else str(quorum),
            "eta": int(gov.proposalEta(p.id)) or None,
            "block_number": head,
            "timestamp": self.backend.timestamp(),
        }

    def _require(self, pid: int, *states: str) -> str:
        if not self._exists(pid):
            raise ProposalNotFound(f"gov: no proposal {pid}")
        st = self.state(pid)
        if st not in states:
            raise GovernanceStateError(f"gov: proposal {pid} is {st}, needs {' or '.join(states)}")
        return st

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
