"""`DIDRegistry`: the ERC-1056-style registry from Python, and `did:ethr` resolution by walking its events."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from eth_utils import to_checksum_address

from ..chain.base import ChainBackend
from ..chain.contract import Contract
from ..chain.types import Event
from ..exceptions import IdentityError, IdentityInputError

__all__ = ["DIDRegistry", "deploy_did_registry", "ethr_did", "parse_ethr_did"]


_ETHR = re.compile(r"^did:ethr:(?:(0x[0-9a-fA-F]+|[a-z0-9]+):)?(0x[0-9a-fA-F]{40})(#.*)?$")
_MAX_VALIDITY = 100 * 365 * 86400


def ethr_did(chain_id: int, address: str) -> str:
    return f"did:ethr:{hex(chain_id)}:{to_checksum_address(address)}"


def parse_ethr_did(did: str, chain_id: int | None = None) -> str:
    """The address of a `did:ethr:[chain:]0x…`; IdentityInputError if malformed or on another chain."""
    m = _ETHR.match(did) if isinstance(did, str) else None
    if not m:
        raise IdentityInputError(f"malformed did:ethr: {str(did)[:80]!r}")
    net = m.group(1)
    if net and chain_id is not None and net.startswith("0x") and int(net, 16) != chain_id:
        raise IdentityInputError(f"{did} names chain {int(net, 16)}, this chain is {chain_id}")
    return to_checksum_address(m.group(2))


def _b32(text: str) -> bytes:
    raw = text.encode()
    if len(raw) > 32:
        raise IdentityInputError(f"{text!r} is longer than 32 bytes")
    return raw.ljust(32, b"\0")


def deploy_did_registry(
    backend: ChainBackend, *, cache_dir: Path | None = None, sender: str | None = None
) -> DIDRegistry:
    from ..contracts.deploy import deploy_contract

    return DIDRegistry(deploy_contract(backend, "DIDRegistry", cache_dir=cache_dir, sender=sender))


class DIDRegistry:
    """Owner changes, delegates with expiry and attributes; `resolve(did)` gives a W3C DID document."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self.backend = contract.backend

    def did(self, address: str) -> str:
        return ethr_did(self.backend.chain_id, address)

    def owner(self, identity: str) -> str:
        return to_checksum_address(self.contract.identityOwner(self._addr(identity)))

    def _addr(self, identity: str) -> str:
        if identity.startswith("did:"):
            return parse_ethr_did(identity, self.backend.chain_id)
        try:
            return to_checksum_address(identity)
        except ValueError:
            raise IdentityInputError(f"not an address or did:ethr: {identity[:80]!r}") from None

    def _check_owner(self, addr: str, sender: str) -> None:
        if to_checksum_address(sender) != self.owner(addr):
            raise IdentityError(f"{sender} is not the owner of {self.did(addr)} (the owner is {self.owner(addr)})")

    @staticmethod
    def _validity(seconds: int) -> int:
        if not 0 < int(seconds) <= _MAX_VALIDITY:
            raise IdentityInputError("validity must be 1 second to 100 years")
        return int(seconds)

    def change_owner(self, identity: str, new_owner: str, *, sender: str) -> Any:
        addr = self._addr(identity)
        self._check_owner(addr, sender)
        return self.contract.changeOwner(addr, to_checksum_address(new_owner), sender=sender)

    def change_owner_signed(self, identity: str, new_owner: str, *, owner_key: bytes | str, sender: str) -> Any:
        """ERC-1056 meta-transaction: the owner signs offline, anyone (`sender`) relays and pays the gas."""
        from eth_account import Account
        from eth_utils import keccak

        addr, new = self._addr(identity), to_checksum_address(new_owner)
        nonce = int(self.contract.nonce(self.owner(addr)))
        digest = keccak(
            b"\x19\x00"
            + bytes.fromhex(self.contract.address[2:])
            + nonce.to_bytes(32, "big")
            + bytes.fromhex(addr[2:])
            + b"changeOwner"
            + bytes.fromhex(new[2:])
        )
        sig = Account.unsafe_sign_hash(digest, owner_key)
        if Account.from_key(owner_key).address != self.owner(addr):
            raise IdentityError(f"the signing key is not the owner of {self.did(addr)}")
        return self.contract.changeOwnerSigned(
            addr, sig.v, sig.r.to_bytes(32, "big"), sig.s.to_bytes(32, "big"), new, sender=sender
        )

    def add_delegate(
        self, identity: str, delegate: str, *, validity: int, sender: str, delegate_type: str = "veriKey"
    ) -> Any:
        addr = self._addr(identity)
        self._check_owner(addr, sender)
        return self.contract.addDelegate(
            addr, _b32(delegate_type), to_checksum_address(delegate), self._validity(validity), sender=sender
        )

    def revoke_delegate(self, identity: str, delegate: str, *, sender: str, delegate_type: str = "veriKey") -> Any:
        addr = self._addr(identity)
        self._check_owner(addr, sender)
        return self.contract.revokeDelegate(addr, _b32(delegate_type), to_checksum_address(delegate), sender=sender)

    def valid_delegate(self, identity: str, delegate: str, delegate_type: str = "veriKey") -> bool:
        return bool(
            self.contract.validDelegate(self._addr(identity), _b32(delegate_type), to_checksum_address(delegate))
        )

    def set_attribute(self, identity: str, name: str, value: str | bytes, *, validity: int, sender: str) -> Any:
        addr = self._addr(identity)
        self._check_owner(addr, sender)
        raw = value.encode() if isinstance(value, str) else value
        if len(raw) > 512:
            raise IdentityInputError("an attribute value is at most 512 bytes")
        return self.contract.setAttribute(addr, _b32(name), raw, self._validity(validity), sender=sender)

    def revoke_attribute(self, identity: str, name: str, value: str | bytes, *, sender: str) -> Any:
        addr = self._addr(identity)
        self._check_owner(addr, sender)
        raw = value.encode() if isinstance(value, str) else value
        return self.contract.revokeAttribute(addr, _b32(name), raw, sender=sender)

    # --- resolution ------------------------------------------------------------------------
    def history(self, identity: str) -> list[Event]:
        """The identity's change events, oldest first, found by following `previousChange` links."""
        addr = self._addr(identity)
        block, seen = int(self.contract.changed(addr)), set[int]()
        out: list[Event] = []
        while block and block not in seen:
            seen.add(block)
            evs = [
                e for e in self.contract.events(None, block, block) if to_checksum_address(e.args["identity"]) == addr
            ]
            if not evs:
                raise IdentityError(f"registry history of {addr} is broken at block {block}")
            out.extend(reversed(evs))
            block = min(int(e.args["previousChange"]) for e in evs)
        return list(reversed(out))

    def resolve(self, did: str) -> dict[str, Any]:
        """The W3C DID document of a did:ethr, as ethr-did-resolver builds it."""
        from ._ethrdoc import build_document

        addr = self._addr(did)
        return build_document(
            self.did(addr), addr, self.owner(addr), self.history(addr), self.backend.chain_id, self.backend.timestamp()
        )
