"""Files and directories: per-file SHA-256 (equal to `sha256sum`), relative paths, sorted."""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from ...exceptions import FingerprintError
from ._hashing import file_sha256, parallel_map
from ._manifest import Manifest, ManifestEntry

__all__ = ["FILE_ENTRY", "fingerprint_directory", "fingerprint_file", "walk_files"]

FILE_ENTRY = "content"


def fingerprint_file(path: Path, *, block_size: int) -> Manifest:
    """One entry, named `content` (so a renamed copy has the same root), whose digest is the
    file's SHA-256; the path is kept in `source`."""
    _check_regular(path)
    digest, size = file_sha256(path, block_size)
    return Manifest("file", (ManifestEntry(FILE_ENTRY, digest, size),), {}, {"path": str(path), "sha256": digest})


def _check_regular(path: Path) -> os.stat_result:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise FingerprintError(f"{path}: no such file or directory") from None
    except OSError as exc:
        raise FingerprintError(f"{path}: cannot stat ({exc.strerror or exc})") from None
    if not stat.S_ISREG(st.st_mode):
        raise FingerprintError(f"{path}: not a regular file")
    return st


def walk_files(root: Path, exclude: Sequence[str] = ()) -> Iterator[tuple[str, Path]]:
    """(relative POSIX path, path) of every regular file under `root`, in byte order of the
    UTF-8 relative path. Symlinks to files are followed; symlinked directories are not
    descended (no cycles); a name matching an `exclude` glob is skipped with all below it."""
    found: list[tuple[bytes, str, Path]] = []
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as it:
                items = list(it)
        except PermissionError:
            raise FingerprintError(f"{folder}: permission denied") from None
        except OSError as exc:
            raise FingerprintError(f"{folder}: cannot list ({exc.strerror or exc})") from None
        for item in items:
            rel = f"{prefix}{item.name}"
            if any(fnmatch.fnmatchcase(item.name, g) or fnmatch.fnmatchcase(rel, g) for g in exclude):
                continue
            if item.is_dir(follow_symlinks=False):
                stack.append((Path(item.path), rel + "/"))
            elif item.is_file(follow_symlinks=True):
                found.append((rel.encode("utf-8", "surrogateescape"), rel, Path(item.path)))
            elif item.is_symlink() and not Path(item.path).exists():
                raise FingerprintError(f"{item.path}: broken symlink")
            elif not item.is_symlink():
                raise FingerprintError(f"{item.path}: not a regular file")
    found.sort(key=lambda t: t[0])
    for _, rel, path in found:
        yield rel, path


def fingerprint_directory(root: Path, *, block_size: int, workers: int, exclude: Sequence[str] = ()) -> Manifest:
    """One entry per regular file (relative path, size, SHA-256), hashed on `workers` threads."""
    files = list(walk_files(root, exclude))

    def one(item: tuple[str, Path]) -> ManifestEntry:
        rel, path = item
        digest, size = file_sha256(path, block_size)
        return ManifestEntry(rel, digest, size)

    entries = tuple(parallel_map(one, files, workers))
    return Manifest("directory", entries, {}, {"path": str(root), "files": len(entries), "exclude": list(exclude)})
