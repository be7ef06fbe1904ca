"""Shared PostgreSQL ledger figures: durable appends/s with 1, 2, 4 writer nodes vs SQLite, anchor latency.

    python benchmarks/bench_ledger_pg.py [--txns 400] [--batch 1 20] [--anchors 15]

Starts a throwaway PostgreSQL server (Debian's postgresql package, tests/postgres.py) with
fsync on: a record counts once its commit is durable (synchronous_commit=on; SQLite:
synchronous=FULL in WAL mode). Each writer is its own process, i.e. its own node with its own
connection, `--txns / writers` transactions of `--batch` records each;
the clock runs from a common start barrier to the last writer's end.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from _report import report
from postgres import PostgresServer, fresh_schema_url

from nexus.ledger import Ledger
from nexus.ledger._postgres import PostgresStore
from nexus.ledger._sqlite import SQLiteStore
from nexus.ledger.store import LedgerStore


def open_store(where: str) -> LedgerStore:
    return PostgresStore(where) if where.startswith("postgresql://") else SQLiteStore(where)


def _writer(where: str, worker: int, n: int, batch: int, ready: Any, go: Any, out: Any) -> None:
    with Ledger(open_store(where)) as led:
        led.size()  # connected before the clock starts
        ready.put(worker)
        go.wait()
        t0 = time.perf_counter()
        for s in range(0, n, batch):
            led.append_many([("t", {"w": worker, "i": i}) for i in range(s, min(n, s + batch))])
        out.put((t0, time.perf_counter()))


def bench_writers(where: str, writers: int, records: int, batch: int) -> dict[str, Any]:
    open_store(where).close()
    ctx = mp.get_context("spawn")
    ready, go, out = ctx.Queue(), ctx.Event(), ctx.Queue()
    per = records // writers
    procs = [ctx.Process(target=_writer, args=(where, w, per, batch, ready, go, out)) for w in range(writers)]
    for p in procs:
        p.start()
    for _ in procs:  # every writer imported nexus and connected
        ready.get(timeout=300)
    go.set()
    spans = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join(60)
    with Ledger(open_store(where)) as led:
        assert led.size() == per * writers
    wall = max(e for _, e in spans) - min(s for s, _ in spans)
    kind = "postgresql" if where.startswith("postgresql://") else "sqlite"
    return {
        "store": kind,
        "writers": writers,
        "records": per * writers,
        "per_txn": batch,
        "appends_per_s": round(per * writers / wall),
    }


def bench_anchor(where: str, home: Path, rounds: int, per_round: int) -> dict[str, Any]:
    """Latency of one `Anchorer.anchor()` (lock, chain read, transaction, stored anchor) on the
    embedded chain, after each batch of `per_round` new records."""
    from nexus import connect
    from nexus.ledger.anchor import Anchorer, anchor_contract

    lat = []
    with connect(home=str(home)) as nx:
        nx.deploy()
        with Ledger(open_store(where)) as led:
            an = Anchorer(led, anchor_contract(nx))
            for r in range(rounds):
                led.append_many([("t", {"r": r, "i": i}) for i in range(per_round)])
                t = time.perf_counter()
                a = an.anchor()
                lat.append(time.perf_counter() - t)
                assert a is not None and a.size == led.size()
    kind = "postgresql" if where.startswith("postgresql://") else "sqlite"
    return {
        "store": kind,
        "anchors": rounds,
        "records_each": per_round,
        "p50_ms": round(statistics.median(lat) * 1000, 1),
        "max_ms": round(max(lat) * 1000, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--txns", type=int, default=400, help="transactions per run (split over writers)")
    ap.add_argument("--batch", type=int, nargs="+", default=[1, 20], help="records per transaction")
    ap.add_argument("--anchors", type=int, default=15, help="anchor rounds per store")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, PostgresServer(fsync=True) as pg:
        d = Path(tmp)
        rows = []
        for batch in a.batch:
            print(f"== durable appends, {batch} record(s) per transaction, one process per writer ==")
            rows.append(bench_writers(str(d / f"one{batch}.db"), 1, a.txns * batch, batch))
            for w in (1, 2, 4):
                rows.append(bench_writers(fresh_schema_url(pg.url), w, a.txns * batch, batch))
                print("  ".join(f"{k}={v}" for k, v in rows[-1].items()))
        print("\n== anchor latency (embedded chain) ==")
        lat = [
            bench_anchor(str(d / "anchor.db"), d / "h1", a.anchors, 50),
            bench_anchor(fresh_schema_url(pg.url), d / "h2", a.anchors, 50),
        ]
        for r in lat:
            print("  ".join(f"{k}={v}" for k, v in r.items()))
        print()
        report("ledger_pg", rows, {"anchor_latency": lat})


if __name__ == "__main__":
    main()
