"""Guard throughput and memory: anomaly scoring from feature vectors, the full detector set on
decoded transactions, and memory over 1M transactions (state must stay bounded).

Usage: python benchmarks/bench_guard_throughput.py [--n 1000000]
"""

from __future__ import annotations

import argparse
import os
import random
import time
from dataclasses import replace
from pathlib import Path

from _report import report

from nexus.guard import GuardContext, decode_tx
from nexus.guard.detectors import default_detectors
from nexus.guard.detectors.anomaly import load_default_anomaly
from nexus.sandbox.fit import benign_vectors


def _views(n: int, cache: Path) -> list:  # type: ignore[type-arg]
    """Decoded benign transactions from one simulated run (re-used with fresh senders below)."""
    import tempfile

    from nexus.chain.embedded import EmbeddedChain
    from nexus.sandbox import TrafficSimulator, deploy_sandbox

    with tempfile.TemporaryDirectory() as tmp:
        chain = EmbeddedChain(Path(tmp) / "c", flush_interval=1e9)
        sb = deploy_sandbox(chain, cache_dir=cache)
        sim = TrafficSimulator(sb, seed=7)
        sim.setup()
        first = chain.block_number() + 1
        sim.run(n)
        out = []
        for k in range(first, chain.block_number() + 1):
            b = chain.get_block(k)
            out.append(decode_tx(b.transactions[0], b.receipts[0], b, chain.trace(b.transactions[0].hash)))
        chain.close()
        return out


def _rss_mib() -> float:
    """Resident memory of this process (Linux /proc), in MiB."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    args = ap.parse_args()
    cache = Path("/tmp/nexus-bench-contracts")
    model = load_default_anomaly()
    assert model is not None
    base = benign_vectors(2000, seed=7, cache_dir=cache)
    rnd = random.Random(0)
    X = [[v * rnd.uniform(0.9, 1.1) for v in base[i % len(base)]] for i in range(200_000)]
    t0 = time.perf_counter()
    model.score_many(X)
    vec_rate = len(X) / (time.perf_counter() - t0)

    views = _views(1000, cache)
    dets = default_detectors(model)
    ctx = GuardContext(None)
    t0 = time.perf_counter()
    marks = {}
    for i in range(args.n):
        v = views[i % len(views)]
        sender = "0x" + (i * 2654435761 % (1 << 160)).to_bytes(20, "big").hex()
        v2 = replace(v, tx=replace(v.tx, sender=sender))
        for d in dets:
            d.on_tx(v2, ctx)
        ctx.apply(v2)
        if (i + 1) % 100_000 == 0:
            marks[i + 1] = _rss_mib()
    full_rate = args.n / (time.perf_counter() - t0)
    peak = max(marks.values(), default=_rss_mib())
    rows = [
        {"what": "anomaly score from feature vectors", "tx_per_s": round(vec_rate), "n": len(X)},
        {"what": "all detectors on decoded txs (no chain calls)", "tx_per_s": round(full_rate), "n": args.n},
    ]
    report(
        "guard_throughput",
        rows,
        {
            "rss_mib_after_n_txs": {str(k): round(v, 1) for k, v in marks.items()},
            "rss_peak_mib": round(peak, 1),
            "note": "senders are unique per tx so per-address maps fill to their caps",
        },
    )


if __name__ == "__main__":
    main()
