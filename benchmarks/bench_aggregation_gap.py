"""Where the aggregating market's distance to the truth comes from (issue 16; tuning seeds only).

`python benchmarks/bench_aggregation_gap.py` runs the learned-stack market (`pool="stack"`) on the tuning
seeds 101-110 of both worlds and splits "market - truth" (final round's Brier) into:

- structure: the same stack with its population-optimal weights (fitted on 3,000 fresh events of
  the seed's world, which no trader has), minus the truth. No way of learning the weights from the
  public record can beat this on average: it is what the three revealed forecasts hold.
- learning: the online market minus that oracle (the cost of learning the weights from 300
  published and at most 150 live events).

An in-sample stack (fitted after the fact on the same 150 markets it is scored on) is reported
too; it is optimistic by construction. Held-out seeds are never run here.

Round 6 adds the same split for the inferring forecasters (`pool="infer"`, the default since):
"oracle inference" fits each forecaster's second-stage model (its own features + the others'
revealed log-odds) on the same 3,000 fresh events, and is scored on the live tape of the last
round. Because 150 events rank forecasts this close only roughly, both oracles are also scored by
their expected excess Brier over the truth, E[sum_c (p_c - truth_c)^2], on 5,000 further fresh
events (no outcome noise: 0 means the truth itself).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _report import report  # noqa: E402

import nexus.markets.agents.simulate as sim  # noqa: E402
from nexus.markets.agents import SimConfig, run_simulation  # noqa: E402
from nexus.markets.agents.inference import InferringForecaster, _logits, fit_logit, inputs, log_pool  # noqa: E402
from nexus.markets.agents.metrics import brier  # noqa: E402
from nexus.markets.agents.models import softmax  # noqa: E402
from nexus.markets.agents.pooling import PoolingForecaster  # noqa: E402
from nexus.markets.agents.stacking import StackedPool, _features  # noqa: E402
from nexus.markets.agents.world import World  # noqa: E402

TUNING = tuple(range(101, 111))
FRESH = 3000
EXPECTED = 5000


def _run(cfg: SimConfig) -> tuple[Any, list[PoolingForecaster]]:
    """One simulation, keeping the agents it built (to read their stack and models)."""
    built: list[Any] = []
    make = sim.default_agents

    def keep(*args: Any, **kw: Any) -> list[Any]:
        built.extend(make(*args, **kw))
        return built

    sim.default_agents = keep  # type: ignore[assignment]
    try:
        rep = run_simulation(cfg)
    finally:
        sim.default_agents = make  # type: ignore[assignment]
    return rep, [a for a in built if isinstance(a, PoolingForecaster)]


def _pool_brier(theta: list[float], rows: list[tuple[list[list[float]], int]]) -> float:
    fc = [softmax([sum(a * b for a, b in zip(theta, phi)) for phi in phis]) for phis, _ in rows]
    return brier(fc, [y for _, y in rows])


def _fit(rows: list[tuple[list[list[float]], int]], k: int, n: int) -> list[float]:
    pool = StackedPool(1, ridge=1e-3)
    return pool._fit(rows, pool._prior(k, n), k, n, steps=10)


def _excess(forecast: Any, world: World, agents: list[Any], noise: float, seed: int) -> float:
    """Expected excess Brier over the truth of `forecast(observations, private forecasts)`."""
    rng, total = random.Random(f"{seed}/expected"), 0.0
    for _ in range(EXPECTED):
        x, _ = world.draw(rng)
        obs = {a.name: a.hide([v + rng.gauss(0, noise) for v in x]) for a in agents}
        priv = {a.name: a.model.predict_proba(obs[a.name]) for a in agents}
        total += sum((p - t) ** 2 for p, t in zip(forecast(obs, priv), world.truth(x)))
    return total / EXPECTED


def infer_gap(seed: int, info: str) -> dict[str, Any]:
    """The same split for the inferring forecasters (see the module doc)."""
    cfg = SimConfig(events=150, rounds=6, seed=seed, info=info, pool="infer")
    rep, built = _run(cfg)
    agents = [a for a in built if isinstance(a, InferringForecaster)]
    names, n, last = sorted(a.name for a in agents), cfg.outcomes, cfg.rounds - 1  # the tape order
    world, rng = World(cfg, random.Random(cfg.seed)), random.Random(f"{seed}/fresh")

    def z(a: InferringForecaster, obs: dict[str, list[float]], priv: dict[str, list[float]]) -> list[float]:
        return inputs(a.visible(obs[a.name]), [priv[m] for m in names if m != a.name])

    fresh = []
    for _ in range(FRESH):
        x, y = world.draw(rng)
        obs = {a.name: a.hide([v + rng.gauss(0, cfg.noise_last) for v in x]) for a in agents}
        fresh.append((obs, {a.name: a.model.predict_proba(obs[a.name]) for a in agents}, y))
    theta = {}
    for a in agents:
        rows = [(z(a, o, p), y) for o, p, y in fresh]
        zero = [0.0] * ((n - 1) * (len(rows[0][0]) + 1))
        theta[a.name] = fit_logit(rows, n, zero, zero, 1e-3, 10)
    live = [a.inference.data[last] for a in agents if a.inference is not None]  # the tape, per forecaster
    oracle = [
        log_pool([softmax(_logits(theta[a.name], rows[i][0], n)) for a, rows in zip(agents, live)])
        for i in range(len(live[0]))
    ]
    s = {k: v["brier"] for k, v in rep.scores.items()}
    truth, market = s["truth"], s["market"]
    ob = brier(oracle, [y for _, y in live[0]])
    stack_rows = [(_features(p, sorted(names), n), y) for _, p, y in fresh]
    w = _fit(stack_rows, len(names), n)

    def stacked(obs: Any, priv: dict[str, list[float]]) -> list[float]:
        return softmax([sum(a * b for a, b in zip(w, phi)) for phi in _features(priv, sorted(names), n)])

    def inferred(obs: Any, priv: dict[str, list[float]]) -> list[float]:
        return log_pool([softmax(_logits(theta[a.name], z(a, obs, priv), n)) for a in agents])

    return {
        "world": info,
        "seed": seed,
        "infer market - truth": round(market - truth, 4),
        "oracle inference - truth": round(ob - truth, 4),
        "infer market - oracle inference": round(market - ob, 4),
        "expected excess, oracle inference": round(_excess(inferred, world, agents, cfg.noise_last, seed), 4),
        "expected excess, oracle stack": round(_excess(stacked, world, agents, cfg.noise_last, seed), 4),
    }


def gap(seed: int, info: str) -> dict[str, Any]:
    cfg = SimConfig(events=150, rounds=6, seed=seed, info=info, pool="stack")
    rep, agents = _run(cfg)
    stack = agents[0].record
    assert isinstance(stack, StackedPool)
    rows = stack.data[cfg.rounds - 1]
    names, n = stack.names, cfg.outcomes
    by_name = {a.name: a for a in agents}
    world, rng, fresh = World(cfg, random.Random(cfg.seed)), random.Random(f"{seed}/fresh"), []
    for _ in range(FRESH):  # new events, each forecaster seeing them as it does at the close
        x, y = world.draw(rng)
        seen = {
            m: by_name[m].model.predict_proba(by_name[m].hide([v + rng.gauss(0, cfg.noise_last) for v in x]))
            for m in names
        }
        fresh.append((_features(seen, names, n), y))
    s = {k: v["brier"] for k, v in rep.scores.items()}
    truth, market = s["truth"], s["market"]
    oracle = _pool_brier(_fit(fresh, len(names), n), rows)
    return {
        "mechanism": "stack",
        "world": info,
        "seed": seed,
        "markets pooled": len(rows),
        "market - truth": round(market - truth, 4),
        "oracle weights - truth": round(oracle - truth, 4),
        "market - oracle": round(market - oracle, 4),
        "in-sample stack - truth": round(_pool_brier(_fit(rows, len(names), n), rows) - truth, 4),
    }


def main() -> None:
    started = time.time()
    rows = [gap(seed, info) for info in ("dispersed", "shared") for seed in TUNING]
    summary: dict[str, Any] = {"tuning_seeds": list(TUNING), "fresh_events": FRESH}
    for info in ("dispersed", "shared"):
        mine = [r for r in rows if r["world"] == info]
        for col in ("market - truth", "oracle weights - truth", "market - oracle", "in-sample stack - truth"):
            vals = [r[col] for r in mine]
            summary[f"{info}: mean {col}"] = round(sum(vals) / len(vals), 4)
        for col in ("market - truth", "oracle weights - truth"):
            summary[f"{info}: seeds with {col} <= 0.01"] = sum(1 for r in mine if r[col] <= 0.01)
    inferred = [infer_gap(seed, info) for info in ("dispersed", "shared") for seed in TUNING]
    for info in ("dispersed", "shared"):
        mine = [r for r in inferred if r["world"] == info]
        for col in [c for c in mine[0] if c not in ("world", "seed")]:
            vals = [r[col] for r in mine]
            summary[f"{info}: mean {col}"] = round(sum(vals) / len(vals), 4)
            summary[f"{info}: max {col}"] = max(vals)
        for col in ("infer market - truth", "oracle inference - truth"):
            summary[f"{info}: seeds with {col} <= 0.01"] = sum(1 for r in mine if r[col] <= 0.01)
    rows += [{"mechanism": "infer", **r} for r in inferred]
    cols = list(dict.fromkeys(k for r in rows for k in r))  # one table: blank where a column is not the row's
    rows = [{k: r.get(k, "") for k in cols} for r in rows]
    summary["seconds"] = round(time.time() - started, 1)
    report("markets_aggregation_gap", rows, summary)


if __name__ == "__main__":
    main()
