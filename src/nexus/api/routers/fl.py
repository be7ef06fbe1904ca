"""Federated learning over HTTP: run a (small) federation, list federations, rounds, rewards."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from ..dependencies import NexusDep, NodeDep
from ..schemas.fl import FLClient, FLFederation, FLReport

__all__ = ["router"]

router = APIRouter(prefix="/fl", tags=["fl"])


class SimulateRequest(BaseModel):
    """A federation small enough to run inside a request (the CLI runs bigger ones)."""

    model_config = ConfigDict(extra="forbid")

    clients: int = Field(ge=2, le=32, description="Required, like rounds: no run by default.")
    rounds: int = Field(ge=1, le=20)
    strategy: Literal["fedavg", "fedprox", "krum", "multikrum", "trimmed-mean", "median", "bulyan"] = "fedavg"
    poison: float = Field(0.0, ge=0.0, lt=0.5)
    attack: Literal["label-flip", "scaled", "backdoor"] = "label-flip"
    free_riders: float = Field(0.0, ge=0.0, lt=0.5)
    data: Literal["digits", "credit", "eth-fraud"] = "digits"
    alpha: float = Field(0.5, gt=0.0, le=1000.0)
    seed: int = Field(0, ge=0, le=2**31)
    name: str = Field("federation", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")


@router.post("/simulate", response_model=FLReport)
def simulate(body: SimulateRequest, nexus: NexusDep) -> dict[str, Any]:
    """Run a federation on the node's chain, each client registered under its did:key (needs the API token)."""
    from ...flid import simulate as run

    return run(nexus, **body.model_dump())


@router.get("/federations", response_model=list[FLFederation])
def federations(node: NodeDep) -> list[dict[str, Any]]:
    """Every federation this node ran, newest first."""
    from ...fl.service import federations as all_

    return all_(node.settings)


@router.get("/federations/{ref}", response_model=FLReport)
def federation(ref: str, node: NodeDep) -> dict[str, Any]:
    """One federation's rounds, clients and gas; `latest` for the newest."""
    from ...fl.service import federation as one

    return one(node.settings, None if ref == "latest" else ref)


@router.get("/federations/{ref}/rewards", response_model=list[FLClient])
def rewards(ref: str, nexus: NexusDep) -> list[dict[str, Any]]:
    """Each client's contribution, rejected rounds and reward, read from the contract."""
    from ...fl.service import rewards as read

    return read(nexus.settings, None if ref == "latest" else ref, nexus)
