"""SHA-256 helpers: streamed file digests, canonical JSON, and a bounded thread pool."""

from __future__ import annotations

import hashlib
import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from ...exceptions import FingerprintError

__all__ = ["canonical_json", "file_sha256", "parallel_map", "sha256_hex"]

T = TypeVar("T")
R = TypeVar("R")


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no whitespace, UTF-8: the same value always gives the same bytes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def sha256_hex(*parts: bytes | memoryview) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p)
    return h.hexdigest()


def file_sha256(path: Path, block_size: int = 1 << 20) -> tuple[str, int]:
    """(hex digest, bytes read) of a file, streamed in `block_size` blocks (the GIL is released
    while hashing, so threads hash different files in parallel). Equals `sha256sum`."""
    h = hashlib.sha256()
    size = 0
    buf = bytearray(block_size)
    view = memoryview(buf)
    try:
        with open(path, "rb", buffering=0) as f:
            while n := f.readinto(buf):
                h.update(view[:n])
                size += n
    except FileNotFoundError:
        raise FingerprintError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise FingerprintError(f"{path}: is a directory") from None
    except PermissionError:
        raise FingerprintError(f"{path}: permission denied") from None
    except OSError as exc:
        raise FingerprintError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return h.hexdigest(), size


def default_workers() -> int:
    return max(1, min(32, os.cpu_count() or 1))


def parallel_map(fn: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """`map(fn, items)` on `workers` threads, results in input order, at most 2*workers in
    flight (so a stream of items is never materialised all at once)."""
    if workers <= 1:
        yield from map(fn, items)
        return
    window = 2 * workers
    pending: deque[Future[R]] = deque()
    with ThreadPoolExecutor(workers, thread_name_prefix="nexus-fp") as pool:
        try:
            for item in items:
                pending.append(pool.submit(fn, item))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for f in pending:
                f.cancel()
