"""Crash consistency across stores: the chain's durability barrier, and each service's start-up
check that its cursor's block is still the chain's (rewinding when it is not).

A crash is simulated in-process by releasing the embedded chain's file without a flush: what was
not flushed is gone, as after kill -9. Each store is then checked against the reopened chain,
which mines *different* blocks at the lost heights (the replacement blocks).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nexus.chain.contract import Contract
from nexus.chain.embedded import EmbeddedChain
from nexus.contracts import compile_contract
from nexus.guard.findings import Finding, FindingType, Severity
from nexus.guard.store import GuardStore
from nexus.ledger import open_ledger
from nexus.ledger.anchor import Anchorer
from nexus.oracle.journal import RoundJournal

SLOW = 3600.0  # no timer flush during a test: only the barrier (or close) persists


def crash(chain: EmbeddedChain) -> None:
    """kill -9, as far as the chain's file is concerned: drop the lock and connection unflushed."""
    chain._store.release()


def reopen(path: Path, *, replace: int = 0) -> EmbeddedChain:
    """Reopen after a crash and mine `replace` different blocks (another tx mix, another time)."""
    chain = EmbeddedChain(path, flush_interval=SLOW)
    for i in range(replace):
        chain.transact(chain.accounts[1], b"", value=1000 + i)
    return chain


# --- the chain's barrier ---------------------------------------------------------------------------
def test_unflushed_blocks_are_lost_but_a_barrier_keeps_them(tmp_path: Path) -> None:
    chain = EmbeddedChain(tmp_path / "c", flush_interval=SLOW)
    kept = chain.transact(chain.accounts[1], b"", value=7)
    assert chain.durable_head() < kept.block_number
    assert chain.make_durable(kept.block_number) >= kept.block_number
    assert chain.durable_head() == kept.block_number
    gone = chain.transact(chain.accounts[1], b"", value=8)  # never made durable
    crash(chain)
    again = reopen(tmp_path / "c")
    try:
        assert again.receipt(kept.tx_hash) == kept
        assert again.receipt(gone.tx_hash) is None
        assert again.durable_head() == again.block_number() == kept.block_number
    finally:
        again.close()


def test_concurrent_barriers_each_find_their_block_durable(tmp_path: Path) -> None:
    chain = EmbeddedChain(tmp_path / "c", flush_interval=SLOW)
    writes = 0
    real_write = chain._store.write

    def counting(*a: object, **k: object) -> None:
        nonlocal writes
        writes += 1
        real_write(*a, **k)  # type: ignore[arg-type]

    chain._store.write = counting  # type: ignore[method-assign]
    acked: list[str] = []
    lock = threading.Lock()

    def writer(i: int) -> None:
        for j in range(5):
            rc = chain.transact(chain.accounts[2], b"", value=10 * i + j + 1)
            assert chain.make_durable(rc.block_number) >= rc.block_number
            with lock:
                acked.append(rc.tx_hash)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert 1 <= writes <= len(acked)  # a flush never serves less than one caller
    crash(chain)
    again = reopen(tmp_path / "c")
    try:
        assert all(again.receipt(h) is not None for h in acked)
    finally:
        again.close()


# --- guard cursor ----------------------------------------------------------------------------------
def test_guard_rewinds_to_the_last_block_still_on_the_chain(tmp_path: Path) -> None:
    chain = EmbeddedChain(tmp_path / "c", flush_interval=SLOW)
    for i in range(3):
        chain.transact(chain.accounts[1], b"", value=i + 1)
    chain.make_durable()
    durable = chain.block_number()
    for i in range(3):  # seen by a guard that did not wait for the barrier (the old behaviour)
        chain.transact(chain.accounts[1], b"", value=100 + i)
    store = GuardStore(tmp_path / "g.db", chain_id=chain.chain_id, genesis=chain.genesis_hash)
    for n in range(1, chain.block_number() + 1):
        b = chain.get_block(n)
        f = (
            Finding("t", "a test finding", "TEST-1", Severity.INFO, FindingType.INFO, n, None, "test", 1.0, 0.5)
            if n == durable + 1
            else None
        )
        store.commit_block(n, b.hash, len(b.transactions), [f] if f else [])
    assert store.next_block() == durable + 4
    crash(chain)
    again = reopen(tmp_path / "c", replace=5)  # different blocks at the lost heights, and more
    try:
        assert store.rewind_to_chain(again) == durable + 1
        assert store.next_block() == durable + 1 and store.processed_blocks() == list(range(1, durable + 1))
        assert store.findings(min_block=durable + 1) == []  # about blocks the chain no longer has
        for n in range(durable + 1, again.block_number() + 1):  # the replacements are analysed
            b = again.get_block(n)
            store.commit_block(n, b.hash, len(b.transactions), [])
        assert store.rewind_to_chain(again) == again.block_number() + 1  # consistent: no-op
    finally:
        store.close()
        again.close()


