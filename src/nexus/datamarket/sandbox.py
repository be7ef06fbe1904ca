"""Run a buyer's algorithm on a provider's data in a locked-down subprocess.

Isolation: a new network namespace (`unshare -n`, when it works here: root or user namespaces) so
no socket reaches anything, and always an audit hook in the child that refuses socket creation,
process spawning, ctypes and any file opened for writing; resource limits (RLIMIT_CPU, RLIMIT_AS,
RLIMIT_FSIZE, RLIMIT_NOFILE) and a wall-clock timeout; a fresh temporary working directory that is
deleted after; stdout/stderr discarded; the result read from a pipe up to a size limit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..exceptions import ComputeRejected

__all__ = ["Limits", "SandboxRun", "isolation", "run_sandboxed"]

_RUNNER = Path(__file__).with_name("_runner.py")


@dataclass(frozen=True)
class Limits:
    cpu_seconds: int = 60
    memory_bytes: int = 4 * 2**30
    wall_seconds: float = 120.0
    output_bytes: int = 64 * 1024
    max_files: int = 256


@dataclass(frozen=True)
class SandboxRun:
    ok: bool
    output: bytes
    seconds: float
    isolation: str
    error: str | None = None


@cache
def isolation() -> str:
    """'netns+audit' where `unshare -n` works here, else 'audit' (the audit hook alone)."""
    exe = shutil.which("unshare")
    if exe is None:
        return "audit"
    try:
        ok = subprocess.run([exe, "-n", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        ok = False
    return "netns+audit" if ok else "audit"


def _expire(proc: subprocess.Popen[bytes], expired: threading.Event) -> None:
    expired.set()
    proc.kill()


def run_sandboxed(algorithm: Path, data: Path, limits: Limits | None = None) -> SandboxRun:
    """Run `algorithm` (a file defining `run(data)`) on the parquet file `data`; the raw result bytes."""
    limits = limits or Limits()
    mode = isolation()
    work = Path(tempfile.mkdtemp(prefix="nexus-c2d-"))
    read_fd, write_fd = os.pipe()
    # the runner sets its own rlimits before it reads anything: a Python preexec_fn in this (threaded)
    # process could deadlock the forked child on a lock another thread held at the fork
    rlimits = (limits.cpu_seconds, limits.memory_bytes, 2**20, limits.max_files)
    cmd = [sys.executable, "-I", str(_RUNNER), str(algorithm.resolve()), str(data.resolve()), str(write_fd)]
    cmd += [str(v) for v in rlimits]
    if mode == "netns+audit":
        cmd = [shutil.which("unshare") or "unshare", "-n", *cmd]
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(work),
        "TMPDIR": str(work),
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "LANG": "C.UTF-8",
    }
    start = time.perf_counter()
    expired = threading.Event()
    watchdog: threading.Timer | None = None
    try:
        proc = subprocess.Popen(
            cmd,
            cwd=work,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(write_fd,),
            start_new_session=True,
        )
        # the wall-clock limit holds even while the job writes nothing (a sleeping or stuck job)
        watchdog = threading.Timer(limits.wall_seconds, _expire, (proc, expired))
        watchdog.daemon = True
        watchdog.start()
        os.close(write_fd)
        write_fd = -1
        chunks, size = [], 0
        deadline = start + limits.wall_seconds
        with os.fdopen(read_fd, "rb", buffering=0) as pipe:
            read_fd = -1
            while chunk := pipe.read(65536):
                size += len(chunk)
                if size > limits.output_bytes:
                    proc.kill()
                    raise ComputeRejected(f"the job's output is over the {limits.output_bytes:,}-byte limit")
                chunks.append(chunk)
                if time.perf_counter() > deadline:
                    break
        try:
            proc.wait(timeout=max(0.1, deadline - time.perf_counter()))
        except subprocess.TimeoutExpired:
            expired.set()
            proc.kill()
            proc.wait()
        if expired.is_set():
            raise ComputeRejected(f"the job ran past its {limits.wall_seconds:g} s wall-clock limit") from None
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            why = (
                f"killed by signal {-proc.returncode}: a CPU or memory limit, or a crash"
                if proc.returncode < 0
                else f"exit status {proc.returncode}"
            )
            return SandboxRun(False, b"", seconds, mode, f"the job was stopped ({why})")
        return SandboxRun(True, b"".join(chunks), seconds, mode)
    finally:
        if watchdog is not None:
            watchdog.cancel()
        for fd in (read_fd, write_fd):
            if fd >= 0:
                os.close(fd)
        shutil.rmtree(work, ignore_errors=True)
