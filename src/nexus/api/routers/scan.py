"""Contract scanning: POST one Solidity or Vyper source, get its findings."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ...scan import ScanInputError, scan_source, severity_rank
from ..schemas import ScanRequest, ScanResult

__all__ = ["router"]

router = APIRouter(tags=["scan"])


@router.post("/scan", response_model=ScanResult)
def scan(req: ScanRequest) -> dict[str, Any]:
    """Findings (file, line, category, swc_id, severity, confidence, message, evidence) and, for a
    source that cannot be scanned, a per-file error instead."""
    try:
        found = scan_source(req.source, req.filename)
    except ScanInputError as exc:
        return {"findings": [], "errors": [{"file": req.filename, "error": str(exc)}]}
    floor = severity_rank(req.min_severity)
    return {"findings": [f.to_dict() for f in found if severity_rank(f.severity) >= floor], "errors": []}
