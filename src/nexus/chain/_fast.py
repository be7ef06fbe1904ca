"""Hot-path helpers: cached address conversions."""

from __future__ import annotations

from functools import lru_cache

from eth_utils import to_canonical_address, to_checksum_address

__all__ = ["canonical", "checksum"]


@lru_cache(maxsize=65536)
def checksum(address: bytes | str) -> str:
    """EIP-55 form of a 20-byte or hex address."""
    return str(to_checksum_address(address))


@lru_cache(maxsize=65536)
def canonical(address: str) -> bytes:
    """20 raw bytes of a hex address."""
    return bytes(to_canonical_address(address))
