"""Smart-contract vulnerability scanner for Solidity (0.4-0.8) and Vyper.

`scan_paths(paths)` finds .sol/.vy files, blanks every comment, parses them (tree-sitter grammar for
Solidity, the vyper compiler's AST for Vyper) into one IR, and runs every registered detector; files
that cannot be scanned become per-file errors. Reporters give JSON, SARIF 2.1.0 or text.
"""

from .detectors import DETECTORS, ScanDetector
from .engine import discover, parse_source, scan_paths, scan_source
from .errors import ScanInputError
from .findings import (
    CATEGORIES,
    CONFIDENCES,
    DEFAULT_MIN_CONFIDENCE,
    SEVERITIES,
    FileError,
    ScanFinding,
    ScanResult,
    confidence_rank,
    severity_rank,
)
from .report import to_json, to_sarif, to_text

__all__ = [
    "CATEGORIES",
    "CONFIDENCES",
    "DEFAULT_MIN_CONFIDENCE",
    "DETECTORS",
    "SEVERITIES",
    "ScanDetector",
    "FileError",
    "ScanFinding",
    "ScanInputError",
    "ScanResult",
    "confidence_rank",
    "discover",
    "parse_source",
    "scan_paths",
    "scan_source",
    "severity_rank",
    "to_json",
    "to_sarif",
    "to_text",
]
