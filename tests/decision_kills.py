"""Kill -9 harness for `@nexus.audited`: a child decides in several threads and acknowledges each
decision once the call returned; the parent SIGKILLs it at random points and counts what a
reopened ledger lost. Shared by the durability tests and `benchmarks/` (not part of the package).

    from decision_kills import run_decorator_kill_rounds
    run_decorator_kill_rounds(12, seed=1) -> {"kills": 12, "acked": ..., "lost": 0, ...}
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

__all__ = ["CHILD", "LIMIT", "run_decorator_kill_rounds"]

LIMIT = 60.0  # seconds a child may take to acknowledge its first decisions (a hang guard)

# argv: ledger path, ack file, durable (0/1), threads, queue bound, round tag
CHILD = textwrap.dedent("""
    import os, sys, threading
    from nexus.ledger import open_ledger
    from nexus.ledger.decisions import audited
    path, ack, durable, threads, queue, tag = sys.argv[1:7]
    durable = durable == "1"
    # durable mode uses the defaults: the contract under test is what a plain @audited does
    led = open_ledger(path=path) if durable else open_ledger(path=path, async_queue=int(queue))
    fd = os.open(ack, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    @audited(model="kill-harness", ledger=led, **({} if durable else {"durable": False}))
    def predict(x):
        return "out-" + x

    def work(t):
        i = 0
        while True:
            d = predict.audit(f"{tag}-{t}-{i}")
            rid = d.id if d.durable() else -1  # the id without waiting, if already durable
            # one write() of one short line: whole or absent after a kill, never interleaved
            os.write(fd, f"{d.input_hash} {d.output} {rid}\\n".encode())
            i += 1

    pool = [threading.Thread(target=work, args=(t,), daemon=True) for t in range(int(threads))]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
""")


def _acks(path: Path) -> list[tuple[str, str, int]]:
    """Whole lines of an ack file (a line torn by the kill was never an acknowledgement)."""
    if not path.exists():
        return []
    out = []
    for line in path.read_text().splitlines(keepends=True):
        if line.endswith("\n"):
            ih, output, rid = line.split()
            out.append((ih, output, int(rid)))
    return out


def _one_round(path: Path, ack: Path, rng: random.Random, *, durable: bool, threads: int, queue: int, tag: str) -> None:
    err = ack.with_suffix(".err")
    with err.open("w") as errf:
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), str(ack), "1" if durable else "0", str(threads), str(queue), tag],
            stdout=subprocess.DEVNULL,
            stderr=errf,
        )
        try:
            want = rng.randint(20, 400)
            deadline = time.monotonic() + LIMIT
            while len(_acks(ack)) < want:  # let it decide a while, then kill at a random point
                if proc.poll() is not None:
                    raise RuntimeError(f"the deciding child died on its own: {err.read_text()[-2000:]}")
                if time.monotonic() > deadline:
                    raise RuntimeError("the deciding child acknowledged too little before the limit")
                time.sleep(0.005)
            time.sleep(rng.random() * 0.03)
        finally:
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait()


def run_decorator_kill_rounds(
    rounds: int, seed: int, *, durable: bool = True, threads: int = 4, queue: int = 64, workdir: Path | None = None
) -> dict[str, Any]:
    """SIGKILL a process deciding through `@audited` `rounds` times (one ledger throughout);
    return kills, acked (decisions returned to the caller), lost (acked but absent from the
    reopened ledger), max_lost_per_kill, records, content_mismatches, gap_free and audit_ok."""
    from nexus.ledger import open_ledger
    from nexus.ledger.audit import audit

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        d = Path(tmp)
        path = d / "ledger.db"
        acks_by_round = []
        for r in range(rounds):
            ack = d / f"ack-{r}.txt"
            _one_round(path, ack, rng, durable=durable, threads=threads, queue=queue, tag=f"r{r}")
            acks_by_round.append(_acks(ack))
        with open_ledger(path=path) as led:
            size = led.size()
            records = list(led.store.records(0, size))
            stored = {}
            for rec in records:
                p = rec.payload
                stored[p["input"]] = (rec.id, p["output"])
            ok = audit(led).ok
    lost_per_round, mismatches = [], 0
    for acks in acks_by_round:
        lost = 0
        for ih, output, rid in acks:
            got = stored.get(ih)
            if got is None:
                lost += 1
            elif got[1] != output or (rid >= 0 and got[0] != rid):
                mismatches += 1
        lost_per_round.append(lost)
    return {
        "mode": "durable" if durable else f"async (queue {queue})",
        "kills": rounds,
        "acked": sum(map(len, acks_by_round)),
        "lost": sum(lost_per_round),
        "max_lost_per_kill": max(lost_per_round, default=0),
        "records": size,
        "content_mismatches": mismatches,
        "gap_free": [r.id for r in records] == list(range(size)),
        "audit_ok": ok,
    }


if __name__ == "__main__":  # python tests/decision_kills.py [rounds] [seed]
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    s = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    print(run_decorator_kill_rounds(n, s))
    print(run_decorator_kill_rounds(n, s, durable=False))
