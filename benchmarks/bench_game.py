"""Learning NPCs in the on-chain game: learning curve, learned vs scripted merchants on held-out seeds,
and gas per craft / listing / purchase / cancel on the embedded chain.

The merchant is trained by tabular Q-learning in the fast simulator (seeds < 2**31); the curve is its
mean revenue on 100 held-out games (seeds 2**31 + 10**6 ...) every `--every` episodes; the comparison uses
another `--eval` held-out games (seeds 2**31 ...): mean revenue in coins with a 95% bootstrap interval of
the difference, and the share of games where the learned merchant earns at least as much. Then
`--chain` games per NPC are played on the embedded chain through each NPC's own account (the chain's
revenue must equal the simulator's), and the gas of each kind of step is reported.

    python benchmarks/bench_game.py [--episodes 60000] [--eval 1000] [--chain 3] [--write-policy]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from statistics import fmean

sys.path.insert(0, str(Path(__file__).parent))
from _report import report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from nexus.chain.embedded import EmbeddedChain  # noqa: E402
from nexus.contracts.deploy import Deployer  # noqa: E402
from nexus.game.learn import held_out_seeds, train  # noqa: E402
from nexus.game.onchain import play_on_chain  # noqa: E402
from nexus.game.policy import FixedPrice, Markdown, NpcPolicy  # noqa: E402
from nexus.game.sim import play  # noqa: E402
from nexus.game.world import GameWorld  # noqa: E402

POLICY_FILE = ROOT / "src" / "nexus" / "game" / "data" / "merchant.json"


def _ci(diffs: list[float], n: int = 2000) -> tuple[float, float]:
    rng = random.Random(0)
    means = sorted(fmean(rng.choices(diffs, k=len(diffs))) for _ in range(n))
    return means[int(0.025 * n)], means[int(0.975 * n)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--episodes", type=int, default=60_000)
    ap.add_argument("--every", type=int, default=5_000)
    ap.add_argument("--eval", type=int, default=1000)
    ap.add_argument("--chain", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--write-policy", action="store_true", help="save the trained merchant as the packaged policy")
    args = ap.parse_args()

    t0 = time.perf_counter()
    run = train(args.episodes, seed=args.seed, eval_every=args.every, eval_seeds=held_out_seeds(100, offset=10**6))
    train_s = time.perf_counter() - t0
    print("learning curve (episodes trained -> mean held-out revenue, coins):")
    for n, v in run.curve:
        print(f"  {n:>7}  {v:7.1f}")
    if args.write_policy:
        POLICY_FILE.write_text(json.dumps(run.policy.to_json(), sort_keys=True, separators=(",", ":")) + "\n")
        print(f"wrote {POLICY_FILE} ({POLICY_FILE.stat().st_size} bytes)")

    seeds = held_out_seeds(args.eval)
    npcs: dict[str, NpcPolicy] = {"learned": run.policy, "fixed": FixedPrice(), "markdown": Markdown()}
    npcs.update({f"fixed@{FixedPrice(lv).describe()['price']}": FixedPrice(lv) for lv in (3, 4)})
    rev = {k: [play(p, s).revenue for s in seeds] for k, p in npcs.items()}
    rows = []
    for k, r in rev.items():
        diffs = [a - b for a, b in zip(rev["learned"], r)]
        lo, hi = _ci(diffs) if k != "learned" else (0.0, 0.0)
        rows.append(
            {
                "npc": k,
                "mean_revenue": round(fmean(r), 1),
                "learned_minus_this": round(fmean(diffs), 1),
                "ci95": f"[{lo:.1f}, {hi:.1f}]",
                "learned_at_least_as_good": f"{sum(d >= 0 for d in diffs) / len(diffs):.0%}",
            }
        )

    gas: dict[str, list[int]] = {}
    chain_ok = True
    with tempfile.TemporaryDirectory() as tmp:
        chain = EmbeddedChain(Path(tmp) / "chain", flush_interval=3600)
        world = GameWorld.deploy(chain, Deployer(chain, Path(tmp) / "deployments", Path(tmp) / "cache"))
        t1 = time.perf_counter()
        for name, pol in (("merchant", run.policy), ("smith", FixedPrice()), ("pedlar", Markdown())):
            for s in seeds[: args.chain]:
                ep = play_on_chain(world, pol, name, s)
                chain_ok &= ep.revenue == play(pol, s).revenue
                for k, v in ep.gas.items():
                    gas.setdefault(k, []).extend(v)
        chain_s = time.perf_counter() - t1
        chain.close()
    gas_mean = {k: round(fmean(v)) for k, v in gas.items() if v}
    print("\ngas per step on chain:", gas_mean, "| chain revenue == simulator revenue:", chain_ok)
    report(
        "game",
        rows,
        {
            "curve": [[n, round(v, 2)] for n, v in run.curve],
            "training": {"episodes": args.episodes, "seed": args.seed, "seconds": round(train_s, 1)},
            "held_out": {"seeds": [seeds[0], seeds[-1]], "n": len(seeds)},
            "gas": gas_mean,
            "chain": {"games_per_npc": args.chain, "matches_simulator": chain_ok, "seconds": round(chain_s, 1)},
        },
    )


if __name__ == "__main__":
    main()
