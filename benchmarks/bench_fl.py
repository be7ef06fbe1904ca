"""Federated learning with incentives (Flower): accuracy, robustness, backdoors, rewards, Shapley, gas, speed.

With 10 clients on Dirichlet(alpha) splits of real data (sklearn digits; UCI adult income; Ethereum
fraud accounts), each row one measured figure:
  - FedAvg vs centralised training (same model, all training rows in one place);
  - 20% and 30% poisoners (boosted label flip) under FedAvg vs each robust strategy, and the gap to the
    clean run (goal: within 2 points);
  - backdoor success rate (triggered test rows classified as the target) under FedAvg vs robust rules;
  - reward share of honest vs free-riding vs poisoning clients (goal: honest >= 95%);
  - Monte-Carlo Shapley (and leave-one-out) vs exact Shapley on 6 clients: Spearman rank correlation
    (goal >= 0.9) and cost (aggregates evaluated, seconds);
  - gas per round per client; seconds per round in-process (LocalGrid), on Flower's Ray simulation engine,
    and on a real SuperLink with SuperNodes (separate processes on loopback, `flwr run`).

    nice python benchmarks/bench_fl.py [--rounds 5] [--quick]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _report import report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from nexus.chain.embedded import EmbeddedChain  # noqa: E402
from nexus.fl import Federation, FLConfig, load_dataset, make_model  # noqa: E402
from nexus.fl.contribution import CoalitionValue, exact_shapley, leave_one_out, monte_carlo_shapley  # noqa: E402
from nexus.flid import client_dids  # noqa: E402

logging.getLogger("flwr").setLevel(logging.ERROR)
ROBUST = ["krum", "multikrum", "trimmed-mean", "median", "bulyan"]
CACHE = Path(tempfile.mkdtemp(prefix="bench-fl-build-"))


def fed(**cfg: Any) -> dict[str, Any]:
    root = Path(tempfile.mkdtemp(prefix="bench-fl-"))
    conf = FLConfig(**cfg)
    dids = client_dids(conf.name, conf.clients)  # as the CLI and API run it: clients named by did:keys
    f = Federation(conf, EmbeddedChain(root / "chain", flush_interval=3600), cache_dir=CACHE, dids=dids)
    return f.run()


def centralised(data: str, epochs: int) -> float:
    d = load_dataset(data)
    m = make_model("sklearn", d.features, d.classes)
    return m.accuracy(m.train(m.init_arrays(), d.X, d.y, epochs=epochs, lr=0.05, seed=0), d.X_test, d.y_test)


def spearman(a: list[float], b: list[float]) -> float:
    ra, rb = np.argsort(np.argsort(a)), np.argsort(np.argsort(b))
    return float(np.corrcoef(ra, rb)[0, 1])


def _round_updates(seed: int) -> tuple[Federation, dict[str, Any]]:
    """The first round's updates of a 6-client federation (1 label-flipper, 1 free-rider, alpha 0.3)."""
    f = Federation(
        FLConfig(clients=6, rounds=1, poison=0.17, free_riders=0.17, alpha=0.3, seed=seed),
        EmbeddedChain(Path(tempfile.mkdtemp()) / "c", flush_interval=3600),
        cache_dir=CACHE,
    )
    captured: dict[str, Any] = {}
    orig = f.aggregated

    def grab(server_round: int, arrays: Any, updates: Any, rejected: Any) -> None:
        captured.update(u=[u.arrays for u in updates], w=[u.examples for u in updates], g=f.global_arrays)
        orig(server_round, arrays, updates, rejected)

    f.aggregated = grab  # type: ignore[method-assign]
    f.run()
    return f, captured


def shapley_rows(seeds: int = 5) -> list[dict[str, Any]]:
    """Estimates vs exact Shapley (Spearman) over `seeds` federations' first rounds, with their cost."""
    methods: dict[str, Any] = {
        "shapley exact (6 clients)": lambda v: exact_shapley(v, 6),
        "shapley monte-carlo (12 perms)": lambda v: monte_carlo_shapley(v, 6, permutations=12),
        "shapley monte-carlo (24 perms)": lambda v: monte_carlo_shapley(v, 6, permutations=24),
        "leave-one-out": lambda v: leave_one_out(v, 6),
    }
    stats: dict[str, dict[str, list[float]]] = {m: {"corr": [], "evals": [], "secs": []} for m in methods}
    for seed in range(seeds):
        f, cap = _round_updates(seed)
        d = f.data
        exact: list[float] = []
        for name, fn in methods.items():
            v = CoalitionValue(cap["u"], cap["w"], cap["g"], lambda a, m=f.model, d=d: m.utility(a, d.X_val, d.y_val))
            t = time.perf_counter()
            est = fn(v)
            stats[name]["secs"].append(time.perf_counter() - t)
            stats[name]["evals"].append(v.evaluations)
            exact = exact or est
            stats[name]["corr"].append(spearman(exact, est))
    return [
        {
            "figure": name,
            "rank_corr": round(float(np.mean(st["corr"])), 3),
            "rank_corr_min": round(float(np.min(st["corr"])), 3),
            "evaluations": round(float(np.mean(st["evals"])), 1),
            "seconds": round(float(np.mean(st["secs"])), 4),
        }
        for name, st in stats.items()
    ]


