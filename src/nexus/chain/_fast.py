"""Hot-path helpers: a faster keccak backend for py-evm and cached address conversions."""

from __future__ import annotations

from functools import lru_cache

import eth_hash.auto
from eth_utils import to_canonical_address, to_checksum_address

__all__ = ["canonical", "checksum", "use_fast_keccak"]


def use_fast_keccak() -> bool:
    """Route eth-hash (and so py-evm) to the C `pysha3` backend, ~10x faster than pycryptodome."""
    try:
        from eth_hash.backends import pysha3
    except ImportError:  # pragma: no cover - safe-pysha3 is a dependency
        return False
    eth_hash.auto.keccak.hasher = pysha3.keccak256  # type: ignore[method-assign,assignment,unused-ignore]
    eth_hash.auto.keccak.preimage = pysha3.preimage  # type: ignore[method-assign,assignment,unused-ignore]
    return True


@lru_cache(maxsize=65536)
def checksum(address: bytes | str) -> str:
    """EIP-55 form of a 20-byte or hex address."""
    return str(to_checksum_address(address))


@lru_cache(maxsize=65536)
def canonical(address: str) -> bytes:
    """20 raw bytes of a hex address."""
    return bytes(to_canonical_address(address))
