"""Reporters: JSON (a list of findings), SARIF 2.1.0 (GitHub code scanning) and plain text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .._version import __version__
from .baseline import fingerprints
from .detectors import DETECTORS
from .findings import FileError, ScanFinding

__all__ = ["to_json", "to_sarif", "to_text"]

_SARIF_LEVEL = {"high": "error", "medium": "warning", "low": "note", "info": "note"}
_SECURITY = {"high": "8.0", "medium": "5.5", "low": "3.0", "info": "1.0"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def to_json(findings: list[ScanFinding], errors: list[FileError] | None = None, *, with_errors: bool = False) -> str:
    """The findings as a JSON list (or {findings, errors} with `with_errors`)."""
    rows: Any = [f.to_dict() for f in findings]
    if with_errors:
        rows = {"findings": rows, "errors": [e.to_dict() for e in errors or []]}
    return json.dumps(rows, indent=2)


def _uri(path: str, base: Path | None) -> str:
    p = Path(path)
    if base is not None:
        try:
            p = p.resolve().relative_to(base.resolve())
        except ValueError:
            pass
    return p.as_posix()


def to_sarif(findings: list[ScanFinding], errors: list[FileError] | None = None, *, base: Path | None = None) -> str:
    """A SARIF 2.1.0 log with one run: a rule per detector, a result per finding, file errors as
    tool execution notifications. URIs are relative to `base` when given."""
    rules = [
        {
            "id": d.id,
            "name": "".join(w.title() for w in d.id.split("-")),
            "shortDescription": {"text": d.description.split(";")[0][:120]},
            "fullDescription": {"text": d.description},
            "helpUri": f"https://swcregistry.io/docs/{d.swc_id}" if d.swc_id else "https://dasp.co/",
            "defaultConfiguration": {"level": _SARIF_LEVEL[d.severity]},
            "properties": {
                "category": d.category,
                "swc_id": d.swc_id,
                "tags": ["security", d.category],
                "security-severity": _SECURITY[d.severity],
                "precision": d.confidence,
            },
        }
        for d in DETECTORS
    ]
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    for f, fp in zip(findings, fingerprints(findings, base), strict=True):
        result: dict[str, Any] = {
            "ruleId": f.detector,
            "level": _SARIF_LEVEL.get(f.severity, "warning"),
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(f.file, base)},
                        "region": {"startLine": max(1, f.line), "snippet": {"text": f.evidence}},
                    }
                }
            ],
            "partialFingerprints": {
                "nexusScan/v1": f"{f.detector}:{_uri(f.file, base)}:{f.evidence}",
                "nexusScan/v2": fp,
            },  # what `nexus scan --baseline` matches
            "properties": {
                "category": f.category,
                "swc_id": f.swc_id,
                "severity": f.severity,
                "confidence": f.confidence,
                "contract": f.contract,
                "function": f.function,
                **({"score": round(f.score, 4)} if f.score is not None else {}),
            },
        }
        if f.related:  # the same root cause's other lines
            result["relatedLocations"] = [
                {
                    "id": i,
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(f.file, base)},
                        "region": {"startLine": max(1, line)},
                    },
                }
                for i, line in enumerate(f.related, 1)
            ]
        if f.detector in index:
            result["ruleIndex"] = index[f.detector]
        results.append(result)
    notes = [
        {
            "level": "error",
            "message": {"text": e.error},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(e.file, base)}}}],
        }
        for e in errors or []
    ]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "nexus-scan",
                        "version": __version__,
                        "informationUri": "https://swcregistry.io/",
                        "rules": rules,
                    }
                },
                "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notes}],
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2)


def to_text(findings: list[ScanFinding], errors: list[FileError] | None = None, *, files: int | None = None) -> str:
    """One block per finding (location, category, severity, message, the line's code), then errors."""
    out = []
    for f in findings:
        score = f" score {f.score:.2f}" if f.score is not None else ""
        also = f"\n    also lines {', '.join(map(str, f.related))}" if f.related else ""
        out.append(
            f"{f.file}:{f.line}: {f.severity} {f.category} [{f.swc_id or '-'} {f.detector},"
            f" confidence {f.confidence}{score}]\n    {f.message}\n    > {f.evidence}{also}"
        )
    for e in errors or []:
        out.append(f"{e.file}: error: {e.error}")
    scanned = f" in {files} file(s)" if files is not None else ""
    out.append(f"{len(findings)} finding(s){scanned}, {len(errors or [])} file error(s)")
    return "\n".join(out)
