"""Run untrusted Python in a sandboxed subprocess: rlimits, no network, a fresh temp working dir.

Self-contained (standard library only) so it can be shared. `run_sandboxed(source, entry, args)`
calls `entry(*args)` from `source` in `python -I` and returns its JSON-able result. Limits: CPU
seconds, address space, file size and open files by `resource.setrlimit`; no network by
`unshare -n` (an empty network namespace) when running as root, else an audit hook that refuses
every socket event; a temp dir as cwd (removed after); an empty environment; a wall-clock timeout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from typing import Any

from ..exceptions import SandboxError

__all__ = ["Limits", "network_isolation", "run_sandboxed"]

_RUNNER = r"""
import json, resource, sys
for _which, _value in zip(
    (resource.RLIMIT_CPU, resource.RLIMIT_AS, resource.RLIMIT_FSIZE, resource.RLIMIT_NOFILE, resource.RLIMIT_CORE),
    map(int, sys.argv[2:7]),
):
    resource.setrlimit(_which, (_value, _value))
def _no_net(event, args):
    if event.startswith("socket."):
        raise PermissionError("sandbox: network access is blocked")
if sys.argv[1] == "hook":
    sys.addaudithook(_no_net)
job = json.loads(sys.stdin.read())
scope = {"__name__": "job"}
exec(compile(job["source"], "<job>", "exec"), scope)
result = scope[job["entry"]](*job["args"])
sys.stdout.write("\n" + json.dumps({"result": result}, sort_keys=True, separators=(",", ":")))
"""


@dataclass(frozen=True)
class Limits:
    cpu_seconds: int = 10
    memory_bytes: int = 1 << 30
    file_bytes: int = 1 << 20
    open_files: int = 64
    wall_seconds: float = 30.0


def network_isolation() -> str:
    """'namespace' (unshare -n works here) or 'audit-hook'."""
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("unshare"):
        try:
            if subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=5).returncode == 0:
                return "namespace"
        except (OSError, subprocess.SubprocessError):
            pass
    return "audit-hook"


def _rlimits(lim: Limits) -> list[str]:
    """The runner sets these itself, first thing: a Python preexec_fn in a threaded parent could
    deadlock the forked child on a lock another thread held at the fork."""
    return [str(v) for v in (lim.cpu_seconds, lim.memory_bytes, lim.file_bytes, lim.open_files, 0)]


def run_sandboxed(
    source: str, entry: str, args: list[Any], limits: Limits | None = None, isolation: str | None = None
) -> Any:
    """`entry(*args)` from `source` in a sandboxed subprocess; SandboxError if it fails in any way."""
    lim = limits or Limits()
    how = isolation or network_isolation()
    cmd = [sys.executable, "-I", "-S", "-c", _RUNNER, "hook" if how == "audit-hook" else "ns", *_rlimits(lim)]
    if how == "namespace":
        cmd = ["unshare", "-n", *cmd]
    payload = json.dumps({"source": source, "entry": entry, "args": args})
    with tempfile.TemporaryDirectory(prefix="nexus-job-") as cwd:
        try:
            proc = subprocess.run(
                cmd,
                input=payload,
                capture_output=True,
                text=True,
                cwd=cwd,
                env={"PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1", "PYTHONHASHSEED": "0"},
                timeout=lim.wall_seconds,
            )
        except subprocess.TimeoutExpired:
            raise SandboxError(f"job ran past {lim.wall_seconds:g} s") from None
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]
        raise SandboxError(f"job failed: {last[:300]}")
    try:
        return json.loads(proc.stdout.rsplit("\n", 1)[-1])["result"]
    except (ValueError, KeyError):
        raise SandboxError("job printed no result") from None
