"""What a scan produces: findings, per-file errors, and the category / severity vocabularies."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "CATEGORIES",
    "CONFIDENCES",
    "DEFAULT_MIN_CONFIDENCE",
    "SEVERITIES",
    "FileError",
    "ScanFinding",
    "ScanResult",
    "confidence_rank",
    "severity_rank",
]

# SmartBugs / DASP names, in the order reports list them.
CATEGORIES = (
    "reentrancy",
    "access_control",
    "arithmetic",
    "unchecked_low_level_calls",
    "denial_of_service",
    "bad_randomness",
    "front_running",
    "time_manipulation",
    "short_addresses",
    "other",
)
SEVERITIES = ("info", "low", "medium", "high")
CONFIDENCES = ("low", "medium", "high")
# What the default report shows (`nexus scan`, `--min-confidence` changes it): low-confidence findings
# (helpers' arithmetic, short-address, stipend re-entrancy, timestamp comparisons, owner-only arithmetic,
# ...) are notes an auditor asks for with `--min-confidence low`. Chosen on the non-ICSE SmartBugs
# files, the clean npm corpus and the mutants; ICSE-69 is only measured (benchmarks/smartbugs/README.md).
DEFAULT_MIN_CONFIDENCE = "medium"


def confidence_rank(confidence: str) -> int:
    """0 for low up to 2 for high; ValueError for an unknown name."""
    try:
        return CONFIDENCES.index(confidence)
    except ValueError:
        raise ValueError(f"unknown confidence {confidence!r}; one of {', '.join(CONFIDENCES)}") from None


def severity_rank(severity: str) -> int:
    """0 for info up to 3 for high; ValueError for an unknown name."""
    try:
        return SEVERITIES.index(severity)
    except ValueError:
        raise ValueError(f"unknown severity {severity!r}; one of {', '.join(SEVERITIES)}") from None


@dataclass
class ScanFinding:
    """One suspected vulnerability at one line."""

    file: str
    line: int
    category: str
    swc_id: str
    severity: str
    confidence: str
    message: str
    evidence: str
    detector: str = ""
    contract: str = ""
    function: str = ""
    score: float | None = None  # the ranker's estimate that this is a true positive, when one ran
    # Other lines of the same root cause (the function a write sits in, the lines that carried a value to
    # its sink, the same unchecked amount in later statements): one finding, several locations (SARIF
    # relatedLocations), instead of one finding per line.
    related: list[int] = field(default_factory=list)

    def lines(self) -> tuple[int, ...]:
        """The finding's line, then its related lines."""
        return (self.line, *self.related)

    def key(self) -> tuple[str, int, str, str]:
        return (self.file, self.line, self.category, self.detector)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class FileError:
    """A file that could not be scanned, and why; the rest of the run goes on."""

    file: str
    error: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ScanResult:
    findings: list[ScanFinding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # per scanned file
