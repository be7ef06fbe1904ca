"""Model governance: proposals with live tallies, signed ballot batches, queue and execute; the model registry."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ...governance import service
from ..dependencies import NexusDep, NodeDep
from ..schemas_governance import (
    ExecuteOut,
    ModelDetail,
    ModelFairnessOut,
    ModelOut,
    ProposalOut,
    StepRequest,
    SubmitBallotsOut,
    SubmitBallotsRequest,
)

__all__ = ["models_router", "router"]

router = APIRouter(prefix="/governance", tags=["governance"])
models_router = APIRouter(prefix="/models", tags=["models"])


@router.get("/proposals", response_model=list[ProposalOut])
def proposals(nexus: NexusDep) -> list[dict[str, Any]]:
    """Every proposal, oldest first, with its state and tally."""
    return service.list_proposals(nexus)


@router.get("/proposals/{ref}", response_model=ProposalOut)
def proposal(ref: str, nexus: NexusDep) -> dict[str, Any]:
    """One proposal by id or index."""
    return service.proposal_status(nexus, ref)


@router.post("/proposals/{ref}/ballots", response_model=SubmitBallotsOut)
def submit_ballots(ref: str, body: SubmitBallotsRequest, nexus: NexusDep) -> dict[str, Any]:
    """Count signed ballots in one transaction (a write: needs the API token)."""
    return service.submit_ballots(
        nexus, ref, [b.model_dump() for b in body.ballots], strict=body.strict, sender=body.sender
    )


@router.post("/proposals/{ref}/queue", response_model=ProposalOut)
def queue(ref: str, nexus: NexusDep, body: StepRequest | None = None) -> dict[str, Any]:
    """Schedule a succeeded proposal in the timelock (a write)."""
    return service.queue(nexus, ref, sender=body.sender if body else None)


@router.post("/proposals/{ref}/execute", response_model=ExecuteOut)
def execute(ref: str, nexus: NexusDep, body: StepRequest | None = None) -> dict[str, Any]:
    """Run a queued proposal whose timelock delay has passed (a write)."""
    return service.execute(nexus, ref, sender=body.sender if body else None)


@models_router.get("", response_model=list[ModelOut])
def models(nexus: NexusDep) -> list[dict[str, Any]]:
    """Every registered model with its active version."""
    return service.list_models(nexus)


@models_router.get("/{name}", response_model=ModelDetail)
def model(name: str, nexus: NexusDep) -> dict[str, Any]:
    """A model with all its versions."""
    return service.model_state(nexus, name)


@models_router.get("/{name}/fairness", response_model=ModelFairnessOut)
def fairness(name: str, node: NodeDep) -> dict[str, Any]:
    """The active version's fairness report: hash and gap on chain, the DAO's bound, the report."""
    from ...ledger.service import LedgerService
    from ...models.reports import active_fairness

    svc = node.find(LedgerService)
    return active_fairness(node.require(), name, svc.ledger if svc is not None else None)


@models_router.get("/{name}/active", response_model=ModelOut)
def active(name: str, nexus: NexusDep) -> dict[str, Any]:
    """What model `name` serves now."""
    st = service.model_state(nexus, name)
    st.pop("version_list", None)
    return st
