"""PostgreSQL ledger store (psycopg 3): one log shared by several nodes over one database."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..exceptions import LedgerCorrupt, LedgerInputError, RecordNotFound
from ._pg import check_url, lock_key, mapped, psycopg_module, redact, unreachable
from ._schema import FORMAT, PG_ANCHORS, PG_RECORD, PG_SCHEMA, VERSION
from .checkpoint import Anchor
from .merkle import CompactRange, leaf_hash
from .records import Entry, Record
from .store import LedgerStore

if TYPE_CHECKING:
    import psycopg

__all__ = ["PostgresStore", "check_url"]

_INIT_KEY = 0x4E58_4C45_4447_0001  # serialises schema creation of every store in one database
_SYNC = {"full": "on", "normal": "on", "off": "off"}  # synchronous_commit


class PostgresStore(LedgerStore):
    """The ledger's tables in one PostgreSQL database (the URL's search_path picks the schema).

    Any number of nodes may append at once: each append is one transaction that first locks
    the log's head row (`SELECT ... FOR UPDATE`: size and right edge of the tree), so ids are
    assigned gap-free in commit order and every writer extends the edge the previous one
    committed. Nothing about the tree is kept in memory between calls, so `root()` is always
    built from committed data. `anchoring()` is a session advisory lock: one anchorer at a time.
    """

    def __init__(self, url: str, *, sync: str = "full", connect_timeout: float = 10.0) -> None:
        if sync not in _SYNC:
            raise LedgerInputError(f"ledger sync must be one of {', '.join(_SYNC)}")
        self.url = check_url(url)
        self._pg = psycopg_module()
        self._sync = _SYNC[sync]
        self._timeout = connect_timeout
        self._local = threading.local()
        self._conns: list[psycopg.Connection[Any]] = []
        self._guard = threading.Lock()
        self._anchor_mutex = threading.Lock()
        self._anchor_conn: psycopg.Connection[Any] | None = None
        try:
            self._log_id = self._init()
        except BaseException:
            self.close()  # a refused or unreachable database keeps no connection open
            raise
        self._anchor_key = lock_key("anchor", self._log_id)

    # --- connections -------------------------------------------------------------------------
    def _connect(self) -> psycopg.Connection[Any]:
        try:
            conn = self._pg.connect(self.url, autocommit=True, connect_timeout=max(1, int(self._timeout)))
            conn.execute(f"SET synchronous_commit = {self._sync}")
        except self._pg.OperationalError as exc:
            raise unreachable(self.url, exc) from None
        with self._guard:
            self._conns = [c for c in self._conns if not c.closed] + [conn]
        return conn

    def _conn(self) -> psycopg.Connection[Any]:
        conn: psycopg.Connection[Any] | None = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            conn = self._local.conn = self._connect()
        return conn

    def _one(self, sql: str, args: Sequence[Any] = ()) -> Any:
        return self._conn().execute(sql, args).fetchone()

    @mapped
    def _init(self) -> str:
        conn = self._conn()
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_INIT_KEY,))
            exists: Any = conn.execute("SELECT to_regclass('ledger_meta')").fetchone()
            if exists[0] is not None:
                fmt = conn.execute("SELECT value FROM ledger_meta WHERE key='format'").fetchone()
                if fmt is None or fmt[0] != FORMAT:
                    raise LedgerCorrupt(
                        f"{redact(self.url)} holds a ledger_meta table that is not a ledger store's; left untouched"
                    )
            for stmt in filter(str.strip, PG_SCHEMA.split(";")):
                conn.execute(stmt)
            for key, value in (("format", FORMAT), ("version", VERSION), ("log_id", os.urandom(32).hex())):
                conn.execute("INSERT INTO ledger_meta VALUES (%s, %s) ON CONFLICT DO NOTHING", (key, value))
            conn.execute("INSERT INTO ledger_head VALUES (TRUE, 0, '') ON CONFLICT DO NOTHING")
            meta = dict(conn.execute("SELECT key, value FROM ledger_meta").fetchall())
        if meta.get("version") != VERSION:
            raise LedgerCorrupt(f"{redact(self.url)} holds a {FORMAT} v{meta.get('version')} store, not v{VERSION}")
        return str(meta["log_id"])

    @property
    def log_id(self) -> str:
        return self._log_id

    # --- reading -----------------------------------------------------------------------------
    @mapped
    def size(self) -> int:
        return int(self._one("SELECT size FROM ledger_head")[0])

    @mapped
    def record(self, index: int) -> Record:
        row = self._one(PG_RECORD + " WHERE id=%s", (index,))
        if row is None:
            raise RecordNotFound(f"no ledger record {index} (the log holds {self.size()})")
        return Record.from_row(row)

    def records(self, lo: int, hi: int) -> Iterator[Record]:
        step = 4096
        for start in range(lo, hi, step):
            rows = self._page(start, min(hi, start + step))
            for row in rows:
                yield Record.from_row(row)

    @mapped
    def _page(self, lo: int, hi: int) -> list[Any]:
        return self._conn().execute(PG_RECORD + " WHERE id>=%s AND id<%s ORDER BY id", (lo, hi)).fetchall()

    @mapped
    def find_key(self, key: str) -> int | None:
        row = self._one("SELECT id FROM ledger_records WHERE idem=%s", (key,))
        return None if row is None else int(row[0])

    def perfect(self, level: int, index: int) -> bytes:
        return self.perfect_many([(level, index)])[(level, index)]

    @mapped
    def perfect_many(self, keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
        conn, out = self._conn(), {}
        wanted = list(keys)
        leaves = [i for lv, i in wanted if lv == 0]
        inner = [k for k in wanted if k[0] > 0]
        if leaves:
            rows = conn.execute("SELECT id, hash FROM ledger_records WHERE id = ANY(%s)", (leaves,))
            out.update({(0, int(i)): bytes(h) for i, h in rows})
        if inner:
            rows = conn.execute(
                "SELECT n.level, n.idx, n.hash FROM ledger_nodes n JOIN"
                " unnest(%s::smallint[], %s::bigint[]) AS k(level, idx) USING (level, idx)",
                ([lv for lv, _ in inner], [i for _, i in inner]),
            )
            out.update({(int(lv), int(i)): bytes(h) for lv, i, h in rows})
        missing = [k for k in wanted if k not in out]
        if missing:
            raise LedgerCorrupt(f"{redact(self.url)}: subtree {missing[0]} is missing")
        return out

    # --- writing -----------------------------------------------------------------------------
    def _edge(self, size: int, blob: bytes) -> CompactRange:
        hashes = [bytes(blob[k : k + 32]) for k in range(0, len(blob), 32)]
        if len(blob) % 32 or len(hashes) != size.bit_count():
            raise LedgerCorrupt(f"{redact(self.url)}: the stored right edge does not fit size {size}")
        return CompactRange(size, hashes)

    @mapped
    def append(self, entries: Sequence[Entry]) -> list[int]:
        """One transaction in two round trips: lock the head row (writers queue on it, and the
        row they get is the one the previous writer committed), then insert records, completed
        subtrees and the new head, and COMMIT. Nothing is cached between appends."""
        if not entries:
            return []
        hashes = [leaf_hash(e.leaf) for e in entries]  # outside the lock
        keys = sorted({e.key for e in entries if e.key is not None})
        conn = self._conn()
        with conn.pipeline() as pipe, conn.transaction():
            head = conn.execute("SELECT size, edge FROM ledger_head FOR UPDATE")
            found = conn.execute("SELECT idem, id FROM ledger_records WHERE idem = ANY(%s)", (keys,)) if keys else None
            pipe.sync()
            size, blob = head.fetchone()  # type: ignore[misc]
            edge = self._edge(int(size), blob)
            known = {k: int(i) for k, i in found} if found is not None else {}
            ids, rows, nodes = [], [], []
            for e, h in zip(entries, hashes):
                if e.key is not None and e.key in known:
                    ids.append(known[e.key])
                    continue
                if e.key is not None:
                    known[e.key] = edge.size
                ids.append(edge.size)
                rows.append((edge.size, e.kind, e.time_ms, e.leaf, h, e.content, e.salt, e.key))
                nodes.extend(edge.append(h)[1:])
            if rows:
                with conn.cursor() as cur:
                    cur.executemany(
                        "INSERT INTO ledger_records (id, kind, ts, leaf, hash, content,"
                        " salt, idem) VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
                        rows,
                    )
                    if nodes:
                        cur.executemany("INSERT INTO ledger_nodes VALUES (%s,%s,%s)", nodes)
                conn.execute("UPDATE ledger_head SET size=%s, edge=%s", (edge.size, b"".join(edge.edge)))
        return ids  # both context managers exited: COMMIT is done (an error raised instead)

    def root(self, size: int | None = None) -> bytes:
        """From committed data only: the stored head for the current size, else the stored
        perfect subtrees (fetched in one batch)."""
        row = self._head_row()
        current = int(row[0])
        size = current if size is None else size
        if size == current:
            return self._edge(current, row[1]).root()
        if size > current:
            raise LedgerInputError(f"tree size {size} is past the log's size {current}")
        if size <= 0:
            return super().root(0)
        return self.prefetched([(0, size)])(0, size)

    @mapped
    def _head_row(self) -> Any:
        return self._one("SELECT size, edge FROM ledger_head")

    @mapped
    def erase(self, index: int, when_ms: int) -> Record:
        self.record(index)
        self._conn().execute(
            "UPDATE ledger_records SET content=NULL, salt=NULL, erased=%s WHERE id=%s AND erased IS NULL",
            (when_ms, index),
        )
        return self.record(index)

    @mapped
    def add_anchor(self, anchor: Anchor) -> None:
        self._conn().execute(
            "INSERT INTO ledger_anchors VALUES (%s,%s,%s,%s,%s,%s,%s) ON CONFLICT DO NOTHING",
            anchor.row(),
        )

    @mapped
    def remove_anchors(self, anchors: Iterable[Anchor]) -> None:
        with self._conn().cursor() as cur:
            cur.executemany(
                "DELETE FROM ledger_anchors WHERE chain_id=%s AND contract=%s AND size=%s",
                [(a.chain_id, a.contract, a.size) for a in anchors],
            )

    @mapped
    def anchors(self, chain_id: int | None = None, contract: str | None = None) -> list[Anchor]:
        rows = self._conn().execute(PG_ANCHORS, (chain_id, chain_id, contract, contract)).fetchall()
        return [Anchor(int(s), bytes(r), int(c), a, t, int(b), int(ts)) for s, r, c, a, t, b, ts in rows]

    # --- one anchorer at a time ----------------------------------------------------------------
    @contextmanager
    def anchoring(self, wait: bool = True) -> Iterator[bool]:
        """Hold the log's anchoring lock (a session advisory lock on a connection of its own,
        released by the server if this node dies). Yields False at once when `wait` is off and
        another anchorer, in this process or any other node, holds it."""
        if not self._anchor_mutex.acquire(blocking=wait):
            yield False
            return
        try:
            fn = "pg_advisory_lock" if wait else "pg_try_advisory_lock"
            for attempt in (1, 2):  # an idle lock connection the server dropped: one more try
                if self._anchor_conn is None or self._anchor_conn.closed:
                    self._anchor_conn = self._connect()
                conn = self._anchor_conn
                try:
                    row: Any = conn.execute(f"SELECT {fn}(%s)", (self._anchor_key,)).fetchone()
                    break
                except self._pg.OperationalError as exc:
                    conn.close()  # a dropped session holds no lock
                    if attempt == 2:
                        raise unreachable(self.url, exc) from None
            got = row[0] is not False  # pg_advisory_lock returns void once it holds the lock
            try:
                yield got
            finally:
                if got:
                    try:
                        conn.execute("SELECT pg_advisory_unlock(%s)", (self._anchor_key,))
                    except self._pg.Error:
                        conn.close()  # closing the session releases the lock too
        finally:
            self._anchor_mutex.release()

    def close(self) -> None:
        with self._guard:
            conns, self._conns = self._conns, []
        for c in conns:
            try:
                c.close()
            except self._pg.Error:
                pass
        self._anchor_conn = None
        self._local = threading.local()
