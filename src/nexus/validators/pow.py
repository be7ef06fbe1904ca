"""Proof-of-work difficulty control under hash-rate shocks: Bitcoin's retarget, Ethereum's Homestead rule,
and ours, in one simulation with the same shocks and the same random draws.

A block's time is exponential with mean difficulty / hash rate. All rules aim at T = 10 / ln 2 s, the
mean Homestead settles at (its adjustment term has zero mean there), so they are compared on one target.
Ours is an exponential, absolutely scheduled controller: difficulty = anchor * 2^((ideal - actual) / h),
where ideal - actual is how far the chain is ahead of its schedule since the anchor block and h is a
half-life in seconds. It reacts every block in proportion to the accumulated error (no window to wait
for, no per-block quantisation), so it cannot drift and it does not oscillate.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..exceptions import ValidatorInputError

__all__ = ["TARGET", "Rule", "bitcoin", "compare_rules", "homestead", "ours", "simulate_pow"]

TARGET = 10 / math.log(2)
# (fraction of the run, hash-rate multiplier) applied from that block on
DEFAULT_SHOCKS = ((0.2, 0.5), (0.4, 4.0), (0.6, 0.6), (0.8, 0.25))

Rule = Callable[[list[float], list[float], int], float]  # (difficulties, timestamps, n) -> next difficulty


def bitcoin(window: int = 2016) -> Rule:
    """Retarget every `window` blocks by the window's actual/ideal time, clamped to x4 either way."""

    def rule(d: list[float], ts: list[float], n: int) -> float:
        if n % window or n < window:
            return d[-1]
        actual = ts[-1] - ts[-1 - window + 1] if window > 1 else ts[-1] - ts[-2]
        ratio = min(max(TARGET * (window - 1) / max(actual, 1e-9), 0.25), 4.0)
        return d[-1] * ratio

    return rule


def homestead() -> Rule:
    """EIP-2: parent + parent // 2048 * max(1 - (t - parent_t) // 10, -99) (no difficulty bomb)."""

    def rule(d: list[float], ts: list[float], n: int) -> float:
        dt = ts[-1] - ts[-2] if len(ts) > 1 else TARGET
        return max(d[-1] + d[-1] / 2048 * max(1 - math.floor(dt / 10), -99), 1.0)

    return rule


def ours(half_life_blocks: float = 16.0) -> Rule:
    """Exponential, schedule-anchored control (anchor = genesis) with a half-life in block times."""
    h = half_life_blocks * TARGET

    def rule(d: list[float], ts: list[float], n: int) -> float:
        ahead = TARGET * (len(ts) - 1) - (ts[-1] - ts[0])  # > 0: blocks came too fast
        return d[0] * 2.0 ** (ahead / h)

    return rule


def simulate_pow(
    rule: Rule, *, blocks: int = 20_000, shocks: Sequence[tuple[int, float]] | None = None, seed: int = 0
) -> dict[str, Any]:
    """Block times under `rule`; the same seed gives every rule the same exponential draws. `shocks` are
    (block, multiplier); the default puts four shocks at 20/40/60/80% of the run."""
    if blocks < 200:
        raise ValidatorInputError("pow simulation: at least 200 blocks")
    if shocks is None:
        shocks = tuple((int(f * blocks), m) for f, m in DEFAULT_SHOCKS)
    rng = np.random.default_rng(seed)
    draws = rng.exponential(1.0, blocks)
    rate, d, ts, times = 1.0, [TARGET], [0.0], []
    shock_at = dict(shocks)
    for n in range(1, blocks + 1):
        rate *= shock_at.get(n, 1.0)
        dt = draws[n - 1] * d[-1] / rate
        ts.append(ts[-1] + dt)
        times.append(dt)
        d.append(rule(d, ts, n))
    return _metrics(np.array(times), shocks)


def _metrics(times: np.ndarray, shocks: Sequence[tuple[int, float]], window: int = 100) -> dict[str, Any]:
    roll = np.convolve(times, np.ones(window) / window, mode="valid")  # roll[i] = mean of blocks i..i+w-1
    recovery = []
    for at, _m in shocks:
        after = roll[at:]
        ok = np.abs(after / TARGET - 1) <= 0.10
        # first block after the shock from which the rolling mean stays within 10% for `window` blocks
        rec = next((i for i in range(len(ok) - window) if ok[i : i + window].all()), None)
        recovery.append(None if rec is None else int(rec + window))
    return {
        "mean_block_time": float(times.mean()),
        "target": TARGET,
        "block_time_var": float(times.var()),
        "rolling_mean_rmse": float(np.sqrt(np.mean((roll / TARGET - 1) ** 2))),
        "recovery_blocks": recovery,
        "worst_recovery": max((r if r is not None else 10**9) for r in recovery) if recovery else 0,
    }


def compare_rules(*, blocks: int = 20_000, seeds: int = 3) -> list[dict[str, Any]]:
    """The three rules on the same shocks and draws, averaged over seeds."""
    out = []
    for name, make in (
        ("bitcoin (2016-block retarget)", bitcoin),
        ("ethereum homestead", homestead),
        ("ours (schedule-anchored exponential)", ours),
    ):
        runs = [simulate_pow(make(), blocks=blocks, seed=s) for s in range(seeds)]
        out.append(
            {
                "rule": name,
                "mean_block_time": float(np.mean([r["mean_block_time"] for r in runs])),
                "block_time_var": float(np.mean([r["block_time_var"] for r in runs])),
                "rolling_mean_rmse": float(np.mean([r["rolling_mean_rmse"] for r in runs])),
                "mean_recovery_blocks": float(
                    np.mean([np.mean([x if x is not None else blocks for x in r["recovery_blocks"]]) for r in runs])
                ),
            }
        )
    return out
