"""`fingerprint(obj_or_path)`: picks the right fingerprinter for a path or an in-memory object."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from ...exceptions import FingerprintError
from ...settings import Settings, load_settings
from ._hashing import default_workers, sha256_hex
from ._manifest import Manifest, ManifestEntry

__all__ = ["AS_CHOICES", "fingerprint"]

AS_CHOICES = ("auto", "file", "csv", "parquet", "safetensors", "npz", "torch")
As = Literal["auto", "file", "csv", "parquet", "safetensors", "npz", "torch"]
_SUFFIX = {
    ".csv": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".safetensors": "safetensors",
    ".npz": "npz",
}


def _module(obj: Any) -> str:
    return type(obj).__module__.split(".")[0]


def _is_torch(obj: Any) -> bool:
    torch = sys.modules.get("torch")
    if torch is None:
        return False
    if isinstance(obj, (torch.nn.Module, torch.Tensor)):
        return True
    return isinstance(obj, Mapping) and bool(obj) and any(isinstance(v, torch.Tensor) for v in obj.values())


def _path(path: Path, how: str, s: Settings, workers: int, chunk_rows: int, exclude: Sequence[str]) -> Manifest:
    from . import _files, _tables, _tensors

    if not path.exists() and not path.is_symlink():
        raise FingerprintError(f"{path}: no such file or directory")
    if path.is_dir():
        if how not in ("auto", "file"):
            raise FingerprintError(f"{path}: is a directory, not a {how} file")
        return _files.fingerprint_directory(path, block_size=s.fingerprint_block_size, workers=workers, exclude=exclude)
    if how == "auto":
        how = _SUFFIX.get(path.suffix.lower(), "file")
    if how in ("csv", "parquet") and not path.is_file():
        raise FingerprintError(f"{path}: not a regular file")
    if how == "csv":
        return _tables.fingerprint_csv(
            path, chunk_rows=chunk_rows, workers=workers, block_size=s.fingerprint_block_size
        )
    if how == "parquet":
        return _tables.fingerprint_parquet(
            path, chunk_rows=chunk_rows, workers=workers, block_size=s.fingerprint_block_size
        )
    if how == "safetensors":
        return _tensors.fingerprint_safetensors(path, workers=workers, block_size=s.fingerprint_block_size)
    if how == "npz":
        return _tensors.fingerprint_npz(path, workers=workers)
    if how == "torch":
        return _tensors.load_torch_file(path, workers=workers)
    return _files.fingerprint_file(path, block_size=s.fingerprint_block_size)


def fingerprint(
    obj: Any,
    *,
    as_: As = "auto",
    chunk_rows: int | None = None,
    workers: int | None = None,
    exclude: Sequence[str] = (),
    settings: Settings | None = None,
) -> Manifest:
    """A manifest of SHA-256 digests covering ALL of `obj`'s content, and a root over them.

    `obj` may be a path (file, directory, .csv/.tsv, .parquet, .safetensors, .npz; `as_` forces a
    reading, e.g. "file" for raw bytes or "torch" for a weights-only checkpoint), bytes, a pandas
    or polars DataFrame/Series, a pyarrow Table, a scikit-learn estimator, a torch Module, tensor
    or state_dict, a numpy array or a mapping of arrays, or a Manifest (returned as is).
    Heavy libraries are imported only when needed; a missing one raises MissingExtra."""
    s = settings or load_settings()
    workers = workers or s.fingerprint_workers or default_workers()
    chunk_rows = chunk_rows or s.fingerprint_chunk_rows
    if as_ not in AS_CHOICES:
        raise FingerprintError(f"unknown reading {as_!r}; choose one of {', '.join(AS_CHOICES)}")
    if isinstance(obj, Manifest):
        return obj
    if isinstance(obj, (str, os.PathLike)):
        return _path(Path(obj).expanduser(), as_, s, workers, chunk_rows, exclude)
    if isinstance(obj, (bytes, bytearray, memoryview)):
        data = memoryview(obj).cast("B")
        return Manifest(
            "file", (ManifestEntry("content", sha256_hex(data), data.nbytes),), {}, {"type": type(obj).__name__}
        )
    mod = _module(obj)
    if mod in ("pandas", "polars", "pyarrow"):
        from ._tables import fingerprint_frame

        return fingerprint_frame(obj, chunk_rows=chunk_rows, workers=workers)
    if _is_torch(obj):
        from ._tensors import fingerprint_torch

        return fingerprint_torch(obj, workers=workers)
    from ._estimators import is_estimator

    if is_estimator(obj):
        from ._estimators import fingerprint_estimator

        return fingerprint_estimator(obj)
    if mod == "numpy" or (isinstance(obj, Mapping) and obj and all(_module(v) == "numpy" for v in obj.values())):
        from ._tensors import ndarray_entry, tensors_manifest

        items = obj.items() if isinstance(obj, Mapping) else [("array", obj)]
        return tensors_manifest(
            [ndarray_entry(str(k), v) for k, v in items], {"type": f"{type(obj).__module__}.{type(obj).__qualname__}"}
        )
    raise FingerprintError(
        f"cannot fingerprint a {type(obj).__module__}.{type(obj).__qualname__};"
        " pass a path, bytes, a DataFrame, an estimator, a model or arrays"
    )
