"""Optimistic claims about oracle feeds: assert, dispute, AI first pass, settle."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ...oracle import dispute_service as service
from ..dependencies import NexusDep
from ..schemas.disputes import Assertion, AssertRequest, DisputeRequest, SettleRequest

__all__ = ["router"]

router = APIRouter(prefix="/disputes", tags=["disputes"])


@router.get("", response_model=list[Assertion])
def assertions(nexus: NexusDep) -> list[dict[str, Any]]:
    """Every claim: liveness, bonds, the AI's recommendation with evidence and confidence, outcome."""
    return service.list_assertions(nexus)


@router.post("", response_model=Assertion)
def assert_claim(body: AssertRequest, nexus: NexusDep) -> dict[str, Any]:
    """Claim a feed's value, bonding ether (a write: needs the API token)."""
    return service.assert_claim(nexus, body.feed, body.value, bond=body.bond, sender=body.sender)


@router.post("/{assertion_id}/dispute", response_model=Assertion)
def dispute(assertion_id: int, body: DisputeRequest, nexus: NexusDep) -> dict[str, Any]:
    """Dispute a claim in liveness with an equal bond."""
    return service.dispute(nexus, assertion_id, sender=body.sender)


@router.post("/{assertion_id}/assess", response_model=Assertion)
def assess(assertion_id: int, nexus: NexusDep) -> dict[str, Any]:
    """Run the AI first pass on a dispute and commit its recommendation's hash on chain."""
    return service.assess(nexus, assertion_id)


@router.post("/{assertion_id}/settle", response_model=Assertion)
def settle(assertion_id: int, body: SettleRequest, nexus: NexusDep) -> dict[str, Any]:
    """Settle after liveness, or cast a committee member's vote on a dispute."""
    return service.settle(nexus, assertion_id, vote=body.vote, sender=body.sender)
