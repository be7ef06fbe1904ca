"""The relayer's durable state: per-route scan cursors and every final message with its fate."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from .._fs import private_db
from .message import Message

__all__ = ["Journal"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS cursor (route TEXT PRIMARY KEY, block INTEGER NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS message (
    src_chain INTEGER NOT NULL, nonce INTEGER NOT NULL, dst_chain INTEGER NOT NULL,
    src_contract TEXT NOT NULL, sender TEXT NOT NULL, recipient TEXT NOT NULL, payload BLOB NOT NULL,
    finality INTEGER NOT NULL, block INTEGER NOT NULL, block_hash TEXT NOT NULL, tx_hash TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending', note TEXT, dst_tx TEXT, gas INTEGER,
    t_final REAL NOT NULL, t_done REAL,
    PRIMARY KEY (src_chain, nonce, dst_chain)
);
"""


class Journal:
    """SQLite, fsynced on every commit. A message enters as `pending` in the same transaction
    that moves its route's cursor past it (so a crash loses none), and leaves as `delivered`
    only after its delivery is durable on the destination (so a crash never doubles one: the
    relayer asks the inbox before sending again)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        new = not self.path.exists()
        private_db(self.path, quiet=new)
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()

    def cursor(self, route: str) -> tuple[int, str] | None:
        with self._lock:
            row = self._db.execute("SELECT block, hash FROM cursor WHERE route=?", (route,)).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def advance(self, route: str, block: int, block_hash: str, found: list[Message]) -> int:
        """Record `found` and move the cursor to `block`, atomically; returns how many were new."""
        now = time.time()
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                before = self._db.total_changes
                self._db.executemany(
                    "INSERT INTO message (src_chain, nonce, dst_chain, src_contract, sender, recipient,"
                    " payload, finality, block, block_hash, tx_hash, t_final) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
                    # the same nonce seen again in another block (a rescan after a reorg): the new
                    # canonical version replaces one never delivered
                    " ON CONFLICT(src_chain, nonce, dst_chain) DO UPDATE SET src_contract=excluded.src_contract,"
                    " sender=excluded.sender, recipient=excluded.recipient, payload=excluded.payload,"
                    " finality=excluded.finality, block=excluded.block, block_hash=excluded.block_hash,"
                    " tx_hash=excluded.tx_hash, status='pending', note=NULL"
                    " WHERE message.status != 'delivered' AND message.block_hash != excluded.block_hash",
                    [
                        (
                            m.src_chain,
                            m.nonce,
                            m.dst_chain,
                            m.src_contract,
                            m.sender,
                            m.recipient,
                            m.payload,
                            m.finality,
                            m.block,
                            m.block_hash,
                            m.tx_hash,
                            now,
                        )
                        for m in found
                    ],
                )
                new = self._db.total_changes - before
                self._db.execute(
                    "INSERT INTO cursor (route, block, hash) VALUES (?,?,?)"
                    " ON CONFLICT(route) DO UPDATE SET block=excluded.block, hash=excluded.hash",
                    (route, block, block_hash),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return new

    def rewind(self, route: str, block: int, block_hash: str) -> None:
        with self._lock:
            self._db.execute("UPDATE cursor SET block=?, hash=? WHERE route=?", (block, block_hash, route))

    def pending(self, src_chain: int, dst_chain: int, limit: int) -> list[Message]:
        with self._lock:
            rows = self._db.execute(
                "SELECT src_chain, src_contract, nonce, sender, dst_chain, recipient, payload, finality, block,"
                " block_hash, tx_hash FROM message WHERE src_chain=? AND dst_chain=? AND status='pending'"
                " ORDER BY nonce LIMIT ?",
                (src_chain, dst_chain, limit),
            ).fetchall()
        return [
            Message(
                int(r[0]),
                str(r[1]),
                int(r[2]),
                str(r[3]),
                int(r[4]),
                str(r[5]),
                bytes(r[6]),
                int(r[7]),
                int(r[8]),
                str(r[9]),
                str(r[10]),
            )
            for r in rows
        ]

    def settle(
        self, m: Message, status: str, *, note: str | None = None, dst_tx: str | None = None, gas: int | None = None
    ) -> None:
        """Mark a message `delivered` or `orphaned`, or leave it `pending` with a note."""
        with self._lock:
            self._db.execute(
                "UPDATE message SET status=?, note=?, dst_tx=COALESCE(?, dst_tx), gas=COALESCE(?, gas),"
                " t_done=CASE WHEN ?='pending' THEN NULL ELSE ? END"
                " WHERE src_chain=? AND nonce=? AND dst_chain=?",
                (status, note, dst_tx, gas, status, time.time(), m.src_chain, m.nonce, m.dst_chain),
            )

    def messages(self, *, status: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        sql = (
            "SELECT src_chain, nonce, dst_chain, sender, recipient, payload, finality, block, tx_hash, status, note,"
            " dst_tx, gas, t_final, t_done FROM message"
        )
        args: tuple[Any, ...] = ()
        if status is not None:
            sql += " WHERE status=?"
            args = (status,)
        sql += " ORDER BY t_final DESC, src_chain, nonce DESC LIMIT ?"
        with self._lock:
            rows = self._db.execute(sql, (*args, limit)).fetchall()
        keys = (
            "src_chain nonce dst_chain sender recipient payload finality block tx_hash status note dst_tx gas"
            " t_final t_done"
        ).split()
        out = []
        for r in rows:
            d = dict(zip(keys, r))
            d["payload"] = "0x" + bytes(d["payload"]).hex()
            out.append(d)
        return out

    def counts(self) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute("SELECT status, COUNT(*) FROM message GROUP BY status").fetchall()
        return {str(s): int(n) for s, n in rows}

    def close(self) -> None:
        with self._lock:
            self._db.close()
