"""`NFTContract`: a handle on one DynamicNFT (ERC-721 + ERC-4906) contract; every write takes `sender`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..chain.contract import Contract
from ..chain.types import TxReceipt
from ..exceptions import ContractReverted, NFTError, NFTNotFound

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = ["CONTRACT", "INTERFACES", "NFTContract", "OnChainState", "deploy_nft", "nft_contract"]

CONTRACT = "DynamicNFT"
INTERFACES = {"ERC165": "0x01ffc9a7", "ERC721": "0x80ac58cd", "ERC721Metadata": "0x5b5e139f", "ERC4906": "0x49064906"}
MAX_BATCH = 64


@dataclass(frozen=True)
class OnChainState:
    token: int
    owner: str
    version: int
    state: str  # hex, no 0x
    image: str  # hex, no 0x


def _hex(v: Any) -> str:
    return v.hex() if isinstance(v, (bytes, bytearray)) else str(v).lower().removeprefix("0x")


def deploy_nft(backend: Any, *, cache_dir: Path | None = None, sender: str | None = None) -> NFTContract:
    """A DynamicNFT outside any manifest (tests, benchmarks); the node uses `nft_contract`."""
    from ..contracts.deploy import deploy_contract

    return NFTContract(deploy_contract(backend, CONTRACT, cache_dir=cache_dir, sender=sender))


def nft_contract(nexus: Nexus, *, deploy: bool = True) -> NFTContract | None:
    """This chain's DynamicNFT from the manifest; deployed (and registered) when missing and `deploy`."""
    contract = nexus.contracts.get(CONTRACT) or _registered(nexus)
    if contract is None and deploy:
        contract = nexus.deploy([CONTRACT])[CONTRACT]
        nexus.chain.flush()
    return None if contract is None else NFTContract(contract)


def _registered(nexus: Nexus) -> Contract | None:
    """The DynamicNFT the Registry names (the SDK's contract list may predate a concurrent deploy)."""
    from ..contracts.compiler import compile_contract
    from ..contracts.deploy import name_key

    registry = nexus.contracts.get("Registry")
    if registry is None or registry.call("version", name_key(CONTRACT)) == 0:
        return None
    address = str(registry.call("lookup", name_key(CONTRACT)))
    if not nexus.chain.code(address):
        return None
    abi = compile_contract(CONTRACT, nexus.settings.cache_dir / "contracts").abi
    return Contract(nexus.chain, address, abi, CONTRACT)


class NFTContract:
    def __init__(self, contract: Contract) -> None:
        self.contract, self.backend, self.address = contract, contract.backend, contract.address

    def _send(self, fn: str, *args: Any, sender: str | None) -> TxReceipt:
        try:
            return self.contract.transact(fn, *args, sender=sender)
        except ContractReverted as exc:
            raise NFTError(str(exc)) from None

    # --- reads ------------------------------------------------------------------------------
    def _owner(self, token: int) -> str | None:
        try:
            return str(self.contract.call("ownerOf", token))
        except ContractReverted:
            return None

    def state(self, token: int) -> OnChainState:
        owner = self._owner(token) if 0 <= token < 2**256 else None
        if owner is None:
            raise NFTNotFound(f"no token {token}")
        return OnChainState(
            token,
            owner,
            int(self.contract.call("versionOf", token)),
            _hex(self.contract.call("stateOf", token)),
            _hex(self.contract.call("imageOf", token)),
        )

    def total(self) -> int:
        return int(self.contract.call("totalSupply"))

    def token_uri(self, token: int) -> str:
        return str(self.contract.call("tokenURI", token))

    def supports(self, interface: str) -> bool:
        return bool(self.contract.call("supportsInterface", bytes.fromhex(interface.removeprefix("0x"))))

    # --- writes -----------------------------------------------------------------------------
    def mint(self, to: str, token: int, state: bytes, image: bytes, *, sender: str | None) -> TxReceipt:
        return self._send("mint", to, token, state, image, sender=sender)

    def evolve(
        self, token: int, from_version: int, state: bytes, image: bytes, cause: bytes, *, sender: str | None
    ) -> TxReceipt:
        return self._send("evolve", token, from_version, state, image, cause, sender=sender)

    def evolve_batch(
        self,
        steps: list[tuple[int, int, bytes, bytes]],
        cause: bytes,
        *,
        sender: str | None,
    ) -> TxReceipt:
        """`steps`: (token, from_version, state, image), at most MAX_BATCH."""
        ids, versions, states, images = (list(x) for x in zip(*steps))
        return self._send("evolveBatch", ids, versions, states, images, cause, sender=sender)

    def interact(self, token: int, action: int, *, sender: str) -> TxReceipt:
        return self._send("interact", token, action, sender=sender)

    def transfer(self, frm: str, to: str, token: int, *, sender: str, safe: bool = True) -> TxReceipt:
        return self._send("safeTransferFrom" if safe else "transferFrom", frm, to, token, sender=sender)
