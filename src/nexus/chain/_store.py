"""SQLite file behind the embedded chain: trie nodes, blocks, transactions, logs, metadata."""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from eth.db.backends.base import BaseDB

from .._fs import private_db, private_dir
from ..exceptions import StateError, StateLocked
from .types import Block, Log, Tx, TxReceipt

__all__ = ["ChainStore", "NodeDB"]

FORMAT = "symbiotic-nexus/embedded-chain"
VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nodes (k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS blocks (
    number INTEGER PRIMARY KEY, hash TEXT NOT NULL, parent TEXT NOT NULL, timestamp INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS txs (
    hash TEXT PRIMARY KEY, block INTEGER NOT NULL, idx INTEGER NOT NULL, sender TEXT NOT NULL,
    "to" TEXT, value TEXT NOT NULL, data BLOB NOT NULL, nonce INTEGER NOT NULL, gas INTEGER NOT NULL,
    gas_price INTEGER NOT NULL, status INTEGER NOT NULL, gas_used INTEGER NOT NULL,
    contract TEXT, revert TEXT, trace TEXT);
CREATE INDEX IF NOT EXISTS txs_block ON txs(block, idx);
CREATE TABLE IF NOT EXISTS logs (
    block INTEGER NOT NULL, log_index INTEGER NOT NULL, tx_hash TEXT NOT NULL, tx_index INTEGER NOT NULL,
    address TEXT NOT NULL, topic0 BLOB, topics BLOB NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (block, log_index)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS logs_address ON logs(address, block);
CREATE INDEX IF NOT EXISTS logs_topic0 ON logs(topic0, block);
"""


class NodeDB(BaseDB):
    """py-evm key-value store: reads fall through to SQLite, writes wait in `pending` for a flush."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._cache: dict[bytes, bytes] = {}
        self.pending: dict[bytes, bytes] = {}

    def __getitem__(self, key: bytes) -> bytes:
        value = self._cache.get(key)
        if value is None:
            row = self._conn.execute("SELECT v FROM nodes WHERE k=?", (key,)).fetchone()
            if row is None:
                raise KeyError(key)
            value = self._cache[key] = bytes(row[0])
        return value

    def __setitem__(self, key: bytes, value: bytes) -> None:
        self._cache[key] = value
        self.pending[key] = value

    def __delitem__(self, key: bytes) -> None:
        # Trie nodes are content-addressed and shared between roots: never delete them.
        pass

    def _exists(self, key: bytes) -> bool:
        try:
            self[key]
        except KeyError:
            return False
        return True


class ChainStore:
    """Owns the state file and its lock. Only one writer process at a time; readers never lock."""

    def __init__(self, directory: Path, *, readonly: bool = False) -> None:
        self.directory = directory
        self.path = directory / "state.db"
        self.readonly = readonly
        self._lock_fd: int | None = None
        fresh = not self.path.exists()
        if readonly and fresh:
            raise StateError(f"no embedded chain at {directory}")
        if not readonly:
            private_dir(directory)
            self._take_lock()
        try:
            if not fresh:  # validate read-only first: a foreign file must stay byte-for-byte intact
                probe = self._open(readonly=True)
                try:
                    self.meta = self._load_meta(probe)
                finally:
                    probe.close()
            self.conn = self._open(readonly=readonly, check=False)
            if not readonly:  # before the first write makes -wal/-shm (they copy this mode)
                private_db(self.path, quiet=fresh)
            if fresh:
                self.conn.executescript(_SCHEMA)
                self.meta = {}
        except BaseException:
            self.release()
            raise
        self.nodes = NodeDB(self.conn)

    # --- opening ---------------------------------------------------------------------------
    def _take_lock(self) -> None:
        lock_path = self.directory / "LOCK"
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise StateLocked(
                f"the embedded chain at {self.directory} is in use by process {holder};"
                " stop it, or talk to it through its API"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._lock_fd = fd

    def _open(self, *, readonly: bool, check: bool = True) -> sqlite3.Connection:
        try:
            if readonly:
                conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            else:
                conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
                conn.execute("PRAGMA journal_mode=WAL")
                # FULL: a commit is fsynced, so a flushed block survives power loss too (the
                # durability barrier promises that); commits are one per flush, not per block.
                conn.execute("PRAGMA synchronous=FULL")
            ok = conn.execute("PRAGMA quick_check(1)").fetchone() if check else ("ok",)
        except sqlite3.DatabaseError as exc:
            raise StateError(
                f"{self.path} is not an embedded-chain state file ({exc}); it was left untouched"
            ) from None
        if ok is None or ok[0] != "ok":
            raise StateError(f"{self.path} is corrupt ({ok[0] if ok else 'no answer'}); left untouched")
        return conn

    def _load_meta(self, c: sqlite3.Connection) -> dict[str, Any]:
        try:
            rows = c.execute("SELECT key, value FROM meta").fetchall()
        except sqlite3.DatabaseError:
            raise StateError(f"{self.path} is a SQLite file but not an embedded-chain state; left untouched") from None
        meta = {k: json.loads(v) for k, v in rows}
        if meta.get("format") != FORMAT:
            raise StateError(f"{self.path} is not an embedded-chain state (foreign file); left untouched")
        if meta.get("version") != VERSION:
            raise StateError(f"{self.path} has state format version {meta.get('version')}, this build reads {VERSION}")
        return meta

    # --- reading ---------------------------------------------------------------------------
    def has_node(self, key: bytes) -> bool:
        return self.conn.execute("SELECT 1 FROM nodes WHERE k=?", (key,)).fetchone() is not None

    def block(self, number: int) -> Block | None:
        row = self.conn.execute(
            "SELECT number, hash, parent, timestamp FROM blocks WHERE number=?", (number,)
        ).fetchone()
        if row is None:
            return None
        txs, receipts = [], []
        for t in self.conn.execute(
            'SELECT hash, idx, sender, "to", value, data, nonce, gas, gas_price, status, gas_used,'
            " contract, revert FROM txs WHERE block=? ORDER BY idx",
            (number,),
        ):
            tx, rc = self._tx_row(number, t)
            txs.append(tx)
            receipts.append(rc)
        return Block(row[0], row[1], row[2], row[3], tuple(txs), tuple(receipts))

    def _tx_row(self, number: int, t: Sequence[Any]) -> tuple[Tx, TxReceipt]:
        h, idx, sender, to, value, data, nonce, gas, price, status, used, contract, revert = t
        tx = Tx(h, sender, to, int(value), bytes(data), nonce, gas, price, number, idx)
        logs = tuple(
            self._log(r)
            for r in self.conn.execute(
                "SELECT block, log_index, tx_hash, tx_index, address, topics, data FROM logs"
                " WHERE block=? AND tx_index=? ORDER BY log_index",
                (number, idx),
            )
        )
        rc = TxReceipt(h, number, idx, sender, to, bool(status), used, contract, logs, revert)
        return tx, rc

    def tx_location(self, tx_hash: str) -> tuple[int, int] | None:
        row = self.conn.execute("SELECT block, idx FROM txs WHERE hash=?", (tx_hash,)).fetchone()
        return (row[0], row[1]) if row else None

    def trace(self, tx_hash: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT trace FROM txs WHERE hash=?", (tx_hash,)).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    @staticmethod
    def _log(r: Sequence[Any]) -> Log:
        topics = bytes(r[5])
        return Log(
            r[4], tuple(topics[i : i + 32] for i in range(0, len(topics), 32)), bytes(r[6]), r[0], r[2], r[3], r[1]
        )

    def logs(self, lo: int, hi: int, address: Sequence[str] | None, topic0: Sequence[bytes] | None) -> list[Log]:
        sql = "SELECT block, log_index, tx_hash, tx_index, address, topics, data FROM logs WHERE block BETWEEN ? AND ?"
        args: list[Any] = [lo, hi]
        if address:
            sql += f" AND address IN ({','.join('?' * len(address))})"
            args += list(address)
        if topic0:
            sql += f" AND topic0 IN ({','.join('?' * len(topic0))})"
            args += list(topic0)
        return [self._log(r) for r in self.conn.execute(sql + " ORDER BY block, log_index", args)]

    # --- writing ---------------------------------------------------------------------------
    def write(self, blocks: Iterable[Block], traces: dict[str, str], meta: dict[str, Any]) -> None:
        """Write nodes, blocks and metadata in one SQLite transaction: all or nothing."""
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            c.executemany("INSERT OR IGNORE INTO nodes VALUES (?, ?)", self.nodes.pending.items())
            for b in blocks:
                c.execute("INSERT INTO blocks VALUES (?, ?, ?, ?)", (b.number, b.hash, b.parent_hash, b.timestamp))
                c.executemany(
                    "INSERT INTO txs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [
                        (
                            t.hash,
                            b.number,
                            t.index,
                            t.sender,
                            t.to,
                            str(t.value),
                            t.data,
                            t.nonce,
                            t.gas,
                            t.gas_price,
                            int(r.status),
                            r.gas_used,
                            r.contract_address,
                            r.revert_reason,
                            traces.get(t.hash),
                        )
                        for t, r in zip(b.transactions, b.receipts)
                    ],
                )
                c.executemany(
                    "INSERT INTO logs VALUES (?,?,?,?,?,?,?,?)",
                    [
                        (
                            lg.block_number,
                            lg.log_index,
                            lg.tx_hash,
                            lg.tx_index,
                            lg.address,
                            lg.topics[0] if lg.topics else None,
                            b"".join(lg.topics),
                            lg.data,
                        )
                        for lg in b.logs
                    ],
                )
            c.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [(k, json.dumps(v)) for k, v in meta.items()])
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        self.nodes.pending.clear()
        self.meta.update(meta)

    def release(self) -> None:
        conn = getattr(self, "conn", None)
        if conn is not None:
            conn.close()
            self.conn = None  # type: ignore[assignment]
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None
