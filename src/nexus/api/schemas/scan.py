"""Contract scanning: the request and its findings."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from ._base import Schema

__all__ = ["ScanError", "ScanFinding", "ScanRequest", "ScanResult"]


class ScanRequest(BaseModel):
    """A source file to scan; its name's suffix (.sol or .vy) picks the language."""

    filename: str = Field(..., max_length=255, pattern=r"^[^/\\]+\.(sol|vy)$")
    source: str = Field(..., max_length=2_000_000)
    min_severity: Literal["info", "low", "medium", "high"] = "info"


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


class ScanError(Schema):
    file: str
    error: str


class ScanResult(Schema):
    findings: list[ScanFinding]
    errors: list[ScanError] = Field(description="a source that could not be scanned, and why")
