"""Identity, consent and the data market over HTTP: open reads; writes need the API token."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ...datamarket import service as data_service
from ...identity import ops
from ..dependencies import NexusDep, NodeDep
from ..schemas.identity import (
    ConsentGrant,
    ConsentRevokeRequest,
    DataBuyRequest,
    DataJob,
    DataOrder,
    Dataset,
    DidResolution,
    GrantRequest,
    IdentityOverview,
    VerifyRequest,
    VerifyResult,
)

__all__ = ["consent_router", "data_router", "identity_router"]

identity_router = APIRouter(prefix="/identity", tags=["identity"])
consent_router = APIRouter(prefix="/consent", tags=["consent"])
data_router = APIRouter(prefix="/data", tags=["data"])


@identity_router.get("", response_model=IdentityOverview)
def overview(nexus: NexusDep, node: NodeDep) -> dict[str, Any]:
    """My DIDs (saved did:keys) and the credentials issued from this node's home."""
    return ops.identity_overview(nexus, node.settings.home)


@identity_router.get("/dids/{did}", response_model=DidResolution)
def resolve(did: str, nexus: NexusDep) -> dict[str, Any]:
    """Resolve a did:key or did:ethr to its W3C DID document."""
    return ops.did_resolve(nexus, did)


@identity_router.post("/verify", response_model=VerifyResult)
def verify(body: VerifyRequest, nexus: NexusDep) -> dict[str, Any]:
    """Verify a credential or presentation (signature, validity, on-chain revocation)."""
    return ops.vc_verify(nexus, body.credential, nonce=body.nonce, audience=body.audience, max_score=body.max_score)


def _sender(nexus: Any, sender: str | None) -> str:
    return sender or str(nexus.chain.default_account)


@consent_router.get("", response_model=list[ConsentGrant])
def grants(nexus: NexusDep, subject: str | None = None, grantee: str | None = None) -> list[dict[str, Any]]:
    """Every consent grant (live or not), optionally by subject or grantee."""
    return ops.consent_list(nexus, subject=subject, grantee=grantee)


@consent_router.post("", response_model=ConsentGrant)
def grant(body: GrantRequest, nexus: NexusDep) -> dict[str, Any]:
    """Grant a DID access to fields for a purpose (the sender is the subject)."""
    return ops.consent_grant(
        nexus,
        grantee=body.grantee,
        fields=body.fields,
        purpose=body.purpose,
        valid_seconds=body.valid_seconds,
        sender=_sender(nexus, body.sender),
    )


@consent_router.post("/{grant_id}/revoke", response_model=ConsentGrant)
def revoke(grant_id: int, body: ConsentRevokeRequest, nexus: NexusDep) -> dict[str, Any]:
    """Revoke a grant (only its subject may)."""
    return ops.consent_revoke(nexus, grant_id, sender=_sender(nexus, body.sender))


@data_router.get("/datasets", response_model=list[Dataset])
def datasets(nexus: NexusDep) -> list[dict[str, Any]]:
    """Listed datasets with their fingerprint, lineage, price, jobs and the provider's unpaid earnings."""
    return data_service.list_datasets(nexus)


@data_router.get("/orders", response_model=list[DataOrder])
def orders(nexus: NexusDep, buyer: str | None = None) -> list[dict[str, Any]]:
    """Escrowed orders (open until their job's receipt or a refund)."""
    return data_service.list_orders(nexus, buyer)


@data_router.get("/jobs", response_model=list[DataJob])
def jobs(nexus: NexusDep) -> list[dict[str, Any]]:
    """Completed compute-to-data jobs: receipt, algorithm and result hashes, rows used."""
    return data_service.list_jobs(nexus)


@data_router.post("/datasets/{dataset}/buy", response_model=DataOrder)
def buy(dataset: int, body: DataBuyRequest, nexus: NexusDep) -> dict[str, Any]:
    """Buy one compute job (the price is escrowed)."""
    res = data_service.buy(nexus, dataset, sender=_sender(nexus, body.sender))
    res.pop("gas", None)
    return res
