"""Model governance: a token-weighted DAO (signed ballots, timelock) decides which model version serves."""

from __future__ import annotations

from .ballots import Ballot, read_ballots, sign_ballot, write_ballots
from .client import CONTRACTS, STATES, GovConfig, Governance, Proposal, proposal_id
from .registry import ModelRegistry, fingerprint_bytes, name_bytes

__all__ = [
    "CONTRACTS",
    "STATES",
    "Ballot",
    "GovConfig",
    "Governance",
    "ModelRegistry",
    "Proposal",
    "fingerprint_bytes",
    "name_bytes",
    "proposal_id",
    "read_ballots",
    "sign_ballot",
    "write_ballots",
]
