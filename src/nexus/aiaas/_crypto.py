"""AI-service hashes and signatures: EIP-712 vouchers and receipts, canonical request/output hashes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from eth_abi import encode as abi_encode
from eth_utils import keccak, to_checksum_address

from ..chain import crypto
from ..chain.abi import bytes32
from ..exceptions import AIServiceInputError

__all__ = [
    "DOMAIN_NAME",
    "Key",
    "ResultReceipt",
    "Voucher",
    "b32",
    "canonical_hash",
    "dev_key",
    "domain_separator",
    "sig_from_hex",
    "sig_to_hex",
    "sig_tuple",
]

DOMAIN_NAME, DOMAIN_VERSION = "NexusAIServices", "1"
VOUCHER_TYPE = "Voucher(uint256 channelId,uint256 nonce,uint256 amount)"
RECEIPT_TYPE = "Receipt(uint256 serviceId,bytes32 request,bytes32 model,bytes32 output,uint256 issuedAt)"
_DOMAIN_TYPEHASH = keccak(b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
_VOUCHER_TYPEHASH = keccak(VOUCHER_TYPE.encode())
_RECEIPT_TYPEHASH = keccak(RECEIPT_TYPE.encode())
_U256 = 2**256


def b32(value: str | bytes, what: str = "value") -> bytes:
    """32 bytes from bytes, `0x…` hex or a `sha256:…` fingerprint; AIServiceInputError otherwise."""
    return bytes32(value, what, AIServiceInputError)


def canonical_hash(value: Any) -> bytes:
    """keccak256 of the canonical JSON of `value` (sorted keys, no spaces): request and output hashes."""
    return keccak(json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False).encode())


def domain_separator(chain_id: int, contract: str) -> bytes:
    return keccak(
        abi_encode(
            ["bytes32", "bytes32", "bytes32", "uint256", "address"],
            [
                _DOMAIN_TYPEHASH,
                keccak(DOMAIN_NAME.encode()),
                keccak(DOMAIN_VERSION.encode()),
                chain_id,
                to_checksum_address(contract),
            ],
        )
    )


def _typed(domain: bytes, struct_hash: bytes) -> bytes:
    return keccak(b"\x19\x01" + domain + struct_hash)


def _word(n: int) -> bytes:
    return n.to_bytes(32, "big")


def sig_to_hex(sig: tuple[int, int, int]) -> str:
    parity, r, s = sig
    return "0x" + _word(r).hex() + _word(s).hex() + f"{27 + parity:02x}"


def sig_from_hex(text: str) -> tuple[int, int, int]:
    try:
        raw = bytes.fromhex(str(text).removeprefix("0x"))
    except ValueError:
        raw = b""
    if len(raw) != 65 or raw[64] not in (0, 1, 27, 28):
        raise AIServiceInputError("a signature is 65 bytes of hex")
    return raw[64] % 27, int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:64], "big")


def sig_tuple(sig: tuple[int, int, int]) -> tuple[int, bytes, bytes]:
    """(v, r, s) as the contract's `Sig` struct wants it."""
    parity, r, s = sig
    return 27 + parity, _word(r), _word(s)


class Key:
    """A secp256k1 key that signs vouchers or receipts; it never shows in repr or errors."""

    __slots__ = ("_secret", "address")

    def __init__(self, secret: bytes) -> None:
        self._secret = secret
        self.address: str = crypto.address_of(secret)

    def sign(self, digest: bytes) -> tuple[int, int, int]:
        return crypto.sign_hash(digest, self._secret)

    def __repr__(self) -> str:
        return f"Key({self.address})"


def dev_key(index: int) -> Key:
    """The embedded chain's dev account `index` as a signing key (the chain's own derivation; dev only)."""
    if not 0 <= index < 10:
        raise AIServiceInputError(f"no dev account {index} (there are 10)")
    return Key(keccak(f"symbiotic-nexus dev account {index}".encode()))


@dataclass(frozen=True, slots=True)
class Voucher:
    """The client's promise: `amount` wei in total under channel `channel`'s nonce `nonce`."""

    channel: int
    nonce: int
    amount: int
    signature: str = ""

    def digest(self, domain: bytes) -> bytes:
        return _typed(
            domain, keccak(_VOUCHER_TYPEHASH + _word(self.channel) + _word(self.nonce) + _word(self.amount % _U256))
        )

    def signer(self, domain: bytes) -> str | None:
        return crypto.recover(self.digest(domain), *sig_from_hex(self.signature))

    def to_json(self) -> dict[str, Any]:
        return {"channel": self.channel, "nonce": self.nonce, "amount": str(self.amount), "signature": self.signature}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Voucher:
        try:
            return cls(int(d["channel"]), int(d["nonce"]), int(d["amount"]), str(d["signature"]))
        except (KeyError, TypeError, ValueError):
            raise AIServiceInputError("a voucher has channel, nonce, amount and signature") from None


@dataclass(frozen=True, slots=True)
class ResultReceipt:
    """What the provider signs with every answer; a client may dispute it on chain."""

    service: int
    request: str  # 0x hex of keccak(canonical input)
    model: str
    output: str
    issued_at: int
    signature: str = ""

    def digest(self, domain: bytes) -> bytes:
        return _typed(
            domain,
            keccak(
                _RECEIPT_TYPEHASH
                + _word(self.service)
                + b32(self.request, "request")
                + b32(self.model, "model")
                + b32(self.output, "output")
                + _word(self.issued_at)
            ),
        )

    def signer(self, domain: bytes) -> str | None:
        return crypto.recover(self.digest(domain), *sig_from_hex(self.signature))

    def to_json(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "request": self.request,
            "model": self.model,
            "output": self.output,
            "issued_at": self.issued_at,
            "signature": self.signature,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ResultReceipt:
        try:
            return cls(
                int(d["service"]),
                str(d["request"]),
                str(d["model"]),
                str(d["output"]),
                int(d["issued_at"]),
                str(d["signature"]),
            )
        except (KeyError, TypeError, ValueError):
            raise AIServiceInputError("a receipt has service, request, model, output, issued_at, signature") from None
