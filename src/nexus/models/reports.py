"""The fairness report behind a model's active version, for the dashboard's fairness panel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..exceptions import GovernanceError, ModelNotServable
from ..governance.client import Governance

if TYPE_CHECKING:
    from .._client import Nexus
    from ..ledger import Ledger

__all__ = ["REPORT_KIND", "active_fairness"]

REPORT_KIND = "fairness.report"  # the ledger kind (and key prefix) `FairnessReport.anchor` writes


def active_fairness(nexus: Nexus, name: str, ledger: Ledger | None = None) -> dict[str, Any]:
    """Model `name`'s active version with its fairness report: the hash and gap on chain, the bound,
    and the report itself when this node's ledger anchored it (`nexus model register
    --fairness-report`)."""
    gov = Governance(nexus.chain, nexus.deployer)
    if not gov.deployed():
        raise GovernanceError("gov: no governance contracts on this chain (run `nexus gov setup`)")
    reg = gov.registry
    st = reg.model(name)
    active = st["active"]
    if active is None:
        raise ModelNotServable(f"models: {name!r} has no active version")
    raw = active["fairness_report"]
    report_fp = None if int(raw, 16) == 0 else "sha256:" + raw[2:]
    record, report = None, None
    if report_fp is not None and ledger is not None:
        record = ledger.store.find_key(f"{REPORT_KIND}:{report_fp}")
        if record is not None:
            payload = ledger.record(record).payload
            report = payload.get("report") if isinstance(payload, dict) else None
    return {
        "name": name,
        "version": active["version"],
        "fingerprint": active["fingerprint"],
        "lineage": active["lineage"],
        "paused": st["paused"],
        "fairness_gap": active["fairness_gap"],
        "max_fairness_gap": reg.params()["max_fairness_gap"],
        "report_fingerprint": report_fp,
        "record": record,
        "report": report,
    }
