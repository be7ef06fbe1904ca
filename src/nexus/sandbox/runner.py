"""Run an attack scenario step by step, letting an optional guard act between the steps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .deploy import Sandbox
from .scenarios import Scenario, get_scenario

__all__ = ["ScenarioResult", "run_scenario"]


@dataclass
class ScenarioResult:
    """What an attack did: per-step outcome, value extracted, whether a guard stopped it."""

    name: str
    target: str | None
    asset: str
    extracted: float
    steps: list[dict[str, Any]] = field(default_factory=list)
    attack_txs: list[str] = field(default_factory=list)
    first_block: int = 0
    attacker: str = ""

    @property
    def blocked_steps(self) -> int:
        return sum(1 for s in self.steps if not s["ok"])

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "target": self.target,
            "asset": self.asset,
            "extracted": round(self.extracted, 6),
            "attacker": self.attacker,
            "steps": self.steps,
            "blocked_steps": self.blocked_steps,
        }


def run_scenario(
    sandbox: Sandbox,
    name: str | type[Scenario],
    *,
    seed: int = 0,
    between: Callable[[], Any] | None = None,
    cache_dir: Any = None,
) -> ScenarioResult:
    """Prepare and run the scenario; `between()` (e.g. a guard's poll) runs after every step."""
    cls = get_scenario(name) if isinstance(name, str) else name
    sc = cls(sandbox, seed, cache_dir)
    price = sc.price = sandbox["amm"].spot_price() / 10**18
    first = sandbox.backend.block_number() + 1
    before = sc.holdings(price)
    sc.prepare()
    if between is not None:
        between()
    steps: list[dict[str, Any]] = []
    txs = []
    for label, fn in sc.steps():
        rc = fn()
        txs.append(rc.tx_hash)
        steps.append(
            {"step": label, "ok": rc.status, "block": rc.block_number, "tx": rc.tx_hash, "reason": rc.revert_reason}
        )
        if between is not None:
            between()
    extracted = sc.holdings(price) - before - sc.capital
    return ScenarioResult(cls.name, cls.target, cls.asset, extracted, steps, txs, first, sc.attacker)
