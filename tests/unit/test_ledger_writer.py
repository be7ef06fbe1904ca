"""Group-commit writer and `@audited` durability: flush covers in-flight records, the queue is
bounded with backpressure, durable calls return committed, failures reach the caller."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import nexus
from nexus.exceptions import LedgerError, LedgerInputError
from nexus.ledger import Ledger, open_ledger
from nexus.ledger._writer import GroupWriter
from nexus.ledger.records import Entry, new_entry
from nexus.settings import load_settings

LIMIT = 30.0  # a hang guard, never a performance assertion
BLOCKED = 0.2  # how long a thread that should be blocked is given to (wrongly) finish


class Gate:
    """Wraps a store's append: each call announces itself, then waits until released."""

    def __init__(self, store: Any, *, gated: bool = True) -> None:
        self.store, self._orig = store, store.append
        self.entered = threading.Event()
        self.release = threading.Event()
        if not gated:
            self.release.set()
        self.sizes: list[int] = []
        self.pending_seen: list[int] = []
        self.writer: GroupWriter | None = None
        store.append = self.append

    def append(self, entries: list[Entry]) -> list[int]:
        self.sizes.append(len(entries))
        if self.writer is not None:
            self.pending_seen.append(self.writer.pending)
        self.entered.set()
        assert self.release.wait(LIMIT)
        return self._orig(entries)


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    with open_ledger(path=tmp_path / "l.db") as led:
        yield led


def _entry(i: int) -> Entry:
    return new_entry("t", {"i": i})


def test_flush_waits_for_records_already_taken_into_a_transaction(ledger: Ledger) -> None:
    gate = Gate(ledger.store)
    writer = GroupWriter(ledger.store)
    try:
        p = writer.submit(_entry(0))
        assert gate.entered.wait(LIMIT)  # the writer took it: the queue is empty, the commit is not done
        flusher = threading.Thread(target=writer.flush)
        flusher.start()
        flusher.join(BLOCKED)
        assert flusher.is_alive() and not p.done()
        gate.release.set()
        flusher.join(LIMIT)
        assert not flusher.is_alive() and p.done() and p.id == 0 and ledger.size() == 1
    finally:
        gate.release.set()
        writer.close()


def test_submit_blocks_when_the_bound_is_reached_and_resumes_after_a_commit(ledger: Ledger) -> None:
    gate = Gate(ledger.store)
    writer = GroupWriter(ledger.store, max_pending=4)
    gate.writer = writer
    try:
        first = [writer.submit(_entry(i)) for i in range(4)]  # fills the bound, none committed
        assert gate.entered.wait(LIMIT) and writer.pending == 4
        extra: list[Any] = []
        blocked = threading.Thread(target=lambda: extra.append(writer.submit(_entry(4))))
        blocked.start()
        blocked.join(BLOCKED)
        assert blocked.is_alive() and not extra and writer.pending == 4
        gate.release.set()
        blocked.join(LIMIT)
        assert not blocked.is_alive() and len(extra) == 1
        writer.flush()
        assert sorted(p.id for p in [*first, *extra]) == [0, 1, 2, 3, 4]
    finally:
        gate.release.set()
        writer.close()


def test_many_producers_never_hold_more_than_the_bound_uncommitted(ledger: Ledger) -> None:
    gate = Gate(ledger.store, gated=False)
    writer = GroupWriter(ledger.store, max_pending=8)
    gate.writer = writer
    handles: list[Any] = []

    def produce(t: int) -> None:
        handles.extend(writer.submit(_entry(t * 1000 + i)) for i in range(50))

    pool = [threading.Thread(target=produce, args=(t,)) for t in range(6)]
    for th in pool:
        th.start()
    for th in pool:
        th.join(LIMIT)
    writer.flush()
    writer.close()
    assert max(gate.sizes) <= 8 and max(gate.pending_seen) <= 8
    assert sorted(p.id for p in handles) == list(range(300)) and ledger.size() == 300


def test_queue_bound_comes_from_the_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEXUS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NEXUS_LEDGER_ASYNC_QUEUE", "123")
    with open_ledger(load_settings()) as led:
        assert led.async_queue == 123 and led._group().max_pending == 123
    with open_ledger(path=tmp_path / "x.db", async_queue=7) as led:
        assert led._group().max_pending == 7
    with pytest.raises(LedgerInputError):
        open_ledger(path=tmp_path / "y.db", async_queue=0)


