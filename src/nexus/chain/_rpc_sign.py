"""Fast local signing for RPCChain: transactions RLP-encoded directly, secp256k1 with a fixed-base table.

eth-account re-derives the public key on every `sign_transaction` and, without coincurve, multiplies
by the generator with plain double-and-add; together that is ~5 ms a transaction. Here the key is
parsed once, the generator multiple comes from a precomputed 4-bit comb table (64 additions instead
of ~384 group operations), and the nonce `k` is RFC 6979 exactly as eth-keys derives it, so the
signatures are bit-identical to eth-account's (a unit test checks that). With coincurve installed
eth-keys' own backend is used instead.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import rlp
from eth_keys.backends.native import NativeECCBackend
from eth_keys.backends.native.ecdsa import deterministic_generate_k
from eth_keys.constants import SECPK1_G
from eth_keys.constants import SECPK1_N as N
from eth_keys.constants import SECPK1_P as P
from eth_keys.datatypes import PrivateKey
from eth_utils import keccak, to_canonical_address

from .accounts import Signer

__all__ = ["TxSigner", "sign_hash"]

_Jac = tuple[int, int, int]
_INF: _Jac = (0, 1, 0)


def _double(pt: _Jac) -> _Jac:
    x, y, z = pt
    if not y or not z:
        return _INF
    yy = y * y % P
    s = 4 * x * yy % P
    m = 3 * x * x % P  # a = 0 on secp256k1
    x3 = (m * m - 2 * s) % P
    return x3, (m * (s - x3) - 8 * yy * yy) % P, 2 * y * z % P


def _add_affine(pt: _Jac, x2: int, y2: int) -> _Jac:
    """Jacobian + affine point (mixed addition)."""
    x1, y1, z1 = pt
    if not z1:
        return x2, y2, 1
    zz = z1 * z1 % P
    h = (x2 * zz - x1) % P
    r = (y2 * z1 * zz - y1) % P
    if not h:
        return _double(pt) if not r else _INF
    hh = h * h % P
    hhh = h * hh % P
    v = x1 * hh % P
    x3 = (r * r - hhh - 2 * v) % P
    return x3, (r * (v - x3) - y1 * hhh) % P, z1 * h % P


def _affine(pt: _Jac) -> tuple[int, int]:
    x, y, z = pt
    zi = pow(z, -1, P)
    zi2 = zi * zi % P
    return x * zi2 % P, y * zi2 * zi % P


@lru_cache(maxsize=1)
def _comb() -> tuple[tuple[tuple[int, int], ...], ...]:
    """table[i][j-1] = j * 16**i * G in affine form, for 64 windows of 4 bits."""
    table = []
    base = (SECPK1_G[0], SECPK1_G[1], 1)
    for _ in range(64):
        bx, by = _affine(base)
        row, acc = [], _INF
        for _ in range(15):
            acc = _add_affine(acc, bx, by)
            row.append(_affine(acc))
        table.append(tuple(row))
        for _ in range(4):
            base = _double(base)
    return tuple(table)


def _mul_g(k: int) -> tuple[int, int]:
    acc, table, i = _INF, _comb(), 0
    while k:
        nib = k & 15
        if nib:
            x, y = table[i][nib - 1]
            acc = _add_affine(acc, x, y)
        k >>= 4
        i += 1
    return _affine(acc)


def sign_hash(msg_hash: bytes, secret: bytes) -> tuple[int, int, int]:
    """(y-parity, r, s) of a 32-byte hash, low-s, as eth-keys' native `ecdsa_raw_sign`."""
    z = int.from_bytes(msg_hash, "big")
    k = deterministic_generate_k((z % N).to_bytes(32, "big"), secret)
    r, y = _mul_g(k)
    s = pow(k, -1, N) * (z + r * int.from_bytes(secret, "big")) % N
    parity = (y & 1) ^ (0 if s * 2 < N else 1)
    return parity, r, (s if s * 2 < N else N - s)


class TxSigner:
    """Signs RPCChain's transactions for one Signer. The key never shows in repr or errors."""

    __slots__ = ("_key", "_native", "address")

    def __init__(self, signer: Signer) -> None:
        self.address = signer.address
        key = signer._account._key_obj
        self._native = isinstance(key.backend, NativeECCBackend)
        self._key: PrivateKey = key

    def _sign(self, digest: bytes) -> tuple[int, int, int]:
        if self._native:
            return sign_hash(digest, self._key.to_bytes())
        v, r, s = self._key.sign_msg_hash(digest).vrs  # coincurve or another C backend
        return v, r, s

    def sign(self, chain_id: int, nonce: int, to: str | None, value: int, data: bytes, gas: int,
             fees: dict[str, int]) -> tuple[bytes, str]:
        """The raw signed transaction and its hash: EIP-1559 with max fees, else legacy EIP-155."""
        dest = bytes(to_canonical_address(to)) if to else b""
        if "maxFeePerGas" in fees:
            body: list[Any] = [chain_id, nonce, fees["maxPriorityFeePerGas"], fees["maxFeePerGas"],
                               gas, dest, value, data, []]
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
