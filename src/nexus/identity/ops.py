"""Plain-data identity operations the CLI and the API both call (DIDs, credentials, consent)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eth_utils import keccak

from ..exceptions import IdentityError, IdentityInputError
from .didkey import KeyPair
from .service import consent_book, credentials, did_registry, list_dids, load_key, save_key

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = [
    "consent_grant",
    "consent_list",
    "consent_revoke",
    "dev_private_key",
    "did_create",
    "did_resolve",
    "did_rotate",
    "identity_overview",
    "vc_issue",
    "vc_issue_aml",
    "vc_present",
    "vc_revoke",
    "vc_verify",
]


def dev_private_key(address: str) -> bytes:
    """The key of an embedded-chain dev account (signing receipts and EIP-712 credentials on dev chains)."""
    from ..chain.accounts import dev_addresses

    for i, a in enumerate(dev_addresses()):
        if a.lower() == address.lower():
            return keccak(f"symbiotic-nexus dev account {i}".encode())
    raise IdentityInputError(f"{address} is not a dev account: signing off-chain needs a dev account here")


def did_create(
    nexus: Nexus, home: Path, *, curve: str = "Ed25519", ethr: str | None = None, name: str | None = None
) -> dict[str, Any]:
    """A new did:key (its private key saved under the home), or the did:ethr of an account (free: no tx)."""
    if ethr is not None:
        reg = did_registry(nexus)
        assert reg is not None
        return {"did": reg.did(ethr), "method": "ethr", "owner": reg.owner(ethr)}
    key = KeyPair.generate(curve)
    path = save_key(home, key, name)
    return {"did": key.did, "method": "key", "curve": curve, "key_file": str(path), "name": path.stem}


def did_resolve(nexus: Nexus | None, did: str) -> dict[str, Any]:
    from .resolve import resolve

    reg = did_registry(nexus, deploy=False) if nexus is not None and did.startswith("did:ethr:") else None
    if did.startswith("did:ethr:") and reg is None and nexus is not None:
        reg = did_registry(nexus)
    return resolve(did, reg)


def did_rotate(nexus: Nexus, did: str, new_owner: str, *, sender: str) -> dict[str, Any]:
    """ERC-1056 key rotation: hand the identity to a new owner key. A did:key cannot rotate (its key is its name)."""
    if did.startswith("did:key:"):
        raise IdentityInputError("a did:key is its key and cannot rotate: create a new one, or use a did:ethr")
    reg = did_registry(nexus)
    assert reg is not None
    rc = reg.change_owner(did, new_owner, sender=sender)
    return {"did": did, "owner": reg.owner(did), "tx": rc.tx_hash}


def _creds_dir(home: Path) -> Path:
    path = home / "identity" / "credentials"
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def _keep(home: Path, kind: str, body: dict[str, Any]) -> None:
    path = _creds_dir(home) / f"{len(list(_creds_dir(home).glob('*.json'))) + 1:06d}-{kind}.json"
    path.write_text(json.dumps(body, indent=2))
    os.chmod(path, 0o600)


def vc_issue(
    nexus: Nexus | None,
    home: Path,
    *,
    issuer: str,
    subject: str | None,
    claims: dict[str, Any],
    types: list[str] | None = None,
    valid_seconds: int | None = None,
    status_index: int | None = None,
    status_list: str = "default",
    sender: str | None = None,
    selective: bool = False,
) -> dict[str, Any]:
    from .sd import issue_sd_jwt
    from .vc import credential, issue_jwt

    key = load_key(home, issuer)
    status = None
    now = nexus.chain.timestamp() if nexus is not None else None
    if status_index is not None:
        if nexus is None or sender is None:
            raise IdentityInputError("a status list entry needs the chain and the list owner's account")
        reg = credentials(nexus)
        assert reg is not None
        status = reg.entry(sender, status_list, status_index)
    cred = credential(
        issuer=key.did,
        subject=subject,
        claims=claims,
        types=types,
        valid_from=now,
        valid_until=None if valid_seconds is None else (now or _now()) + valid_seconds,
        status=status,
    )
    token = issue_sd_jwt(cred, key) if selective else issue_jwt(cred, key)
    out = {
        "id": cred["id"],
        "issuer": key.did,
        "subject": subject,
        "format": "sd-jwt" if selective else "jwt",
        "credential": token,
    }
    _keep(home, "vc", out)
    return out


def _now() -> int:
    import time

    return int(time.time())


def vc_issue_aml(
    nexus: Nexus,
    home: Path,
    *,
    subject: str,
    score: float,
    below: float,
    model: str,
    valid_seconds: int,
    index: int,
    sender: str,
) -> dict[str, Any]:
    """An EIP-712 AML credential from a score the caller computed (the guard's fraud model)."""
    from .aml import issue_aml

    reg = credentials(nexus)
    assert reg is not None
    now = nexus.chain.timestamp()
    cred = issue_aml(
        reg,
        dev_private_key(sender),
        subject=subject,
        score=score,
        below=below,
        model=model,
        issued_at=now,
        valid_until=now + valid_seconds,
        index=index,
    )
    out = {"issuer": cred["issuer"], "subject": cred["credentialSubject"]["id"], "format": "eip712", "credential": cred}
    _keep(home, "aml", out)
    return out


def vc_verify(
    nexus: Nexus | None,
    credential: str | dict[str, Any],
    *,
    nonce: str | None = None,
    audience: str | None = None,
    max_score: float = 1.0,
) -> dict[str, Any]:
    from .aml import verify_aml
    from .sd import verify_presentation
    from .vc import verify_jwt

    status = credentials(nexus, deploy=False) if nexus is not None else None
    if isinstance(credential, dict) or credential.lstrip().startswith("{"):
        cred = credential if isinstance(credential, dict) else json.loads(credential)
        if status is None:
            raise IdentityError("EIP-712 credentials are checked against the Credentials contract: none here")
        issuer = verify_aml(status, cred, max_score=max_score)
        return {"valid": True, "format": "eip712", "issuer": issuer, "credential": cred}
    now = nexus.chain.timestamp() if nexus is not None else None
    if "~" in credential:
        cred = verify_presentation(credential, nonce=nonce, audience=audience, now=now, status=status)
        return {"valid": True, "format": "sd-jwt", "issuer": cred["issuer"], "credential": cred}
    cred = verify_jwt(credential, now=now, status=status)
    return {"valid": True, "format": "jwt", "issuer": cred["issuer"], "credential": cred}


def vc_revoke(
    nexus: Nexus, *, index: int, sender: str, status_list: str = "default", revoked: bool = True
) -> dict[str, Any]:
    reg = credentials(nexus)
    assert reg is not None
    rc = reg.set(status_list, index, revoked, sender=sender)
    return {"list": reg.uri(sender, status_list), "index": index, "revoked": revoked, "tx": rc.tx_hash}


def vc_present(
    home: Path, sd_jwt: str, fields: list[str], *, holder: str | None = None, nonce: str = "", audience: str = ""
) -> dict[str, Any]:
    from .sd import present

    key = load_key(home, holder) if holder else None
    return {"presentation": present(sd_jwt, fields, holder=key, nonce=nonce, audience=audience), "fields": fields}


def consent_grant(
    nexus: Nexus, *, grantee: str, fields: list[str], purpose: str, valid_seconds: int, sender: str
) -> dict[str, Any]:
    book = consent_book(nexus)
    assert book is not None
    gid = book.grant(grantee, fields, purpose=purpose, expires=nexus.chain.timestamp() + valid_seconds, sender=sender)
    return book.get(gid).to_json()


def consent_revoke(nexus: Nexus, grant_id: int, *, sender: str) -> dict[str, Any]:
    book = consent_book(nexus)
    assert book is not None
    book.revoke(grant_id, sender=sender)
    return book.get(grant_id).to_json()


def consent_list(nexus: Nexus, *, subject: str | None = None, grantee: str | None = None) -> list[dict[str, Any]]:
    book = consent_book(nexus, deploy=False)
    return [] if book is None else [g.to_json() for g in book.grants(subject=subject, grantee=grantee)]


def identity_overview(nexus: Nexus | None, home: Path) -> dict[str, Any]:
    """My DIDs (saved did:keys) and the credentials issued from this home."""
    creds = []
    folder = home / "identity" / "credentials"
    for p in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        body = json.loads(p.read_text())
        creds.append(
            {"file": p.name, "format": body.get("format"), "issuer": body.get("issuer"), "subject": body.get("subject")}
        )
    return {"dids": list_dids(home), "credentials": creds}
