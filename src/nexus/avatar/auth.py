"""Login with an avatar: the verifier's one-use challenges, the client's local match and signature, and
the verifier's check of signature + on-chain commitment + freshness.

    verifier: ch = store.issue(token_id)                      # a random nonce, valid CHALLENGE_TTL seconds
    client:   resp = respond(ch, key, sealed, sample)        # matches locally, signs; the sample never leaves
    verifier: verify(avatars, store, resp)                   # AvatarAuthFailed unless all holds, nonce burnt

What the verifier learns is what the client signs: the avatar, the DID, the nonce and the commitment its
sealed template reproduces. As with FIDO authenticators, the match itself runs on the user's machine; the
verifier trusts that code, and checks that the DID key (which only the enrolled device holds) vouches for a
match against the template whose commitment is on chain, for this nonce, once.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..exceptions import AvatarAuthFailed, AvatarInputError
from ..identity.didkey import KeyPair
from .contract import Avatars
from .keys import sign, signature_ok
from .model import THRESHOLD, VoiceEncoder, check_sample
from .template import SealedTemplate

__all__ = ["CHALLENGE_TTL", "Challenge", "ChallengeStore", "login_message", "respond", "verify"]

CHALLENGE_TTL = 120
_MAX_OPEN = 10_000


@dataclass(frozen=True)
class Challenge:
    nonce: str
    token_id: int
    chain_id: int
    contract: str
    expires_at: float

    def to_json(self) -> dict[str, Any]:
        return {
            "nonce": self.nonce,
            "token_id": self.token_id,
            "chain_id": self.chain_id,
            "contract": self.contract,
            "expires_at": self.expires_at,
        }


class ChallengeStore:
    """The verifier's open challenges: each nonce is random, bound to one avatar, expires, and is used once."""

    def __init__(self, ttl: float = CHALLENGE_TTL) -> None:
        self.ttl = ttl
        self._open: dict[str, Challenge] = {}
        self._lock = threading.Lock()

    def issue(self, avatars: Avatars, token_id: int, *, now: float | None = None) -> Challenge:
        avatars.get(token_id)  # AvatarError for an unknown avatar
        t = time.time() if now is None else now
        ch = Challenge(secrets.token_hex(32), token_id, avatars.backend.chain_id, avatars.address, t + self.ttl)
        with self._lock:
            self._open = {n: c for n, c in self._open.items() if c.expires_at > t}
            if len(self._open) >= _MAX_OPEN:
                raise AvatarAuthFailed("too many open login challenges: try again shortly")
            self._open[ch.nonce] = ch
        return ch

    def consume(self, nonce: str, token_id: int, *, now: float | None = None) -> Challenge:
        """The challenge, removed: a second use (a replay) finds nothing."""
        t = time.time() if now is None else now
        with self._lock:
            ch = self._open.pop(nonce, None)
        if ch is None:
            raise AvatarAuthFailed("unknown or already used challenge (a replay is refused)")
        if ch.expires_at <= t:
            raise AvatarAuthFailed("the challenge expired: ask for a new one")
        if ch.token_id != token_id:
            raise AvatarAuthFailed(f"the challenge was issued for avatar #{ch.token_id}, not #{token_id}")
        return ch

    def __len__(self) -> int:
        return len(self._open)


def login_message(ch: dict[str, Any], did: str, commitment: str) -> dict[str, Any]:
    return {
        "type": "nexus-avatar-login-v1",
        "chainId": int(ch["chain_id"]),
        "contract": str(ch["contract"]),
        "tokenId": int(ch["token_id"]),
        "nonce": str(ch["nonce"]),
        "did": did,
        "commitment": commitment,
    }


def respond(
    challenge: dict[str, Any], key: KeyPair, sealed: SealedTemplate, sample: Any, encoder: VoiceEncoder
) -> dict[str, Any]:
    """Client side: match a fresh sample against the sealed template; sign the challenge only on a match."""
    if sealed.encoder != encoder.fingerprint():
        raise AvatarAuthFailed("the template was enrolled with another encoder: enrol again")
    score = encoder.score(sealed.template, encoder.embed(check_sample(sample)))
    if not np.isfinite(score) or score < THRESHOLD:
        raise AvatarAuthFailed(f"the fresh sample does not match the enrolled template (score {score:.2f})")
    commit = "0x" + sealed.commitment.hex()
    sig = sign(key, login_message(challenge, key.did, commit))
    return {
        "token_id": int(challenge["token_id"]),
        "did": key.did,
        "nonce": str(challenge["nonce"]),
        "commitment": commit,
        "signature": sig.hex(),
    }


def _field(resp: dict[str, Any], name: str, kind: type) -> Any:
    value = resp.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise AvatarInputError(f"a login response needs {name!r} ({kind.__name__})")
    return value


def verify(
    avatars: Avatars, store: ChallengeStore, resp: dict[str, Any], *, now: float | None = None
) -> dict[str, Any]:
    """Verifier side. The nonce is burnt first, so a failed attempt cannot be retried with it."""
    token_id, did = _field(resp, "token_id", int), _field(resp, "did", str)
    nonce, commit = _field(resp, "nonce", str), _field(resp, "commitment", str)
    try:
        sig = bytes.fromhex(_field(resp, "signature", str))
    except ValueError:
        raise AvatarInputError("the signature is hex") from None
    ch = store.consume(nonce, token_id, now=now)
    avatar = avatars.get(token_id)
    if avatar["did"] != did:
        raise AvatarAuthFailed(f"avatar #{token_id} is bound to another DID")
    if not avatar["binding_ok"]:
        raise AvatarAuthFailed(f"avatar #{token_id}'s on-chain binding proof does not verify")
    if avatar["commitment"] != commit.lower():
        raise AvatarAuthFailed("the template commitment differs from the one on chain (enrolled elsewhere?)")
    if not signature_ok(did, login_message(ch.to_json(), did, avatar["commitment"]), sig):
        raise AvatarAuthFailed("the signature is not the avatar DID's key over this challenge")
    return {"ok": True, "token_id": token_id, "did": did, "owner": avatar["owner"], "soulbound": avatar["soulbound"]}
