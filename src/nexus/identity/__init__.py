"""Self-sovereign identity: did:key and the ERC-1056-style DID registry, W3C Verifiable Credentials
(JWT, EIP-712, SD-JWT-style selective disclosure, on-chain Bitstring Status List) and consent grants
that the AI pipeline obeys.

    key = KeyPair.generate("Ed25519"); key.did                  # did:key:z6Mk…
    reg = did_registry(nexus); reg.resolve(reg.did(addr))      # did:ethr:0x539:0x… -> DID document
    jwt = issue_jwt(credential(issuer=key.did, subject=..., claims=...), key)
    verify_jwt(jwt, status=status_list)                       # raises CredentialInvalid / …Revoked / …Expired
    book = consent_book(nexus); book.grant(grantee, ["age", "income"], purpose="training", expires=…, sender=me)
    nexus.consent.filter(frame, purpose="training", grantee=did, book=book)
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from . import consent
    from .aml import issue_aml, verify_aml
    from .consent_book import ConsentBook, deploy_consent
    from .didkey import KeyPair, did_key_document, parse_did_key
    from .registry import DIDRegistry, deploy_did_registry, ethr_did, parse_ethr_did
    from .resolve import resolve
    from .sd import issue_sd_jwt, present, verify_presentation
    from .status import StatusRegistry, deploy_credentials
    from .vc import credential, issue_jwt, verify_jwt

_LAZY = {
    "KeyPair": ".didkey",
    "did_key_document": ".didkey",
    "parse_did_key": ".didkey",
    "DIDRegistry": ".registry",
    "deploy_did_registry": ".registry",
    "ethr_did": ".registry",
    "parse_ethr_did": ".registry",
    "resolve": ".resolve",
    "ConsentBook": ".consent_book",
    "deploy_consent": ".consent_book",
    "StatusRegistry": ".status",
    "deploy_credentials": ".status",
    "credential": ".vc",
    "issue_jwt": ".vc",
    "verify_jwt": ".vc",
    "issue_sd_jwt": ".sd",
    "present": ".sd",
    "verify_presentation": ".sd",
    "issue_aml": ".aml",
    "verify_aml": ".aml",
}

_getattr, __dir__ = lazy_exports(__name__, _LAZY)


def __getattr__(name: str) -> Any:
    if name == "consent":  # the module itself: `nexus.consent.filter(...)`
        return import_module(".consent", __name__)
    return _getattr(name)


__all__ = [
    "ConsentBook",
    "DIDRegistry",
    "KeyPair",
    "StatusRegistry",
    "consent",
    "credential",
    "deploy_consent",
    "deploy_credentials",
    "deploy_did_registry",
    "did_key_document",
    "ethr_did",
    "issue_aml",
    "issue_jwt",
    "issue_sd_jwt",
    "parse_did_key",
    "parse_ethr_did",
    "present",
    "resolve",
    "verify_aml",
    "verify_jwt",
    "verify_presentation",
]
