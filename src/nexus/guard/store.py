"""The monitor's SQLite state: its position, processed blocks, findings (with an outbox), actions."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._fs import private_db
from ..exceptions import StateError
from .findings import Finding

if TYPE_CHECKING:
    from ..chain.base import ChainBackend

__all__ = ["GuardStore"]

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (id INTEGER PRIMARY KEY CHECK (id = 1), chain_id INTEGER NOT NULL,
    genesis TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cursor (id INTEGER PRIMARY KEY CHECK (id = 1), chain_id INTEGER NOT NULL,
    genesis TEXT NOT NULL, next_block INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS processed (block INTEGER PRIMARY KEY, hash TEXT NOT NULL, txs INTEGER NOT NULL,
    findings INTEGER NOT NULL, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS findings (key TEXT PRIMARY KEY, block INTEGER NOT NULL, severity TEXT NOT NULL,
    alert_id TEXT NOT NULL, body TEXT NOT NULL, exported INTEGER NOT NULL DEFAULT 0, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS findings_block ON findings (block);
CREATE TABLE IF NOT EXISTS actions (id INTEGER PRIMARY KEY AUTOINCREMENT, block INTEGER NOT NULL,
    target TEXT NOT NULL, tx TEXT, finding TEXT NOT NULL, ok INTEGER NOT NULL, detail TEXT, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS decisions (id INTEGER PRIMARY KEY AUTOINCREMENT, block INTEGER NOT NULL,
    finding TEXT NOT NULL, target TEXT, pause INTEGER NOT NULL, reason TEXT NOT NULL, at REAL NOT NULL);
"""


