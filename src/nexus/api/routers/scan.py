"""Contract scanning: POST one Solidity or Vyper source, get its findings."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ...scan import ScanInputError, confidence_rank, scan_source, severity_rank
from ...scan.baseline import fingerprints
from ..schemas import ScanRequest, ScanResult

__all__ = ["router"]

router = APIRouter(tags=["scan"])


@router.post("/scan", response_model=ScanResult)
def scan(req: ScanRequest) -> dict[str, Any]:
    """Findings (file, line, category, swc_id, severity, confidence, message, evidence, fingerprint) at or
    above `min_severity` and `min_confidence` (default: the CLI's default view) and not in `baseline`; for
    a source that cannot be scanned, a per-file error instead. `filters` echoes what was applied."""
    filters = {
        "min_severity": req.min_severity,
        "min_confidence": req.min_confidence,
        "baseline": len(req.baseline or ()),
    }
    try:
        found = scan_source(req.source, req.filename)
    except ScanInputError as exc:
        return {"findings": [], "errors": [{"file": req.filename, "error": str(exc)}], "filters": filters, "hidden": 0}
    floor, sure, known = severity_rank(req.min_severity), confidence_rank(req.min_confidence), set(req.baseline or ())
    shown = [
        f.to_dict() | {"fingerprint": fp}
        for f, fp in zip(found, fingerprints(found), strict=True)
        if severity_rank(f.severity) >= floor and confidence_rank(f.confidence) >= sure and fp not in known
    ]
    return {"findings": shown, "errors": [], "filters": filters, "hidden": len(found) - len(shown)}
