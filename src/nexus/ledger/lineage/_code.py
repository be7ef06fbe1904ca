"""Code and environment identity of a run: git commit, a hash of uncommitted changes, packages."""

from __future__ import annotations

import hashlib
import platform
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["code_identity", "environment", "file_identity"]

_TIMEOUT = 30.0


def _git(cwd: Path, *args: str) -> bytes | None:
    """stdout of `git args` in `cwd`, or None when git fails (not a repo, no commits, no git)."""
    try:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, timeout=_TIMEOUT, check=False, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout if proc.returncode == 0 else None


def _text(out: bytes | None) -> str | None:
    return out.decode("utf-8", "replace").strip() if out is not None else None


def code_identity(where: str | Path | None = None) -> dict[str, Any]:
    """Git identity of the repository holding `where` (default: the working directory).

    `commit` is HEAD (None before the first commit); `dirty` says whether anything differs from
    HEAD; `diff_sha256` is SHA-256 over `git diff HEAD --binary` (staged and unstaged changes to
    tracked files) followed by, for each untracked, non-ignored file in path order, its path, a
    NUL and its content's SHA-256. Outside a repository (or without git) `git` is None and
    `reason` says why; the run still records the entry file's own hash (`file_identity`)."""
    cwd = Path(where or Path.cwd()).resolve()
    cwd = cwd if cwd.is_dir() else cwd.parent
    if shutil.which("git") is None:
        return {"git": None, "reason": "git is not installed"}
    top = _text(_git(cwd, "rev-parse", "--show-toplevel"))
    if not top:
        return {"git": None, "reason": f"{cwd} is not in a git repository"}
    root = Path(top)
    commit = _text(_git(root, "rev-parse", "--verify", "-q", "HEAD"))
    branch = _text(_git(root, "rev-parse", "--abbrev-ref", "HEAD")) if commit else None
    diff = (
        _git(root, "diff", "HEAD", "--binary", "--no-color", "--no-ext-diff")
        if commit
        else (_git(root, "diff", "--cached", "--binary", "--no-color", "--no-ext-diff"))
    )
    untracked = (_git(root, "ls-files", "--others", "--exclude-standard", "-z") or b"").split(b"\0")
    h = hashlib.sha256(diff or b"")
    extra = 0
    for rel in sorted(u for u in untracked if u):
        path = root / rel.decode("utf-8", "surrogateescape")
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue
        h.update(rel + b"\0" + digest.encode())
        extra += 1
    dirty = bool(diff) or extra > 0
    return {
        "git": {
            "commit": commit,
            "branch": branch if branch != "HEAD" else None,
            "dirty": dirty,
            "diff_sha256": h.hexdigest() if dirty else None,
            "untracked_files": extra,
        }
    }


def file_identity(path: str | Path | None) -> dict[str, Any] | None:
    """{path, sha256} of a source file (e.g. the training script), or None if unreadable."""
    if not path:
        return None
    p = Path(path)
    try:
        return {"path": p.name, "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
    except OSError:
        return None


def environment(packages: bool = True) -> dict[str, Any]:
    """Python, platform and (sorted) installed distributions with their versions."""
    env: dict[str, Any] = {
        "python": platform.python_version(),
        "implementation": sys.implementation.name,
        "platform": platform.platform(terse=True),
        "machine": platform.machine(),
    }
    if packages:
        found: dict[str, str] = {}
        for dist in metadata.distributions():
            name = dist.metadata["Name"] if dist.metadata else None
            if name:
                found.setdefault(name.lower().replace("_", "-"), dist.version)
        env["packages"] = dict(sorted(found.items()))
    return env
