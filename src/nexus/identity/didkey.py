"""`did:key` for Ed25519 and secp256k1: create, parse, and expand to a W3C DID document."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

import coincurve
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from jwcrypto import jwk

from ..exceptions import IdentityInputError
from ._multibase import ED25519_PUB, SECP256K1_PUB, multibase_decode, multibase_encode

__all__ = ["DID_CONTEXT", "KeyPair", "did_key_document", "jwk_for_did", "parse_did_key", "public_jwk"]

DID_CONTEXT = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
_CODECS = {"Ed25519": ED25519_PUB, "secp256k1": SECP256K1_PUB}
_LENGTHS = {ED25519_PUB: 32, SECP256K1_PUB: 33}


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_jwk(codec: int, key: bytes) -> dict[str, str]:
    """The public JWK (RFC 8037 OKP or RFC 8812 secp256k1 EC) of a multicodec key."""
    if codec == ED25519_PUB:
        return {"kty": "OKP", "crv": "Ed25519", "x": _b64(key)}
    point = coincurve.PublicKey(key).format(compressed=False)
    return {"kty": "EC", "crv": "secp256k1", "x": _b64(point[1:33]), "y": _b64(point[33:])}


def parse_did_key(did: str) -> tuple[int, bytes]:
    """(multicodec, raw public key) of a `did:key:z…` (a DID URL's fragment is ignored)."""
    if not isinstance(did, str) or not did.startswith("did:key:"):
        raise IdentityInputError(f"not a did:key: {str(did)[:80]!r}")
    ident = did[len("did:key:") :].split("#", 1)[0]
    codec, key = multibase_decode(ident)
    if codec not in _LENGTHS:
        raise IdentityInputError(f"did:key with unsupported multicodec 0x{codec:x} (Ed25519 and secp256k1 only)")
    if len(key) != _LENGTHS[codec]:
        raise IdentityInputError(f"did:key key is {len(key)} bytes, expected {_LENGTHS[codec]}")
    if codec == SECP256K1_PUB:
        try:
            coincurve.PublicKey(key)
        except ValueError:
            raise IdentityInputError("did:key secp256k1 key is not a point on the curve") from None
    else:
        Ed25519PublicKey.from_public_bytes(key)
    return codec, key


def did_key_document(did: str) -> dict[str, Any]:
    """The DID document the did:key method derives from the identifier alone."""
    codec, key = parse_did_key(did)
    ident = did.split("#", 1)[0]
    vm_id = f"{ident}#{ident[len('did:key:') :]}"
    vm = {
        "id": vm_id,
        "type": "Multikey",
        "controller": ident,
        "publicKeyMultibase": ident[len("did:key:") :],
        "publicKeyJwk": public_jwk(codec, key),
    }
    rels = {r: [vm_id] for r in ("authentication", "assertionMethod", "capabilityInvocation", "capabilityDelegation")}
    return {"@context": DID_CONTEXT, "id": ident, "verificationMethod": [vm], **rels}


@dataclass(frozen=True)
class KeyPair:
    """A private key with its did:key. `curve` is 'Ed25519' or 'secp256k1'."""

    curve: str
    secret: bytes

    @classmethod
    def generate(cls, curve: str = "Ed25519") -> KeyPair:
        if curve == "Ed25519":
            raw = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
            return cls(curve, raw)
        if curve == "secp256k1":
            return cls(curve, coincurve.PrivateKey().secret)
        raise IdentityInputError(f"unknown key type {curve!r} (Ed25519 or secp256k1)")

    def public_bytes(self) -> bytes:
        if self.curve == "Ed25519":
            return (
                Ed25519PrivateKey.from_private_bytes(self.secret)
                .public_key()
                .public_bytes(Encoding.Raw, PublicFormat.Raw)
            )
        return coincurve.PrivateKey(self.secret).public_key.format(compressed=True)

    @property
    def did(self) -> str:
        return "did:key:" + multibase_encode(_CODECS[self.curve], self.public_bytes())

    @property
    def kid(self) -> str:
        return f"{self.did}#{self.did[len('did:key:') :]}"

    @property
    def alg(self) -> str:
        return "EdDSA" if self.curve == "Ed25519" else "ES256K"

    def jwk(self) -> jwk.JWK:
        pub = public_jwk(_CODECS[self.curve], self.public_bytes())
        return jwk.JWK(**pub, d=_b64(self.secret.rjust(32, b"\0")))

    def to_json(self) -> dict[str, str]:
        return {"curve": self.curve, "secret": self.secret.hex(), "did": self.did}

    @classmethod
    def from_json(cls, data: dict[str, Any] | str) -> KeyPair:
        d = json.loads(data) if isinstance(data, str) else data
        try:
            return cls(str(d["curve"]), bytes.fromhex(str(d["secret"])))
        except (KeyError, ValueError, TypeError):
            raise IdentityInputError("a key file holds {curve, secret}") from None


def jwk_for_did(did: str) -> jwk.JWK:
    """The verification key a did:key names."""
    return jwk.JWK(**public_jwk(*parse_did_key(did)))
