"""What the guard watches, as data: contracts with their kind, and who may pause which."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["WatchTarget", "WatchTargets"]


@dataclass(frozen=True)
class WatchTarget:
    """One watched contract. `kind` is its role or standard ("amm", "lending", "vault", "erc20",
    ...); `pausable`: the guardian may pause it when a critical finding shows it losing funds."""

    address: str
    kind: str
    pausable: bool = False


@dataclass
class WatchTargets:
    """Every contract the guard watches, plus the guardian contract that pauses the pausable ones
    and the account allowed to call it (no guardian: detect only, never pause)."""

    targets: dict[str, WatchTarget] = field(default_factory=dict)
    guardian: str | None = None
    operator: str | None = None

    def add(self, target: WatchTarget) -> None:
        self.targets[target.address] = target

    def roles(self) -> dict[str, str]:
        """Address -> kind of every watched contract (what detectors read as protocol roles)."""
        return {a: t.kind for a, t in self.targets.items()}

    def pausable(self) -> dict[str, str]:
        """Address -> kind of every contract the guardian may pause."""
        return {a: t.kind for a, t in self.targets.items() if t.pausable}
