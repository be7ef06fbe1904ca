"""Baselines: report only findings that an earlier report did not have, matched by a fingerprint that
survives line shifts (detector, file, contract, function and the line's code without whitespace; the
n-th identical finding in a file keeps its own fingerprint)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..exceptions import ScanBaselineError
from .findings import ScanFinding

__all__ = ["fingerprints", "load_baseline", "new_findings"]

_FIELDS = ("detector", "file", "contract", "function", "evidence")


def _rel(path: str, base: Path | None) -> str:
    p = Path(path)
    if base is not None:
        try:
            return p.resolve().relative_to(base.resolve()).as_posix()
        except (ValueError, OSError):
            pass
    return p.as_posix()


def _digest(row: dict[str, str]) -> str:
    text = "\x1f".join(
        [row["detector"], row["file"], row["contract"], row["function"], "".join(row["evidence"].split())]
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _numbered(rows: Iterable[dict[str, str]]) -> list[str]:
    seen: Counter[str] = Counter()
    out = []
    for row in rows:
        d = _digest(row)
        seen[d] += 1
        out.append(f"{d}:{seen[d]}")
    return out


def fingerprints(findings: list[ScanFinding], base: Path | None = None) -> list[str]:
    """One fingerprint per finding, in the given order (paths relative to `base` when it contains them)."""
    order = sorted(range(len(findings)), key=lambda i: (findings[i].file, findings[i].line, findings[i].detector))
    rows = [
        {
            "detector": findings[i].detector,
            "file": _rel(findings[i].file, base),
            "contract": findings[i].contract,
            "function": findings[i].function,
            "evidence": findings[i].evidence,
        }
        for i in order
    ]
    out = [""] * len(findings)
    for i, fp in zip(order, _numbered(rows), strict=True):
        out[i] = fp
    return out


def _rows_from(doc: Any) -> list[dict[str, str]]:
    if isinstance(doc, dict) and "runs" in doc:  # SARIF written by `nexus scan -f sarif`
        rows = []
        for run in doc["runs"]:
            for r in run.get("results", []):
                loc = r["locations"][0]["physicalLocation"]
                props = r.get("properties", {})
                rows.append(
                    {
                        "detector": r["ruleId"],
                        "file": loc["artifactLocation"]["uri"],
                        "contract": props.get("contract", ""),
                        "function": props.get("function", ""),
                        "evidence": loc.get("region", {}).get("snippet", {}).get("text", ""),
                        "line": loc.get("region", {}).get("startLine", 0),
                    }
                )
        return rows
    if isinstance(doc, dict) and "findings" in doc:
        doc = doc["findings"]
    if not isinstance(doc, list) or not all(isinstance(x, dict) and {*_FIELDS, "line"} <= set(x) for x in doc):
        raise ScanBaselineError("is not a nexus scan report (a JSON list of findings, {findings: [...]}, or SARIF)")
    return doc


def load_baseline(path: Path, base: Path | None = None) -> set[str]:
    """The fingerprints of an earlier `nexus scan -f json` or `-f sarif` report."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScanBaselineError(f"cannot read baseline {path}: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ScanBaselineError(f"baseline {path} is not JSON: {exc}") from exc
    try:
        rows = [
            {k: str(r[k]) if k != "file" else _rel(str(r[k]), base) for k in _FIELDS} | {"line": r["line"]}
            for r in _rows_from(doc)
        ]
    except ScanBaselineError as exc:
        raise ScanBaselineError(f"baseline {path} {exc}") from None
    except (KeyError, IndexError, TypeError) as exc:
        raise ScanBaselineError(f"baseline {path} is not a nexus scan report: missing {exc}") from exc
    rows.sort(key=lambda r: (r["file"], int(r["line"] or 0), r["detector"]))
    return set(_numbered(rows))


def new_findings(findings: list[ScanFinding], baseline: set[str], base: Path | None = None) -> list[ScanFinding]:
    """The findings whose fingerprint is not in `baseline`, in their original order."""
    return [f for f, fp in zip(findings, fingerprints(findings, base), strict=True) if fp not in baseline]
