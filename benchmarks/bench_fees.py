"""Fee advisor calibration on anvil: asked vs observed inclusion within the deadline, and tips paid,
against web3.py's and ethers v5's default fee estimates on the same blocks.

anvil runs with a block gas limit of `--per-block` transfers; bursts of competing transfers (calm
~0.2-0.8 blocks per round, bursts of 1.5-3 blocks for 3-8 rounds) with lognormal tips fill the mempool;
one probe per strategy is in flight at a time (see nexus/fees/calibrate.py).

    python benchmarks/bench_fees.py [--rounds 400] [--per-block 40] [--seed 0]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _report import report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from anvil import AnvilNode  # noqa: E402

from nexus.fees.calibrate import JsonRpc, run_calibration  # noqa: E402

TARGETS = [(0.5, 1), (0.8, 1), (0.95, 1), (0.8, 3), (0.95, 3), (0.99, 5)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=400)
    ap.add_argument("--per-block", type=int, default=40)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    with AnvilNode(extra_args=("--gas-limit", str(21_000 * args.per_block), "--accounts", "60")) as node:
        accounts = JsonRpc(node.url)("eth_accounts")
        r = run_calibration(
            node.url, rounds=args.rounds, accounts=accounts, targets=TARGETS, per_block=args.per_block, seed=args.seed
        )
    rows = [
        {
            "strategy": s["strategy"],
            "asked": "-" if s["asked_probability"] is None else f"{s['asked_probability']:.2f}",
            "within": s["within"],
            "probes": s["probes"],
            "observed": f"{s['observed']:.3f}",
            "mean_tip_paid_gwei": f"{s['mean_tip_paid_gwei']:.3f}",
            "max_fee/base": f"{s['mean_max_fee_over_base']:.2f}",
        }
        for s in r["strategies"]
    ]
    report("fees", rows, {"rounds": args.rounds, "per_block": args.per_block, "seed": args.seed})


if __name__ == "__main__":
    main()
