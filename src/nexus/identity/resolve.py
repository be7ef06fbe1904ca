"""One resolver for every DID method the project knows: did:key (offline) and did:ethr (the registry)."""

from __future__ import annotations

from typing import Any

from ..exceptions import IdentityError, IdentityInputError
from .didkey import did_key_document
from .registry import DIDRegistry

__all__ = ["resolve"]


def resolve(did: str, registry: DIDRegistry | None = None) -> dict[str, Any]:
    """A DID resolution result: {didDocument, didDocumentMetadata, didResolutionMetadata}."""
    if not isinstance(did, str) or not did.startswith("did:"):
        raise IdentityInputError(f"malformed DID: {str(did)[:80]!r}")
    if did.startswith("did:key:"):
        out: dict[str, Any] = {"didDocument": did_key_document(did), "didDocumentMetadata": {}}
    elif did.startswith("did:ethr:"):
        if registry is None:
            raise IdentityError("resolving did:ethr needs the DID registry (no chain given)")
        out = registry.resolve(did)
    else:
        raise IdentityInputError(f"unsupported DID method {did.split(':')[1]!r} (key and ethr are supported)")
    out["didResolutionMetadata"] = {"contentType": "application/did+ld+json"}
    return out
