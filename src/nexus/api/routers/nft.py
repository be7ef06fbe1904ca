"""Dynamic NFTs over HTTP: `/nft` (gallery), `/nft/{token}` (state), `/nft/{token}/metadata` (the
ERC-721 token URI), `/nft/{token}/image` (the PNG), `/nft/{token}/verify`; writes mint and evolve."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from ...nft import service
from ...nft.traits import Cause
from ...nft.verify import check_token
from ..dependencies import NexusDep
from ..schemas.nft import EvolveRequest, MintRequest, NFTMetadata, NFToken, NFTStep, NFTVerification

__all__ = ["router"]

router = APIRouter(prefix="/nft", tags=["nft"])


@router.get("", response_model=list[NFToken])
def gallery(nexus: NexusDep) -> list[dict[str, Any]]:
    """Every token (newest first, at most 200) with its traits and pinned hashes."""
    return service.gallery(nexus)


@router.post("/mint", response_model=NFTStep)
def mint(body: MintRequest, nexus: NexusDep) -> dict[str, Any]:
    """Mint the next token with its genesis art (a write: needs the API token)."""
    to = service.address(body.to) if body.to is not None else str(nexus.chain.default_account)
    return service.mint(nexus, to)


@router.get("/{token}", response_model=NFToken)
def token(token: int, nexus: NexusDep) -> dict[str, Any]:
    """One token: owner, version, traits, the state and image hashes the contract pins."""
    return service.show(nexus, token)


@router.get("/{token}/metadata", response_model=NFTMetadata, response_model_exclude_unset=True)
def metadata(token: int, nexus: NexusDep) -> dict[str, Any]:
    """ERC-721 metadata JSON for the token's current state (the contract's tokenURI points here).
    The image itself is `GET /nft/{token}/image` (image/png)."""
    return service.metadata(nexus, token)


@router.get("/{token}/image", include_in_schema=False)
def image(token: int, nexus: NexusDep) -> Response:
    """The token's current PNG (checked against the hash the contract pins)."""
    png = service.image(nexus, token)
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-cache"})


@router.get("/{token}/verify", response_model=NFTVerification)
def verify(token: int, nexus: NexusDep) -> dict[str, Any]:
    """Re-render the token's art from its state and check it against the contract and the ledger."""
    return check_token(nexus, token)


@router.post("/{token}/evolve", response_model=NFTStep)
def evolve(token: int, body: EvolveRequest, nexus: NexusDep) -> dict[str, Any]:
    """Evolve one token on a cause: new traits and art, an ERC-4906 MetadataUpdate (needs the API token)."""
    return service.evolve(nexus, token, Cause(body.cause, body.detail))
