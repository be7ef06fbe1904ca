"""Revocation through a Bitstring Status List whose bits live on chain (contract `Credentials`)."""

from __future__ import annotations

import base64
import gzip
from pathlib import Path
from typing import Any

from eth_utils import keccak, to_checksum_address

from ..chain.base import ChainBackend
from ..chain.contract import Contract
from ..exceptions import CredentialInvalid, IdentityInputError
from ._contexts import VC_V2
from ._time import iso as _iso

__all__ = ["LIST_BITS", "StatusRegistry", "deploy_credentials", "list_id"]

LIST_BITS = 512 * 256  # 131,072 bits: the spec's minimum list length (herd privacy)
_PREFIX = "nexus:status:"


def list_id(name: str) -> bytes:
    return keccak(text=name)


def deploy_credentials(
    backend: ChainBackend, *, cache_dir: Path | None = None, sender: str | None = None
) -> StatusRegistry:
    from ..contracts.deploy import deploy_contract

    return StatusRegistry(deploy_contract(backend, "Credentials", cache_dir=cache_dir, sender=sender))


class StatusRegistry:
    """Status lists keyed by (owner address, list name); an entry names its list by URI
    `nexus:status:<chainId>:<contract>:<owner>:<list>`."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self.backend = contract.backend

    def uri(self, owner: str, name: str) -> str:
        return f"{_PREFIX}{self.backend.chain_id}:{self.contract.address}:{to_checksum_address(owner)}:{name}"

    def entry(self, owner: str, name: str, index: int) -> dict[str, Any]:
        """The `credentialStatus` of a credential at `index` of a list."""
        if not 0 <= int(index) < LIST_BITS:
            raise IdentityInputError(f"status index must be 0..{LIST_BITS - 1}")
        uri = self.uri(owner, name)
        return {
            "id": f"{uri}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": uri,
        }

    def set(self, name: str, index: int, revoked: bool = True, *, sender: str) -> Any:
        if not 0 <= int(index) < LIST_BITS:
            raise IdentityInputError(f"status index must be 0..{LIST_BITS - 1}")
        return self.contract.setStatus(list_id(name), int(index), revoked, sender=sender)

    def _parse(self, entry: dict[str, Any]) -> tuple[str, str, int]:
        uri, idx = entry.get("statusListCredential", ""), entry.get("statusListIndex")
        parts = str(uri).removeprefix(_PREFIX).split(":")
        if not str(uri).startswith(_PREFIX) or len(parts) != 4:
            raise CredentialInvalid(f"unknown status list {str(uri)[:100]!r}")
        if int(parts[0]) != self.backend.chain_id or parts[1].lower() != self.contract.address.lower():
            raise CredentialInvalid(f"status list {uri} is on another chain or contract")
        try:
            return to_checksum_address(parts[2]), parts[3], int(str(idx))
        except ValueError:
            raise CredentialInvalid("malformed credentialStatus") from None

    def is_revoked(self, entry: dict[str, Any]) -> bool:
        owner, name, index = self._parse(entry)
        return bool(self.contract.isRevoked(owner, list_id(name), index))

    def bits(self, owner: str, name: str) -> bytes:
        """The list as the spec's bitstring: index 0 is the left-most bit of the first byte."""
        words = self.contract.statusWords(to_checksum_address(owner), list_id(name), 0, LIST_BITS // 256)
        out = bytearray(LIST_BITS // 8)
        for w, word in enumerate(words):
            for b in range(256):
                if (int(word) >> b) & 1:
                    i = w * 256 + b
                    out[i // 8] |= 0x80 >> (i % 8)
        return bytes(out)

    def list_credential(self, owner: str, name: str) -> dict[str, Any]:
        """The BitstringStatusListCredential (unsigned: its proof is the chain state it was read from)."""
        packed = base64.urlsafe_b64encode(gzip.compress(self.bits(owner, name), mtime=0)).rstrip(b"=").decode()
        uri = self.uri(owner, name)
        return {
            "@context": [VC_V2],
            "id": uri,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": f"did:ethr:{hex(self.backend.chain_id)}:{to_checksum_address(owner)}",
            "validFrom": _iso(self.backend.timestamp()),
            "credentialSubject": {
                "id": f"{uri}#list",
                "type": "BitstringStatusList",
                "statusPurpose": "revocation",
                "encodedList": "u" + packed,
            },
        }


def bit_of(encoded_list: str, index: int) -> bool:
    """Read one bit of a spec `encodedList` (multibase base64url of GZIP)."""
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded_list[1:] + "=" * (-len(encoded_list[1:]) % 4)))
    return bool(raw[index // 8] & (0x80 >> (index % 8)))
