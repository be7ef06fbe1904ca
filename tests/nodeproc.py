"""Run a real `nexus up --port 0` subprocess for tests: wait for its URL, always stop it by PID."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

LIMIT = 180  # a guard against a hung child, not a performance assertion


@contextmanager
def node_process(
    home: Path, *, cwd: Path | None = None, **env_extra: str
) -> Iterator[tuple[subprocess.Popen[str], str, list[str]]]:
    """`nexus up --port 0` with NEXUS_HOME=`home` (plus NEXUS_* `env_extra`); yields (process, URL,
    output lines so far) once it prints its URL; kills it by PID if it is still running."""
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
        while (item := q.get_nowait() if not q.empty() else None) is not None:
            lines.append(item)
