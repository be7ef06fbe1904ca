"""The fairness report: canonical JSON, its SHA-256 fingerprint, the registry's 1e6 metric, anchoring.

`fingerprint()` is "sha256:" + SHA-256 of the report's canonical JSON (sorted keys, no
whitespace: the ledger's `canonical_json`), so anyone holding the JSON recomputes it. The
`metric_1e6` is the gate metric (by default the worst demographic-parity difference over the
protected attributes, of the model as submitted) as an integer in millionths: what the model
registry compares against the DAO's `maxFairnessGap`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..exceptions import FairnessInputError
from ..ledger.records import canonical_json

if TYPE_CHECKING:
    from ..ledger import Ledger

__all__ = ["FORMAT", "KIND", "FairnessReport", "to_1e6"]

FORMAT = "nexus.fairness/1"
KIND = "fairness.report"  # the ledger record kind that anchors a report


def to_1e6(value: float) -> int:
    """A metric in [0, 1] as an integer in millionths (round half to even, never negative)."""
    return max(0, int(round(float(value) * 1_000_000)))


@dataclass(frozen=True)
class FairnessReport:
    """An audit's outcome; `data` is the plain-JSON report (see `audit` for its fields)."""

    data: dict[str, Any]

    def canonical(self) -> bytes:
        return canonical_json(self.data)

    def fingerprint(self) -> str:
        """`sha256:<hex>` of the canonical JSON."""
        return "sha256:" + hashlib.sha256(self.canonical()).hexdigest()

    @property
    def metric(self) -> float:
        return float(self.data["gate"]["value"])

    @property
    def metric_1e6(self) -> int:
        return int(self.data["gate"]["value_1e6"])

    @property
    def attributes(self) -> dict[str, Any]:
        return dict(self.data["attributes"])

    def to_json(self) -> dict[str, Any]:
        """The report plus its fingerprint (the fingerprint is not part of what it hashes)."""
        return {**self.data, "fingerprint": self.fingerprint()}

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2, sort_keys=True)

    @classmethod
    def loads(cls, text: str | bytes) -> FairnessReport:
        """A report from its JSON; a stored fingerprint must match the content."""
        try:
            data = json.loads(text)
        except ValueError:
            raise FairnessInputError("a fairness report is JSON") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise FairnessInputError(f"not a {FORMAT} report")
        stored = data.pop("fingerprint", None)
        report = cls(data)
        if stored is not None and stored != report.fingerprint():
            raise FairnessInputError("report fingerprint does not match its content (edited?)")
        return report

    def anchor(self, ledger: Ledger) -> int:
        """Append the report to the ledger (kind `fairness.report`); returns the record id.
        Idempotent: the same report appended twice is one record."""
        payload = {
            "fingerprint": self.fingerprint(),
            "metric_1e6": self.metric_1e6,
            "gate": self.data["gate"]["metric"],
            "model": self.data["model"].get("fingerprint"),
            "report": self.data,
        }
        return ledger.append(KIND, payload, key=f"{KIND}:{self.fingerprint()}")
