"""Findings with a dedup key and a self-explaining `explain()`.

`to_dict()` is the shape the node serves (API, event bus, dashboard): snake_case. `to_json()` is
the Forta Finding shape (camelCase), the export and storage format (JSONL, SQLite, ledger).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

__all__ = ["Finding", "FindingType", "Label", "Severity", "Signal", "snake_case"]

_SNAKE = {
    "alertId": "alert_id",
    "blockNumber": "block_number",
    "txHash": "tx_hash",
    "dedupScope": "dedup_scope",
    "entityType": "entity_type",
}


class Severity(str, Enum):
    """Forta's FindingSeverity values, lowest first."""

    UNKNOWN = "Unknown"
    INFO = "Info"
    LOW = "Low"
    MEDIUM = "Medium"
    HIGH = "High"
    CRITICAL = "Critical"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


class FindingType(str, Enum):
    """Forta's FindingType values."""

    UNKNOWN = "Unknown"
    EXPLOIT = "Exploit"
    SUSPICIOUS = "Suspicious"
    DEGRADED = "Degraded"
    INFO = "Info"
    SCAM = "Scam"


@dataclass(frozen=True)
class Signal:
    """One piece of evidence: what was measured, its value and the threshold it crossed."""

    name: str
    value: float
    threshold: float
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": round(float(self.value), 6),
            "threshold": round(float(self.threshold), 6),
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Label:
    """A Forta label: an address (entity) and what the finding says it is."""

    entity: str
    label: str
    confidence: float = 0.9

    def to_json(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "entityType": "Address",
            "label": self.label,
            "confidence": self.confidence,
            "remove": False,
        }


@dataclass(frozen=True)
class Finding:
    """One alert. `roles` maps each address to its part (attacker, victim, ...); `score` is
    compared with `threshold`; `signals` is the evidence. `key` deduplicates re-deliveries."""

    name: str
    description: str
    alert_id: str
    severity: Severity
    type: FindingType
    block_number: int
    tx_hash: str | None
    detector: str
    score: float
    threshold: float
    signals: tuple[Signal, ...] = ()
    roles: dict[str, str] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    dedup: str = ""
    protocol: str = ""  # the watched protocol it concerns (set by the monitor from its targets)

    @property
    def addresses(self) -> list[str]:
        return sorted(self.roles)

    @property
    def labels(self) -> list[Label]:
        return [Label(a, r) for a, r in sorted(self.roles.items())]

    def victims(self) -> list[str]:
        return [a for a, r in self.roles.items() if r.startswith("victim")]

    @property
    def key(self) -> str:
        """Same alert about the same thing -> same key (tx, or the detector's own dedup scope)."""
        scope = self.dedup or self.tx_hash or str(self.block_number)
        raw = f"{self.alert_id}|{scope}|{','.join(self.addresses)}"
        return hashlib.sha256(raw.encode()).hexdigest()[:32]

    def explain(self) -> str:
        """A few lines a person can read: what, why (signals vs thresholds), who."""
        lines = [
            f"[{self.severity.value}] {self.name} ({self.alert_id}) at block {self.block_number}",
            f"  {self.description}",
            f"  score {self.score:.3g} vs threshold {self.threshold:.3g}",
        ]
        for s in self.signals:
            detail = f" - {s.detail}" if s.detail else ""
            lines.append(f"  signal {s.name} = {s.value:.4g} (threshold {s.threshold:.4g}){detail}")
        lines += [f"  {role}: {addr}" for addr, role in sorted(self.roles.items(), key=lambda x: x[1])]
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """The Forta Finding fields, plus our evidence and dedup key."""
        meta = {k: (v if isinstance(v, str) else json.dumps(v, default=str)) for k, v in self.metadata.items()}
        return {
            "name": self.name,
            "description": self.description,
            "alertId": self.alert_id,
            "severity": self.severity.value,
            "type": self.type.value,
            "protocol": self.protocol or "unwatched",
            "metadata": meta,
            "addresses": self.addresses,
            "labels": [lb.to_json() for lb in self.labels],
            "blockNumber": self.block_number,
            "txHash": self.tx_hash,
            "detector": self.detector,
            "score": round(float(self.score), 6),
            "threshold": round(float(self.threshold), 6),
            "signals": [s.to_json() for s in self.signals],
            "roles": dict(self.roles),
            "key": self.key,
            "dedupScope": self.dedup,
        }

    def to_dict(self) -> dict[str, Any]:
        """The same fields with snake_case keys: what the node's API and event bus serve."""
        return snake_case(self.to_json())

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Finding:
        meta = {}
        for k, v in d.get("metadata", {}).items():
            try:
                meta[k] = json.loads(v)
            except (TypeError, ValueError):
                meta[k] = v
        return cls(
            d["name"],
            d["description"],
            d["alertId"],
            Severity(d["severity"]),
            FindingType(d["type"]),
            int(d["blockNumber"]),
            d.get("txHash"),
            d.get("detector", ""),
            float(d["score"]),
            float(d["threshold"]),
            tuple(Signal(**s) for s in d.get("signals", [])),
            dict(d.get("roles", {})),
            meta,
            d.get("dedupScope", ""),
            str(d.get("protocol", "")),
        )


def snake_case(forta: dict[str, Any]) -> dict[str, Any]:
    """A finding in the Forta shape (`Finding.to_json()`, as stored) with snake_case keys."""
    out = {_SNAKE.get(k, k): v for k, v in forta.items()}
    if isinstance(out.get("labels"), list):
        out["labels"] = [
            {_SNAKE.get(k, k): v for k, v in lb.items()} if isinstance(lb, dict) else lb for lb in out["labels"]
        ]
    return out
