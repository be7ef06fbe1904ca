"""Response and request models of /identity, /consent and /data."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, Field

from ._base import Schema

__all__ = [
    "ConsentGrant",
    "ConsentRevokeRequest",
    "CredentialEntry",
    "DataJob",
    "Dataset",
    "DataBuyRequest",
    "DataOrder",
    "DidEntry",
    "DidResolution",
    "GrantRequest",
    "IdentityOverview",
    "VerifyRequest",
    "VerifyResult",
]


class DidEntry(Schema):
    name: str
    did: str
    curve: str


class CredentialEntry(Schema):
    file: str
    format: str | None
    issuer: str | None
    subject: str | None


class IdentityOverview(Schema):
    dids: list[DidEntry]
    credentials: list[CredentialEntry]


class DidResolution(Schema):
    """A DID resolution result; the DID document's members vary by method."""

    open_ended: ClassVar[bool] = True
    didDocument: dict[str, Any]
    didDocumentMetadata: dict[str, Any]
    didResolutionMetadata: dict[str, Any]


class VerifyRequest(BaseModel):
    credential: str | dict[str, Any] = Field(description="A JWT, SD-JWT presentation, or EIP-712 credential.")
    nonce: str | None = None
    audience: str | None = None
    max_score: float = Field(1.0, ge=0, le=1, description="AML: the highest acceptable bound.")


class VerifyResult(Schema):
    valid: bool
    format: str
    issuer: str
    credential: dict[str, Any]


class ConsentGrant(Schema):
    id: int
    subject: str
    grantee: str
    purpose: str
    fields: list[str]
    expires: int
    revoked_at: int
    live: bool


class GrantRequest(BaseModel):
    grantee: str = Field(description="The grantee's DID.")
    fields: list[str] = Field(min_length=1, max_length=32)
    purpose: str = Field(min_length=1, max_length=64)
    valid_seconds: int = Field(90 * 86400, gt=0, le=100 * 365 * 86400)
    sender: str | None = Field(None, description="The subject's account (default: the node's account).")


class ConsentRevokeRequest(BaseModel):
    sender: str | None = None


class Dataset(Schema):
    id: int
    owner: str
    fingerprint: str
    lineage: str
    price: str
    jobs: int
    provider_credit: str


class DataOrder(Schema):
    id: int
    dataset: int
    buyer: str
    amount: str
    deadline: int
    open: bool


class DataBuyRequest(BaseModel):
    sender: str | None = None


class DataJob(Schema):
    order: int
    dataset: int
    receipt: str
    algorithm: str
    result: str
    rows: int
    block: int
