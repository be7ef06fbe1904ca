"""Multibase base58btc (`z…`) and unsigned-varint multicodec prefixes, as did:key uses them."""

from __future__ import annotations

from ..exceptions import IdentityInputError

__all__ = [
    "ED25519_PUB",
    "SECP256K1_PUB",
    "b58decode",
    "b58encode",
    "multibase_decode",
    "multibase_encode",
    "varint",
    "read_varint",
]

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {c: i for i, c in enumerate(_ALPHABET)}
ED25519_PUB = 0xED  # multicodec ed25519-pub
SECP256K1_PUB = 0xE7  # multicodec secp256k1-pub (compressed point)


def b58encode(raw: bytes) -> str:
    """Bitcoin base58: leading zero bytes become leading '1's."""
    n = int.from_bytes(raw, "big")
    out = []
    while n:
        n, r = divmod(n, 58)
        out.append(_ALPHABET[r])
    zeros = len(raw) - len(raw.lstrip(b"\0"))
    return "1" * zeros + "".join(reversed(out))


def b58decode(text: str) -> bytes:
    n = 0
    for c in text:
        if c not in _INDEX:
            raise IdentityInputError(f"{c!r} is not a base58btc character")
        n = n * 58 + _INDEX[c]
    zeros = len(text) - len(text.lstrip("1"))
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * zeros + body


def varint(n: int) -> bytes:
    """Unsigned LEB128, as multicodec prefixes are written (0xed -> ed 01)."""
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def read_varint(raw: bytes) -> tuple[int, int]:
    """(value, bytes used) of the varint at the start of `raw`."""
    value = 0
    for i, byte in enumerate(raw[:9]):
        value |= (byte & 0x7F) << (7 * i)
        if not byte & 0x80:
            return value, i + 1
    raise IdentityInputError("truncated multicodec varint")


def multibase_encode(codec: int, key: bytes) -> str:
    return "z" + b58encode(varint(codec) + key)


def multibase_decode(text: str) -> tuple[int, bytes]:
    """(multicodec, key bytes) of a base58btc multibase string."""
    if not text.startswith("z") or len(text) < 2:
        raise IdentityInputError("only base58btc multibase ('z…') is supported")
    raw = b58decode(text[1:])
    codec, used = read_varint(raw)
    return codec, raw[used:]
