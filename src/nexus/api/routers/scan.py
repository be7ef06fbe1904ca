"""Contract scanning: POST one Solidity or Vyper source, get its findings."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from ...scan import ScanInputError, scan_source, severity_rank

__all__ = ["router"]

router = APIRouter(tags=["scan"])


class ScanRequest(BaseModel):
    """A source file to scan; its name's suffix (.sol or .vy) picks the language."""

    filename: str = Field(..., max_length=255, pattern=r"^[^/\\]+\.(sol|vy)$")
    source: str = Field(..., max_length=2_000_000)
    min_severity: Literal["info", "low", "medium", "high"] = "info"


@router.post("/scan")
def scan(req: ScanRequest) -> dict[str, Any]:
    """Findings (file, line, category, swc_id, severity, confidence, message, evidence) and, for a
    source that cannot be scanned, a per-file error instead."""
    try:
        found = scan_source(req.source, req.filename)
    except ScanInputError as exc:
        return {"findings": [], "errors": [{"file": req.filename, "error": str(exc)}]}
    floor = severity_rank(req.min_severity)
    return {"findings": [f.to_dict() for f in found if severity_rank(f.severity) >= floor], "errors": []}
