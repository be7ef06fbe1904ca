"""A byte-exact PNG writer: RGB, 8 bits, stored (uncompressed) deflate blocks, so no zlib build changes the bytes."""

from __future__ import annotations

import struct
import zlib
from typing import Any

__all__ = ["PNG_MAGIC", "encode_png", "png_dimensions"]

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_STORED_MAX = 65535


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _stored_zlib(raw: bytes) -> bytes:
    """A zlib stream of stored deflate blocks (RFC 1950/1951): header, blocks, Adler-32."""
    out = bytearray(b"\x78\x01")
    blocks = [raw[i : i + _STORED_MAX] for i in range(0, len(raw), _STORED_MAX)] or [b""]
    for i, block in enumerate(blocks):
        final = 1 if i == len(blocks) - 1 else 0
        out += bytes([final]) + struct.pack("<HH", len(block), len(block) ^ 0xFFFF) + block
    out += struct.pack(">I", zlib.adler32(raw) & 0xFFFFFFFF)
    return bytes(out)


def encode_png(rgb: Any) -> bytes:
    """PNG bytes of an (height, width, 3) uint8 array; the same array always gives the same bytes."""
    h, w, c = rgb.shape
    if c != 3 or str(rgb.dtype) != "uint8":
        raise ValueError("encode_png takes an (h, w, 3) uint8 array")
    rows = rgb.tobytes()
    stride = w * 3
    raw = b"".join(b"\x00" + rows[y * stride : (y + 1) * stride] for y in range(h))  # filter 0 on each row
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return PNG_MAGIC + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", _stored_zlib(raw)) + _chunk(b"IEND", b"")


def png_dimensions(data: bytes) -> tuple[int, int] | None:
    """(width, height) of PNG bytes, or None when `data` is not a PNG."""
    if len(data) < 24 or not data.startswith(PNG_MAGIC) or data[12:16] != b"IHDR":
        return None
    w, h = struct.unpack(">II", data[16:24])
    return int(w), int(h)