class GuardStore:
    """One SQLite file per chain. `commit_block` records a block, its findings and the new position
    in ONE transaction, so a crash either keeps all of it or none (the block is then redone).
    The monitor commits only blocks the chain made durable first, and `rewind_to_chain` checks on
    start that the processed blocks (kept with their hashes) are still the chain's."""

    def __init__(self, path: Path | str, *, chain_id: int, genesis: str) -> None:
        self.path = Path(path)
        private_db(self.path)  # owner-only; SQLite gives -wal/-shm the same mode
        self._lock = threading.Lock()
        try:
            self.conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise StateError(f"guard database {self.path} is unusable: {exc}") from None
        self.conn.execute("INSERT OR IGNORE INTO meta VALUES (1, ?, ?)", (chain_id, genesis))
        row = self.conn.execute("SELECT chain_id, genesis FROM meta WHERE id = 1").fetchone()
        if row is not None and (row[0] != chain_id or row[1] != genesis):
            raise StateError(
                f"guard database {self.path} belongs to another chain (id {row[0]}); "
                "move it away or point NEXUS_HOME elsewhere"
            )
        self.chain_id, self.genesis = chain_id, genesis

    def next_block(self) -> int | None:
        row = self.conn.execute("SELECT next_block FROM cursor WHERE id = 1").fetchone()
        return None if row is None else int(row[0])

    def rewind_to_chain(self, chain: ChainBackend) -> int | None:
        """Start-up check: the last processed block must still be on `chain` with the same hash.
        If it is not (a crash lost chain blocks the guard had seen, or the chain was replaced),
        drop the processed blocks and findings past the last one that still matches and move the
        cursor back there, so the replacement blocks are analysed. Returns the next block."""
        with self._lock:
            nxt = self.next_block()
            if nxt is None:
                return None
            head = chain.block_number()
            keep: int | None = None
            first: int | None = None
            for number, block_hash in self.conn.execute("SELECT block, hash FROM processed ORDER BY block DESC"):
                first = int(number)
                if number <= head and chain.get_block(number).hash == block_hash:
                    keep = int(number)
                    break
            target = keep + 1 if keep is not None else (first if first is not None else min(nxt, head + 1))
            if target == nxt:
                return nxt
            cur = self.conn.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                cur.execute("DELETE FROM processed WHERE block >= ?", (target,))
                cur.execute("DELETE FROM findings WHERE block >= ?", (target,))
                cur.execute("UPDATE cursor SET next_block = ? WHERE id = 1", (target,))
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            log.warning("guard: block %s is no longer on the chain; rewound from %s to %s", target, nxt, target)
            return target

    def commit_block(self, number: int, block_hash: str, txs: int, findings: Sequence[Finding]) -> list[Finding]:
        """Record block `number` as processed; returns the findings that were new (not duplicates)."""
        now = time.time()
        fresh: list[Finding] = []
        with self._lock:
            cur = self.conn.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                expected = self.next_block()
                if expected is not None and number != expected:
                    raise StateError(f"guard: block {number} out of order (expected {expected})")
                cur.execute(
                    "INSERT INTO processed VALUES (?, ?, ?, ?, ?)", (number, block_hash, txs, len(findings), now)
                )
                for f in findings:
                    cur.execute(
                        "INSERT OR IGNORE INTO findings (key, block, severity, alert_id, body, at) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (f.key, f.block_number, f.severity.value, f.alert_id, json.dumps(f.to_json()), now),
                    )
                    if cur.rowcount:
                        fresh.append(f)
                cur.execute(
                    "INSERT INTO cursor VALUES (1, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET next_block = ?",
                    (self.chain_id, self.genesis, number + 1, number + 1),
                )
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
        return fresh

    def unexported(self) -> list[Finding]:
        rows = self.conn.execute("SELECT body FROM findings WHERE exported = 0 ORDER BY block, rowid").fetchall()
        return [Finding.from_json(json.loads(r[0])) for r in rows]

    def mark_exported(self, keys: Sequence[str]) -> None:
        with self._lock:
            self.conn.executemany("UPDATE findings SET exported = 1 WHERE key = ?", [(k,) for k in keys])

    def findings(self, *, limit: int = 100, min_block: int = 0, severity: str | None = None) -> list[dict[str, Any]]:
        q = "SELECT body FROM findings WHERE block >= ?"
        args: list[Any] = [min_block]
        if severity:
            q += " AND severity = ?"
            args.append(severity)
        q += " ORDER BY block DESC, rowid DESC LIMIT ?"
        args.append(limit)
        return [json.loads(r[0]) for r in self.conn.execute(q, args).fetchall()]

    def processed_blocks(self) -> list[int]:
        return [int(r[0]) for r in self.conn.execute("SELECT block FROM processed ORDER BY block")]

    def record_action(self, block: int, target: str, tx: str | None, finding: str, ok: bool, detail: str) -> None:
        with self._lock:
            self.conn.execute(
                "INSERT INTO actions (block, target, tx, finding, ok, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (block, target, tx, finding, int(ok), detail, time.time()),
            )

    def actions(self) -> list[dict[str, Any]]:
        cols = ("block", "target", "tx", "finding", "ok", "detail")
        return [
            dict(zip(cols, r))
            for r in self.conn.execute("SELECT block, target, tx, finding, ok, detail FROM actions ORDER BY id")
        ]

    def record_decision(self, block: int, finding: str, target: str | None, pause: bool, reason: str) -> None:
        """The breaker's verdict on one finding's victim, to pause or not, with its reason."""
        with self._lock:
            self.conn.execute(
                "INSERT INTO decisions (block, finding, target, pause, reason, at) VALUES (?, ?, ?, ?, ?, ?)",
                (block, finding, target, int(pause), reason, time.time()),
            )

    def decisions(self, limit: int = 100) -> list[dict[str, Any]]:
        cols = ("block", "finding", "target", "pause", "reason")
        rows = self.conn.execute(
            "SELECT block, finding, target, pause, reason FROM decisions ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [{**dict(zip(cols, r)), "pause": bool(r[3])} for r in rows]

    def close(self) -> None:
        with self._lock:
            self.conn.close()
