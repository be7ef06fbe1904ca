"""Response and request models of /avatar: avatars bound to DIDs, and the login challenge and response."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ._base import Schema

__all__ = [
    "Avatar",
    "AvatarLogin",
    "AvatarModel",
    "AvatarOverview",
    "ChallengeRequest",
    "LoginChallenge",
    "LoginResponse",
    "MintRequest",
    "MintedAvatar",
]

_HEX32 = r"^0x[0-9a-fA-F]{64}$"


class Avatar(Schema):
    token_id: int
    owner: str
    did: str
    commitment: str = Field(description="SHA-256 of a secret salt and the quantised template: reveals nothing.")
    soulbound: bool = Field(description="ERC-5192 locked: transfers and approvals revert.")
    binding_ok: bool = Field(description="The DID key's on-chain signature over (owner, DID, commitment) verifies.")
    token_uri: str


class MintedAvatar(Avatar):
    tx: str


class AvatarModel(Schema):
    modality: str
    dataset: str
    encoder_speakers: list[int]
    threshold: float
    encoder: str | None = Field(description="Fingerprint of the fitted encoder (None: data set not installed).")


class AvatarOverview(Schema):
    contract: str | None
    model: AvatarModel
    avatars: list[Avatar]


class MintRequest(BaseModel):
    """Mint from what the user's machine computed: the template itself never reaches the API."""

    model_config = ConfigDict(extra="forbid")
    did: str = Field(min_length=9, max_length=128, description="The did:key the avatar binds to.")
    commitment: str = Field(pattern=_HEX32)
    proof: str = Field(max_length=2 + 192, description="Hex: the DID key's signature over the binding message.")
    soulbound: bool = True
    sender: str | None = Field(None, description="The owner account (default: the node's account).")


class ChallengeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    token_id: int = Field(ge=1, le=2**63)


class LoginChallenge(Schema):
    nonce: str
    token_id: int
    chain_id: int
    contract: str
    expires_at: float


class LoginResponse(BaseModel):
    """The client's answer: signed by the DID key over the challenge and the on-chain commitment."""

    model_config = ConfigDict(extra="forbid")
    token_id: int = Field(ge=1, le=2**63)
    did: str = Field(min_length=9, max_length=128)
    nonce: str = Field(pattern=r"^[0-9a-f]{64}$")
    commitment: str = Field(pattern=_HEX32)
    signature: str = Field(min_length=2, max_length=192, pattern=r"^[0-9a-fA-F]*$")


class AvatarLogin(Schema):
    ok: bool
    token_id: int
    did: str
    owner: str
    soulbound: bool
