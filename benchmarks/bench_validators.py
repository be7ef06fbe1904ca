"""Validator figures: a delegator's realised reward per epoch (per unit stake) allocating by the learned
next-epoch predictor vs uniform and vs last-epoch best, over simulated PoS networks; and PoW difficulty
rules (Bitcoin 2016-block retarget, Ethereum Homestead, ours) under four hash-rate shocks (x0.5, x4,
x0.6, x0.25 at 20/40/60/80% of the run): block-time variance, rolling-mean RMSE, recovery time.

    python benchmarks/bench_validators.py [--seeds 10] [--blocks 20000]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _report import report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from nexus.validators.pos import simulate_pos  # noqa: E402
from nexus.validators.pow import compare_rules  # noqa: E402
from nexus.validators.score import compare_allocations  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--blocks", type=int, default=20_000)
    args = ap.parse_args()
    runs = [compare_allocations(simulate_pos(200, 400, seed=s), k=20) for s in range(args.seeds)]
    rows = [
        {
            "case": f"PoS allocation: {name}",
            "value": f"{np.mean([r[name] for r in runs]):.4f}",
            "spread": f"±{np.std([r[name] for r in runs]):.4f}",
            "unit": "reward/epoch/stake",
        }
        for name in ("predictor", "last_epoch_best", "uniform")
    ]
    pow_rows = compare_rules(blocks=args.blocks, seeds=3)
    for r in pow_rows:
        rows.append(
            {
                "case": f"PoW {r['rule']}",
                "value": f"{r['rolling_mean_rmse']:.3f}",
                "spread": f"var {r['block_time_var']:.0f} s², recovery {r['mean_recovery_blocks']:.0f} blocks",
                "unit": "rolling-100 RMSE vs target",
            }
        )
    report("validators", rows, {"pos_runs": runs, "pow": pow_rows, "seeds": args.seeds, "blocks": args.blocks})


if __name__ == "__main__":
    main()
