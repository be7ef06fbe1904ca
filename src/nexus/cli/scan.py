"""`nexus scan PATH...`: the smart-contract vulnerability scanner (Solidity and Vyper)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..exceptions import ConfigError

__all__ = ["app"]

app = typer.Typer()


class Format(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"


class ConfidenceLevel(str, Enum):
    low = "low"
    medium = "medium"
    high = "high"


class SeverityLevel(str, Enum):
    info = "info"
    low = "low"
    medium = "medium"
    high = "high"


@app.command()
def scan(
    paths: Annotated[list[Path], typer.Argument(help=".sol / .vy files or directories to scan.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    min_severity: Annotated[
        SeverityLevel, typer.Option(help="Hide findings below this severity.")
    ] = SeverityLevel.info,
    min_confidence: Annotated[
        ConfidenceLevel,
        typer.Option(help="Hide findings below this confidence (`low` shows every finding)."),
    ] = ConfidenceLevel.medium,
    fail_on: Annotated[
        SeverityLevel | None, typer.Option(help="Exit 1 when a finding at or above this severity is reported.")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here, not stdout.")] = None,
    rank: Annotated[bool, typer.Option(help="Score findings with the bundled ranker (SmartBugs-trained).")] = False,
    baseline: Annotated[
        Path | None,
        typer.Option(
            help="An earlier `nexus scan -f json` or `-f sarif` report: show only findings not in it (matched by a"
            " fingerprint that survives line shifts)."
        ),
    ] = None,
    exclude_dependencies: Annotated[
        bool,
        typer.Option(
            "--exclude-dependencies",
            help="Skip files in node_modules/, lib/ and other package folders (their"
            " declarations are still read through imports).",
        ),
    ] = False,
) -> None:
    """Scan contracts for known vulnerability patterns (reentrancy, unchecked calls, overflow, ...).

    By default only findings of medium or high confidence are shown; `--min-confidence low` shows all.
    With --baseline, only findings absent from that earlier report are shown (and gate --fail-on).

    Exit status: 0 when the scan ran, whatever it found; 1 with --fail-on and a finding at that
    severity or above, or a file that could not be scanned (a gate cannot pass a file it did not
    read); 2 when there was nothing to scan or no file could be scanned. Files that cannot be
    scanned (too large, not UTF-8, binary, syntax errors) are listed in the report and on stderr.
    """
    from ..scan import scan_paths, severity_rank, to_json, to_sarif, to_text
    from ..scan.baseline import load_baseline, new_findings

    known = load_baseline(baseline, Path.cwd()) if baseline is not None else None  # bad file: one line, exit 130
    result = scan_paths(
        paths,
        min_severity=min_severity.value,
        min_confidence=min_confidence.value,
        exclude_dependencies=exclude_dependencies,
    )
    if not result.files:
        first = result.errors[0] if result.errors else None
        raise ConfigError(f"nothing to scan: {first.file}: {first.error}" if first else "nothing to scan")
    failed = {e.file for e in result.errors}
    if all(f in failed for f in result.files):
        first = result.errors[0]
        more = f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""
        raise ConfigError(f"no file could be scanned: {first.file}: {first.error}{more}")
    findings = result.findings
    if known is not None:
        findings = new_findings(findings, known, Path.cwd())
    if rank:
        from ..scan.ranker import load_default

        findings = load_default().rescore(findings)
    if fmt is Format.json:
        text = to_json(findings)
    elif fmt is Format.sarif:
        text = to_sarif(findings, result.errors, base=Path.cwd())
    else:
        text = to_text(findings, result.errors, files=len(result.files))
    if fmt is not Format.text:
        for e in result.errors:
            typer.echo(f"warning: {e.file}: {e.error}", err=True)
    if output is not None:
        output.write_text(text + "\n")
    else:
        typer.echo(text)
    if fail_on is not None and any(severity_rank(f.severity) >= severity_rank(fail_on.value) for f in findings):
        raise typer.Exit(1)
    if fail_on is not None and failed:
        typer.echo(f"error: --fail-on: {len(failed)} file(s) could not be scanned", err=True)
        raise typer.Exit(1)
