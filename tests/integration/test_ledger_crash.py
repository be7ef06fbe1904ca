"""Crash safety: kill -9 a process appending in a loop; no acknowledged record is lost or doubled."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from nexus.ledger import open_ledger
from nexus.ledger.audit import audit

CHILD = textwrap.dedent("""
    import sys
    from nexus.ledger import open_ledger
    path, start, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    led = open_ledger(path=path)
    i = start
    while True:
        if mode == "group":  # group commit: acknowledge a whole batch once durable
            batch = [(j, led.submit("t", {"i": j}, key=f"k{j}")) for j in range(i, i + 64)]
            for j, p in batch:
                print(j, p.id, flush=True)
            i += 64
        else:
            print(i, led.append("t", {"i": i}, key=f"k{i}"), flush=True)
            i += 1
""")


@pytest.mark.parametrize("mode", ["single", "group"])
def test_kill9_loses_no_acknowledged_record_and_duplicates_none(tmp_path: Path, mode: str) -> None:
    path = str(tmp_path / "ledger.db")
    rng = random.Random(1234)
    acked: dict[int, int] = {}  # payload i -> record id
    next_i = 0
    for _round in range(6):
        # restart from the first unacknowledged value: a retry with the same idempotency key
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, path, str(next_i), mode], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None
        want = rng.randint(50, 400)
        got = 0
        while got < want:
            line = proc.stdout.readline()
            assert line, "the appending process died on its own"
            i, rid = map(int, line.split())
            assert acked.setdefault(i, rid) == rid  # a retried key always gets its first id
            got += 1
        time.sleep(rng.random() * 0.02)  # kill at an arbitrary point of the loop
        os.kill(proc.pid, signal.SIGKILL)
        for line in proc.stdout:  # whole lines written before the kill count as acknowledged;
            if line.endswith("\n"):  # a line torn by the kill was never an acknowledgement
                i, rid = map(int, line.split())
                assert acked.setdefault(i, rid) == rid
        proc.wait()
        next_i = max(acked) + 1
    with open_ledger(path=path) as led:
        size = led.size()
        records = list(led.store.records(0, size))
        assert [r.id for r in records] == list(range(size))  # no gap
        keys = [r.key for r in records]
        assert len(keys) == len(set(keys))  # nothing doubled
        for i, rid in acked.items():  # nothing acknowledged lost
            rec = led.record(rid)
            assert rec.key == f"k{i}" and rec.payload == {"i": i}
        assert audit(led).ok


@pytest.mark.parametrize(
    ("mode", "writer", "sync", "rounds", "acks"),
    [("checkpoint", "many", "normal", 15, (200, 600)), ("chain", "group", "full", 6, (20, 120))],
)
def test_kill9_while_checkpointing_keeps_every_ack_and_every_root_right(
    tmp_path: Path, mode: str, writer: str, sync: str, rounds: int, acks: tuple[int, int]
) -> None:
    """A checkpoint thread (or the anchoring batcher on the embedded chain) races the appends;
    after each SIGKILL every acknowledged record is there unchanged, ids have no gap, and every
    stored checkpoint/anchor root is MTH of its prefix, recomputed from the leaves alone."""
    from ledgerharness import kill_rounds

    rep = kill_rounds(tmp_path, rounds=rounds, seed=7, mode=mode, writer=writer, sync=sync, acks=acks)
    assert rep.kills == rounds and rep.acked > rounds
    assert rep.anchors > 0  # checkpoints were really made while appending
    assert rep.lost == [] and rep.wrong_roots == [] and rep.problems == []
    assert rep.survived == rounds
