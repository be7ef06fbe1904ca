"""Owner-only files: directories 0700 and files 0600 for everything under the data directory.

The data directory holds ledger payloads and erasure salts, chain state, keystores and the API
token. `secure_home` makes the directory itself 0700 (so nothing below it is reachable by other
users, whatever a file's own mode) and tightens anything already there that group or others could
use, saying so once in the log. The places that create files call `private_dir` and
`private_file`, so files are born owner-only too (SQLite gives its -wal and -shm files the mode
of the database file, so pre-creating that one 0600 covers all three).
"""

from __future__ import annotations

import logging
import os
import stat
import threading
from pathlib import Path

__all__ = ["DIR_MODE", "FILE_MODE", "private_db", "private_dir", "private_file", "secure_home"]

log = logging.getLogger(__name__)
DIR_MODE = 0o700
FILE_MODE = 0o600
_LOOSE = stat.S_IRWXG | stat.S_IRWXO
_secured: set[Path] = set()
_lock = threading.Lock()


def _tighten(path: Path, st: os.stat_result) -> bool:
    """Drop group/other bits of one path we own; True when it changed."""
    if not st.st_mode & _LOOSE or stat.S_ISLNK(st.st_mode) or st.st_uid != os.getuid():
        return False
    try:
        os.chmod(path, stat.S_IMODE(st.st_mode) & ~_LOOSE)
    except OSError:
        return False
    return True


def private_dir(path: Path | str, *, tighten: bool = True) -> Path:
    """Create `path` (and missing parents) mode 0700; an existing `path` with group/other bits is
    tightened (logged) unless `tighten` is false. Existing parents are left as they are."""
    path = Path(path)
    missing: list[Path] = []
    p = path
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        try:
            os.mkdir(d, DIR_MODE)
        except FileExistsError:
            pass
    if missing:  # mkdir's mode is filtered by the umask; say it exactly
        for d in missing:
            try:
                os.chmod(d, DIR_MODE)
            except OSError:
                pass
    elif tighten:
        try:
            st = os.lstat(path)
        except OSError:
            return path
        if stat.S_ISDIR(st.st_mode) and _tighten(path, st):
            log.warning("%s was open to other users; now owner-only (0700)", path)
    return path


def private_file(path: Path | str, *, quiet: bool = False) -> Path:
    """Create `path` empty with mode 0600 if missing (missing directories 0700), or tighten an
    existing one that group/other could use (logged). An existing directory is left alone."""
    path = Path(path)
    private_dir(path.parent, tighten=False)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        try:
            st = os.lstat(path)
        except OSError:
            return path
        if stat.S_ISREG(st.st_mode) and _tighten(path, st) and not quiet:
            log.warning("%s was readable by other users; now owner-only (0600)", path)
        return path
    os.close(fd)
    return path


def private_db(path: Path | str, *, quiet: bool = False) -> Path:
    """`private_file` for an SQLite database, plus its -wal, -shm and -journal files if present
    (SQLite reopens those as they are; it creates new ones with the database file's mode).
    `quiet`: the caller has just created the file, so tightening it is no news."""
    path = private_file(path, quiet=quiet)
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        try:
            st = os.lstat(side)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode) and _tighten(side, st):
            log.warning("%s was readable by other users; now owner-only (0600)", side)
    return path


def _shared_root(home: Path) -> bool:
    """A data directory that is really the user's home (or above it): never chmod that tree."""
    try:
        user_home = Path.home().resolve()
    except (RuntimeError, OSError):
        return False
    return home == user_home or home in user_home.parents


def secure_home(home: Path | str) -> Path:
    """Make `home` 0700 and tighten every file (0600) and directory (0700) under it that group or
    others could use; logs one line with the count. Once per directory per process (the places
    that create files keep new ones private). A missing `home` is left for them to create (0700):
    a read-only open must not leave an empty data directory behind."""
    home = Path(home)
    if not home.exists():
        return home
    key = home.resolve()
    with _lock:
        if key in _secured:
            return home
        _secured.add(key)
    if _shared_root(key):
        log.warning(
            "the data directory %s is your home directory: its modes are left alone; "
            "set NEXUS_HOME to a directory of its own",
            home,
        )
        return home
    fixed = 0
    try:
        fixed += _tighten(home, os.lstat(home))
    except OSError:
        return home
    for root, dirs, files in os.walk(home):  # symlinks are neither followed nor changed
        for name in dirs + files:
            p = Path(root, name)
            try:
                fixed += _tighten(p, os.lstat(p))
            except OSError:
                continue
    if fixed:
        log.warning("%d path(s) under %s were open to other users; now owner-only", fixed, home)
    return home
