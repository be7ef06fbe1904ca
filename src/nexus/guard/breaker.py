"""Circuit breaker: a critical finding naming a protected protocol pauses it via the guardian."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from eth_utils import keccak

from ..chain.base import ChainBackend, TxRequest
from .findings import Finding, Severity

__all__ = ["BreakerAction", "CircuitBreaker"]

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
        return {"target": self.target, "name": self.name, "tx": self.tx_hash, "ok": self.ok,
                "finding": self.finding, "detail": self.detail}


class CircuitBreaker:
    """Sends `guardian.pause(target)` from `operator` for every protected victim of a finding at
    or above `min_severity`. Idempotent: a protocol already paused is left alone."""

    def __init__(self, backend: ChainBackend, guardian: str, operator: str, protected: dict[str, str],
                 min_severity: Severity = Severity.CRITICAL,
                 on_action: Callable[[BreakerAction, Finding], None] | None = None) -> None:
        self.backend = backend
        self.guardian = guardian
        self.operator = operator
        self.protected = dict(protected)
        self.min_severity = min_severity
        self.on_action = on_action
        self.actions: list[BreakerAction] = []

    def is_paused(self, target: str) -> bool:
        try:
            return bool(int.from_bytes(self.backend.call(target, _PAUSED)[:32], "big"))
        except Exception:
            return False

    def handle(self, finding: Finding) -> list[BreakerAction]:
        if finding.severity.rank < self.min_severity.rank:
            return []
        out = []
        for target in finding.victims():
            if target not in self.protected or self.is_paused(target):
                continue
            data = _PAUSE + bytes(12) + bytes.fromhex(target[2:])
            try:
                rc = self.backend.send(TxRequest(self.guardian, data, 0, self.operator), check=False)
                act = BreakerAction(target, self.protected[target], rc.tx_hash, rc.status, finding.key,
                                    rc.revert_reason or "paused")
            except Exception as exc:  # keep guarding: the next finding retries
                act = BreakerAction(target, self.protected[target], None, False, finding.key, str(exc))
            log.warning("breaker: pause %s (%s): %s", act.name, target, act.detail)
            self.actions.append(act)
            if self.on_action is not None:
                self.on_action(act, finding)
            out.append(act)
        return out
