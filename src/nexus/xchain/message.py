"""Cross-chain messages: the EIP-712 struct the signers sign, signatures, and dev signer keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eth_abi import encode as abi_encode
from eth_keys.constants import SECPK1_N
from eth_utils import keccak, to_checksum_address

from ..chain import crypto
from ..exceptions import XChainInputError

__all__ = ["MAX_PAYLOAD", "Message", "Sig", "SignerKey", "dev_signer_keys", "domain_separator"]

MAX_PAYLOAD = 1024
DOMAIN_NAME, DOMAIN_VERSION = "NexusXChain", "1"
_DOMAIN_TYPEHASH = keccak(b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
MESSAGE_TYPE = (
    "Message(uint256 srcChainId,address srcContract,uint64 nonce,address sender,"
    "address recipient,bytes payload,uint32 finality)"
)
_MESSAGE_TYPEHASH = keccak(MESSAGE_TYPE.encode())


def domain_separator(dst_chain: int, inbox: str) -> bytes:
    """The EIP-712 domain of one inbox: a signature is good on that chain, at that inbox only."""
    return keccak(
        abi_encode(
            ["bytes32", "bytes32", "bytes32", "uint256", "address"],
            [_DOMAIN_TYPEHASH, keccak(DOMAIN_NAME.encode()), keccak(DOMAIN_VERSION.encode()), dst_chain, inbox],
        )
    )


@dataclass(frozen=True, slots=True)
class Message:
    """One message as the source outbox logged it, plus where it was seen (block, hash, tx)."""

    src_chain: int
    src_contract: str
    nonce: int
    sender: str
    dst_chain: int
    recipient: str
    payload: bytes
    finality: int  # the depth the signers checked (signed, so the inbox can demand a minimum)
    block: int = 0
    block_hash: str = ""
    tx_hash: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if len(self.payload) > MAX_PAYLOAD:
            raise XChainInputError(f"a payload is at most {MAX_PAYLOAD} bytes (got {len(self.payload)})")
        if not 0 < self.nonce < 2**64 or not 0 <= self.finality < 2**32:
            raise XChainInputError("nonce must fit uint64 (> 0) and finality uint32")

    @property
    def key(self) -> str:
        """The replay key the inbox consumes: source chain id and nonce."""
        return f"{self.src_chain}:{self.nonce}"

    def struct_hash(self) -> bytes:
        return keccak(
            abi_encode(
                ["bytes32", "uint256", "address", "uint64", "address", "address", "bytes32", "uint32"],
                [
                    _MESSAGE_TYPEHASH,
                    self.src_chain,
                    self.src_contract,
                    self.nonce,
                    self.sender,
                    self.recipient,
                    keccak(self.payload),
                    self.finality,
                ],
            )
        )

    def digest(self, inbox: str) -> bytes:
        """What a signer signs for delivery at `inbox` on the message's destination chain."""
        return keccak(b"\x19\x01" + domain_separator(self.dst_chain, inbox) + self.struct_hash())

    def deliver_args(self) -> list[Any]:
        return [
            self.src_chain,
            self.src_contract,
            self.nonce,
            self.sender,
            self.recipient,
            self.payload,
            self.finality,
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "src_chain": self.src_chain,
            "src_contract": self.src_contract,
            "nonce": self.nonce,
            "sender": self.sender,
            "dst_chain": self.dst_chain,
            "recipient": self.recipient,
            "payload": "0x" + self.payload.hex(),
            "finality": self.finality,
            "block": self.block,
            "block_hash": self.block_hash,
            "tx_hash": self.tx_hash,
        }


@dataclass(frozen=True, slots=True)
class Sig:
    """A secp256k1 signature with the signer it recovers to."""

    signer: str
    parity: int
    r: int
    s: int

    def compact(self) -> tuple[bytes, bytes]:
        """EIP-2098 (r, vs), the inbox's `Sig` struct."""
        return self.r.to_bytes(32, "big"), ((self.parity << 255) | self.s).to_bytes(32, "big")


class SignerKey:
    """A signer node's secp256k1 key; never shown in repr, str, logs or errors."""

    __slots__ = ("_secret", "address")

    def __init__(self, secret: bytes) -> None:
        if len(secret) != 32 or not 0 < int.from_bytes(secret, "big") < SECPK1_N:
            raise XChainInputError("a signer key is 32 bytes in (0, n)")
        self._secret = secret
        self.address: str = crypto.address_of(secret)

    def sign(self, digest: bytes) -> Sig:
        return Sig(self.address, *crypto.sign_hash(digest, self._secret))

    def __repr__(self) -> str:
        return f"SignerKey({self.address})"

    __str__ = __repr__


def dev_signer_keys(n: int, seed: str = "nexus oracle node") -> list[SignerKey]:
    """The oracle network's deterministic dev node keys (the same derivation as its dev feed),
    for the embedded chain and tests only (never for real value)."""
    return [SignerKey(keccak(f"{seed} {i}".encode())) for i in range(n)]


def sort_sigs(sigs: list[Sig]) -> list[Sig]:
    """Signatures in the order the inbox checks: ascending signer address, each signer once."""
    seen: dict[int, Sig] = {}
    for s in sigs:
        seen.setdefault(int(s.signer, 16), s)
    return [seen[k] for k in sorted(seen)]


def checksum(addr: str) -> str:
    return str(to_checksum_address(addr))
