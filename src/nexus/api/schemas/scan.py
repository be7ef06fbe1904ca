"""Contract scanning: the request and its findings."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ._base import Schema

__all__ = ["ScanError", "ScanFilters", "ScanFinding", "ScanRequest", "ScanResult"]


Fingerprint = Annotated[str, Field(pattern=r"^[0-9a-f]{32}:[1-9][0-9]{0,5}$")]


class ScanRequest(BaseModel):
    """A source file to scan; its name's suffix (.sol or .vy) picks the language. The filters mean what
    `nexus scan`'s options mean (`min_confidence` defaults to the CLI's default view, `low` shows every
    finding); `baseline` is the `fingerprint`s of an earlier answer: only findings absent from it come
    back. Dependencies cannot be excluded here (one source is posted; its imports are not read)."""

    model_config = ConfigDict(extra="forbid")  # a misspelt filter is a 422, not silently ignored

    filename: str = Field(..., max_length=255, pattern=r"^[^/\\]+\.(sol|vy)$")
    source: str = Field(..., max_length=2_000_000)
    min_severity: Literal["info", "low", "medium", "high"] = "info"
    min_confidence: Literal["low", "medium", "high"] = Field(
        "medium",  # = scan.DEFAULT_MIN_CONFIDENCE (the CLI's default view; test_api_scan checks they agree)
        description="hide findings below this confidence (`low` shows every finding)",
    )
    baseline: list[Fingerprint] | None = Field(
        None, max_length=100_000, description="fingerprints of an earlier answer: report only new findings"
    )


class ScanFinding(Schema):
    file: str
    line: int
    category: str
    swc_id: str
    severity: Literal["info", "low", "medium", "high"]
    confidence: str
    message: str
    evidence: str = Field(description="the source line(s)")
    detector: str
    contract: str
    function: str
    score: float | None = Field(description="the ranker's estimate that this is a true positive")
    related: list[int] = Field(default_factory=list, description="other lines of the same root cause")
    fingerprint: str = Field(description="survives line shifts; pass it back in `baseline` to hide this finding")


class ScanError(Schema):
    file: str
    error: str


class ScanFilters(Schema):
    min_severity: str
    min_confidence: str
    baseline: int = Field(description="fingerprints in the request's baseline (0 without one)")


class ScanResult(Schema):
    findings: list[ScanFinding]
    errors: list[ScanError] = Field(description="a source that could not be scanned, and why")
    filters: ScanFilters = Field(description="the filters applied (the request's, or their defaults)")
    hidden: int = Field(description="findings the filters hid (severity, confidence, baseline)")
