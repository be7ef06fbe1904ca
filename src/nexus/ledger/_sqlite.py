"""SQLite (WAL) ledger store: records, stored perfect subtrees and anchors in one file."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from .._fs import private_db
from ..exceptions import LedgerCorrupt, LedgerInputError, RecordNotFound
from ._schema import FORMAT, SQLITE_RECORD, SQLITE_SCHEMA, VERSION
from .checkpoint import Anchor
from .merkle import CompactRange, fold_edge, leaf_hash
from .records import Entry, Record
from .store import LedgerStore

__all__ = ["SQLiteStore"]

_SYNC = {"full": "FULL", "normal": "NORMAL", "off": "OFF"}


class SQLiteStore(LedgerStore):
    """One SQLite file in WAL mode. Any number of threads and processes may append at once:
    each append is one `BEGIN IMMEDIATE` transaction that re-reads the tree's right edge when
    another writer moved it. With `sync="full"` a commit is on disk before `append` returns.

    The right edge is copy-on-write: an append grows a private copy and publishes it (one
    assignment) only after COMMIT, so `root()` never sees an uncommitted or rolled-back leaf."""

    def __init__(self, path: Path | str, *, sync: str = "full", busy_timeout: float = 30.0) -> None:
        self.path = Path(path)
        if sync not in _SYNC:
            raise LedgerInputError(f"ledger sync must be one of {', '.join(_SYNC)}")
        self._sync = _SYNC[sync]
        self._timeout = busy_timeout
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self._write_lock = threading.Lock()
        self._head = CompactRange()  # the edge at a committed size: replaced, never mutated
        private_db(self.path)  # owner-only; SQLite gives -wal/-shm the same mode
        self._log_id = self._init()

    # --- connections -------------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None, check_same_thread=False)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute(f"PRAGMA synchronous={self._sync}")
                conn.execute(f"PRAGMA busy_timeout={int(self._timeout * 1000)}")
            except sqlite3.DatabaseError as exc:
                raise LedgerCorrupt(f"{self.path} is not a ledger store ({exc})") from None
            self._local.conn = conn
            with self._guard:
                self._conns.append(conn)
        return conn

    def _probe(self) -> None:
        """Refuse a file that is not a ledger store before anything writes to it."""
        if not self.path.exists() or self.path.stat().st_size == 0:
            return
        try:
            probe = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            try:
                tables = {r[0] for r in probe.execute("SELECT name FROM sqlite_master WHERE type='table'")}
                fmt = (
                    probe.execute("SELECT value FROM meta WHERE key='format'").fetchone() if "meta" in tables else None
                )
            finally:
                probe.close()
        except sqlite3.DatabaseError as exc:
            raise LedgerCorrupt(f"{self.path} is not a ledger store ({exc}); left untouched") from None
        if tables and (fmt is None or fmt[0] != FORMAT):
            raise LedgerCorrupt(f"{self.path} is a SQLite file but not a ledger store; left untouched")

    def _init(self) -> str:
        self._probe()
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for stmt in filter(str.strip, SQLITE_SCHEMA.split(";")):
                    conn.execute(stmt)
                conn.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (FORMAT,))
                conn.execute("INSERT OR IGNORE INTO meta VALUES ('version', ?)", (VERSION,))
                conn.execute("INSERT OR IGNORE INTO meta VALUES ('log_id', ?)", (os.urandom(32).hex(),))
                meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.DatabaseError as exc:
            self.close()
            raise LedgerCorrupt(f"{self.path} is not a ledger store ({exc})") from None
        except LedgerCorrupt:
            self.close()
            raise
        if meta.get("format") != FORMAT or meta.get("version") != VERSION:
            self.close()
            raise LedgerCorrupt(
                f"{self.path} is a {meta.get('format')} v{meta.get('version')} file, not a {FORMAT} v{VERSION} store"
            )
        return meta["log_id"]

    @property
    def log_id(self) -> str:
        return self._log_id

    # --- reading -----------------------------------------------------------------------------
    def size(self) -> int:
        row = self._conn().execute("SELECT max(id) FROM records").fetchone()
        return 0 if row[0] is None else int(row[0]) + 1

    def record(self, index: int) -> Record:
        row = self._conn().execute(SQLITE_RECORD + " WHERE id=?", (index,)).fetchone()
        if row is None:
            raise RecordNotFound(f"no ledger record {index} (the log holds {self.size()})")
        return Record.from_row(row)

    def records(self, lo: int, hi: int) -> Iterator[Record]:
        step = 4096
        for start in range(lo, hi, step):
            rows = (
                self._conn()
                .execute(SQLITE_RECORD + " WHERE id>=? AND id<? ORDER BY id", (start, min(hi, start + step)))
                .fetchall()
            )
            for row in rows:
                yield Record.from_row(row)

    def find_key(self, key: str) -> int | None:
        row = self._conn().execute("SELECT id FROM records WHERE idem=?", (key,)).fetchone()
        return None if row is None else int(row[0])

    def perfect(self, level: int, index: int) -> bytes:
        conn = self._conn()
        if level == 0:
            row = conn.execute("SELECT hash FROM records WHERE id=?", (index,)).fetchone()
        else:
            row = conn.execute("SELECT hash FROM nodes WHERE level=? AND idx=?", (level, index)).fetchone()
        if row is None:
            raise LedgerCorrupt(f"{self.path}: subtree ({level}, {index}) is missing")
        return bytes(row[0])

    def perfect_many(self, keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
        conn, out = self._conn(), {}
        wanted = list(keys)
        leaves = [i for lv, i in wanted if lv == 0]
        inner = [k for k in wanted if k[0] > 0]
        for s in range(0, len(leaves), 500):
            ids = leaves[s : s + 500]
            q = f"SELECT id, hash FROM records WHERE id IN ({','.join('?' * len(ids))})"
            out.update({(0, i): bytes(h) for i, h in conn.execute(q, ids)})
        for s in range(0, len(inner), 250):
            part = inner[s : s + 250]
            q = " UNION ALL ".join(
                ["SELECT level, idx, hash FROM nodes WHERE level=? AND idx=?"] * len(part)
            )  # one statement, one index probe per key
            flat = [x for k in part for x in k]
            out.update({(lv, i): bytes(h) for lv, i, h in conn.execute(q, flat)})
        missing = [k for k in wanted if k not in out]
        if missing:
            raise LedgerCorrupt(f"{self.path}: subtree {missing[0]} is missing")
        return out

    # --- writing -----------------------------------------------------------------------------
    def _load_edge(self, size: int) -> CompactRange:
        return CompactRange(size, [self.perfect(lv, ix) for lv, ix in CompactRange.edge_ranges(size)])

    def append(self, entries: Sequence[Entry]) -> list[int]:
        if not entries:
            return []
        conn = self._conn()
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                ids, edge = self._append_locked(conn, entries)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # a failed COMMIT may have ended it already
                    conn.execute("ROLLBACK")
                raise  # the published edge is untouched: still a committed state
            self._head = edge
        return ids

    def _append_locked(self, conn: sqlite3.Connection, entries: Sequence[Entry]) -> tuple[list[int], CompactRange]:
        size = self.size()
        head = self._head
        edge = head.copy() if head.size == size else self._load_edge(size)
        n = size
        ids: list[int] = []
        rows, hashes = [], []
        seen: dict[str, int] = {}
        for e in entries:
            if e.key is not None:
                known = seen.get(e.key)
                if known is None:
                    known = self.find_key(e.key)
                if known is not None:
                    ids.append(known)
                    continue
                seen[e.key] = n
            h = leaf_hash(e.leaf)
            ids.append(n)
            rows.append((n, e.kind, e.time_ms, e.leaf, h, e.content, e.salt, e.key))
            hashes.append(h)
            n += 1
        nodes = edge.extend(hashes)  # a private copy: published by append() after COMMIT
        conn.executemany(
            "INSERT INTO records (id, kind, ts, leaf, hash, content, salt, idem) VALUES (?,?,?,?,?,?,?,?)", rows
        )
        if nodes:
            conn.executemany("INSERT INTO nodes VALUES (?,?,?)", nodes)
        return ids, edge

    def root(self, size: int | None = None) -> bytes:
        head_size, edge = self._head.state()  # one consistent (size, edge) pair, committed
        current = self.size()
        size = current if size is None else size
        if size == head_size and size <= current:
            return fold_edge(edge)
        return super().root(size)  # committed perfect subtrees never change: any order of reads

    def erase(self, index: int, when_ms: int) -> Record:
        conn = self._conn()
        rec = self.record(index)
        if rec.erased:
            return rec
        with self._write_lock:
            conn.execute("PRAGMA secure_delete=ON")
            try:
                conn.execute("UPDATE records SET content=NULL, salt=NULL, erased=? WHERE id=?", (when_ms, index))
            finally:
                conn.execute("PRAGMA secure_delete=OFF")
            try:  # push the old page images out of the WAL too (best effort under other readers)
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.OperationalError:
                pass
        return self.record(index)

    def add_anchor(self, anchor: Anchor) -> None:
        # the in-process lock, not SQLite's busy handler (which sleeps), orders it with appends
        with self._write_lock:
            self._add_anchor(anchor)

    def _add_anchor(self, anchor: Anchor) -> None:
        self._conn().execute(
            "INSERT OR IGNORE INTO anchors VALUES (?,?,?,?,?,?,?)",
            anchor.row(),
        )

    def remove_anchors(self, anchors: Iterable[Anchor]) -> None:
        with self._write_lock:
            self._conn().executemany(
                "DELETE FROM anchors WHERE chain_id=? AND contract=? AND size=?",
                [(a.chain_id, a.contract, a.size) for a in anchors],
            )

    def anchors(self, chain_id: int | None = None, contract: str | None = None) -> list[Anchor]:
        sql = "SELECT size, root, chain_id, contract, tx_hash, block, timestamp FROM anchors"
        where: list[str] = []
        args: list[object] = []
        if chain_id is not None:
            where.append("chain_id=?")
            args.append(chain_id)
        if contract is not None:
            where.append("contract=?")
            args.append(contract)
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self._conn().execute(sql + " ORDER BY size", args).fetchall()
        return [Anchor(s, bytes(r), c, a, t, b, ts) for s, r, c, a, t, b, ts in rows]

    def close(self) -> None:
        with self._guard:
            conns, self._conns = self._conns, []
        for c in conns:
            try:
                c.close()
            except sqlite3.Error:
                pass
        self._local = threading.local()
