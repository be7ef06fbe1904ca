"""Start and stop a throwaway PostgreSQL server on a free loopback port (tests and benchmarks).

The binaries are Debian's `postgresql` package (`make test` installs it): `initdb` and
`postgres` from PATH or /usr/lib/postgresql/<version>/bin. The cluster lives in a temporary
folder, listens on 127.0.0.1 only (its unix socket in that folder too), trusts local
connections, and is stopped by its PID. PostgreSQL refuses to run as root: as root the
server runs as `nobody`, owning only its temporary folder.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

__all__ = ["PostgresServer", "fresh_schema_url", "postgres_bin"]

USER = "nexus"  # the cluster's superuser (trust authentication on loopback)
RUN_AS_ROOT = "nobody"  # who runs the server when we are root


def postgres_bin() -> Path | None:
    """The folder holding `initdb` and `postgres` (the real one, not a PATH symlink), or None."""
    found = shutil.which("initdb")
    if found:
        real = Path(found).resolve().parent
        if (real / "postgres").is_file():
            return real
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(re.sub(r"\D", "", p.parent.name) or 0),
        reverse=True,
    )
    for folder in versions:
        if (folder / "initdb").is_file() and (folder / "postgres").is_file():
            return folder
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """One postgres process over a fresh cluster. Context manager, or `start()` and `stop()`.

    `fsync=False` trades crash safety for speed (tests); benchmarks keep it on so a commit
    is on disk before it returns, as in production.
    """

    def __init__(self, *, fsync: bool = False, startup_timeout: float = 60.0) -> None:
        binary = postgres_bin()
        if binary is None:
            raise FileNotFoundError("PostgreSQL is not installed (apt-get install postgresql)")
        self.bin = binary
        self.fsync = fsync
        self.startup_timeout = startup_timeout
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self.dir: Path | None = None

    @property
    def url(self) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/postgres"

    def _as_server_user(self) -> dict[str, object]:
        if os.geteuid() != 0:
            return {}
        pw = pwd.getpwnam(RUN_AS_ROOT)
        assert self.dir is not None
        for path in (self.dir, *self.dir.rglob("*")):
            os.chown(path, pw.pw_uid, pw.pw_gid)
        return {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}

    def start(self) -> PostgresServer:
        self.dir = Path(tempfile.mkdtemp(prefix="nexus-pg-"))
        data, log_path = self.dir / "data", self.dir / "server.log"
        env = {
            "PATH": os.environ.get("PATH", ""),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "HOME": str(self.dir),
            "TZ": "UTC",
        }
        log_path.touch()
        who = self._as_server_user()
        init = subprocess.run(
            [
                str(self.bin / "initdb"),
                "-D",
                str(data),
                "-U",
                USER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
                "--locale=C.UTF-8",
            ],
            env=env,
            cwd=self.dir,
            capture_output=True,
            timeout=120,
            **who,
        )  # type: ignore[call-overload]
        if init.returncode != 0:
            self._cleanup()
            raise RuntimeError(f"initdb failed: {init.stderr.decode(errors='replace')[-800:]}")
        for attempt in range(3):  # the free port may be taken between probe and bind
            self.port = _free_port()
            with open(log_path, "ab") as log:
                self.proc = subprocess.Popen(
                    [
                        str(self.bin / "postgres"),
                        "-D",
                        str(data),
                        "-p",
                        str(self.port),
                        "-c",
                        "listen_addresses=127.0.0.1",
                        "-c",
                        f"unix_socket_directories={self.dir}",
                        "-c",
                        f"fsync={'on' if self.fsync else 'off'}",
                        "-c",
                        "max_connections=200",
                        "-c",
                        "shared_buffers=32MB",
                        "-c",
                        "log_min_messages=warning",
                    ],
                    env=env,
                    cwd=self.dir,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                    start_new_session=True,
                    **who,
                )  # type: ignore[call-overload]
            if self._wait_ready():
                return self
            self._stop_proc()
            if attempt == 2:
                err = log_path.read_text(errors="replace")[-800:]
                self._cleanup()
                raise RuntimeError(f"postgres did not start on port {self.port}: {err}")
        raise AssertionError("unreachable")

    def _wait_ready(self) -> bool:
        import psycopg

        assert self.proc is not None
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                with psycopg.connect(self.url, connect_timeout=2) as conn:
                    conn.execute("SELECT 1")
                return True
            except psycopg.OperationalError:
                time.sleep(0.1)
        return False

    def _stop_proc(self) -> None:
        """Fast shutdown of our server by its PID (SIGINT), SIGKILL after a grace period."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)

    def _cleanup(self) -> None:
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def stop(self) -> None:
        self._stop_proc()
        self._cleanup()

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def fresh_schema_url(url: str) -> str:
    """A URL on the same database whose search_path is a new empty schema: a fresh log."""
    import uuid

    import psycopg

    name = "t_" + uuid.uuid4().hex[:16]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{name}"
