"""Circuit breaker: pauses a protected protocol through the guardian, with judgement.

It pauses only on a Critical finding whose evidence is a loss to that protected contract (its
net outflow in the finding's transaction, `victim_loss`) or its capture (control taken: ownership
by a non-owner, a vote carried by borrowed weight, `evidence: capture`; or its accounting changed
mid-update by a re-entrant call, `evidence: reentered`), and never on a transaction
that executed a passed governance action. Every decision, to pause or not, is kept with its reason."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from eth_utils import keccak

from ..chain.base import ChainBackend, TxRequest
from .findings import Finding, Severity

__all__ = ["BreakerAction", "BreakerDecision", "CircuitBreaker", "judge"]

log = logging.getLogger(__name__)
_PAUSE = keccak(text="pause(address)")[:4]
_PAUSED = keccak(text="paused()")[:4]


@dataclass(frozen=True)
class BreakerAction:
    """One pause the breaker sent (or tried to)."""

    target: str
    name: str
    tx_hash: str | None
    ok: bool
    finding: str
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "name": self.name,
            "tx": self.tx_hash,
            "ok": self.ok,
            "finding": self.finding,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class BreakerDecision:
    """Why the breaker did or did not pause `target` (None: the finding names no victim)."""

    finding: str
    block: int
    target: str | None
    pause: bool
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "finding": self.finding,
            "block": self.block,
            "target": self.target,
            "pause": self.pause,
            "reason": self.reason,
        }


def judge(
    finding: Finding, protected: dict[str, str], min_severity: Severity = Severity.CRITICAL
) -> list[BreakerDecision]:
    """The decisions for one finding, one per victim (pure: no chain access)."""
    key, block = finding.key, finding.block_number
    victims = finding.victims()
    named: list[str | None] = list(victims) or [None]
    if finding.severity.rank < min_severity.rank:
        why = f"severity {finding.severity.value} is below {min_severity.value}: detect only"
        return [BreakerDecision(key, block, v, False, why) for v in named]
    if finding.metadata.get("governance_action"):
        why = "the transaction executed a passed governance action: funds move as voted"
        return [BreakerDecision(key, block, v, False, why) for v in named]
    if not victims:
        return [BreakerDecision(key, block, None, False, "the finding names no victim contract")]
    losses = finding.metadata.get("victim_loss") or {}
    capture = finding.metadata.get("evidence") in ("capture", "reentered")
    out = []
    for v in victims:
        lost = {a: x for a, x in (losses.get(v) or {}).items() if int(x) > 0}
        if v not in protected:
            out.append(BreakerDecision(key, block, v, False, "not pausable: no guardian watches it as pausable"))
        elif lost:
            out.append(
                BreakerDecision(
                    key,
                    block,
                    v,
                    True,
                    "loss to the protected contract: " + ", ".join(f"{x} of {a}" for a, x in sorted(lost.items())),
                )
            )
        elif capture:
            what = (
                "its state changed mid-update (re-entered)"
                if finding.metadata.get("evidence") == "reentered"
                else "control of the protected contract taken"
            )
            out.append(BreakerDecision(key, block, v, True, f"{what}: {finding.name}"))
        else:
            out.append(BreakerDecision(key, block, v, False, "no loss to the protected contract in the evidence"))
    return out


class CircuitBreaker:
    """Sends `guardian.pause(target)` from `operator` for every protected victim `judge` says to
    pause. Idempotent: a protocol already paused is left alone. `decisions` keeps every verdict."""

    def __init__(
        self,
        backend: ChainBackend,
        guardian: str,
        operator: str,
        protected: dict[str, str],
        min_severity: Severity = Severity.CRITICAL,
        on_action: Callable[[BreakerAction, Finding], None] | None = None,
        on_decision: Callable[[BreakerDecision], None] | None = None,
        keep: int = 10_000,
    ) -> None:
        self.backend = backend
        self.guardian = guardian
        self.operator = operator
        self.protected = dict(protected)
        self.min_severity = min_severity
        self.on_action = on_action
        self.actions: list[BreakerAction] = []
        self.decisions: deque[BreakerDecision] = deque(maxlen=keep)
        self.on_decision = on_decision

    def is_paused(self, target: str) -> bool:
        try:
            return bool(int.from_bytes(self.backend.call(target, _PAUSED)[:32], "big"))
        except Exception:
            return False

    def _decide(self, d: BreakerDecision) -> None:
        self.decisions.append(d)
        if self.on_decision is not None:
            self.on_decision(d)

    def handle(self, finding: Finding) -> list[BreakerAction]:
        out = []
        for d in judge(finding, self.protected, self.min_severity):
            if d.pause and d.target is not None and self.is_paused(d.target):
                d = BreakerDecision(d.finding, d.block, d.target, False, "already paused; " + d.reason)
            self._decide(d)
            if not d.pause or d.target is None:
                continue
            target = d.target
            data = _PAUSE + bytes(12) + bytes.fromhex(target[2:])
            try:
                rc = self.backend.send(TxRequest(self.guardian, data, 0, self.operator), check=False)
                act = BreakerAction(
                    target, self.protected[target], rc.tx_hash, rc.status, finding.key, rc.revert_reason or "paused"
                )
            except Exception as exc:  # keep guarding: the next finding retries
                act = BreakerAction(target, self.protected[target], None, False, finding.key, str(exc))
            log.warning("breaker: pause %s (%s): %s", act.name, target, act.detail)
            self.actions.append(act)
            if self.on_action is not None:
                self.on_action(act, finding)
            out.append(act)
        return out
