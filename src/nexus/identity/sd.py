"""Selective disclosure, SD-JWT style: the issuer signs salted hashes of each subject field; the holder
presents the JWT with only the disclosures it chooses, bound to a verifier's nonce by a key-binding JWT."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import time
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..exceptions import CredentialInvalid, IdentityInputError
from .didkey import KeyPair, jwk_for_did
from .vc import check_validity, decode_jwt, issue_jwt

if TYPE_CHECKING:
    from .status import StatusRegistry

__all__ = ["issue_sd_jwt", "present", "verify_presentation"]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _digest(disclosure: str) -> str:
    return _b64(hashlib.sha256(disclosure.encode("ascii")).digest())


def issue_sd_jwt(cred: Mapping[str, Any], key: KeyPair, *, hidden: Iterable[str] | None = None) -> str:
    """`<jwt>~<disclosure>~…~`: each field of credentialSubject named in `hidden` (default: all but `id`)
    is replaced by the digest of a salted disclosure `[salt, name, value]`."""
    subject = dict(cred["credentialSubject"])
    names = [n for n in subject if n != "id"] if hidden is None else list(hidden)
    missing = [n for n in names if n not in subject or n == "id"]
    if missing:
        raise IdentityInputError(f"cannot hide fields the subject lacks (or its id): {missing}")
    disclosures, digests = [], []
    for name in names:
        d = _b64(json.dumps([_b64(os.urandom(16)), name, subject.pop(name)], separators=(",", ":")).encode())
        disclosures.append(d)
        digests.append(_digest(d))
    subject["_sd"], subject["_sd_alg"] = sorted(digests), "sha-256"
    jwt = issue_jwt({**cred, "credentialSubject": subject}, key)
    return jwt + "~" + "".join(d + "~" for d in disclosures)


def _split(sd_jwt: str) -> tuple[str, list[str], str]:
    parts = sd_jwt.strip().split("~")
    if len(parts) < 2:
        raise CredentialInvalid("not an SD-JWT (<jwt>~<disclosures>~[kb-jwt])")
    return parts[0], parts[1:-1], parts[-1]


def _field(disclosure: str) -> tuple[str, Any]:
    try:
        salt, name, value = json.loads(_unb64(disclosure))
    except (ValueError, TypeError):
        raise CredentialInvalid("malformed disclosure") from None
    if not isinstance(salt, str) or not isinstance(name, str):
        raise CredentialInvalid("malformed disclosure")
    return name, value


def present(
    sd_jwt: str, fields: Iterable[str], *, holder: KeyPair | None = None, nonce: str = "", audience: str = ""
) -> str:
    """Keep only the disclosures of `fields`; with `holder`, append a key-binding JWT over them."""
    from jwcrypto import jws

    jwt, disclosures, _ = _split(sd_jwt)
    want = set(fields)
    chosen = [d for d in disclosures if _field(d)[0] in want]
    missing = want - {_field(d)[0] for d in chosen}
    if missing:
        raise IdentityInputError(f"the credential has no disclosable fields {sorted(missing)}")
    shown = jwt + "~" + "".join(d + "~" for d in chosen)
    if holder is None:
        return shown
    claims = {
        "nonce": nonce,
        "aud": audience,
        "iat": int(time.time()),
        "sd_hash": _b64(hashlib.sha256(shown.encode()).digest()),
    }
    kb = jws.JWS(json.dumps(claims, sort_keys=True).encode())
    kb.add_signature(
        holder.jwk(), alg=holder.alg, protected=json.dumps({"alg": holder.alg, "kid": holder.kid, "typ": "kb+jwt"})
    )
    return shown + str(kb.serialize(compact=True))


def verify_presentation(
    presentation: str,
    *,
    nonce: str | None = None,
    audience: str | None = None,
    now: int | None = None,
    status: StatusRegistry | None = None,
) -> dict[str, Any]:
    """The credential with only the disclosed fields restored; raises CredentialInvalid (or Expired,
    Revoked) on a bad signature, a disclosure the issuer did not sign, a repeated one, or a bad binding."""
    jwt, disclosures, kb = _split(presentation)
    _, payload = decode_jwt(jwt)
    subject = dict(payload.get("credentialSubject") or {})
    signed = set(subject.pop("_sd", []))
    subject.pop("_sd_alg", None)
    seen: set[str] = set()
    for d in disclosures:
        dig = _digest(d)
        if dig not in signed or dig in seen:
            raise CredentialInvalid("a disclosure was not signed by the issuer (or is repeated)")
        seen.add(dig)
        name, value = _field(d)
        if name in subject:
            raise CredentialInvalid(f"disclosure {name!r} would overwrite a signed field")
        subject[name] = value
    cred = {k: v for k, v in payload.items() if k not in ("iss", "sub", "jti", "nbf", "exp", "iat")}
    cred["credentialSubject"] = subject
    check_validity(cred, now, status)
    if nonce is not None or kb:
        _check_binding(presentation[: len(presentation) - len(kb)], kb, str(subject.get("id", "")), nonce, audience)
    return cred


def _check_binding(shown: str, kb: str, holder_did: str, nonce: str | None, audience: str | None) -> None:
    from jwcrypto import jws
    from jwcrypto.common import JWException

    if not kb:
        raise CredentialInvalid("the presentation has no key-binding JWT (holder proof)")
    if not holder_did.startswith("did:key:"):
        raise CredentialInvalid("holder binding needs the subject id to be a did:key")
    obj = jws.JWS()
    try:
        obj.deserialize(kb)
        obj.verify(jwk_for_did(holder_did), alg=obj.jose_header.get("alg"))
        claims = json.loads(obj.payload)
    except (JWException, ValueError, KeyError, TypeError):
        raise CredentialInvalid("the key-binding JWT is not signed by the credential's subject") from None
    if claims.get("sd_hash") != _b64(hashlib.sha256(shown.encode()).digest()):
        raise CredentialInvalid("the key-binding JWT is for other disclosures")
    if nonce is not None and claims.get("nonce") != nonce:
        raise CredentialInvalid("the presentation's nonce does not match (replayed?)")
    if audience is not None and claims.get("aud") != audience:
        raise CredentialInvalid("the presentation is for another verifier")
