"""The scan loop: find files, read them safely, blank comments, parse, run every detector."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from ._solidity import parse_solidity
from ._strip import strip_comments
from ._vyper import parse_vyper
from .baseline import load_baseline, new_findings
from .detectors import DETECTORS, ScanDetector
from .errors import ScanInputError
from .findings import FileError, ScanFinding, ScanResult, confidence_rank, severity_rank
from .imports import declarations_of, resolve_imports
from .ir import SourceUnit

__all__ = [
    "DEPENDENCY_DIRS",
    "LANGUAGES",
    "MAX_BYTES",
    "discover",
    "is_dependency",
    "parse_source",
    "scan_paths",
    "scan_source",
]

LANGUAGES = {".sol": "solidity", ".vy": "vyper"}
MAX_BYTES = 2_000_000  # larger sources are reported, not scanned
_SKIP_DIRS = {"node_modules", ".git", ".venv", "__pycache__"}
# Where package managers put third-party contracts: npm, Foundry/forge, soldeer, Remix, Brownie, Ape.
DEPENDENCY_DIRS = {"node_modules", "lib", "dependencies", ".deps", "installed_contracts", "packages_deps"}


def is_dependency(path: Path) -> bool:
    """Whether a file sits in a package manager's folder (node_modules/, Foundry's lib/, ...); `path` is
    relative to the folder being scanned (or as the user wrote it)."""
    return bool(DEPENDENCY_DIRS & set(path.parts[:-1]))


def discover(paths: Iterable[str | Path], *, exclude_dependencies: bool = False) -> tuple[list[Path], list[FileError]]:
    """Every .sol/.vy file under `paths` (files given by name are taken as they are), sorted; with
    `exclude_dependencies`, none from a dependency folder (even when given by name)."""
    files: list[Path] = []
    errors: list[FileError] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files += sorted(
                f
                for f in p.rglob("*")
                if f.suffix in LANGUAGES
                and f.is_file()
                and not _SKIP_DIRS & set(f.relative_to(p).parts)
                and not (exclude_dependencies and is_dependency(f.relative_to(p)))
            )
        elif p.is_file():
            if exclude_dependencies and is_dependency(p):
                continue
            if p.suffix in LANGUAGES:
                files.append(p)
            else:
                errors.append(FileError(str(p), f"not a Solidity or Vyper file (expected {', '.join(LANGUAGES)})"))
        else:
            errors.append(FileError(str(p), "no such file or directory"))
    return list(dict.fromkeys(files)), errors


def read_source(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """The file's text; ScanInputError if it is too large, unreadable or not UTF-8."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ScanInputError(f"file too large ({size:,} bytes; the limit is {max_bytes:,})")
        data = path.read_bytes()
    except OSError as exc:
        raise ScanInputError(f"cannot read: {exc.strerror or exc}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScanInputError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from exc


def parse_source(source: str, path: str = "<source>", language: str | None = None) -> SourceUnit:
    """Blank every comment, then parse. The detectors only ever see the comment-free text."""
    language = language or LANGUAGES.get(Path(path).suffix, "solidity")
    if "\x00" in source:  # no compiler accepts it; vyper's parser raises a non-VyperException
        raise ScanInputError(f"binary content: a NUL byte at offset {source.index(chr(0))}")
    clean = strip_comments(source, language)
    try:
        if language == "vyper":
            return parse_vyper(path, clean)
        unit = parse_solidity(path, clean)
    except ScanInputError:
        raise
    except RecursionError as exc:
        raise ScanInputError("nesting too deep to analyse") from exc
    except Exception as exc:  # noqa: BLE001 - a parser's surprise on one hostile file is that file's error
        raise ScanInputError(f"cannot parse: {type(exc).__name__}: {_first_line(exc)}") from exc
    known = declarations_of(clean)
    if path != "<source>" and Path(path).is_file():
        known.merge(resolve_imports(path, clean))
    unit.declared_types, unit.static_calls = known.types, known.static_calls
    return unit


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else "no detail"


def _detectors(selected: Sequence[type[ScanDetector]] | None) -> list[ScanDetector]:
    return [cls() for cls in (selected if selected is not None else DETECTORS)]


def run_detectors(unit: SourceUnit, detectors: Sequence[ScanDetector]) -> tuple[list[ScanFinding], list[str]]:
    """Findings of every detector for the unit's language, deduplicated and sorted; plus detector failures."""
    found: dict[tuple, ScanFinding] = {}
    failures: list[str] = []
    for d in detectors:
        if unit.language not in d.languages:
            continue
        try:
            for f in d.detect(unit):
                found.setdefault(f.key(), f)
        except RecursionError:
            failures.append(f"detector {d.id}: nesting too deep to analyse")
        except Exception as exc:  # noqa: BLE001  (one detector's bug must not lose the other findings)
            failures.append(f"detector {d.id} failed: {type(exc).__name__}: {exc}")
    return sorted(found.values(), key=lambda f: (f.file, f.line, f.category, f.detector)), failures


def scan_source(
    source: str,
    path: str = "<source>",
    language: str | None = None,
    detectors: Sequence[type[ScanDetector]] | None = None,
) -> list[ScanFinding]:
    """Scan one source text (comments are blanked first); ScanInputError if it cannot be parsed."""
    findings, failures = run_detectors(parse_source(source, path, language), _detectors(detectors))
    if failures:
        raise ScanInputError("; ".join(failures))
    return findings


def scan_paths(
    paths: Iterable[str | Path],
    *,
    min_severity: str = "info",
    min_confidence: str = "low",
    detectors: Sequence[type[ScanDetector]] | None = None,
    max_bytes: int = MAX_BYTES,
    exclude_dependencies: bool = False,
    baseline: str | Path | Iterable[str] | None = None,
) -> ScanResult:
    """Scan files and directories. A file that cannot be scanned becomes a FileError; the run goes on.
    Imported dependencies are still read for their declarations when `exclude_dependencies` is set.
    `baseline`, as `nexus scan --baseline`: an earlier `-f json`/`-f sarif` report (a path), or the
    `fingerprint`s POST /scan returned; only findings absent from it are kept (matched by a fingerprint
    that survives line shifts, paths relative to the working directory). ScanBaselineError if the report
    cannot be read."""
    floor, sure = severity_rank(min_severity), confidence_rank(min_confidence)
    known = _baseline(baseline)
    files, errors = discover(paths, exclude_dependencies=exclude_dependencies)
    result = ScanResult(errors=errors)
    dets = _detectors(detectors)
    for path in files:
        start = time.perf_counter()
        name = str(path)
        result.files.append(name)
        try:
            unit = parse_source(read_source(path, max_bytes), name)
            findings, failures = run_detectors(unit, dets)
        except ScanInputError as exc:
            result.errors.append(FileError(name, str(exc)))
            continue
        finally:
            result.seconds[name] = time.perf_counter() - start
        result.errors += [FileError(name, msg) for msg in failures]
        result.findings += [
            f for f in findings if severity_rank(f.severity) >= floor and confidence_rank(f.confidence) >= sure
        ]
    if known is not None:
        result.findings = new_findings(result.findings, known, Path.cwd())
    return result


def _baseline(baseline: str | Path | Iterable[str] | None) -> set[str] | None:
    if baseline is None:
        return None
    if isinstance(baseline, str | Path):
        return load_baseline(Path(baseline), Path.cwd())
    return set(baseline)
