"""Signatures by a did:key (Ed25519 or secp256k1) over the canonical JSON of a message, and their check."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import coincurve
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..exceptions import AvatarInputError, IdentityInputError
from ..identity._multibase import ED25519_PUB
from ..identity.didkey import KeyPair, parse_did_key

__all__ = ["canonical", "sign", "signature_ok"]


def canonical(message: dict[str, Any]) -> bytes:
    """Sorted-key, separator-free UTF-8 JSON: the exact bytes both sides sign and check."""
    return json.dumps(message, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign(key: KeyPair, message: dict[str, Any]) -> bytes:
    data = canonical(message)
    if key.curve == "Ed25519":
        return Ed25519PrivateKey.from_private_bytes(key.secret).sign(data)
    return coincurve.PrivateKey(key.secret).sign(hashlib.sha256(data).digest(), hasher=None)


def signature_ok(did: str, message: dict[str, Any], signature: bytes) -> bool:
    """Whether `signature` is the did:key's over `message`: False for a wrong or malformed signature,
    AvatarInputError when `did` is not a did:key at all."""
    try:
        codec, pub = parse_did_key(did)
    except (IdentityInputError, ValueError):
        raise AvatarInputError(f"not a did:key: {str(did)[:80]!r}") from None
    data = canonical(message)
    try:
        if codec == ED25519_PUB:
            Ed25519PublicKey.from_public_bytes(pub).verify(signature, data)
            return True
        return bool(coincurve.PublicKey(pub).verify(signature, hashlib.sha256(data).digest(), hasher=None))
    except (InvalidSignature, ValueError, TypeError):
        return False
