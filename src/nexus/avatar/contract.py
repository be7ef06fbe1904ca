"""`Avatars`: the Avatar contract from Python (mint bound to a DID, soulbound lock, transfers, reads)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eth_utils import keccak, to_checksum_address

from ..chain.contract import Contract
from ..chain.types import TxReceipt
from ..exceptions import AvatarError, AvatarInputError, ContractReverted
from .keys import signature_ok

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = ["CONTRACT", "ERC5192_INTERFACE", "Avatars", "avatars", "binding_message"]

CONTRACT = "Avatar"
ERC5192_INTERFACE = bytes.fromhex("b45a3c0e")


def binding_message(chain_id: int, contract: str, owner: str, did: str, commitment: bytes) -> dict[str, Any]:
    """What the DID key signs to bind itself, with a template commitment, to an owner account."""
    return {
        "type": "nexus-avatar-binding-v1",
        "chainId": chain_id,
        "contract": to_checksum_address(contract),
        "owner": to_checksum_address(owner),
        "did": did,
        "commitment": "0x" + commitment.hex(),
    }


def _raw(value: Any) -> bytes:
    return bytes.fromhex(value.removeprefix("0x")) if isinstance(value, str) else bytes(value)


class Avatars:
    """One deployed Avatar contract."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self.backend = contract.backend

    @property
    def address(self) -> str:
        return self.contract.address

    def binding(self, owner: str, did: str, commitment: bytes) -> dict[str, Any]:
        return binding_message(self.backend.chain_id, self.address, owner, did, commitment)

    def mint(self, did: str, commitment: bytes, proof: bytes, *, soulbound: bool, sender: str) -> tuple[int, TxReceipt]:
        if not signature_ok(did, self.binding(sender, did, commitment), proof):
            raise AvatarInputError("the binding proof is not this DID key's signature over (owner, DID, commitment)")
        if self.token_of(did):
            raise AvatarError(f"{did[:40]}… has an avatar already (#{self.token_of(did)})")
        rc = self.contract.transact("mint", did, commitment, proof, soulbound, sender=sender)
        minted = [e for e in self.contract.decode(rc) if e.name == "AvatarBound"]
        return int(minted[0].args["tokenId"]), rc

    def token_of(self, did: str) -> int:
        return int(self.contract.call("tokenOfDid", keccak(text=did)))

    def exists(self, token_id: int) -> bool:
        return 0 < token_id <= int(self.contract.call("count")) and bool(self.contract.call("didOf", token_id))

    def get(self, token_id: int) -> dict[str, Any]:
        if not self.exists(token_id):
            raise AvatarError(f"no avatar #{token_id}")
        c = self.contract
        did = str(c.call("didOf", token_id))
        owner = to_checksum_address(c.call("ownerOf", token_id))
        commit = _raw(c.call("commitmentOf", token_id))
        proof = _raw(c.call("bindingProofOf", token_id))
        return {
            "token_id": token_id,
            "owner": owner,
            "did": did,
            "commitment": "0x" + commit.hex(),
            "soulbound": bool(c.call("locked", token_id)),
            "binding_ok": signature_ok(did, self.binding(owner, did, commit), proof),
            "token_uri": str(c.call("tokenURI", token_id)),
        }

    def locked(self, token_id: int) -> bool:
        return bool(self.contract.call("locked", token_id))

    def transfer(self, token_id: int, to: str, *, sender: str) -> TxReceipt:
        """ERC-721 transferFrom; AvatarError (with the contract's reason) when soulbound or not allowed."""
        try:
            return self.contract.transact("transferFrom", sender, to, token_id, sender=sender)
        except ContractReverted as exc:
            raise AvatarError(f"transfer of avatar #{token_id} refused: {exc}") from None

    def all(self) -> list[dict[str, Any]]:
        return [self.get(i) for i in range(1, int(self.contract.call("count")) + 1) if self.exists(i)]


def avatars(nexus: Nexus, *, deploy: bool = True) -> Avatars | None:
    """The node's Avatar contract (deployed on first use and kept in the manifest), or None."""
    contract = nexus.contracts.get(CONTRACT)
    if contract is None and deploy:
        contract = nexus.deploy([CONTRACT])[CONTRACT]
        nexus.chain.flush()
    return None if contract is None else Avatars(contract)
