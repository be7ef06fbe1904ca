"""Fairness audits over HTTP: a model and data from the node's fairness folder, or a posted CSV.

Only paths relative to `<home>/fairness/` are read (nothing outside it), only `.skops` models load
(never pickle), and the report is anchored in the node's ledger when it runs one.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from ...exceptions import FairnessInputError
from ...ledger.service import LedgerService
from ..dependencies import NodeDep
from ..schemas.fairness import FairnessAudit

__all__ = ["router"]

router = APIRouter(prefix="/fairness", tags=["fairness"])


class AuditRequest(BaseModel):
    """A model under the fairness folder and either a data file there or an inline CSV."""

    model: str = Field(description="Path of a .skops model, relative to <home>/fairness/.")
    data: str | None = Field(None, description="Path of a CSV/parquet (or adult.data/german.data) there.")
    csv: str | None = Field(None, description="Or: a small CSV with a header row.")
    protected: list[str] = Field(default_factory=list, description="Protected columns.")
    label: str | None = None
    positive: str | None = None
    mitigate: bool = False
    constraint: Literal["demographic_parity", "equalized_odds"] = "demographic_parity"
    gate: Literal["demographic_parity", "equalized_odds"] = "demographic_parity"
    seed: int = 0


@router.post("/audit", response_model=FairnessAudit)
def audit(body: AuditRequest, node: NodeDep) -> dict[str, Any]:
    """Audit a model (a write: needs the API token); returns the report, its fingerprint, the
    registry metric (`metric_1e6`) and the ledger record that anchors it."""
    from ...fairness import service

    root = service.data_dir(node.settings)
    if (body.data is None) == (body.csv is None):
        raise FairnessInputError("give exactly one of `data` (a file in the fairness folder) or `csv`")
    ledger = next((s.require() for s in node.services if isinstance(s, LedgerService)), None)
    kw: dict[str, Any] = {
        "mitigate": body.mitigate,
        "constraint": body.constraint,
        "gate": body.gate,
        "seed": body.seed,
        "ledger": ledger,
    }
    model_path = service.safe_path(root, body.model)
    if body.data is not None:
        return service.audit_files(
            model_path,
            service.safe_path(root, body.data),
            body.protected,
            label=body.label,
            positive=body.positive,
            skops_only=True,
            **kw,
        )
    if not body.label:
        raise FairnessInputError("a posted CSV needs `label`")
    if model_path.suffix.lower() != ".skops":
        raise FairnessInputError(f"{model_path.name}: only .skops models are accepted here")
    from ...fairness.models import load_model

    ds = service.inline_csv(body.csv or "", body.label, body.protected, body.positive)
    return service.run(load_model(model_path), ds, body.protected, source={"data": "inline"}, **kw)
