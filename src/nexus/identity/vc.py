"""W3C VC Data Model 2.0 credentials secured as JWTs (VC-JOSE: `typ` vc+jwt, EdDSA or ES256K by did:key)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..exceptions import CredentialExpired, CredentialInvalid, CredentialRevoked, IdentityInputError
from ._contexts import NEXUS_V1, VC_V2, check_contexts
from ._time import iso, parse_iso
from .didkey import KeyPair, jwk_for_did, parse_did_key

if TYPE_CHECKING:
    from .status import StatusRegistry

__all__ = ["check_validity", "credential", "decode_jwt", "issue_jwt", "verify_jwt"]

_MAX_TOKEN = 64 * 1024


def credential(
    *,
    issuer: str,
    subject: str | None,
    claims: Mapping[str, Any],
    types: list[str] | None = None,
    valid_from: int | None = None,
    valid_until: int | None = None,
    status: dict[str, Any] | None = None,
    cred_id: str | None = None,
) -> dict[str, Any]:
    """An unsecured VC 2.0 credential; times are unix seconds."""
    if not isinstance(issuer, str) or not issuer.startswith("did:"):
        raise IdentityInputError(f"issuer must be a DID, not {str(issuer)[:60]!r}")
    if not claims:
        raise IdentityInputError("a credential needs at least one claim")
    subj: dict[str, Any] = ({"id": subject} if subject else {}) | dict(claims)
    start = int(time.time()) if valid_from is None else int(valid_from)
    cred: dict[str, Any] = {
        "@context": [VC_V2, NEXUS_V1],
        "id": cred_id or f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", *(types or [])],
        "issuer": issuer,
        "validFrom": iso(start),
        "credentialSubject": subj,
    }
    if valid_until is not None:
        if int(valid_until) <= start:
            raise IdentityInputError("validUntil must be after validFrom")
        cred["validUntil"] = iso(valid_until)
    if status is not None:
        cred["credentialStatus"] = status
    return cred


def issue_jwt(cred: Mapping[str, Any], key: KeyPair) -> str:
    """Sign `cred` as a compact JWS; the issuer must be the key's did:key."""
    from jwcrypto import jws

    if cred.get("issuer") != key.did:
        raise IdentityInputError(f"the credential's issuer {cred.get('issuer')} is not the signing key's {key.did}")
    check_contexts(dict(cred))
    header = {"alg": key.alg, "kid": key.kid, "typ": "vc+jwt", "cty": "vc"}
    payload = {**cred, "iss": key.did, "jti": cred.get("id"), "nbf": parse_iso(cred["validFrom"], "validFrom")}
    if "validUntil" in cred:
        payload["exp"] = parse_iso(cred["validUntil"], "validUntil")
    if isinstance(cred.get("credentialSubject"), dict) and "id" in cred["credentialSubject"]:
        payload["sub"] = cred["credentialSubject"]["id"]
    token = jws.JWS(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())
    token.add_signature(key.jwk(), alg=key.alg, protected=json.dumps(header))
    return str(token.serialize(compact=True))


def decode_jwt(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(header, payload) after checking the signature against the `kid`'s did:key; CredentialInvalid else."""
    from jwcrypto import jws
    from jwcrypto.common import JWException

    if not isinstance(token, str) or len(token) > _MAX_TOKEN or token.count(".") != 2:
        raise CredentialInvalid("not a compact JWT")
    obj = jws.JWS()
    try:
        obj.deserialize(token.strip())
        header = obj.jose_header
        kid = str(header.get("kid", ""))
        if header.get("alg") not in ("EdDSA", "ES256K"):
            raise CredentialInvalid(f"JWT alg {header.get('alg')!r} is not allowed (EdDSA, ES256K)")
        did = kid.split("#", 1)[0]
        parse_did_key(did)
        obj.verify(jwk_for_did(did), alg=header["alg"])
        payload = json.loads(obj.payload)
    except JWException:
        raise CredentialInvalid("JWT signature does not verify (tampered, or signed by another key)") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise CredentialInvalid(f"malformed JWT: {exc}") from None
    if not isinstance(payload, dict) or payload.get("issuer") != did:
        raise CredentialInvalid("the JWT's signing key is not the credential's issuer")
    return dict(header), payload


def check_validity(cred: Mapping[str, Any], now: int | None = None, status: StatusRegistry | None = None) -> None:
    """Context, validity window and (given the registry) the on-chain revocation bit."""
    check_contexts(dict(cred))
    now = int(time.time()) if now is None else now
    if "validFrom" in cred and now < parse_iso(cred["validFrom"], "validFrom"):
        raise CredentialExpired(f"credential {cred.get('id')} is not valid before {cred['validFrom']}")
    if "validUntil" in cred and now >= parse_iso(cred["validUntil"], "validUntil"):
        raise CredentialExpired(f"credential {cred.get('id')} expired at {cred['validUntil']}")
    entry = cred.get("credentialStatus")
    if entry is not None:
        if status is None:
            raise CredentialInvalid("the credential has a status list entry; verifying it needs the chain")
        if status.is_revoked(dict(entry)):
            raise CredentialRevoked(
                f"credential {cred.get('id')} is revoked ({entry.get('statusListCredential')}"
                f" #{entry.get('statusListIndex')})"
            )


def verify_jwt(token: str, *, now: int | None = None, status: StatusRegistry | None = None) -> dict[str, Any]:
    """The verified credential (JWT claims removed); raises CredentialInvalid / Expired / Revoked."""
    _header, payload = decode_jwt(token)
    cred = {k: v for k, v in payload.items() if k not in ("iss", "sub", "jti", "nbf", "exp", "iat")}
    check_validity(cred, now, status)
    return cred
