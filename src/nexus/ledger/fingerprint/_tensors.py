"""Tensors: per-tensor SHA-256 of raw little-endian bytes, for .safetensors files (no extra
needed), torch modules / state_dicts / checkpoints, numpy arrays and .npz files.

A `tensors` manifest has one entry per tensor, sorted by name, with `meta` {dtype, shape}; dtype
names follow safetensors (F32, BF16, I64, …). The digest of a tensor is the same whether it is read
from a .safetensors file or from memory, so a model and its saved weights have the same root.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ...exceptions import FingerprintError
from ._hashing import parallel_map, sha256_hex
from ._manifest import Manifest, ManifestEntry
from ._optional import require

__all__ = ["fingerprint_npz", "fingerprint_safetensors", "fingerprint_torch", "ndarray_entry", "tensors_manifest"]

_NUMPY_DTYPES = {
    "bool": "BOOL",
    "uint8": "U8",
    "int8": "I8",
    "int16": "I16",
    "uint16": "U16",
    "float16": "F16",
    "int32": "I32",
    "uint32": "U32",
    "float32": "F32",
    "float64": "F64",
    "int64": "I64",
    "uint64": "U64",
    "complex64": "C64",
    "complex128": "C128",
}
_TORCH_EXTRA = {"bfloat16": "BF16", "float8_e4m3fn": "F8_E4M3", "float8_e5m2": "F8_E5M2"}


def tensors_manifest(entries: list[ManifestEntry], source: dict[str, Any]) -> Manifest:
    return Manifest("tensors", tuple(sorted(entries, key=lambda e: e.name)), {}, source)


def ndarray_entry(name: str, arr: Any) -> ManifestEntry:
    """A numpy array: C-order little-endian bytes; a structured array field by field (padding
    skipped), an object array as canonical JSON of its values."""
    np = require("numpy", "fingerprinting an array")
    arr = np.asarray(arr)
    if arr.dtype.hasobject:
        text = json.dumps(arr.tolist(), sort_keys=True, separators=(",", ":"), default=repr)
        data = text.encode()
        return ManifestEntry(name, sha256_hex(data), len(data), {"dtype": "object", "shape": list(arr.shape)})
    if arr.dtype.names:  # structured (e.g. a tree's node table): field by field, no padding
        parts = [_le(np, arr[f]) for f in arr.dtype.names]
        data = b"".join(parts)
        dtype = json.dumps([[f, _le_dtype(arr.dtype[f])] for f in arr.dtype.names])
        return ManifestEntry(name, sha256_hex(data), len(data), {"dtype": dtype, "shape": list(arr.shape)})
    data = _le(np, arr)
    return ManifestEntry(
        name,
        sha256_hex(data),
        len(data),
        {"dtype": _NUMPY_DTYPES.get(arr.dtype.name) or _le_dtype(arr.dtype), "shape": list(arr.shape)},
    )


def _le_dtype(dt: Any) -> str:
    return str(dt.newbyteorder("<").str if dt.byteorder == ">" else dt.str)


def _le(np: Any, arr: Any) -> bytes:
    """C-order, little-endian bytes of a plain (non-structured) array."""
    if arr.dtype.byteorder == ">":
        arr = arr.astype(arr.dtype.newbyteorder("<"))
    return bytes(np.ascontiguousarray(arr).tobytes())


def _torch_entry(name: str, t: Any) -> ManifestEntry:
    torch = require("torch", "fingerprinting a torch tensor")
    t = t.detach().cpu().contiguous()
    short = str(t.dtype).removeprefix("torch.")
    dtype = _TORCH_EXTRA.get(short) or _NUMPY_DTYPES.get(short) or short
    raw = t.reshape(-1).view(torch.uint8).numpy() if t.numel() else b""
    return ManifestEntry(
        name, sha256_hex(memoryview(raw)), int(t.numel() * t.element_size()), {"dtype": dtype, "shape": list(t.shape)}
    )


def _flatten(obj: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in obj.items():
        key = f"{prefix}{k}"
        if isinstance(v, Mapping):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = v
    return out


def fingerprint_torch(obj: Any, *, workers: int, source: dict[str, Any] | None = None) -> Manifest:
    """A torch Module (its state_dict), a state_dict, or any nested mapping of tensors; non-tensor
    leaves (epochs, step counts) are hashed as canonical JSON with dtype "json"."""
    torch = require("torch", "fingerprinting a torch model")
    src = dict(source or {})
    if isinstance(obj, torch.nn.Module):
        src.setdefault("type", f"{type(obj).__module__}.{type(obj).__qualname__}")
        obj = obj.state_dict()
    items = _flatten(obj) if isinstance(obj, Mapping) else {"tensor": obj}

    def one(kv: tuple[str, Any]) -> ManifestEntry:
        name, v = kv
        if isinstance(v, torch.Tensor):
            return _torch_entry(name, v)
        data = json.dumps(v, sort_keys=True, separators=(",", ":"), default=repr).encode()
        return ManifestEntry(name, sha256_hex(data), len(data), {"dtype": "json", "shape": []})

    return tensors_manifest(list(parallel_map(one, sorted(items.items()), workers)), src)


def load_torch_file(path: Path, *, workers: int) -> Manifest:
    torch = require("torch", "fingerprinting a torch checkpoint")
    try:
        obj = torch.load(path, map_location="cpu", weights_only=True, mmap=True)
    except FileNotFoundError:
        raise FingerprintError(f"{path}: no such file") from None
    except Exception as exc:  # noqa: BLE001  (torch raises many kinds for a bad checkpoint)
        raise FingerprintError(f"{path}: not a weights-only torch checkpoint ({exc})"[:300]) from None
    return fingerprint_torch(obj, workers=workers, source={"path": str(path), "format": "torch"})


def fingerprint_npz(path: Path, *, workers: int) -> Manifest:
    np = require("numpy", "fingerprinting a .npz file")
    try:
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
    except FileNotFoundError:
        raise FingerprintError(f"{path}: no such file") from None
    except (OSError, ValueError) as exc:
        raise FingerprintError(f"{path}: not a readable .npz file ({exc})") from None
    entries = list(parallel_map(lambda kv: ndarray_entry(*kv), sorted(arrays.items()), workers))
    return tensors_manifest(entries, {"path": str(path), "format": "npz"})


def _pread_sha256(fd: int, start: int, stop: int, block: int) -> str:
    import hashlib

    h = hashlib.sha256()
    pos = start
    while pos < stop:
        data = os.pread(fd, min(block, stop - pos), pos)
        if not data:
            raise FingerprintError("safetensors file is shorter than its header says")
        h.update(data)
        pos += len(data)
    return h.hexdigest()


def fingerprint_safetensors(path: Path, *, workers: int, block_size: int) -> Manifest:
    """Parse the safetensors header (stdlib only) and hash each tensor's byte range."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        raise FingerprintError(f"{path}: no such file") from None
    except OSError as exc:
        raise FingerprintError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        total = os.fstat(fd).st_size
        head = os.pread(fd, 8, 0)
        (n,) = struct.unpack("<Q", head) if len(head) == 8 else (-1,)
        if not 2 <= n <= min(total - 8, 100 << 20):
            raise FingerprintError(f"{path}: not a safetensors file (bad header length)")
        try:
            header = json.loads(os.pread(fd, n, 8))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise FingerprintError(f"{path}: not a safetensors file (header is not JSON)") from None
        meta = header.pop("__metadata__", {}) if isinstance(header, dict) else None
        base = 8 + n
        specs = []
        for name, spec in header.items() if isinstance(header, dict) else ():
            try:
                b, e = (int(x) for x in spec["data_offsets"])
                specs.append((name, str(spec["dtype"]), [int(s) for s in spec["shape"]], b, e))
            except (KeyError, TypeError, ValueError):
                raise FingerprintError(f"{path}: not a safetensors file (bad entry {name!r})") from None
            if not 0 <= b <= e <= total - base:
                raise FingerprintError(f"{path}: tensor {name!r} lies outside the file")

        def one(s: tuple[str, str, list[int], int, int]) -> ManifestEntry:
            name, dtype, shape, b, e = s
            digest = _pread_sha256(fd, base + b, base + e, block_size)
            return ManifestEntry(name, digest, e - b, {"dtype": dtype, "shape": shape})

        entries = list(parallel_map(one, specs, workers))
    finally:
        os.close(fd)
    return tensors_manifest(entries, {"path": str(path), "format": "safetensors", "metadata": meta or {}})
