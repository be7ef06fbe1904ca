"""Run a real `nexus up --port 0` subprocess for tests: wait for its URL, always stop it by PID."""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

LIMIT = 180  # a guard against a hung child, not a performance assertion


def session_builds() -> Path | None:
    """The test session's folder of Vyper builds (tests/conftest.py), if any."""
    builds = os.environ.get("NEXUS_TEST_BUILDS")
    return Path(builds) if builds else None


def share_builds(src: Path | None, dst: Path | None) -> None:
    """Copy the compiler's cache files (named by contract and source hash) that `dst` lacks,
    owner-only as the node makes its own."""
    if src is None or dst is None or not src.is_dir():
        return
    for f in src.glob("*.json"):
        if not (dst / f.name).exists():
            for d in (*reversed(dst.parents), dst):
                if not d.exists():
                    d.mkdir(mode=0o700)
            shutil.copyfile(f, dst / f"{f.name}.part")
            os.chmod(dst / f"{f.name}.part", 0o600)
            os.replace(dst / f"{f.name}.part", dst / f.name)


@contextmanager
def node_process(
    home: Path, *, cwd: Path | None = None, **env_extra: str
) -> Iterator[tuple[subprocess.Popen[str], str, list[str]]]:
    """`nexus up --port 0` with NEXUS_HOME=`home` (plus NEXUS_* `env_extra`); yields (process, URL,
    output lines so far) once it prints its URL; kills it by PID if it is still running."""
    builds = session_builds()
    share_builds(builds, home / "cache" / "contracts")
    env = {**os.environ, "NEXUS_HOME": str(home), "NEXUS_FLUSH_INTERVAL": "0.1", **env_extra}
    for var in ("NEXUS_RPC_URL", "NEXUS_CONFIG"):
        env.pop(var, None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "nexus", "up", "--port", "0"],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    q: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            q.put(line)
        q.put(None)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    try:
        url = None
        while url is None:
            line = q.get(timeout=LIMIT)
            if line is None:
                pytest.fail(f"nexus up exited early:\n{''.join(lines)}")
            lines.append(line)
            if m := re.search(r"listening on (http://\S+)", line):
                url = m.group(1)
        yield proc, url, lines
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=LIMIT)
        reader.join(timeout=LIMIT)
        share_builds(home / "cache" / "contracts", builds)  # what the child compiled serves the session
        while (item := q.get_nowait() if not q.empty() else None) is not None:
            lines.append(item)
