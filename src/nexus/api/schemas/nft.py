"""Dynamic NFTs: tokens (owner, version, traits, pinned hashes), ERC-721 metadata JSON, mint/evolve
requests and results, and the image check."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ._base import Schema

__all__ = ["MintRequest", "NFTMetadata", "NFTStep", "NFToken", "NFTVerification", "EvolveRequest"]


class NFTTraits(Schema):
    glyph: int = Field(description="The digit the model draws (0-9).")
    level: int
    palette: str
    aura: str
    findings: int
    resolutions: int
    crossings: int
    actions: int


class NFToken(Schema):
    token: int
    contract: str
    owner: str
    version: int = Field(description="Evolution steps so far (0: as minted).")
    state: str = Field(description="Hash of (token, traits) the contract pins as stateOf (0x hex).")
    image_sha256: str = Field(description="SHA-256 of the PNG the contract pins as imageOf (hex).")
    traits: NFTTraits
    token_uri: str = Field(description="The contract's tokenURI: this node's metadata path.")
    image_uri: str


class NFTStep(NFToken):
    ledger_record: int = Field(description="The nft.art ledger record anchoring this state's image hash.")
    gas_used: int
    tx: str


class NFTAttribute(Schema):
    trait_type: str
    value: str | int
    display_type: str | None = None


class NFTProperties(Schema):
    version: int
    state: str
    image_sha256: str
    contract: str


class NFTMetadata(Schema):
    """ERC-721 metadata JSON (name, description, image, attributes), as marketplaces read it."""

    name: str
    description: str
    image: str = Field(description="URL of the token's current PNG.")
    attributes: list[NFTAttribute]
    properties: NFTProperties


class NFTVerification(Schema):
    token: int
    version: int
    sha256: str = Field(description="SHA-256 of the image checked.")
    chain_image: str = Field(description="The image hash the contract pins for this version.")
    ledger_record: int | None
    ledger_image: str | None = Field(description="The image hash in that ledger record.")
    matches: bool


class MintRequest(BaseModel):
    """Mint the next token to `to` (default: the node's account)."""

    model_config = ConfigDict(extra="forbid")
    to: str | None = Field(None, description="Receiver address (a contract must accept ERC-721 tokens).")


class EvolveRequest(BaseModel):
    """Evolve one token on a cause."""

    model_config = ConfigDict(extra="forbid")
    cause: Literal["guard.finding", "market.resolution", "oracle.crossing", "holder.action", "manual"] = "manual"
    detail: dict[str, Any] = Field(default_factory=dict, description="Plain JSON details of the cause.")
