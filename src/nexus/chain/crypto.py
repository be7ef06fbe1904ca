"""secp256k1 for the whole project on libsecp256k1 (coincurve): sign hashes, recover signers."""

from __future__ import annotations

from coincurve import PrivateKey, PublicKey
from eth_keys.constants import SECPK1_N
from eth_utils import keccak

from ._fast import checksum

__all__ = ["address_of", "recover", "sign_hash"]


def sign_hash(digest: bytes, secret: bytes) -> tuple[int, int, int]:
    """(y-parity, r, s) of a 32-byte digest: RFC 6979 nonce, low-s (as eth-keys signs)."""
    sig = PrivateKey(secret).sign_recoverable(digest, hasher=None)
    return sig[64], int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:64], "big")


def address_of(secret: bytes) -> str:
    """The checksummed Ethereum address of a private key."""
    return _address(PrivateKey(secret).public_key)


def recover(digest: bytes, parity: int, r: int, s: int) -> str | None:
    """The address that signed `digest`, or None for a malformed signature (like ecrecover)."""
    if not (0 < r < SECPK1_N and 0 < s < SECPK1_N) or parity not in (0, 1):
        return None
    sig = r.to_bytes(32, "big") + s.to_bytes(32, "big") + bytes([parity])
    try:
        return _address(PublicKey.from_signature_and_message(sig, digest, hasher=None))
    except ValueError:
        return None


def _address(pub: PublicKey) -> str:
    return checksum(keccak(pub.format(compressed=False)[1:])[12:])
