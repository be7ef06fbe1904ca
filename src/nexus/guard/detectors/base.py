"""The Detector base class every rule and model implements (one conformance suite runs them all)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar

from ...chain.types import Block
from ..context import GuardContext
from ..findings import Finding, FindingType, Severity, Signal
from ..txview import TxView

__all__ = ["Detector"]


class Detector(ABC):
    """Looks at each transaction (and optionally each block) and returns findings.

    Settings are `__init__` keywords; state must stay bounded (cap maps by `ctx.cap`). A detector
    must not raise on odd input: unknown events, failed transactions and missing traces are normal.
    """

    name: ClassVar[str] = "detector"
    alert_id: ClassVar[str] = "NEXUS-GENERIC"
    description: ClassVar[str] = ""

    @abstractmethod
    def on_tx(self, view: TxView, ctx: GuardContext) -> list[Finding]: ...

    def on_block(self, block: Block, ctx: GuardContext) -> list[Finding]:
        """Per-block hook after the block's transactions (default: nothing)."""
        return []

    def params(self) -> dict[str, Any]:
        """The detector's settings (sklearn-style: every public attribute set in __init__)."""
        return {k: v for k, v in vars(self).items() if not k.startswith("_") and not k.endswith("_")}

    def finding(
        self,
        view: TxView | None,
        *,
        title: str,
        description: str,
        severity: Severity,
        score: float,
        threshold: float,
        signals: list[Signal],
        roles: dict[str, str],
        ftype: FindingType = FindingType.EXPLOIT,
        block: int | None = None,
        dedup: str = "",
        **metadata: Any,
    ) -> Finding:
        """Build a finding that carries this detector's name, alert id and settings."""
        number = view.block.number if view is not None else (block or 0)
        return Finding(
            title,
            description,
            self.alert_id,
            severity,
            ftype,
            number,
            view.hash if view is not None else None,
            self.name,
            score,
            threshold,
            tuple(signals),
            roles,
            {"params": self.params(), **metadata},
            dedup,
        )
