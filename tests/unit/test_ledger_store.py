"""The ledger store (conformance suite run by every LedgerStore) and the Ledger facade on it."""

from __future__ import annotations

import multiprocessing as mp
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nexus.exceptions import LedgerCorrupt, LedgerInputError, NotAnchored, RecordNotFound
from nexus.ledger import Ledger, LedgerStore, open_ledger
from nexus.ledger._sqlite import SQLiteStore
from nexus.ledger.merkle import (
    leaf_hash,
    subtree_from_leaves,
    verify_consistency,
    verify_inclusion,
)
from nexus.ledger.records import canonical_json, decode_leaf, new_entry, salted_hash

# Every LedgerStore implementation is listed here and runs the whole suite. A spec (kind,
# location) names one log; opening it again (another thread, process or node) reaches the same log.
Spec = tuple[str, str]
KINDS = ["postgres", "sqlite", "sqlite-nosync"]


def open_store(spec: Spec) -> LedgerStore:
    kind, where = spec
    if kind == "postgres":
        from nexus.ledger._postgres import PostgresStore

        return PostgresStore(where)
    return SQLiteStore(where, sync="off" if kind == "sqlite-nosync" else "full")


@pytest.fixture(params=KINDS)
def new_spec(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Callable[[], Spec]:
    """Makes specs of fresh, empty logs of one store kind."""
    kind: str = request.param
    if kind == "postgres":
        from postgres import fresh_schema_url

        server = request.getfixturevalue("postgres")
        return lambda: (kind, fresh_schema_url(server.url))
    return lambda: (kind, str(tmp_path_factory.mktemp("store") / "ledger.db"))


@pytest.fixture
def spec(new_spec: Callable[[], Spec]) -> Spec:
    return new_spec()


@pytest.fixture
def ledger(spec: Spec) -> Iterator[Ledger]:
    with Ledger(open_store(spec)) as led:
        yield led


def naive_root(led: Ledger, size: int) -> bytes:
    hashes = [leaf_hash(led.record(i).leaf) for i in range(size)]
    return subtree_from_leaves(hashes)(0, size)


def test_append_gives_sequential_ids_and_round_trips(ledger: Ledger) -> None:
    assert ledger.size() == 0
    ids = [ledger.append("dataset", {"n": i, "name": "ü"}) for i in range(5)]
    assert ids == [0, 1, 2, 3, 4] and ledger.size() == 5
    rec = ledger.record(3)
    assert rec.kind == "dataset" and rec.payload == {"n": 3, "name": "ü"} and not rec.erased
    leaf = decode_leaf(rec.leaf)
    assert leaf["commit"] == "sha256:" + salted_hash(rec.salt, canonical_json(rec.payload)).hex()
    assert rec.leaf_hash == leaf_hash(rec.leaf)


def test_roots_and_proofs_match_a_naive_tree(ledger: Ledger) -> None:
    ledger.append_many([("t", i) for i in range(37)])
    for n in (1, 2, 5, 16, 17, 37):
        root = naive_root(ledger, n)
        assert ledger.root(n) == root
        for i in (0, n // 2, n - 1):
            assert verify_inclusion(i, n, ledger.record(i).leaf_hash, ledger.inclusion_proof(i, n), root)
        for m in (1, n // 2 or 1, n):
            assert verify_consistency(m, n, ledger.root(m), root, ledger.consistency_proof(m, n))
    assert ledger.checkpoint().root == ledger.root() == naive_root(ledger, 37)


def test_idempotency_keys(ledger: Ledger) -> None:
    first = ledger.append("t", {"a": 1}, key="job-1")
    assert ledger.append("t", {"a": "retry with other content"}, key="job-1") == first
    ids = ledger.append_many([("t", 1), ("t", 2), ("t", 3)], keys=["x", "x", None])
    assert ids[0] == ids[1] != ids[2]
    assert ledger.size() == 3


def test_erase_keeps_leaf_and_every_proof(ledger: Ledger) -> None:
    ledger.append_many([("person", {"name": f"p{i}"}) for i in range(9)])
    root, proofs = ledger.root(), [ledger.inclusion_proof(i) for i in range(9)]
    rec = ledger.erase(4)
    assert rec.erased and rec.content is None and rec.salt is None and rec.payload is None
    assert ledger.erase(4).erased_ms == rec.erased_ms  # idempotent
    assert ledger.root() == root
    for i in range(9):
        assert ledger.inclusion_proof(i) == proofs[i]
        assert verify_inclusion(i, 9, ledger.record(i).leaf_hash, proofs[i], root)


def test_bad_input_is_refused_and_nothing_is_written(ledger: Ledger) -> None:
    ledger.append("t", 1)
    for kind, payload in [("Bad", 1), ("", 1), ("x" * 65, 1), ("t", float("nan")), ("t", {1j}), ("t", object())]:
        with pytest.raises(LedgerInputError):
            ledger.append(kind, payload)
    with pytest.raises(LedgerInputError):
        ledger.append_many([("t", 1), ("t", float("inf"))])  # all or nothing
    with pytest.raises(LedgerInputError):
        ledger.append("t", 1, key="")
    assert ledger.size() == 1
    with pytest.raises(RecordNotFound, match="no ledger record 7"):
        ledger.record(7)
    with pytest.raises(LedgerInputError):
        ledger.record(-1)
    with pytest.raises(LedgerInputError):
        ledger.inclusion_proof(0, 5)
    with pytest.raises(NotAnchored):
        ledger.receipt(0)


def test_group_commit_resolves_handles_in_order(ledger: Ledger) -> None:
    pending = [ledger.submit("decision", {"i": i}) for i in range(500)]
    ledger.flush()
    assert all(p.done() for p in pending)
    assert [p.id for p in pending] == list(range(500))
    assert ledger.record(499).payload == {"i": 499}


def test_threads_append_concurrently(ledger: Ledger) -> None:
    def work(t: int) -> None:
        for i in range(50):
            if i % 2:
                ledger.append("t", {"t": t, "i": i})
            else:
                ledger.submit("t", {"t": t, "i": i}).result()

    threads = [threading.Thread(target=work, args=(t,)) for t in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert ledger.size() == 300
    seen = {(r.payload["t"], r.payload["i"]) for r in ledger.store.records(0, 300)}
    assert len(seen) == 300
    assert ledger.root() == naive_root(ledger, 300)


def _proc_append(spec: Spec, worker: int, n: int) -> None:
    with Ledger(open_store(spec)) as led:
        for i in range(n):
            led.append("t", {"w": worker, "i": i}, key=f"{worker}-{i}")


def test_processes_append_concurrently(spec: Spec) -> None:
    open_store(spec).close()
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_proc_append, args=(spec, w, 40)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    with Ledger(open_store(spec)) as led:
        assert led.size() == 160
        keys = [r.key for r in led.store.records(0, 160)]
        assert sorted(keys) == sorted(f"{w}-{i}" for w in range(4) for i in range(40))
        assert led.root() == naive_root(led, 160)  # the interior nodes every writer stored agree
        from nexus.ledger.audit import audit

        assert audit(led).ok


def test_reopen_sees_the_same_log(spec: Spec) -> None:
    with Ledger(open_store(spec)) as a:
        a.append_many([("t", i) for i in range(10)])
        log_id, root = a.log_id, a.root()
    with Ledger(open_store(spec)) as b:
        assert (b.log_id, b.root(), b.size()) == (log_id, root, 10)
        assert b.append("t", 10) == 10


def test_foreign_files_are_refused_untouched(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(LedgerCorrupt):
        open_ledger(path=junk)
    assert junk.read_bytes() == b"not a database at all" * 100
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE people (name TEXT)")
    con.commit()
    con.close()
    before = other.read_bytes()
    with pytest.raises(LedgerCorrupt, match="not a ledger store"):
        open_ledger(path=other)
    assert other.read_bytes() == before


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(1, 40), min_size=1, max_size=6))
def test_roots_survive_any_batching(new_spec: Callable[[], Spec], batches: list[int]) -> None:
    with Ledger(open_store(new_spec())) as led:
        n = 0
        for b in batches:
            led.append_many([("t", n + i) for i in range(b)])
            n += b
            assert led.root() == naive_root(led, n)


def test_new_entry_salts_differ() -> None:
    a, b = new_entry("t", {"x": 1}), new_entry("t", {"x": 1})
    assert a.salt != b.salt and a.leaf != b.leaf and a.content == b.content


def test_anchors_are_added_once_listed_and_removed(ledger: Ledger) -> None:
    from nexus.ledger.checkpoint import Anchor

    ledger.append_many([("k", {"i": i}) for i in range(4)])
    a1 = Anchor(2, ledger.root(2), 7, "0xc", "0x01", 5, 50)
    a2 = Anchor(4, ledger.root(4), 7, "0xc", "0x02", 6, 60)
    other = Anchor(4, ledger.root(4), 8, "0xc", "0x03", 1, 10)
    for a in (a1, a2, a2, other):
        ledger.store.add_anchor(a)
    assert ledger.store.anchors(7, "0xc") == [a1, a2]
    ledger.store.remove_anchors([a2])
    assert ledger.store.anchors(7, "0xc") == [a1]
    assert ledger.store.anchors(8) == [other]
