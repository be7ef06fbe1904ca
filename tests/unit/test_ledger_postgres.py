"""Several nodes over one PostgreSQL ledger: concurrent writers, receipts, one anchorer, errors."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

psycopg = pytest.importorskip("psycopg")

from postgres import PostgresServer, fresh_schema_url  # noqa: E402

from nexus.chain.contract import Contract  # noqa: E402
from nexus.chain.embedded import EmbeddedChain  # noqa: E402
from nexus.contracts import compile_contract  # noqa: E402
from nexus.exceptions import ConfigError, LedgerCorrupt, LedgerUnreachable, LedgerUrlError  # noqa: E402
from nexus.ledger import Ledger, open_ledger  # noqa: E402
from nexus.ledger._postgres import PostgresStore  # noqa: E402
from nexus.ledger.anchor import Anchorer  # noqa: E402
from nexus.ledger.audit import audit  # noqa: E402
from nexus.ledger.batcher import Batcher, BatchPolicy  # noqa: E402
from nexus.ledger.merkle import leaf_hash, subtree_from_leaves  # noqa: E402
from nexus.ledger.verify import verify_receipt  # noqa: E402
from nexus.settings import Settings  # noqa: E402


@pytest.fixture
def url(postgres: PostgresServer) -> str:
    return fresh_schema_url(postgres.url)


def node(url: str) -> Ledger:
    """One node: its own store, its own connections."""
    return Ledger(PostgresStore(url))


# --- several writers ------------------------------------------------------------------------------
def _writer(url: str, worker: int, rounds: int, out: str, forever: bool = False) -> None:
    """Append batches (some keys shared by every worker); log (size, root) seen after each."""
    rng = random.Random(worker)
    with node(url) as led, open(out, "a") as log:
        i = 0
        while forever or i < rounds:
            n = rng.randint(1, 4)
            items = [("t", {"w": worker, "i": i, "j": j}) for j in range(n)]
            keys: list[str | None] = [f"{worker}-{i}-{j}" for j in range(n)]
            if i % 3 == 0:
                keys[0] = f"shared-{i}"  # every worker races to append this one
            ids = led.append_many(items, keys=keys)
            size = max(ids) + 1
            log.write(json.dumps([size, led.root(size).hex()]) + "\n")
            log.flush()
            i += 1


def test_nodes_append_concurrently_gap_free_with_committed_roots(url: str, tmp_path: Path) -> None:
    PostgresStore(url).close()
    ctx = mp.get_context("spawn")
    outs = [str(tmp_path / f"w{w}.jsonl") for w in range(4)]
    procs = [ctx.Process(target=_writer, args=(url, w, 20, outs[w])) for w in range(3)]
    victim = ctx.Process(target=_writer, args=(url, 3, 0, outs[3], True))  # killed -9 mid-stream
    for p in [*procs, victim]:
        p.start()
    deadline = time.monotonic() + 60
    while (
        not os.path.exists(outs[3]) or len(Path(outs[3]).read_text().splitlines()) < 5
    ) and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(random.random() * 0.05)
    assert victim.pid is not None
    os.kill(victim.pid, signal.SIGKILL)
    victim.join(10)
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    with node(url) as led:
        n = led.size()
        recs = list(led.store.records(0, n))
        assert [r.id for r in recs] == list(range(n))  # gap-free and unique
        keys = Counter(r.key for r in recs)
        assert all(c == 1 for c in keys.values())
        assert all(keys[f"shared-{i}"] == 1 for i in range(0, 20, 3))  # raced for: stored once
        hashes = [leaf_hash(r.leaf) for r in recs]  # recomputed from the leaf bytes
        assert hashes == [r.leaf_hash for r in recs]
        naive = subtree_from_leaves(hashes)
        seen = [json.loads(line) for o in outs for line in Path(o).read_text().splitlines() if line.endswith("]")]
        assert len(seen) >= 3 * 20 + 5
        for size, root in seen:  # every root any node returned, right after its append
            assert bytes.fromhex(root) == naive(0, size), size
        for size in range(1, n + 1):  # and every root from the stored subtrees
            assert led.root(size) == naive(0, size)
        assert audit(led).ok


def test_threads_as_nodes_interleave_and_every_root_is_committed(url: str) -> None:
    nodes = [node(url) for _ in range(3)]
    seen: list[tuple[int, bytes]] = []
    errors: list[BaseException] = []

    def work(led: Ledger, w: int) -> None:
        try:
            for i in range(40):
                ids = led.append_many([("t", {"w": w, "i": i})] * (1 + i % 3))
                seen.append((max(ids) + 1, led.root(max(ids) + 1)))
                now = led.size()  # may be another node's newer size
                seen.append((now, led.root(now)))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(led, w)) for w, led in enumerate(nodes)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    n = nodes[0].size()
    assert n == 3 * sum(1 + i % 3 for i in range(40))
    naive = subtree_from_leaves([leaf_hash(r.leaf) for r in nodes[1].store.records(0, n)])
    for size, root in seen:
        assert root == naive(0, size)
    for led in nodes:
        assert led.root() == naive(0, n)
        led.close()


# --- anchoring across nodes -----------------------------------------------------------------------
@pytest.fixture
def chain(tmp_path: Path) -> Iterator[EmbeddedChain]:
    c = EmbeddedChain(tmp_path / "chain")
    yield c
    c.close()


@pytest.fixture
def anchor(chain: EmbeddedChain) -> Contract:
    compiled = compile_contract("Anchor")
    rc = chain.deploy(compiled.bytecode)
    assert rc.contract_address is not None
    return Contract(chain, rc.contract_address, compiled.abi, "Anchor")


def test_receipts_from_one_node_verify_through_another(url: str, anchor: Contract) -> None:
    with node(url) as a, node(url) as b:
        assert a.log_id == b.log_id
        a.append_many([("t", {"by": "a", "i": i}) for i in range(5)])
        assert Anchorer(a, anchor).anchor().size == 5  # type: ignore[union-attr]
        b.append_many([("t", {"by": "b", "i": i}) for i in range(6)])
        assert Anchorer(b, anchor).anchor().size == 11  # type: ignore[union-attr]
        for i in (0, 4, 5, 10):
            ra, rb = a.receipt(i).to_json(), b.receipt(i).to_json()
            assert ra == rb
            assert verify_receipt(ra, anchor).ok and verify_receipt(rb, anchor).ok
        b.erase(2)  # erased through one node: gone for every node, the receipt still verifies
        rec = a.record(2)
        assert rec.content is None and rec.salt is None and rec.leaf_hash == leaf_hash(rec.leaf)
        assert verify_receipt(a.receipt(2).to_json(), anchor).ok


class _Slow:
    """The Anchor contract, with a slow `transact` that counts anchorers inside it at once."""

    inside = 0
    most = 0
    sent = 0
    lock = threading.Lock()

    def __init__(self, contract: Contract) -> None:
        self._c = contract

    def __getattr__(self, name: str) -> Any:
        return getattr(self._c, name)

    def transact(self, *args: Any, **kw: Any) -> Any:
        cls = type(self)
        with cls.lock:
            cls.inside += 1
            cls.most = max(cls.most, cls.inside)
        try:
            time.sleep(0.03)
            rc = self._c.transact(*args, **kw)
            with cls.lock:
                cls.sent += 1
            return rc
        finally:
            with cls.lock:
                cls.inside -= 1


def test_an_anchorer_skips_while_another_node_anchors(url: str, anchor: Contract) -> None:
    with node(url) as a, node(url) as b:
        a.append_many([("t", i) for i in range(4)])
        with b.store.anchoring(wait=False) as held:
            assert held
            assert Anchorer(a, anchor).anchor(wait=False) is None  # skipped: b holds the lock
            with a.store.anchoring(wait=False) as other:
                assert not other
        assert anchor.latest(bytes.fromhex(a.log_id))[0] == 0  # nothing was sent
        assert Anchorer(a, anchor).anchor(wait=False).size == 4  # type: ignore[union-attr]


def test_two_nodes_batchers_anchor_one_at_a_time(url: str, anchor: Contract) -> None:
    _Slow.inside = _Slow.most = _Slow.sent = 0
    slow = _Slow(anchor)
    nodes = [node(url) for _ in range(2)]
    batchers = [
        Batcher(
            Anchorer(led, slow),
            BatchPolicy(size=3, delay_ms=5, max_delay_ms=10),  # type: ignore[arg-type]
            poll_s=0.005,
        ).start()
        for led in nodes
    ]
    try:
        for i in range(60):
            nodes[i % 2].append("t", {"i": i})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(not led.anchors() or led.anchors()[-1].size < 60 for led in nodes):
            time.sleep(0.01)
    finally:
        for b in batchers:
            b.stop(final=False)
    assert _Slow.most == 1  # never two anchorers sending at once
    assert nodes[0].anchors()[-1].size == 60
    sizes = [int(ev.args["size"]) for ev in anchor.events("Anchored")]
    assert sizes == sorted(set(sizes)) and len(sizes) == _Slow.sent  # none reverted, none twice
    assert all(b.failures == 0 for b in batchers)
    assert audit(nodes[1], anchor).ok
    for led in nodes:
        led.close()


# --- selection and errors -------------------------------------------------------------------------
def test_settings_pick_the_postgres_store(url: str, tmp_path: Path) -> None:
    s = Settings(home=tmp_path / "h", ledger_url=url)
    with open_ledger(s) as one, open_ledger(s) as two:
        assert isinstance(one.store, PostgresStore) and one.log_id == two.log_id
        one.append("t", 1)
        assert two.size() == 1 and not s.ledger_path.exists()
    with open_ledger(Settings(home=tmp_path / "h")) as local:  # unset: the SQLite file
        assert not isinstance(local.store, PostgresStore) and local.size() == 0


@pytest.mark.parametrize(
    "bad",
    ["postgresql://[::1", "postgresql://u@h/db?nosuch=1", "postgresql://u@h:99999/db", "postgresql://u@h:port/db"],
)
def test_malformed_urls_are_one_clear_error(bad: str) -> None:
    with pytest.raises(LedgerUrlError, match="ledger_url"):
        PostgresStore(bad)


def test_bad_scheme_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="postgresql://"):
        Settings(home=tmp_path, ledger_url="mysql://u@h/db")
    assert issubclass(LedgerUrlError, ConfigError)


def test_unreachable_server_is_one_clear_error(postgres: PostgresServer) -> None:
    from postgres import _free_port

    dead = f"postgresql://nexus:s3cret@127.0.0.1:{_free_port()}/postgres"
    with pytest.raises(LedgerUnreachable, match="cannot reach the ledger database") as err:
        PostgresStore(dead, connect_timeout=2)
    assert "s3cret" not in str(err.value)


def test_a_dropped_connection_is_one_clear_error_then_reconnects(url: str, postgres: PostgresServer) -> None:
    with node(url) as led:
        led.append_many([("t", i) for i in range(5)])
        root = led.root()
        with led.store.anchoring() as held:
            assert held
        with psycopg.connect(postgres.url, autocommit=True) as admin:  # the server drops the node
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'"
                " AND query NOT LIKE '%%pg_stat_activity%%'"
            )
        with pytest.raises(LedgerUnreachable, match="cannot reach the ledger database"):
            led.append("t", 5)
        assert led.append("t", 5) == 5  # a new connection; nothing half-written before it
        assert led.size() == 6 and led.root(5) == root
        with led.store.anchoring(wait=False) as held:  # its lock connection was dropped too
            assert held


def test_a_foreign_ledger_meta_table_is_refused_untouched(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE ledger_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.execute("INSERT INTO ledger_meta VALUES ('owner', 'someone else')")
    with pytest.raises(LedgerCorrupt, match="not a ledger store"):
        PostgresStore(url)
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT key, value FROM ledger_meta").fetchall() == [("owner", "someone else")]
        assert conn.execute("SELECT to_regclass('ledger_records')").fetchone() == (None,)
