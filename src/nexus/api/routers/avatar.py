"""Avatars over HTTP: open reads; minting and the login challenge/response are writes (API token)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ...avatar import service
from ..dependencies import NexusDep, NodeDep
from ..schemas.avatar import (
    Avatar,
    AvatarLogin,
    AvatarOverview,
    ChallengeRequest,
    LoginChallenge,
    LoginResponse,
    MintedAvatar,
    MintRequest,
)

__all__ = ["router"]

router = APIRouter(prefix="/avatar", tags=["avatar"])


@router.get("", response_model=AvatarOverview)
def overview(nexus: NexusDep) -> dict[str, Any]:
    """Every avatar on this chain, and the template model (modality, data set, threshold, fingerprint)."""
    return service.avatar_list(nexus)


@router.get("/{token_id}", response_model=Avatar)
def show(token_id: int, nexus: NexusDep) -> dict[str, Any]:
    """One avatar: owner, DID, commitment, soulbound, whether its binding proof verifies."""
    return service.avatar_show(nexus, token_id)


@router.post("", response_model=MintedAvatar)
def mint(body: MintRequest, nexus: NexusDep) -> dict[str, Any]:
    """Mint an avatar from a commitment and binding proof made on the user's machine."""
    sender = body.sender or str(nexus.chain.default_account)
    return service.avatar_mint(
        nexus, did=body.did, commitment=body.commitment, proof=body.proof, soulbound=body.soulbound, sender=sender
    )


@router.post("/challenge", response_model=LoginChallenge)
def challenge(body: ChallengeRequest, nexus: NexusDep, node: NodeDep) -> dict[str, Any]:
    """A one-use login nonce for an avatar, valid for two minutes."""
    return service.avatar_challenge(nexus, service.challenge_store(node.settings.home), body.token_id)


@router.post("/verify", response_model=AvatarLogin)
def verify(body: LoginResponse, nexus: NexusDep, node: NodeDep) -> dict[str, Any]:
    """Check a login response: DID signature, on-chain commitment, fresh unused nonce (401 when refused)."""
    return service.avatar_verify(nexus, service.challenge_store(node.settings.home), body.model_dump())
