"""The fast simulator: one episode of the game in plain Python, for training and for held-out evaluation."""

from __future__ import annotations

from dataclasses import dataclass, field

from .policy import NpcPolicy
from .rules import HOLD, LEVELS, GameConfig, Observation, PlayerHistory, Visit, schedule

__all__ = ["Episode", "EpisodeResult", "play"]


@dataclass
class EpisodeResult:
    """What an NPC earned in one episode, and how."""

    seed: int
    revenue: int = 0
    sold: int = 0
    offers: int = 0
    crafted: int = 0
    actions: list[int] = field(default_factory=list)


class Episode:
    """One seeded episode: `observe()`, then `step(action)` until `done`."""

    def __init__(self, seed: int, cfg: GameConfig | None = None) -> None:
        self.cfg = cfg or GameConfig()
        self.seed = seed
        self.visits: list[Visit] = schedule(seed, self.cfg)
        self.t = 0
        self.tools = 0
        self.uncrafted = self.cfg.stock  # tools' worth of materials still uncrafted
        self.history: dict[int, PlayerHistory] = {}
        self.result = EpisodeResult(seed)

    @property
    def done(self) -> bool:
        return self.t >= len(self.visits)

    def observe(self) -> Observation:
        h = self.history.get(self.visits[self.t].player) or PlayerHistory()
        return Observation(self.tools + self.uncrafted, len(self.visits) - self.t, h.floor, h.ceiling)

    def step(self, action: int) -> int:
        """Play `action` at the current visit; returns the reward (coins paid)."""
        visit = self.visits[self.t]
        self.t += 1
        self.result.actions.append(action)
        if action == HOLD or self.tools + self.uncrafted == 0:
            return 0
        if self.tools == 0:
            self.uncrafted -= 1
            self.tools += 1
            self.result.crafted += 1
        price = LEVELS[action]
        ok = visit.accepts(price)
        self.history.setdefault(visit.player, PlayerHistory()).record(action, ok)
        self.result.offers += 1
        if not ok:
            return 0
        self.tools -= 1
        self.result.sold += 1
        self.result.revenue += price
        return price


def play(policy: NpcPolicy, seed: int, cfg: GameConfig | None = None) -> EpisodeResult:
    """One episode of `policy` as it stands (no learning)."""
    ep = Episode(seed, cfg)
    policy.reset()
    while not ep.done:
        obs = ep.observe()
        a = policy.act(obs)
        offered = a != HOLD and obs.stock > 0
        r = ep.step(a)
        policy.feedback(a, (r > 0) if offered else None)
    return ep.result
