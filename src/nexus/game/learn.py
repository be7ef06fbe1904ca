"""Tabular Q-learning of the merchant NPC in the fast simulator, with a learning curve on held-out seeds.

Training episodes draw their seeds below 2**31; evaluation seeds (the curve, the benchmark, the tests) are
2**31 and above, so the learned policy is always scored on games it never trained on.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import fmean

from ..exceptions import GameInputError
from .policy import NpcPolicy, QPolicy
from .rules import N_ACTIONS, GameConfig
from .sim import Episode, play

__all__ = ["HELD_OUT", "Training", "evaluate", "held_out_seeds", "train"]

HELD_OUT = 2**31


def held_out_seeds(n: int, offset: int = 0) -> list[int]:
    """`n` evaluation seeds no training run ever uses."""
    return [HELD_OUT + offset + i for i in range(n)]


def evaluate(policy: NpcPolicy, seeds: Sequence[int], cfg: GameConfig | None = None) -> float:
    """Mean revenue (coins) of `policy` over the episodes `seeds`."""
    return fmean(play(policy, s, cfg).revenue for s in seeds)


@dataclass
class Training:
    """A trained policy and its learning curve: (episodes trained, mean held-out revenue)."""

    policy: QPolicy
    curve: list[tuple[int, float]] = field(default_factory=list)


def train(
    episodes: int = 20_000,
    *,
    seed: int = 0,
    cfg: GameConfig | None = None,
    alpha: float = 0.05,
    eps_start: float = 0.3,
    eps_end: float = 0.02,
    eval_every: int = 0,
    eval_seeds: Sequence[int] = (),
) -> Training:
    """Q-learning (undiscounted, episodic, epsilon-greedy with a linear decay)."""
    if not 1 <= episodes <= 10_000_000:
        raise GameInputError("training episodes must be 1..10,000,000")
    cfg = cfg or GameConfig()
    rng = random.Random(seed)
    q: dict[str, list[float]] = {}
    counts: dict[str, list[int]] = {}
    policy = QPolicy(q, {"episodes": episodes, "seed": seed, "alpha": alpha})
    out = Training(policy)
    zero = [0.0] * N_ACTIONS
    for n in range(episodes):
        if eval_every and eval_seeds and n % eval_every == 0:
            out.curve.append((n, evaluate(policy, eval_seeds, cfg)))
        eps = eps_start + (eps_end - eps_start) * n / max(episodes - 1, 1)
        ep = Episode(rng.randrange(HELD_OUT), cfg)
        key = ep.observe().key()
        row, cnt = q.setdefault(key, list(zero)), counts.setdefault(key, [0] * N_ACTIONS)
        while True:
            a = rng.randrange(N_ACTIONS) if rng.random() < eps else max(range(N_ACTIONS), key=row.__getitem__)
            r = ep.step(a)
            cnt[a] += 1
            step = max(1.0 / cnt[a], alpha)  # a running mean at first, then a constant step
            if ep.done:
                row[a] += step * (r - row[a])
                break
            key = ep.observe().key()
            nxt, cnt_next = q.setdefault(key, list(zero)), counts.setdefault(key, [0] * N_ACTIONS)
            row[a] += step * (r + max(nxt) - row[a])
            row, cnt = nxt, cnt_next
    if eval_every and eval_seeds:
        out.curve.append((episodes, evaluate(policy, eval_seeds, cfg)))
    policy.meta["curve"] = [[n, round(v, 2)] for n, v in out.curve]
    return out
