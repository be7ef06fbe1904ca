"""Ledger figures: durable append throughput, record -> on-chain anchor latency, proofs per second.

    python benchmarks/bench_ledger.py [--records 100000] [--threads 64] [--proof-size 1000000] [--latency-s 5]

Durable means `synchronous=FULL` in WAL mode: a record is acknowledged after its commit's fsync.
Rates are wall-clock; `per CPU-s` divides by the process CPU time used (robust on a busy host).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _report import report

from nexus import connect
from nexus.ledger import open_ledger
from nexus.ledger.anchor import Anchorer, anchor_contract
from nexus.ledger.batcher import Batcher, BatchPolicy
from nexus.ledger.decisions import Auditor
from nexus.ledger.merkle import verify_consistency, verify_inclusion
from nexus.ledger.records import new_entry


def timed(fn):  # type: ignore[no-untyped-def]
    w, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w, time.process_time() - c


def bench_appends(d: Path, n: int, threads: int = 64) -> list[dict]:
    rows = []
    with open_ledger(path=d / "a.db") as led:
        # durable=True (the default): each call returns after its commit's fsync; concurrent
        # callers share a transaction, so the figure is for `threads` callers at once
        auditor = Auditor("bench-model", ledger=led)
        per = n // threads

        def caller(t: int) -> None:
            for i in range(t * per, (t + 1) * per):
                auditor.log(i, i % 3)

        def run_callers() -> None:
            pool = [threading.Thread(target=caller, args=(t,)) for t in range(threads)]
            for th in pool:
                th.start()
            for th in pool:
                th.join()

        wall, cpu = timed(run_callers)
        assert led.size() == per * threads
        rows.append(
            {
                "workload": f"@audited durable, {threads} threads",
                "records": per * threads,
                "per_s": round(per * threads / wall),
                "per_cpu_s": round(per * threads / cpu),
            }
        )
    with open_ledger(path=d / "a2.db") as led:
        # durable=False: one caller, returns once queued (bounded queue); the clock stops at flush
        auditor = Auditor("bench-model", ledger=led, durable=False)
        wall, cpu = timed(lambda: ([auditor.log(i, i % 3) for i in range(n)], led.flush()))
        rows.append(
            {
                "workload": "@audited durable=False + flush, 1 thread",
                "records": n,
                "per_s": round(n / wall),
                "per_cpu_s": round(n / cpu),
            }
        )
    with open_ledger(path=d / "b.db") as led:

        def batches() -> None:
            for s in range(0, n, 1000):
                led.append_many([("dataset", {"i": i, "name": "x"}) for i in range(s, s + 1000)])

        wall, cpu = timed(batches)
        rows.append(
            {
                "workload": "append_many, 1000 per call",
                "records": n,
                "per_s": round(n / wall),
                "per_cpu_s": round(n / cpu),
            }
        )
    with open_ledger(path=d / "c.db") as led:
        m = max(n // 50, 200)
        wall, cpu = timed(lambda: [led.append("dataset", {"i": i}) for i in range(m)])
        rows.append(
            {
                "workload": "append, one transaction each",
                "records": m,
                "per_s": round(m / wall),
                "per_cpu_s": round(m / cpu),
            }
        )
    return rows


def bench_latency(d: Path, seconds: float, rate: int) -> list[dict]:
    """Submit at `rate`/s for `seconds` with the batcher (256 / 250 ms) anchoring on the
    embedded chain; latency = submit -> an anchor covering the record is recorded."""
    rows = []
    with connect(home=str(d / "home")) as nx:
        nx.deploy()
        with open_ledger(path=d / "lat.db") as led:
            batcher = Batcher(Anchorer(led, anchor_contract(nx)), BatchPolicy(), poll_s=0.01).start()
            sent: list[tuple[float, object]] = []
            done: dict[int, float] = {}
            stop = threading.Event()

            def watch() -> None:  # when did each record's covering anchor appear?
                covered = 0
                while not stop.is_set() or covered < len(sent):
                    a = led.anchors()
                    top = a[-1].size if a else 0
                    now = time.perf_counter()
                    for i in range(covered, top):
                        done[i] = now
                    covered = top
                    time.sleep(0.002)

            w = threading.Thread(target=watch)
            w.start()
            t0 = time.perf_counter()
            k = 0
            while time.perf_counter() - t0 < seconds:
                target = int((time.perf_counter() - t0) * rate)
                while k < target:
                    sent.append((time.perf_counter(), led.submit("decision", {"k": k})))
                    k += 1
                time.sleep(0.001)
            ids = [p.id for _, p in sent]  # type: ignore[attr-defined]
            stop.set()
            w.join(60)
            batcher.stop(final=False)
            lat = sorted(done[i] - t for (t, _), i in zip(sent, ids) if i in done)
    q = statistics.quantiles(lat, n=100)
    rows.append(
        {
            "rate_per_s": rate,
            "records": len(lat),
            "anchors": batcher.anchors,
            "p50_ms": round(q[49] * 1000),
            "p95_ms": round(q[94] * 1000),
            "max_ms": round(lat[-1] * 1000),
        }
    )
    return rows


def bench_proofs(d: Path, size: int, samples: int = 2000) -> list[dict]:
    path = d / "p.db"
    with open_ledger(path=path, sync="off") as led:
        t = time.perf_counter()
        for s in range(0, size, 20_000):
            led.store.append([new_entry("t", j) for j in range(s, min(size, s + 20_000))])
        build = time.perf_counter() - t
    with open_ledger(path=path) as led:  # a fresh process view: nothing cached
        rng = random.Random(7)
        wall, _ = timed(lambda: led.root(size - 1))
        idx = [rng.randrange(size) for _ in range(samples)]
        proofs: list = []
        gen, _ = timed(lambda: proofs.extend(led.inclusion_proof(i, size) for i in idx))
        root = led.root(size)
        leaves = [led.record(i).leaf_hash for i in idx]
        ver, _ = timed(lambda: [verify_inclusion(i, size, lf, p, root) for i, lf, p in zip(idx, leaves, proofs)])
        olds = [rng.randrange(1, size) for _ in range(samples // 4)]
        cps: list = []
        cgen, _ = timed(lambda: cps.extend(led.consistency_proof(m, size) for m in olds))
        oroots = [led.root(m) for m in olds]
        cver, _ = timed(lambda: [verify_consistency(m, size, r, root, p) for m, r, p in zip(olds, oroots, cps)])
    return [
        {
            "tree_size": size,
            "build_s": round(build, 1),
            "root_ms": round(wall * 1000, 2),
            "inclusion_gen_per_s": round(samples / gen),
            "inclusion_verify_per_s": round(samples / ver),
            "consistency_gen_per_s": round(len(olds) / cgen),
            "consistency_verify_per_s": round(len(olds) / cver),
            "proof_hashes": len(proofs[0]),
        }
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--threads", type=int, default=64, help="concurrent durable @audited callers")
    ap.add_argument("--proof-size", type=int, default=1_000_000)
    ap.add_argument("--latency-s", type=float, default=5.0)
    ap.add_argument("--rates", type=int, nargs="+", default=[10, 1000, 5000])
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        print("== durable append throughput ==")
        appends = bench_appends(d, a.records, a.threads)
        report("ledger_append", appends)
        print("\n== record -> on-chain anchor latency (embedded chain, 256 / 250 ms) ==")
        lat = [r for rate in a.rates for r in bench_latency(d / f"r{rate}", a.latency_s, rate)]
        report("ledger_latency", lat)
        print("\n== proofs ==")
        report("ledger_proofs", bench_proofs(d, a.proof_size))


if __name__ == "__main__":
    main()
