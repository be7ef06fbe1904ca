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

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .didkey import KeyPair, did_key_document, parse_did_key
    from .registry import DIDRegistry, deploy_did_registry, ethr_did, parse_ethr_did
    from .resolve import resolve

_LAZY = {"KeyPair": ".didkey", "did_key_document": ".didkey", "parse_did_key": ".didkey",
         "DIDRegistry": ".registry", "deploy_did_registry": ".registry", "ethr_did": ".registry",
         "parse_ethr_did": ".registry", "resolve": ".resolve"}

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)

__all__ = ["DIDRegistry", "KeyPair", "deploy_did_registry", "did_key_document", "ethr_did", "parse_did_key",
           "parse_ethr_did", "resolve"]
