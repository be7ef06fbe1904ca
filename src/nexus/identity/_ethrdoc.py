"""Build a did:ethr DID document from the registry's owner and change events (ethr-did-resolver rules)."""

from __future__ import annotations

from typing import Any

from eth_utils import to_checksum_address

from ..chain.types import Event

__all__ = ["build_document"]

_ZERO = "0x" + "00" * 20
_RECOVERY = "EcdsaSecp256k1RecoveryMethod2020"
_PUB_TYPES = {
    "Secp256k1": "EcdsaSecp256k1VerificationKey2019",
    "Ed25519": "Ed25519VerificationKey2020",
    "X25519": "X25519KeyAgreementKey2019",
}


def _text(raw: Any) -> str:
    return (raw if isinstance(raw, bytes) else bytes.fromhex(str(raw)[2:])).rstrip(b"\0").decode(errors="replace")


def build_document(did: str, addr: str, owner: str, history: list[Event], chain_id: int, now: int) -> dict[str, Any]:
    """Replays `history`: delegates and attributes still valid at `now` join the document; an owner
    change to the zero address deactivates it (the contract then reports the identity as its own owner)."""
    changes = [e for e in history if e.name == "DIDOwnerChanged"]
    if changes:
        owner = to_checksum_address(changes[-1].args["owner"])
    ctrl = f"{did}#controller"
    vms: list[dict[str, Any]] = [
        {"id": ctrl, "type": _RECOVERY, "controller": did, "blockchainAccountId": f"eip155:{chain_id}:{owner}"}
    ]
    auth, assertion, services = [ctrl], [ctrl], []
    live: dict[tuple[str, ...], tuple[int, Event]] = {}
    key: tuple[str, ...]
    for n, ev in enumerate(history, start=1):
        if ev.name == "DIDDelegateChanged":
            key = ("delegate", _text(ev.args["delegateType"]), to_checksum_address(ev.args["delegate"]))
        elif ev.name == "DIDAttributeChanged":
            key = ("attr", _text(ev.args["name"]), bytes(ev.args["value"]).hex())
        else:
            continue
        if int(ev.args["validTo"]) > now:
            live[key] = (n, ev)
        else:
            live.pop(key, None)
    for key, (n, ev) in sorted(live.items(), key=lambda kv: kv[1][0]):
        if key[0] == "delegate":
            vm_id = f"{did}#delegate-{n}"
            vms.append(
                {
                    "id": vm_id,
                    "type": _RECOVERY,
                    "controller": did,
                    "blockchainAccountId": f"eip155:{chain_id}:{key[2]}",
                }
            )
            assertion.append(vm_id)
            if key[1] == "sigAuth":
                auth.append(vm_id)
            continue
        parts, value = key[1].split("/"), bytes(ev.args["value"])
        if len(parts) >= 3 and parts[:2] == ["did", "pub"]:
            vm_id = f"{did}#delegate-{n}"
            vm = {"id": vm_id, "type": _PUB_TYPES.get(parts[2], parts[2]), "controller": did}
            enc = parts[4] if len(parts) > 4 else "hex"
            if enc in ("base58", "multibase"):
                vm["publicKeyMultibase"] = value.decode(errors="replace")
            else:
                vm["publicKeyHex"] = value.hex()
            vms.append(vm)
            (auth if len(parts) > 3 and parts[3] == "sigAuth" else assertion).append(vm_id)
        elif len(parts) >= 3 and parts[:2] == ["did", "svc"]:
            services.append(
                {"id": f"{did}#service-{n}", "type": parts[2], "serviceEndpoint": value.decode(errors="replace")}
            )
    doc: dict[str, Any] = {"@context": ["https://www.w3.org/ns/did/v1"], "id": did, "controller": owner}
    if owner == to_checksum_address(_ZERO):
        return {
            "didDocument": {**doc, "verificationMethod": [], "authentication": []},
            "didDocumentMetadata": {"deactivated": True},
        }
    doc.update(verificationMethod=vms, authentication=auth, assertionMethod=assertion)
    if services:
        doc["service"] = services
    meta = {"versionId": str(history[-1].block_number)} if history else {}
    return {"didDocument": doc, "didDocumentMetadata": meta}
