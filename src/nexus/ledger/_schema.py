"""The ledger stores' SQL text: each store's tables and longer queries, and the format tag both write."""

from __future__ import annotations

__all__ = ["FORMAT", "PG_ANCHORS", "PG_RECORD", "PG_SCHEMA", "SQLITE_RECORD", "SQLITE_SCHEMA", "VERSION"]

# both stores write these into their meta table and refuse a store that holds others
FORMAT = "symbiotic-nexus/ledger"
VERSION = "1"

# SQLite (`_sqlite.SQLiteStore`): one file, WAL mode
SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, ts INTEGER NOT NULL, leaf BLOB NOT NULL,
    hash BLOB NOT NULL, content BLOB, salt BLOB, idem TEXT, erased INTEGER);
CREATE UNIQUE INDEX IF NOT EXISTS records_idem ON records(idem) WHERE idem IS NOT NULL;
CREATE TABLE IF NOT EXISTS nodes (
    level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL,
    PRIMARY KEY (level, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS anchors (
    chain_id INTEGER NOT NULL, contract TEXT NOT NULL, size INTEGER NOT NULL, root BLOB NOT NULL,
    tx_hash TEXT NOT NULL, block INTEGER NOT NULL, timestamp INTEGER NOT NULL,
    PRIMARY KEY (chain_id, contract, size)) WITHOUT ROWID;
"""
SQLITE_RECORD = "SELECT id, kind, ts, leaf, hash, content, salt, idem, erased FROM records"

# PostgreSQL (`_postgres.PostgresStore`): tables prefixed `ledger_`, in the URL's search_path
PG_SCHEMA = """
CREATE TABLE IF NOT EXISTS ledger_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ledger_records (
    id BIGINT PRIMARY KEY, kind TEXT NOT NULL, ts BIGINT NOT NULL, leaf BYTEA NOT NULL,
    hash BYTEA NOT NULL, content BYTEA, salt BYTEA, idem TEXT UNIQUE, erased BIGINT);
CREATE TABLE IF NOT EXISTS ledger_nodes (
    level SMALLINT NOT NULL, idx BIGINT NOT NULL, hash BYTEA NOT NULL, PRIMARY KEY (level, idx));
CREATE TABLE IF NOT EXISTS ledger_head (
    one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one), size BIGINT NOT NULL, edge BYTEA NOT NULL);
CREATE TABLE IF NOT EXISTS ledger_anchors (
    chain_id BIGINT NOT NULL, contract TEXT NOT NULL, size BIGINT NOT NULL, root BYTEA NOT NULL,
    tx_hash TEXT NOT NULL, block BIGINT NOT NULL, timestamp BIGINT NOT NULL,
    PRIMARY KEY (chain_id, contract, size))
"""
PG_RECORD = "SELECT id, kind, ts, leaf, hash, content, salt, idem, erased FROM ledger_records"
PG_ANCHORS = (  # params: chain_id twice, contract twice (None matches any)
    "SELECT size, root, chain_id, contract, tx_hash, block, timestamp FROM ledger_anchors"
    " WHERE (%s::bigint IS NULL OR chain_id=%s) AND (%s::text IS NULL OR contract=%s)"
    " ORDER BY size"
)
