"""Oracle node keys, EIP-712 digests of observations and reports, fast signing and recovery."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from eth_abi import encode as abi_encode
from eth_keys.constants import SECPK1_N as N
from eth_utils import keccak

from ..chain import crypto
from ..exceptions import OracleError

__all__ = ["NodeKey", "Observation", "OracleReport", "Signature", "dev_node_key", "domain_separator", "recover"]

DOMAIN_NAME, DOMAIN_VERSION = "NexusOracle", "1"
_DOMAIN_TYPEHASH = keccak(b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
REPORT_TYPE = "Report(uint32 configVersion,uint64 roundId,uint64 observedAt,int256[] observations)"
OBSERVATION_TYPE = (
    "Observation(uint32 configVersion,uint64 roundId,address node,int256 value,"
    "uint16 confidence,uint64 observedAt,bytes32 sources)"
)
_REPORT_TYPEHASH = keccak(REPORT_TYPE.encode())
_OBSERVATION_TYPEHASH = keccak(OBSERVATION_TYPE.encode())


def domain_separator(chain_id: int, verifying_contract: str) -> bytes:
    """EIP-712 domain separator of one aggregator contract."""
    return keccak(
        abi_encode(
            ["bytes32", "bytes32", "bytes32", "uint256", "address"],
            [
                _DOMAIN_TYPEHASH,
                keccak(DOMAIN_NAME.encode()),
                keccak(DOMAIN_VERSION.encode()),
                chain_id,
                verifying_contract,
            ],
        )
    )


def _typed_digest(domain: bytes, struct_hash: bytes) -> bytes:
    return keccak(b"\x19\x01" + domain + struct_hash)


@dataclass(frozen=True, slots=True)
class Signature:
    """A secp256k1 signature: y-parity (0/1), r, s (low-s)."""

    parity: int
    r: int
    s: int

    def compact(self) -> tuple[bytes, bytes]:
        """EIP-2098 (r, vs): the y-parity rides in the top bit of s."""
        return self.r.to_bytes(32, "big"), ((self.parity << 255) | self.s).to_bytes(32, "big")

    def to_hex(self) -> str:
        return "0x" + self.r.to_bytes(32, "big").hex() + self.s.to_bytes(32, "big").hex() + f"{27 + self.parity:02x}"

    @classmethod
    def from_hex(cls, text: str) -> Signature:
        raw = bytes.fromhex(text.removeprefix("0x"))
        if len(raw) != 65:
            raise OracleError("a signature is 65 bytes of hex")
        return cls(
            raw[64] - 27 if raw[64] >= 27 else raw[64],
            int.from_bytes(raw[:32], "big"),
            int.from_bytes(raw[32:64], "big"),
        )


@dataclass(frozen=True, slots=True)
class Observation:
    """What one node saw for one feed in one round (signed by that node)."""

    config_version: int
    round_id: int
    node: str
    value: int
    confidence: int  # basis points, 0..10000
    observed_at: int
    sources: bytes  # keccak of the ids of the sources used

    def digest(self, domain: bytes) -> bytes:
        return _typed_digest(
            domain,
            keccak(
                abi_encode(
                    ["bytes32", "uint32", "uint64", "address", "int256", "uint16", "uint64", "bytes32"],
                    [
                        _OBSERVATION_TYPEHASH,
                        self.config_version,
                        self.round_id,
                        self.node,
                        self.value,
                        self.confidence,
                        self.observed_at,
                        self.sources,
                    ],
                )
            ),
        )


@dataclass(frozen=True, slots=True)
class OracleReport:
    """What the leader proposes and `quorum` nodes sign: m >= 2f+1 ascending observations.

    The answer is their median x_(ceil(m/2)) and the band [x_(f+1), x_(m-f)]; the contract
    recomputes both from the values, so `f` (the feed's, from its config) is not signed.
    """

    config_version: int
    round_id: int
    observed_at: int
    values: tuple[int, ...]
    f: int

    @property
    def answer(self) -> int:
        return self.values[(len(self.values) + 1) // 2 - 1]

    @property
    def low(self) -> int:
        return self.values[self.f]

    @property
    def high(self) -> int:
        return self.values[len(self.values) - 1 - self.f]

    def digest(self, domain: bytes) -> bytes:
        packed = b"".join(v.to_bytes(32, "big", signed=True) for v in self.values)
        return _typed_digest(
            domain,
            keccak(
                abi_encode(
                    ["bytes32", "uint32", "uint64", "uint64", "bytes32"],
                    [_REPORT_TYPEHASH, self.config_version, self.round_id, self.observed_at, keccak(packed)],
                )
            ),
        )


class NodeKey:
    """A node's secp256k1 key. It never shows in repr, str, logs or errors."""

    __slots__ = ("_secret", "address")

    def __init__(self, secret: bytes) -> None:
        k = int.from_bytes(secret, "big") if len(secret) == 32 else 0
        if not 0 < k < N:
            raise OracleError("a node key is 32 bytes in (0, n)")
        self._secret = secret
        self.address: str = crypto.address_of(secret)

    @classmethod
    def from_hex(cls, text: str) -> NodeKey:
        try:
            raw = bytes.fromhex(text.strip().removeprefix("0x"))
        except ValueError:
            raise OracleError("a node key must be 32 bytes of hex") from None
        return cls(raw)

    def sign(self, digest: bytes) -> Signature:
        return Signature(*crypto.sign_hash(digest, self._secret))

    def export_hex(self) -> str:
        """The secret, for handing to a child node process over a pipe (never log it)."""
        return self._secret.hex()

    def __repr__(self) -> str:
        return f"NodeKey({self.address})"

    __str__ = __repr__


def dev_node_key(index: int, seed: str = "nexus oracle node") -> NodeKey:
    """A deterministic key for simulations and the embedded chain (never for real value)."""
    return NodeKey(keccak(f"{seed} {index}".encode()))


@lru_cache(maxsize=65536)
def recover(digest: bytes, sig: Signature) -> str | None:
    """The address that signed `digest`, or None for a malformed signature (like ecrecover)."""
    return crypto.recover(digest, sig.parity, sig.r, sig.s)