def deployment_row(rounds: int, nodes: int) -> dict[str, Any]:
    """A real SuperLink and SuperNodes (separate processes on loopback), `flwr run` of the federation."""
    from nexus.fl.deploy import down, run_on_superlink, up
    from nexus.settings import load_settings

    settings = load_settings(home=Path(tempfile.mkdtemp(prefix="bench-fl-home-")))
    t = time.perf_counter()
    try:
        up(settings, nodes=nodes, port=29591)
        started = time.perf_counter() - t
        rep = run_on_superlink(settings, {"clients": nodes, "rounds": rounds})
    finally:
        down(settings)
    return {
        "figure": f"seconds per round, real SuperLink + {nodes} SuperNodes (flwr run)",
        "seconds_per_round": round(rep["seconds"] / rounds, 3),
        "wall_incl_ray_start": round(time.perf_counter() - t, 2),
        "processes_start_s": round(started, 2),
        "accuracy": rep["final_accuracy"],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="digits only, fewer strategies")
    args = ap.parse_args()
    R = args.rounds
    rows: list[dict[str, Any]] = []
    datasets = ["digits"] if args.quick else ["digits", "credit", "eth-fraud"]
    for data in datasets:
        for alpha in [0.1, 0.5, 1.0] if data == "digits" else [0.5]:
            clean = fed(clients=10, rounds=R, data=data, alpha=alpha)
            rows.append(
                {
                    "figure": f"accuracy {data} a={alpha}",
                    "fedavg": clean["final_accuracy"],
                    "centralised": round(centralised(data, 2 * R), 4),
                    "seconds_per_round": round(clean["seconds"] / R, 3),
                    "gas_per_round_per_client": clean["gas_per_round_per_client"],
                }
            )
    for poison in (0.2, 0.3):
        clean = fed(clients=10, rounds=R)["final_accuracy"]
        for strat in ["fedavg", *(ROBUST if not args.quick else ["multikrum", "median"])]:
            rep = fed(clients=10, rounds=R, strategy=strat, poison=poison, attack="scaled")
            rows.append(
                {
                    "figure": f"poison {int(poison * 100)}% scaled",
                    "strategy": strat,
                    "accuracy": rep["final_accuracy"],
                    "clean": clean,
                    "gap_points": round(100 * (clean - rep["final_accuracy"]), 2),
                    "poisoner_share": round(sum(c["share"] for c in rep["clients"] if c["role"] != "honest"), 4),
                }
            )
    for strat in ["fedavg", "multikrum", "median"]:
        rep = fed(clients=10, rounds=R, strategy=strat, poison=0.2, attack="backdoor")
        rows.append(
            {
                "figure": "backdoor 20%",
                "strategy": strat,
                "backdoor_success": rep["backdoor_rate"],
                "accuracy": rep["final_accuracy"],
            }
        )
    for strat in ["fedavg", "multikrum"]:
        rep = fed(clients=10, rounds=R, strategy=strat, poison=0.2, free_riders=0.2, attack="label-flip")
        share = {"honest": 0.0, "free": 0.0, "poison": 0.0}
        for c in rep["clients"]:
            share["honest" if c["role"] == "honest" else "free" if c["role"] == "free-rider" else "poison"] += c[
                "share"
            ]
        rows.append(
            {
                "figure": "reward shares (2 free-riders, 2 label-flippers)",
                "strategy": strat,
                **{k: round(v, 4) for k, v in share.items()},
            }
        )
    rep = fed(clients=10, rounds=R, poison=0.2, free_riders=0.1, free_ride="noise")
    rows.append(
        {
            "figure": "reward shares (1 noise free-rider, 2 label-flippers)",
            "strategy": "fedavg",
            "honest": round(sum(c["share"] for c in rep["clients"] if c["role"] == "honest"), 4),
        }
    )
    rows += shapley_rows()
    t = time.perf_counter()
    sim = fed(clients=10, rounds=3, engine="simulation")
    rows.append(
        {
            "figure": "seconds per round, Flower Ray simulation engine",
            "seconds_per_round": round(sim["seconds"] / 3, 3),
            "wall_incl_ray_start": round(time.perf_counter() - t, 2),
        }
    )
    rows.append(deployment_row(rounds=3, nodes=3))
    cols = list(dict.fromkeys(k for r in rows for k in r))  # one table: every row gets every column
    report("fl", [{c: r.get(c, "") for c in cols} for r in rows])


if __name__ == "__main__":
    main()
