"""Canonical bytes of Arrow columns, so equal tables hash equal whatever their chunking or origin.

A row chunk's digest is SHA-256 over the 32-byte digests of its columns, in schema order. A
column's digest is SHA-256 of: canonical JSON [type, rows, nulls], then (only when nulls > 0) one
byte per row (1 valid, 0 null), then the values:
- integers, floats, booleans: little-endian fixed width, nulls as 0, every NaN as the one quiet
  NaN, booleans one byte each;
- dates, times, timestamps, durations: their integer storage (the unit and zone are in the type);
- strings and binaries (any offset width or view layout): int64 lengths, then the bytes;
- decimals: their decimal strings, as strings; anything else (lists, structs, maps): each value's
  canonical JSON, as strings.
Dictionary columns are decoded first; string types all read "utf8" and binaries "binary".
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from ._hashing import canonical_json
from ._optional import require

__all__ = ["chunk_digest", "rechunk", "type_name"]


def type_name(t: Any) -> str:
    pa = require("pyarrow", "fingerprinting a table")
    if pa.types.is_dictionary(t):
        return type_name(t.value_type)
    if pa.types.is_string(t) or pa.types.is_large_string(t) or _is(pa, "is_string_view", t):
        return "utf8"
    if (
        pa.types.is_binary(t)
        or pa.types.is_large_binary(t)
        or _is(pa, "is_binary_view", t)
        or pa.types.is_fixed_size_binary(t)
    ):
        return "binary"
    return str(t)


def _is(pa: Any, pred: str, t: Any) -> bool:
    fn = getattr(pa.types, pred, None)
    return bool(fn(t)) if fn else False


def _var_bytes(pa: Any, np: Any, arr: Any, target: Any) -> list[bytes | memoryview]:
    pc = require("pyarrow.compute", "fingerprinting a table")
    arr = (
        pc.fill_null(arr.cast(target), pa.scalar(b"" if target == pa.large_binary() else "", target))
        if arr.null_count
        else arr.cast(target)
    )
    bufs = arr.buffers()
    offsets = np.frombuffer(bufs[1], dtype="<i8")[arr.offset : arr.offset + len(arr) + 1]
    lengths = np.diff(offsets).astype("<i8")
    data = memoryview(bufs[2])[int(offsets[0]) : int(offsets[-1])] if bufs[2] is not None else b""
    return [lengths.tobytes(), data]


def _values(arr: Any) -> list[bytes | memoryview]:
    pa = require("pyarrow", "fingerprinting a table")
    np = require("numpy", "fingerprinting a table")
    pc = require("pyarrow.compute", "fingerprinting a table")
    t = arr.type
    if pa.types.is_null(t):
        return []
    if pa.types.is_temporal(t) and getattr(t, "bit_width", 0) in (32, 64):
        arr = arr.view(pa.int64() if t.bit_width == 64 else pa.int32())
        t = arr.type
    if pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_boolean(t):
        if arr.null_count:
            arr = pc.fill_null(arr, pa.scalar(False if pa.types.is_boolean(t) else 0, t))
        values = arr.to_numpy(zero_copy_only=False)
        if pa.types.is_boolean(t):
            values = values.astype("u1")
        elif pa.types.is_floating(t):
            nan = np.isnan(values)
            if nan.any():
                values = values.copy()
                values[nan] = np.nan
        return [values.astype(values.dtype.newbyteorder("<"), copy=False).tobytes()]
    name = type_name(t)
    if name == "utf8":
        return _var_bytes(pa, np, arr, pa.large_string())
    if name == "binary":
        return _var_bytes(pa, np, arr, pa.large_binary())
    if pa.types.is_decimal(t):
        return _var_bytes(pa, np, arr.cast(pa.string()), pa.large_string())
    texts = [
        json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str) for v in arr.to_pylist()
    ]
    return _var_bytes(pa, np, pa.array(texts, pa.large_string()), pa.large_string())


def column_digest(arr: Any) -> tuple[bytes, int]:
    """(32-byte digest, bytes hashed) of one column slice (an Array or ChunkedArray)."""
    pa = require("pyarrow", "fingerprinting a table")
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    parts: list[bytes | memoryview] = [canonical_json([type_name(arr.type), len(arr), arr.null_count])]
    if arr.null_count:
        parts.append(arr.is_valid().to_numpy(zero_copy_only=False).astype("u1").tobytes())
    parts += _values(arr)
    h = hashlib.sha256()
    for part in parts:
        h.update(part)
    return h.digest(), sum(memoryview(p).nbytes for p in parts)


def chunk_digest(table: Any) -> tuple[str, int]:
    """(hex digest, canonical bytes hashed) of one row chunk (a pyarrow Table)."""
    h = hashlib.sha256()
    size = 0
    for col in table.columns:
        digest, n = column_digest(col)
        h.update(digest)
        size += n
    return h.hexdigest(), size


def rechunk(batches: Iterable[Any], rows: int) -> Iterator[Any]:
    """Regroup record batches into Tables of exactly `rows` rows (the last may be shorter)."""
    pa = require("pyarrow", "fingerprinting a table")
    buf: list[Any] = []
    have = 0
    for batch in batches:
        while batch.num_rows:
            take = min(rows - have, batch.num_rows)
            buf.append(batch.slice(0, take))
            have += take
            batch = batch.slice(take)
            if have == rows:
                yield pa.Table.from_batches(buf)
                buf, have = [], 0
    if have:
        yield pa.Table.from_batches(buf)
