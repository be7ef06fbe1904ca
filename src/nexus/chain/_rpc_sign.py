"""Fast transaction signing for RPCChain: RLP built directly, the digest signed by libsecp256k1.

eth-account re-derives the public key and goes through several layers on every
`sign_transaction`; here the transaction bytes are built once and the hash is signed through
`Signer.sign_hash` (coincurve), which gives signatures bit-identical to eth-account's (tested).
"""

from __future__ import annotations

from typing import Any

import rlp
from eth_utils import keccak, to_canonical_address

from .accounts import Signer

__all__ = ["TxSigner"]


class TxSigner:
    """Signs RPCChain's transactions for one Signer. The key never shows in repr or errors."""

    __slots__ = ("_signer", "address")

    def __init__(self, signer: Signer) -> None:
        self.address = signer.address
        self._signer = signer

    def _sign(self, digest: bytes) -> tuple[int, int, int]:
        return self._signer.sign_hash(digest)

    def sign(
        self, chain_id: int, nonce: int, to: str | None, value: int, data: bytes, gas: int, fees: dict[str, int]
    ) -> tuple[bytes, str]:
        """The raw signed transaction and its hash: EIP-1559 with max fees, else legacy EIP-155."""
        dest = bytes(to_canonical_address(to)) if to else b""
        if "maxFeePerGas" in fees:
            body: list[Any] = [
                chain_id,
                nonce,
                fees["maxPriorityFeePerGas"],
                fees["maxFeePerGas"],
                gas,
                dest,
                value,
                data,
                [],
            ]
            v, r, s = self._sign(keccak(b"\x02" + rlp.encode(body)))
            raw = b"\x02" + rlp.encode([*body, v, r, s])
        else:
            body = [nonce, fees["gasPrice"], gas, dest, value, data]
            v, r, s = self._sign(keccak(rlp.encode([*body, chain_id, 0, 0])))
            raw = rlp.encode([*body, v + 35 + 2 * chain_id, r, s])
        return raw, "0x" + keccak(raw).hex()

    def __repr__(self) -> str:
        return f"TxSigner({self.address})"

    __str__ = __repr__