def test_guard_commits_a_block_only_once_it_is_durable(tmp_path: Path) -> None:
    from nexus.guard.monitor import Monitor

    chain = EmbeddedChain(tmp_path / "c", flush_interval=SLOW)
    store = GuardStore(tmp_path / "g.db", chain_id=chain.chain_id, genesis=chain.genesis_hash)
    mon = Monitor(chain, [], store=store, start=1, traces=False)
    chain.transact(chain.accounts[1], b"", value=1)
    mon.poll()
    assert chain.durable_head() >= store.next_block() - 1
    crash(chain)
    again = reopen(tmp_path / "c", replace=2)
    try:
        assert store.rewind_to_chain(again) == store.next_block()  # nothing to rewind
    finally:
        store.close()
        again.close()


# --- ledger anchors --------------------------------------------------------------------------------
def _anchor_contract(chain: EmbeddedChain) -> Contract:
    compiled = compile_contract("Anchor")
    rc = chain.deploy(compiled.bytecode)
    assert rc.contract_address is not None
    return Contract(chain, rc.contract_address, compiled.abi, "Anchor")


def test_ledger_anchor_is_durable_when_recorded_and_lost_ones_are_dropped(tmp_path: Path) -> None:
    chain = EmbeddedChain(tmp_path / "c", flush_interval=SLOW)
    contract = _anchor_contract(chain)
    with open_ledger(path=tmp_path / "ledger.db") as led:
        for i in range(3):
            led.append("note", {"i": i})
        first = Anchorer(led, contract).anchor()
        assert first is not None and chain.durable_head() >= first.block  # the barrier ran
        # an anchor recorded without the barrier (what the old code could leave behind)
        led.append("note", {"i": 3})
        rc = contract.transact("anchor", bytes.fromhex(led.log_id), 4, led.root(4))
        from nexus.ledger.checkpoint import Anchor

        led.store.add_anchor(
            Anchor(4, led.root(4), chain.chain_id, contract.address, rc.tx_hash, rc.block_number, chain.timestamp())
        )
        crash(chain)
        again = reopen(tmp_path / "c", replace=2)
        try:
            again_contract = Contract(again, contract.address, contract.abi, "Anchor")
            anchorer = Anchorer(led, again_contract)
            dropped = anchorer.drop_lost()
            assert [a.size for a in dropped] == [4]
            assert [a.size for a in led.anchors()] == [3]
            assert anchorer.drop_lost() == []
            redone = anchorer.anchor()  # re-anchored on the chain as it is now
            assert redone is not None and redone.size == 4 and again.receipt(redone.tx_hash) is not None
        finally:
            again.close()


# --- oracle journal --------------------------------------------------------------------------------
def test_journal_drops_rounds_journalled_against_lost_blocks(tmp_path: Path) -> None:
    chain = EmbeddedChain(tmp_path / "c", flush_interval=SLOW)
    journal = RoundJournal(tmp_path / "oracle")
    feed = "0x" + "ab" * 20
    journal.append(feed, {"round_id": 0, "accepted": True})  # an old record: no block, kept
    for r in range(1, 5):
        chain.transact(chain.accounts[1], b"", value=r)
        if r == 2:
            chain.make_durable()
        n = chain.block_number()
        journal.append(feed, {"round_id": r, "accepted": True, "block": n, "block_hash": chain.get_block(n).hash})
    crash(chain)
    again = reopen(tmp_path / "c", replace=3)
    try:
        assert journal.rewind(feed, again) == 2
        assert [r["round_id"] for r in journal.recent(feed)] == [0, 1, 2]
        assert journal.rewind(feed, again) == 0
        lines = (tmp_path / "oracle" / f"{feed}.jsonl").read_text().splitlines()
        assert [json.loads(x)["round_id"] for x in lines] == [0, 1, 2]
    finally:
        again.close()


