"""Making and reading governance proposals: `propose` (and the two kinds the registry takes: a
model activation, a new fairness bound), the proposal list from the governor's events, states,
tallies and the state checks the vote and execution steps require."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eth_utils import to_checksum_address

from ..exceptions import GovernanceInputError, GovernanceStateError, ProposalNotFound
from .deployment import GOVERNOR, GovContracts
from .proposals import Proposal, proposal_id
from .registry import name_bytes

__all__ = ["STATES", "GovProposals"]

STATES = ("pending", "active", "canceled", "defeated", "succeeded", "queued", "expired", "executed")


class GovProposals(GovContracts):
    """Proposals on the governor: `Governance` adds votes and execution."""

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
