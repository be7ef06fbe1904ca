"""Start and stop a throwaway anvil node on a free loopback port (tests and benchmarks).

The binary comes from the npm devDependency `@foundry-rs/anvil-linux-amd64` (`npm install`);
it is run directly, never through `node_modules/.bin`, with HOME in a temporary folder.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from functools import lru_cache
from pathlib import Path

__all__ = ["ANVIL_BIN", "MNEMONIC", "AnvilNode", "anvil_binary", "dev_key"]

ROOT = Path(__file__).resolve().parents[1]
ANVIL_BIN = ROOT / "node_modules" / "@foundry-rs" / "anvil-linux-amd64" / "bin" / "anvil"
# anvil's default dev mnemonic (its startup banner prints the keys derived from it)
MNEMONIC = "test test test test test test test test test test test junk"
ANVIL_CHAIN_ID = 31337


def anvil_binary() -> Path | None:
    """The anvil executable, or None when `npm install` has not been run."""
    return ANVIL_BIN if ANVIL_BIN.is_file() and os.access(ANVIL_BIN, os.X_OK) else None


@lru_cache(maxsize=16)
def dev_key(index: int = 0) -> str:
    """Private key (0x hex) of anvil's dev account `index`, derived from the default mnemonic."""
    from eth_account import Account

    Account.enable_unaudited_hdwallet_features()
    acct = Account.from_mnemonic(MNEMONIC, account_path=f"m/44'/60'/0'/0/{index}")
    return "0x" + bytes(acct.key).hex()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rpc(url: str, method: str, params: list | None = None, timeout: float = 1.0) -> object:
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params or []})
    req = urllib.request.Request(url, body.encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # loopback only
        return json.loads(resp.read())["result"]


class AnvilNode:
    """One anvil process. Use as a context manager, or call `start()` and `stop()`."""

    def __init__(
        self,
        *,
        chain_id: int = ANVIL_CHAIN_ID,
        prune_history: int = 512,
        extra_args: tuple[str, ...] = (),
        startup_timeout: float = 30.0,
    ) -> None:
        binary = anvil_binary()
        if binary is None:
            raise FileNotFoundError(f"anvil is not installed at {ANVIL_BIN}; run `npm install`")
        self.binary = binary
        self.chain_id = chain_id
        # keep this many recent states in memory: enough to trace and replay recent transactions
        self.prune_history = prune_history
        self.extra_args = extra_args
        self.startup_timeout = startup_timeout
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self._home: tempfile.TemporaryDirectory[str] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> AnvilNode:
        self._home = tempfile.TemporaryDirectory(prefix="nexus-anvil-")
        env = dict(os.environ, HOME=self._home.name)
        self._log_path = Path(self._home.name) / "anvil.log"
        for attempt in range(3):  # the free port may be taken between probe and bind
            self.port = free_port()
            with open(self._log_path, "wb") as log:
                self.proc = subprocess.Popen(
                    [
                        str(self.binary),
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(self.port),
                        "--chain-id",
                        str(self.chain_id),
                        "--silent",
                        "--prune-history",
                        str(self.prune_history),
                        *self.extra_args,
                    ],
                    env=env,
                    cwd=self._home.name,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                )
            if self._wait_ready():
                return self
            err = self._stop_proc()
            if attempt == 2:
                self._cleanup_home()
                raise RuntimeError(f"anvil did not start on port {self.port}: {err.strip()[-500:]}")
        raise AssertionError("unreachable")

    def _wait_ready(self) -> bool:
        assert self.proc is not None
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                if int(str(_rpc(self.url, "eth_chainId")), 16) == self.chain_id:
                    return True
            except (OSError, ValueError, KeyError, urllib.error.URLError):
                pass
            time.sleep(0.05)
        return False

    def _stop_proc(self) -> str:
        """Terminate our process by its PID (kill after a grace period); return its stderr."""
        proc, self.proc = self.proc, None
        if proc is None:
            return ""
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        try:
            return self._log_path.read_text(errors="replace")
        except OSError:
            return ""

    def _cleanup_home(self) -> None:
        if self._home is not None:
            self._home.cleanup()
            self._home = None

    def stop(self) -> None:
        self._stop_proc()
        self._cleanup_home()

    def __enter__(self) -> AnvilNode:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
