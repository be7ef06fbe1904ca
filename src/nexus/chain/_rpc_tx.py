"""Raw signed transactions for eth_sendRawTransaction: decode legacy (EIP-155), EIP-2930 and
EIP-1559 envelopes, check the signature and recover the sender (libsecp256k1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import rlp
from eth_keys.constants import SECPK1_N
from eth_utils import keccak

from ..exceptions import JsonRpcError
from ._fast import checksum
from .crypto import recover

__all__ = ["SignedTx", "decode_raw"]

_HALF_N = SECPK1_N // 2
MAX_RAW = 128 * 1024  # geth's txMaxSize


@dataclass(frozen=True, slots=True)
class SignedTx:
    """A decoded signed transaction. `gas_price` is the legacy price, else the max fee."""

    hash: str
    type: int
    chain_id: int | None
    nonce: int
    gas: int
    to: str | None
    value: int
    data: bytes
    gas_price: int
    max_priority_fee: int | None
    access_list: tuple[tuple[str, tuple[str, ...]], ...]
    v: int
    r: int
    s: int
    sender: str
    raw: bytes


def _bad(why: str) -> JsonRpcError:
    return JsonRpcError(-32602, f"invalid raw transaction: {why}")


def _int(b: Any, what: str, bits: int = 256) -> int:
    if not isinstance(b, bytes):
        raise _bad(f"{what} is not an integer")
    if len(b) > bits // 8 or (b and b[0] == 0):
        raise _bad(f"{what} is not a canonical {bits}-bit integer")
    return int.from_bytes(b, "big")


def _to(b: Any) -> str | None:
    if not isinstance(b, bytes) or len(b) not in (0, 20):
        raise _bad("'to' is not an address")
    return checksum(b) if b else None


def _access_list(items: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(items, list):
        raise _bad("the access list is not a list")
    out = []
    for item in items:
        if (
            not isinstance(item, list)
            or len(item) != 2
            or not isinstance(item[0], bytes)
            or len(item[0]) != 20
            or not isinstance(item[1], list)
            or any(not isinstance(k, bytes) or len(k) != 32 for k in item[1])
        ):
            raise _bad("malformed access list entry")
        out.append((checksum(item[0]), tuple("0x" + k.hex() for k in item[1])))
    return tuple(out)


def _items_end(payload: bytes, count: int) -> int:
    """The byte offset in an RLP list's `payload` where its first `count` items end."""
    pos = 0
    for _ in range(count):
        b = payload[pos]
        if b < 0x80:
            pos += 1
        elif b < 0xB8 or 0xC0 <= b < 0xF8:
            pos += 1 + b - (0x80 if b < 0xC0 else 0xC0)
        else:
            n = b - (0xB7 if b < 0xC0 else 0xF7)
            pos += 1 + n + int.from_bytes(payload[pos + 1 : pos + 1 + n], "big")
    return pos


def _list_header(length: int) -> bytes:
    if length < 56:
        return bytes([0xC0 + length])
    n = (length.bit_length() + 7) // 8
    return bytes([0xF7 + n]) + length.to_bytes(n, "big")


def _signing_prefix(body: bytes, count: int) -> bytes:
    """The encodings of the first `count` items of the (already strictly decoded) RLP list
    `body`, sliced from it rather than re-encoded."""
    b = body[0]
    start = 1 if b < 0xF8 else 1 + b - 0xF7
    payload = body[start:]
    return payload[: _items_end(payload, count)]


def decode_raw(raw: bytes) -> SignedTx:
    """The transaction in `raw`; JsonRpcError(-32602) if it is malformed or badly signed."""
    if not raw:
        raise _bad("empty")
    if len(raw) > MAX_RAW:
        raise _bad(f"larger than {MAX_RAW} bytes")
    kind = raw[0] if raw[0] < 0x7F else 0
    if kind not in (0, 1, 2):
        raise _bad(f"transaction type {kind} is not supported (legacy, 1 and 2 are)")
    try:
        fields = rlp.decode(raw[1:] if kind else raw, strict=True)
    except Exception:  # noqa: BLE001 - rlp raises several unrelated types
        raise _bad("not RLP") from None
    if not isinstance(fields, list):
        raise _bad("not an RLP list")
    if kind == 0:
        if len(fields) != 9:
            raise _bad("a legacy transaction has 9 fields")
        nonce, price, gas, to, value, data, v_b, r_b, s_b = fields
        v = _int(v_b, "v")
        if v in (27, 28):
            chain_id, parity = None, v - 27
            prefix = _signing_prefix(raw, 6)
            digest = keccak(_list_header(len(prefix)) + prefix)
        elif v >= 35:
            chain_id, parity = (v - 35) // 2, (v - 35) % 2
            prefix = _signing_prefix(raw, 6) + rlp.encode(chain_id) + b"\x80\x80"
            digest = keccak(_list_header(len(prefix)) + prefix)
        else:
            raise _bad("bad v")
        prio: int | None = None
        access: tuple[tuple[str, tuple[str, ...]], ...] = ()
    else:
        if len(fields) != (11 if kind == 1 else 12):
            raise _bad(f"a type {kind} transaction has {11 if kind == 1 else 12} fields")
        if kind == 1:
            cid, nonce, price, gas, to, value, data, acl, p_b, r_b, s_b = fields
            prio = None
        else:
            cid, nonce, prio_b, price, gas, to, value, data, acl, p_b, r_b, s_b = fields
            prio = _int(prio_b, "maxPriorityFeePerGas")
        chain_id = _int(cid, "chainId", 64)
        parity = v = _int(p_b, "yParity", 8)
        access = _access_list(acl)
        prefix = _signing_prefix(raw[1:], len(fields) - 3)
        digest = keccak(bytes([kind]) + _list_header(len(prefix)) + prefix)
    if not isinstance(data, bytes):
        raise _bad("data is not a byte string")
    r, s = _int(r_b, "r"), _int(s_b, "s")
    if s > _HALF_N:
        raise _bad("signature s is in the upper half of the curve order (EIP-2)")
    sender = recover(digest, parity, r, s)
    if sender is None:
        raise _bad("the signature does not recover to an address")
    gas_price = _int(price, "gas price")
    if prio is not None and prio > gas_price:
        raise _bad("maxPriorityFeePerGas is above maxFeePerGas")
    return SignedTx(
        "0x" + keccak(raw).hex(),
        kind,
        chain_id,
        _int(nonce, "nonce", 64),
        _int(gas, "gas", 64),
        _to(to),
        _int(value, "value"),
        data,
        gas_price,
        prio,
        access,
        v,
        r,
        s,
        sender,
        raw,
    )
