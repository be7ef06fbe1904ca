"""A governance proposal as its ProposalCreated event tells it, and the id the Governor gives it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from eth_abi import encode as abi_encode
from eth_utils import keccak

__all__ = ["Proposal", "proposal_id"]


@dataclass(frozen=True)
class Proposal:
    """A proposal as its ProposalCreated event tells it."""

    id: int
    proposer: str
    targets: list[str]
    values: list[int]
    calldatas: list[bytes]
    description: str
    snapshot: int
    deadline: int
    block: int
    index: int = 0

    @property
    def description_hash(self) -> bytes:
        return keccak(self.description.encode())

    def actions(self) -> tuple[list[str], list[int], list[bytes], bytes]:
        return self.targets, self.values, self.calldatas, self.description_hash

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "index": self.index,
            "proposer": self.proposer,
            "targets": self.targets,
            "values": [str(v) for v in self.values],
            "calldatas": ["0x" + c.hex() for c in self.calldatas],
            "description": self.description,
            "snapshot": self.snapshot,
            "deadline": self.deadline,
            "block": self.block,
        }


def proposal_id(targets: Sequence[str], values: Sequence[int], calldatas: Sequence[bytes], description: str) -> int:
    """The id the Governor gives these actions (OpenZeppelin's hashProposal)."""
    return int.from_bytes(
        keccak(
            abi_encode(
                ["address[]", "uint256[]", "bytes[]", "bytes32"],
                [list(targets), list(values), list(calldatas), keccak(description.encode())],
            )
        ),
        "big",
    )
