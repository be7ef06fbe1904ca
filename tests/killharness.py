"""kill -9 a real `nexus up` under mixed load, restart it, and check nothing acknowledged was lost.

`run_node_kill_rounds(rounds, seed)` is the reusable core (the suite runs a few rounds; a benchmark
can run many). Each round starts the node on the embedded chain (guard, oracle and ledger services
on), drives market buys, ledger appends, anchors and receipt reads through the API with the token,
records every acknowledged answer, and SIGKILLs the process at a random moment. After the last
round the node is started once more (so every service runs its start-up checks and the guard
catches up), every receipt served before a kill is verified through the API, and the stores are
then read offline against the chain.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from nodeproc import LIMIT, node_process, session_builds, share_builds

OUTCOMES = ("Yes", "No")


def _call(url: str, method: str = "GET", body: Any = None, token: str | None = None) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, None


def _prepare(home: Path, contracts_cache: Path | None) -> None:
    """Fund the node's account and open one market before the node takes the chain."""
    if contracts_cache is not None and contracts_cache.exists():
        shutil.copytree(contracts_cache, home / "cache" / "contracts", dirs_exist_ok=True)
    share_builds(session_builds(), home / "cache" / "contracts")
    code = (
        "import nexus\n"
        "with nexus.connect() as nx:\n"
        "    m = nexus.open_markets(nx)\n"
        "    m.faucet(nx.chain.default_account, 10**9 * 10**18)\n"
        f"    m.create('Crash?', {list(OUTCOMES)!r}, 1000 * 10**18, dispute_window=0)\n"
    )
    env = {**os.environ, "NEXUS_HOME": str(home)}
    env.pop("NEXUS_RPC_URL", None)
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=LIMIT)
    share_builds(home / "cache" / "contracts", session_builds())
    if contracts_cache is not None and not contracts_cache.exists():
        shutil.copytree(home / "cache" / "contracts", contracts_cache)


class _Load:
    """Writers hitting one node until told to stop; every acknowledged answer is kept."""

    def __init__(self, url: str, token: str, rng: random.Random, acked: dict[str, list[Any]]) -> None:
        self.url, self.token, self.rng, self.acked = url, token, rng, acked
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def _keep(self, kind: str, item: Any) -> None:
        with self.lock:
            self.acked[kind].append(item)

    def buyer(self) -> None:
        while not self.stop.is_set():
            outcome = self.rng.choice(OUTCOMES)
            try:
                status, got = _call(
                    f"{self.url}/markets/0/trade",
                    "POST",
                    {"side": "buy", "outcome": outcome, "shares": "1"},
                    self.token,
                )
            except OSError:
                return  # the node is gone
            if status == 200:
                self._keep("buys", {"tx": got["tx"], "outcome": outcome})

    def ledger(self) -> None:
        n = 0
        while not self.stop.is_set():
            try:
                status, got = _call(
                    f"{self.url}/ledger/records",
                    "POST",
                    {"kind": "note", "payload": {"n": n, "r": self.rng.random()}},
                    self.token,
                )
                if status == 201:
                    self._keep("records", got["id"])
                n += 1
                if n % 3 == 0:
                    status, got = _call(f"{self.url}/ledger/anchor", "POST", {}, self.token)
                    if status == 200 and got["anchor"]:
                        self._keep("anchors", got["anchor"])
                        index = got["anchor"]["size"] - 1  # served against the newest anchor
                        status, rec = _call(f"{self.url}/ledger/records/{index}/receipt")
                        if status == 200:
                            self._keep("receipts", rec)
            except OSError:
                return


def _round(home: Path, rng: random.Random, acked: dict[str, list[Any]], env: dict[str, str]) -> None:
    with node_process(home, **env) as (proc, url, _lines):
        token = (home / "api-token").read_text().strip()
        load = _Load(url, token, rng, acked)
        threads = [threading.Thread(target=load.buyer, daemon=True) for _ in range(3)]
        threads.append(threading.Thread(target=load.ledger, daemon=True))
        before = {k: len(v) for k, v in acked.items()}
        for t in threads:
            t.start()
        deadline = time.monotonic() + LIMIT  # the load is really running (a busy machine starts slowly)
        while time.monotonic() < deadline and not all(len(acked[k]) > before[k] for k in ("buys", "records")):
            time.sleep(0.05)
        time.sleep(rng.uniform(0.2, 2.0))  # then a random moment under load
        os.kill(proc.pid, signal.SIGKILL)  # kill -9 while requests are in flight
        proc.wait(timeout=LIMIT)
        load.stop.set()
        for t in threads:
            t.join(timeout=LIMIT)


