"""`FLConfig`: what a federation runs (clients, rounds, strategy, attacks, data, engine), checked; client roles."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..exceptions import FLInputError
from .attacks import FREE_RIDERS, POISONERS, ROLES
from .data import DATASETS
from .models import MODELS
from .strategy import STRATEGIES

__all__ = ["ENGINES", "FLConfig", "assign_roles"]

ENGINES = ("local", "simulation", "deployment")  # deployment: `flwr run` on the SuperLink `nexus fl up` started


@dataclass
class FLConfig:
    """What to run; `poison` is the fraction of clients running `attack`, `free_riders` the fraction
    free-riding. `faults` maps a client index to "crash" or "hang" (dropped after `timeout`)."""

    clients: int = 10
    rounds: int = 5
    strategy: str = "fedavg"
    poison: float = 0.0
    attack: str = "label-flip"
    free_riders: float = 0.0
    free_ride: str = "free-rider"
    data: str = "digits"
    alpha: float = 0.5
    model: str = "sklearn"
    contribution: str = "shapley"
    permutations: int = 0
    engine: str = "local"
    epochs: int = 2
    lr: float = 0.05
    seed: int = 0
    timeout: float = 60.0
    hang_s: float = 30.0
    pool_eth: float = 1.0
    faults: dict[int, str] = field(default_factory=dict)
    name: str = "federation"

    def check(self) -> None:
        if not 2 <= self.clients <= 256:
            raise FLInputError("--clients must be between 2 and 256")
        if not 1 <= self.rounds <= 1000:
            raise FLInputError("--rounds must be between 1 and 1000")
        if not (0.0 <= self.poison < 0.5 and 0.0 <= self.free_riders < 0.5 and self.poison + self.free_riders < 1):
            raise FLInputError("--poison and the free-rider fraction must each be in [0, 0.5)")
        for value, known, what in (
            (self.strategy, STRATEGIES, "strategy"),
            (self.attack, POISONERS, "attack"),
            (self.free_ride, FREE_RIDERS, "free-riding mode"),
            (self.data, DATASETS, "data set"),
            (self.model, MODELS, "model"),
            (self.engine, ENGINES, "engine"),
        ):
            if value not in known:
                raise FLInputError(f"unknown {what} {value!r}; known: {', '.join(known)}")
        if self.contribution not in ("shapley", "loo"):
            raise FLInputError("contribution must be 'shapley' or 'loo'")
        if not (self.alpha > 0 and self.pool_eth >= 0 and self.timeout > 0):
            raise FLInputError("alpha and timeout must be positive, the pool non-negative")
        if any(r not in ROLES or not 0 <= i < self.clients for i, r in self.faults.items()):
            raise FLInputError("faults map a client index to 'crash' or 'hang'")


def assign_roles(cfg: FLConfig) -> list[str]:
    """The last round(poison·n) clients poison, the ones before them free-ride, the rest are honest."""
    n_poison, n_free = round(cfg.poison * cfg.clients), round(cfg.free_riders * cfg.clients)
    roles = ["honest"] * cfg.clients
    for i in range(n_poison):
        roles[cfg.clients - 1 - i] = cfg.attack
    for i in range(n_free):
        roles[cfg.clients - 1 - n_poison - i] = cfg.free_ride
    for i, fault in cfg.faults.items():
        roles[i] = fault
    return roles
