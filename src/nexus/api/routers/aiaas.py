"""AI services over HTTP (open reads): `/services` (services, channels, disputes), `/jobs`, `/zk`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ...aiaas.service import dispute_list, job_board, job_list, service_detail, service_list, service_registry
from ...exceptions import AIServiceNotFound
from ..dependencies import NexusDep, NodeDep
from ..schemas.aiaas import AIService, Channel, Dispute, Job, ZkVerifier

__all__ = ["jobs_router", "router", "zk_router"]

router = APIRouter(prefix="/services", tags=["ai services"])
jobs_router = APIRouter(prefix="/jobs", tags=["ai services"])
zk_router = APIRouter(prefix="/zk", tags=["ai services"])


@router.get("", response_model=list[AIService])
def services(nexus: NexusDep) -> list[dict[str, Any]]:
    """Every registered service: price, stake, earnings through its channels, disputes."""
    return service_list(nexus)


@router.get("/channels", response_model=list[Channel])
def channels(nexus: NexusDep) -> list[dict[str, Any]]:
    """Every payment channel: client, service, deposit left, nonce (claims so far), expiry."""
    reg = service_registry(nexus, deploy=False)
    return [] if reg is None else [c.to_json() for c in reg.channels()]


@router.get("/disputes", response_model=list[Dispute])
def disputes(nexus: NexusDep) -> list[dict[str, Any]]:
    """Every dispute over a receipt: votes, resolution, whether the provider was slashed."""
    return dispute_list(nexus)


@router.get("/{sid}", response_model=AIService)
def service(sid: int, nexus: NexusDep) -> dict[str, Any]:
    """One service."""
    if service_registry(nexus, deploy=False) is None:
        raise AIServiceNotFound(f"no service {sid}")
    return service_detail(nexus, sid)


@jobs_router.get("", response_model=list[Job])
def jobs(nexus: NexusDep) -> list[dict[str, Any]]:
    """Every compute job: state, workers, agreed result."""
    return job_list(nexus)


@jobs_router.get("/{jid}", response_model=Job)
def job(jid: int, nexus: NexusDep) -> dict[str, Any]:
    """One compute job."""
    board = job_board(nexus, deploy=False)
    if board is None:
        raise AIServiceNotFound(f"no job {jid}")
    return dict(board.info(jid).to_json())


@zk_router.get("", response_model=list[ZkVerifier])
def verifiers(nexus: NexusDep, node: NodeDep) -> list[dict[str, Any]]:
    """Services offering proven answers: the verifier linked to each model, proofs made here."""
    reg = service_registry(nexus, deploy=False)
    root = node.settings.home / "aiaas" / "zk"
    out = []
    for s in [] if reg is None else reg.services():
        if s.verifier is not None:
            proofs = sum(len(list(d.glob("proof-*.json"))) for d in root.glob(f"{s.model}-*")) if root.is_dir() else 0
            out.append(
                {
                    "service": s.id,
                    "model": s.model,
                    "verifier": s.verifier,
                    "zk_price": str(s.zk_price),
                    "proofs": proofs,
                }
            )
    return out