def test_concurrent_durable_decisions_are_committed_unique_gap_free_and_exact(ledger: Ledger) -> None:
    @nexus.audited(model="m", ledger=ledger)
    def predict(x: str) -> str:
        return x.upper()

    got: list[tuple[str, Any, bool]] = []

    def caller(t: int) -> None:
        for i in range(40):
            x = f"in-{t}-{i}"
            d = predict.audit(x)
            got.append((x, d, d.durable()))  # durable the moment the call returned

    pool = [threading.Thread(target=caller, args=(t,)) for t in range(12)]
    for th in pool:
        th.start()
    for th in pool:
        th.join(LIMIT)
    assert len(got) == 480 and all(durable for _, _, durable in got)
    with open_ledger(path=ledger.store.path) as other:  # another connection sees all, unflushed
        assert other.size() == 480
    ids = sorted(d.id for _, d, _ in got)
    assert ids == list(range(480))
    tag = b"nexus.ledger.content.v1\x00"  # recomputed here from the documented leaf format
    for x, d, _ in got:
        rec = ledger.record(d.id)
        want = "sha256:" + hashlib.sha256(tag + d.salt + json.dumps(x).encode()).hexdigest()
        assert d.input_hash == want and rec.salt == d.salt
        assert rec.payload == {"input": want, "model": "m", "output": x.upper()}


def test_async_decision_returns_before_commit_and_flush_commits_it(ledger: Ledger) -> None:
    gate = Gate(ledger.store)
    f = nexus.audited(model="m", ledger=ledger, durable=False)(lambda x: x * 2)
    try:
        d = f.audit(21)  # returns while the store is held
        assert d.output == 42 and not d.durable()
    finally:
        gate.release.set()
    ledger.flush()
    assert d.durable() and ledger.record(d.id).payload["output"] == 42


def test_durable_call_raises_when_its_record_cannot_be_written(ledger: Ledger) -> None:
    def broken(entries: list[Entry]) -> list[int]:
        raise OSError("disk full")

    ledger.store.append = broken  # type: ignore[method-assign]
    f = nexus.audited(model="m", ledger=ledger)(lambda x: x)
    with pytest.raises(OSError, match="disk full"):
        f(1)
    g = nexus.audited(model="m", ledger=ledger, durable=False)(lambda x: x)
    assert g(2) == 2  # queued; the failure surfaces at flush
    with pytest.raises(LedgerError, match="failed to commit"):
        ledger.flush()
    ledger.flush()  # reported once


def test_close_commits_the_queue_and_refuses_later_submits(tmp_path: Path) -> None:
    led = open_ledger(path=tmp_path / "c.db")
    writer = led._group()
    f = nexus.audited(model="m", ledger=led, durable=False)(lambda x: x)
    for i in range(200):
        f(i)
    led.close()
    with pytest.raises(LedgerError, match="closed"):
        writer.submit(_entry(0))
    with open_ledger(path=tmp_path / "c.db") as again:
        assert again.size() == 200
        assert sorted(r.payload["output"] for r in again.store.records(0, 200)) == list(range(200))


def test_close_wakes_a_submitter_blocked_on_the_bound_with_an_error(ledger: Ledger) -> None:
    gate = Gate(ledger.store)
    writer = GroupWriter(ledger.store, max_pending=2)
    first = [writer.submit(_entry(i)) for i in range(2)]
    errors: list[BaseException] = []

    def submit_one() -> None:
        try:
            writer.submit(_entry(2))
        except LedgerError as exc:
            errors.append(exc)

    blocked = threading.Thread(target=submit_one)
    blocked.start()
    assert gate.entered.wait(LIMIT)
    closer = threading.Thread(target=writer.close)
    closer.start()
    blocked.join(LIMIT)  # woken by close with an error, not left hanging and not accepted
    assert not blocked.is_alive() and len(errors) == 1 and "closed" in str(errors[0])
    gate.release.set()
    closer.join(LIMIT)
    assert [p.id for p in first] == [0, 1] and ledger.size() == 2