def _final_checks(home: Path, acked: dict[str, list[Any]], env: dict[str, str]) -> dict[str, Any]:
    """Restart once more: verify served receipts through the API, let the guard catch up, stop
    cleanly; then read the stores offline against the chain."""
    failed_receipts = 0
    with node_process(home, **env) as (proc, url, _lines):
        token = (home / "api-token").read_text().strip()
        for rec in acked["receipts"]:
            status, rep = _call(f"{url}/ledger/verify", "POST", rec, token)
            failed_receipts += not (status == 200 and rep["valid"])
        deadline = time.monotonic() + LIMIT
        while time.monotonic() < deadline:  # the guard catches up with the restarted chain
            health = _call(f"{url}/health")[1]
            head = _call(f"{url}/status")[1]["block_number"]
            if health["services"]["guard"]["next_block"] > head:
                break
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=LIMIT)
    return {"failed_receipts": failed_receipts, **_offline(home, acked)}


def _offline(home: Path, acked: dict[str, list[Any]]) -> dict[str, Any]:
    from nexus.chain.embedded import EmbeddedChain

    chain = EmbeddedChain(home / "chain", readonly=True)
    try:
        head = chain.block_number()
        receipts = [chain.receipt(b["tx"]) for b in acked["buys"]]
        lost = [b["tx"] for b, rc in zip(acked["buys"], receipts) if rc is None or not rc.status or not rc.logs]
        conn = sqlite3.connect(home / "ledger" / "ledger.db")
        anchors = conn.execute("SELECT tx_hash, block FROM anchors").fetchall()
        conn.close()
        dangling = [
            tx
            for tx, block in anchors
            if block > head or tx not in {t.hash for t in chain.get_block(block).transactions}
        ]
        gpath = next((home / "guard").glob("state-*.db"))
        g = sqlite3.connect(gpath)
        cursor = g.execute("SELECT next_block FROM cursor").fetchone()[0]
        processed = g.execute("SELECT block, hash FROM processed ORDER BY block").fetchall()
        g.close()
        stale = [n for n, h in processed if n > head or chain.get_block(n).hash != h]
        journal_stale = 0
        for path in (home / "oracle").glob("*.jsonl"):
            for line in path.read_text().splitlines():
                try:
                    row = json.loads(line)
                except ValueError:
                    continue
                b = row.get("block")
                journal_stale += isinstance(b, int) and (b > head or chain.get_block(b).hash != row["block_hash"])
        return {
            "head": head,
            "lost": len(lost),
            "dangling_anchors": len(dangling),
            "anchors": len(anchors),
            "guard_cursor": cursor,
            "guard_stale_blocks": len(stale),
            "guard_processed": len(processed),
            "journal_stale": journal_stale,
        }
    finally:
        chain.close()


def run_node_kill_rounds(
    rounds: int, seed: int, *, home: Path | None = None, contracts_cache: Path | None = None
) -> dict[str, Any]:
    """Kill -9 a loaded `nexus up` `rounds` times (at moments drawn from `seed`), restart, check.

    Returns kills, acked (buys, records, anchors, receipts served), lost (acknowledged buys not on
    the chain), dangling_anchors (ledger anchors whose tx is not in the recorded block),
    failed_receipts (served receipts that no longer verify), guard_cursor / head,
    guard_stale_blocks (processed blocks whose hash is not the chain's: replacements not analysed),
    journal_stale (oracle rounds journalled against lost blocks)."""
    rng = random.Random(seed)
    own = home is None
    root = Path(tempfile.mkdtemp(prefix="nexus-kill-")) if home is None else home
    home = root / "home" if own else root
    env = {
        "NEXUS_ORACLE_INTERVAL": "0.3",
        "NEXUS_LEDGER_BATCH_MS": "50",
        "NEXUS_POLL_INTERVAL": "0.05",
        "NEXUS_FLUSH_INTERVAL": "0.5",
    }
    try:
        _prepare(home, contracts_cache)
        acked: dict[str, list[Any]] = {"buys": [], "records": [], "anchors": [], "receipts": []}
        for _ in range(rounds):
            _round(home, rng, acked, env)
        out = _final_checks(home, acked, env)
        return {"kills": rounds, "acked": {k: len(v) for k, v in acked.items()}, **out}
    finally:
        if own:
            shutil.rmtree(root, ignore_errors=True)
