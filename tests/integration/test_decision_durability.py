"""`@nexus.audited` under process death: a normal exit keeps every decision; kill -9 loses no
acknowledged durable decision and at most the queue bound of async ones."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from decision_kills import run_decorator_kill_rounds

from nexus.ledger import open_ledger

EXITING = textwrap.dedent("""
    import sys, threading
    import nexus
    from nexus.ledger import open_ledger
    where, mode = sys.argv[1], sys.argv[2]
    kw = {} if mode == "durable" else {"durable": False}
    if where == "default":  # the settings' ledger, which nobody closes
        f = nexus.audited(model="exit", **kw)(lambda x: x + 1)
    else:  # an explicit ledger the program forgets to close
        f = nexus.audited(model="exit", ledger=open_ledger(path=where), **kw)(lambda x: x + 1)

    def run(lo):
        for i in range(lo, lo + 250):
            f(i)

    pool = [threading.Thread(target=run, args=(k * 250,)) for k in range(4)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    # falls off the end: a normal interpreter exit
""")


@pytest.mark.parametrize(("where", "mode"), [("default", "durable"), ("default", "async"), ("explicit", "async")])
def test_normal_exit_keeps_all_1000_decisions(tmp_path: Path, nexus_home: Path, where: str, mode: str) -> None:
    path = nexus_home / "ledger" / "ledger.db" if where == "default" else tmp_path / "e.db"
    arg = "default" if where == "default" else str(path)
    done = subprocess.run(
        [sys.executable, "-c", EXITING, arg, mode], env=dict(os.environ), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    with open_ledger(path=path) as led:
        assert led.size() == 1000
        outputs = sorted(r.payload["output"] for r in led.store.records(0, 1000))
    assert outputs == list(range(1, 1001))


def test_kill9_loses_no_acknowledged_durable_decision() -> None:
    got = run_decorator_kill_rounds(10, seed=20261204)
    assert got["kills"] == 10 and got["acked"] > 0
    assert got["lost"] == 0 and got["content_mismatches"] == 0
    assert got["gap_free"] and got["audit_ok"]


def test_kill9_loses_at_most_the_queue_bound_of_async_decisions() -> None:
    got = run_decorator_kill_rounds(6, seed=7, durable=False, queue=32)
    assert got["kills"] == 6 and got["acked"] > 0
    assert got["max_lost_per_kill"] <= 32 and got["content_mismatches"] == 0
    assert got["gap_free"] and got["audit_ok"]