# --- market index ----------------------------------------------------------------------------------
@pytest.mark.parametrize("replace", [0, 4])
def test_market_index_entry_for_a_lost_block_is_rescanned(tmp_path: Path, replace: int) -> None:
    from nexus.markets.index import MarketIndex

    chain = EmbeddedChain(tmp_path / "c", flush_interval=SLOW)
    chain.transact(chain.accounts[1], b"", value=1)
    chain.make_durable()
    head = chain.block_number()
    for i in range(2):
        chain.transact(chain.accounts[1], b"", value=2 + i)
    index = MarketIndex(chain, tmp_path / "idx")
    entry = {"scanned_to": chain.block_number(), "scanned_hash": chain.get_block(chain.block_number()).hash}
    assert index._valid(entry, chain.block_number())
    crash(chain)
    again = reopen(tmp_path / "c", replace=replace)
    try:
        assert again.block_number() == head + replace
        assert not MarketIndex(again, tmp_path / "idx")._valid(entry, again.block_number())
    finally:
        again.close()


# --- random crashes across the stores --------------------------------------------------------------
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ops=st.lists(st.sampled_from(["tx", "ack", "guard", "anchor", "crash"]), min_size=4, max_size=24),
    interval=st.sampled_from([SLOW, SLOW, 0.002, 0.0]),
)
@example(ops=["tx", "guard", "crash", "tx", "guard", "crash"], interval=SLOW)
@example(ops=["anchor", "tx", "crash", "anchor", "crash"], interval=SLOW)
@example(ops=["ack", "tx", "crash", "ack", "crash"], interval=SLOW)
def test_random_crashes_leave_nothing_to_rewind(
    tmp_path_factory: pytest.TempPathFactory, ops: list[str], interval: float
) -> None:
    """Whatever the interleaving of writes, acknowledgements, guard polls, anchors and crashes:
    every acknowledged tx survives, and the start-up checks find nothing to undo (the barrier
    ran before every cross-store reference)."""
    from nexus.guard.monitor import Monitor

    root = tmp_path_factory.mktemp("rand")
    chain = EmbeddedChain(root / "c", flush_interval=interval)
    contract = _anchor_contract(chain)
    chain.make_durable()
    store = GuardStore(root / "g.db", chain_id=chain.chain_id, genesis=chain.genesis_hash)
    acked: list[str] = []
    with open_ledger(path=root / "ledger.db") as led:
        for step, op in enumerate(ops):
            if op == "tx":
                chain.transact(chain.accounts[1], b"", value=step + 1)
            elif op == "ack":  # what the API does before answering a write
                rc = chain.transact(chain.accounts[2], b"", value=step + 1)
                chain.make_durable(rc.block_number)
                acked.append(rc.tx_hash)
            elif op == "guard":
                Monitor(chain, [], store=store, start=1, traces=False).poll()
            elif op == "anchor":
                led.append("note", {"step": step})
                Anchorer(led, Contract(chain, contract.address, contract.abi, "Anchor")).anchor()
            else:
                crash(chain)
                chain = reopen(root / "c", replace=step % 3)
                chain.flush_interval = interval
                before = store.next_block()
                assert store.rewind_to_chain(chain) == before  # the guard was never ahead
                assert before is None or before - 1 <= chain.block_number()
                assert Anchorer(led, Contract(chain, contract.address, contract.abi, "Anchor")).drop_lost() == []
                assert all(chain.receipt(h) is not None for h in acked)
    store.close()
    chain.close()


def test_block_events_are_published_only_for_durable_blocks(tmp_path: Path) -> None:
    from nexus.node.blocks import BlockStream
    from nexus.node.events import EventBus

    chain = EmbeddedChain(tmp_path / "c", flush_interval=SLOW)
    bus = EventBus(100)
    bus.open()
    follower = BlockStream()
    follower.head = chain.block_number()  # as start() leaves it
    rc = chain.transact(chain.accounts[1], b"", value=5)
    assert follower.poll(chain, bus) == 1
    assert chain.durable_head() >= rc.block_number  # an SSE client saw it: a crash must not undo it
    crash(chain)
    again = reopen(tmp_path / "c")
    try:
        assert again.receipt(rc.tx_hash) == rc
    finally:
        again.close()


def test_deployment_manifest_names_only_durable_contracts(tmp_path: Path) -> None:
    """A node killed right after its first deploy must restart: the manifest it wrote may not
    name contracts the chain lost (re-attaching would fail with 'no code at ...')."""
    from nexus.contracts.deploy import Deployer

    chain = EmbeddedChain(tmp_path / "c", flush_interval=SLOW)
    Deployer(chain, tmp_path / "d", tmp_path / "cache").deploy(["Anchor"])
    crash(chain)
    again = reopen(tmp_path / "c", replace=2)
    try:
        attached = Deployer(again, tmp_path / "d", tmp_path / "cache").attach()
        assert again.code(attached["Anchor"].address)
    finally:
        again.close()
