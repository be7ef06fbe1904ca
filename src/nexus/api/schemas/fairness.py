"""Fairness audits: the report (per-group metrics, parity gaps, optional mitigation) and its anchor."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import Schema

__all__ = ["FairnessAudit", "FairnessReport", "Gate"]


class Gate(Schema):
    metric: str = Field(description="demographic_parity_difference or equalized_odds_difference")
    value: float
    value_1e6: int = Field(description="the value in millionths: what the model registry compares")


class FairnessReport(Schema):
    format: str
    model: dict[str, Any] = Field(description="class and fingerprint of the audited model")
    source: dict[str, Any] = Field(description="where the data came from")
    evaluated_on: str = Field(description="held-out (with mitigation) or all")
    rows: int
    overall: dict[str, Any] = Field(description="accuracy, selection rate, base rate")
    attributes: dict[str, Any] = Field(description="per protected attribute: per-group metrics and gaps")
    mitigation: dict[str, Any] | None
    gate: Gate
    fingerprint: str = Field(description="sha256 of the report's canonical JSON")


class FairnessAudit(Schema):
    report: FairnessReport
    fingerprint: str
    metric_1e6: int
    record: int | None = Field(description="the ledger record anchoring the report (null without a ledger)")
