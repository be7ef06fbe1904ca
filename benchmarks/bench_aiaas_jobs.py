"""Verified compute jobs: catch rate of lazy / wrong workers at several spot-check rates, and the cost
overhead (executions and gas per job) against a single unchecked worker, on the embedded EVM with
every execution in the sandbox.

    python benchmarks/bench_aiaas_jobs.py [--jobs 30] [--rates 0,0.1,0.25,0.5]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _report import report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from nexus.aiaas.jobs import JobSpec, deploy_jobs, execute, work  # noqa: E402
from nexus.chain.embedded import EmbeddedChain  # noqa: E402

ETH = 10**18
# (label, k, n, behaviours of the workers in posting order)
SCENARIOS = [
    ("1 worker, lazy", 1, 1, ["lazy"]),
    ("1 worker, wrong", 1, 1, ["wrong"]),
    ("2-of-2, one lazy", 2, 2, ["honest", "lazy"]),
    ("2-of-2, both lazy (colluding)", 2, 2, ["lazy", "lazy"]),
    ("2-of-3, all honest", 2, 3, ["honest", "honest"]),
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=30)
    ap.add_argument("--rates", default="0,0.1,0.25,0.5")
    args = ap.parse_args()
    rates = [float(r) for r in args.rates.split(",")]
    root = Path(tempfile.mkdtemp(prefix="bench-jobs-"))
    chain = EmbeddedChain(root / "chain", flush_interval=3600)
    board = deploy_jobs(chain, cache_dir=root / "cache")
    a = chain.accounts
    rng = random.Random(7)
    rows = []
    base_gas = 0
    for label, k, n, behaviours in SCENARIOS:
        for rate in rates:
            caught = cheats = executions = gas = 0
            for j in range(args.jobs):
                spec = JobSpec("def f(n, m):\n    return sum(i * i % m for i in range(n))\n", "f", [1000 + j, 97])
                good = execute(spec)[1]
                rc = board.contract.submit(
                    bytes.fromhex(spec.fn[2:]),
                    bytes.fromhex(spec.input[2:]),
                    k,
                    n,
                    chain.timestamp() + 600,
                    ETH // 100,
                    300,
                    a[9],
                    sender=a[1],
                    value=ETH // 10,
                )
                gas += rc.gas_used
                jid = int(board.contract.jobCount()) - 1
                posted = []
                for i, b in enumerate(behaviours):
                    h = work(spec, b, rng)
                    executions += b == "honest"
                    posted.append(h)
                    gas += board.contract.post(jid, bytes.fromhex(h[2:]), sender=a[2 + i], value=ETH // 100).gas_used
                    if board.info(jid).state != "open":
                        break
                state = board.arbitrate(jid, spec, a[9], spot_rate=rate, rng=rng)
                executions += state == "settled"
                if state == "agreed":
                    chain.mine(seconds=301)
                    board.finalize(jid, sender=a[1])
                info = board.info(jid)
                bad = any(h != good for h in posted)
                cheats += bad
                caught += bad and info.result == good
            base_gas = base_gas or gas
            rows.append(
                {
                    "scenario": label,
                    "spot-check rate": f"{rate:.2f}",
                    "catch rate": "-" if not cheats else f"{caught / cheats:.2f}",
                    "executions / job": round(executions / args.jobs, 2),
                    "gas vs 1 worker": round(gas / base_gas, 2),
                    "gas / job (submit + posts)": gas // args.jobs,
                }
            )
    chain.close()
    report(
        "aiaas_jobs",
        rows,
        {
            "jobs_per_cell": args.jobs,
            "chain": "embedded (py-evm)",
            "note": "executions counted: honest workers + the arbiter's re-executions",
        },
    )


if __name__ == "__main__":
    main()
