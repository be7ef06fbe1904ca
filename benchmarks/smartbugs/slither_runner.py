"""Run Slither (its own venv) on one file through the solc-js shim, and map its checks to DASP categories."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SLITHER = HERE / ".venv-slither" / "bin" / "slither"
SHIM = HERE / "solc_shim"
PINNED = ("0.4.24", "0.4.25", "0.4.26", "0.5.17", "0.6.12", "0.7.6", "0.8.26")

# Slither check → SmartBugs category (checks that claim no vulnerability, e.g. naming, are left out).
CHECKS = {
    "reentrancy-eth": "reentrancy",
    "reentrancy-no-eth": "reentrancy",
    "reentrancy-benign": "reentrancy",
    "reentrancy-events": "reentrancy",
    "reentrancy-unlimited-gas": "reentrancy",
    "unchecked-lowlevel": "unchecked_low_level_calls",
    "unchecked-send": "unchecked_low_level_calls",
    "unchecked-transfer": "unchecked_low_level_calls",
    "tx-origin": "access_control",
    "suicidal": "access_control",
    "arbitrary-send-eth": "access_control",
    "arbitrary-send": "access_control",
    "controlled-delegatecall": "access_control",
    "controlled-array-length": "access_control",
    "unprotected-upgrade": "access_control",
    "protected-vars": "access_control",
    "incorrect-modifier": "access_control",
    "timestamp": "time_manipulation",
    "weak-prng": "bad_randomness",
    "calls-loop": "denial_of_service",
    "msg-value-loop": "denial_of_service",
    "costly-loop": "denial_of_service",
    "uninitialized-storage": "other",
    "uninitialized-state": "other",
    "tautology": "other",
    "incorrect-equality": "other",
    "shadowing-state": "other",
}


@dataclass
class SlitherResult:
    findings: list[tuple[str, int, tuple[int, ...]]] = field(default_factory=list)  # (category, line, lines)
    impacts: list[str] = field(default_factory=list)  # Slither's impact (High/Medium/Low/...) per finding
    checks: list[tuple[str, str]] = field(default_factory=list)  # (check, impact) of every result, mapped or not
    error: str = ""
    seconds: float = 0.0


def available() -> bool:
    return SLITHER.exists() and (HERE.parents[1] / "node_modules" / "solc-0.4.26").is_dir()


def _key(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in v.split("."))


def solc_version(source: str) -> str:
    """The pinned solc-js version for a pragma: an exact pin when installed; for a range with an upper bound
    (`>=0.5.0 <0.8.0`, as Uniswap v3 writes) the newest pinned release inside it (what such code is built
    with); else the newest of the lower bound's minor version."""
    m = re.search(r"pragma\s+solidity\s+([^;]+);", source)
    spec = m.group(1).strip() if m else "^0.4.0"
    v = re.search(r"(\d+)\.(\d+)\.(\d+)", spec)
    if not v:
        return PINNED[2]
    want = v.group(0)
    if re.match(r"^=?\s*\d", spec) and want in PINNED:
        return want
    upper = re.search(r"<\s*(\d+\.\d+\.\d+)", spec)
    if upper and ">" in spec:
        inside = [p for p in PINNED if _key(want) <= _key(p) < _key(upper.group(1))]
        if inside:
            return inside[-1]
    same = [p for p in PINNED if p.split(".")[1] == v.group(2)]
    return same[-1] if same else PINNED[2]


def fallbacks(source: str) -> list[str]:
    """For an open range (`>=0.5.0`, which Uniswap v3 writes on code that needs 0.6.8+ or imports 0.7 code):
    the newest pinned release of every other minor version inside it, newest first, to retry with when the
    first choice does not compile (what a user does). Carets and exact pins get none (SmartBugs has no range)."""
    m = re.search(r"pragma\s+solidity\s+([^;]+);", source)
    spec = m.group(1) if m else ""
    low = re.search(r">=?\s*(\d+\.\d+\.\d+)", spec)
    if not low:
        return []
    high = re.search(r"<\s*(\d+\.\d+\.\d+)", spec)
    first = solc_version(source)
    newest: dict[str, str] = {}
    for p in PINNED:
        if _key(low.group(1)) <= _key(p) and (not high or _key(p) < _key(high.group(1))):
            newest[p.rsplit(".", 1)[0]] = p
    return [v for v in sorted(newest.values(), key=_key, reverse=True) if v != first]


def relaxed_copy(root: Path, dest: Path) -> Path:
    """A copy of a package folder in which exact pins that no pinned compiler satisfies (`=0.5.16`, Uniswap
    v2) become `^` ranges of the same version, so the newest pinned patch release compiles them."""
    import shutil

    shutil.copytree(root, dest)
    for f in dest.rglob("*.sol"):
        t = f.read_text(encoding="utf-8", errors="replace")
        fixed = relax(t)
        if fixed != t:
            f.write_text(fixed, encoding="utf-8")
    return dest


def relax(source: str) -> str:
    """`pragma solidity =X.Y.Z;` (or a bare `X.Y.Z`) with X.Y.Z not pinned → `^X.Y.Z`."""

    def one(m: re.Match[str]) -> str:
        return f"pragma solidity ^{m.group(1)};" if m.group(1) not in PINNED else m.group(0)

    return re.sub(r"pragma\s+solidity\s+=?\s*(\d+\.\d+\.\d+)\s*;", one, source)


def run(  # noqa: PLR0913
    path: Path, timeout: float = 300, root: Path | None = None, version: str | None = None, via_ir: bool = False
) -> SlitherResult:
    """Slither on one file; `root` (a package's source folder) makes its relative imports resolve (solc
    sees the file by its path under `root`), else it runs in the file's own folder. `via_ir` passes
    `--solc-args=--via-ir` (the IR code generator, which the shim builds with the optimizer on)."""
    source = path.read_text(encoding="utf-8", errors="replace")
    env = {
        **os.environ,
        "PATH": f"{SHIM}{os.pathsep}{os.environ.get('PATH', '')}",
        "SOLC_VERSION": version or solc_version(source),
    }
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [
                str(SLITHER),
                str(path.relative_to(root)) if root else path.name,
                "--json",
                "-",
                "--disable-color",
                *(["--solc-args=--via-ir"] if via_ir else []),
            ],
            cwd=root or path.parent,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return SlitherResult(error="timeout", seconds=time.perf_counter() - start)
    out = SlitherResult(seconds=time.perf_counter() - start)
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        out.error = (proc.stderr.strip().splitlines() or ["no output"])[-1][:200]
        return out
    if not data.get("success"):
        out.error = str(data.get("error") or "failed").strip().splitlines()[0][:200]
        return out
    for r in (data.get("results") or {}).get("detectors", []):
        first = ((r.get("elements") or [{}])[0].get("source_mapping") or {}).get("filename_relative", path.name)
        if Path(first).name == path.name:  # results whose primary element lies in an imported file are its own
            out.checks.append((str(r.get("check", "")), str(r.get("impact", ""))))
        cat = CHECKS.get(r.get("check", ""))
        if cat is None:
            continue
        lines: list[int] = []
        for e in r.get("elements", []):
            sm = e.get("source_mapping") or {}
            if Path(sm.get("filename_relative", path.name)).name != path.name:
                continue
            ls = sm.get("lines") or []
            if e.get("type") == "node":
                lines += ls
            elif ls:
                lines.append(ls[0])  # a function / variable / contract: its first line only
        if lines:
            out.findings.append((cat, lines[0], tuple(dict.fromkeys(lines))))
            out.impacts.append(str(r.get("impact", "")))
    return out


def needs_via_ir(error: str, version: str) -> bool:
    """Whether a failed run is worth one retry with solc's IR code generator (`viaIR`, solc >= 0.8.13): the
    legacy generator's "Stack too deep" on functions with many live locals. crytic-compile often swallows
    that message (Slither then prints nothing: "no output"), so any failure on such a compiler retries,
    as a user would."""
    return bool(error) and error != "timeout" and _key(version) >= (0, 8, 13)


CACHE = Path(os.environ.get("NEXUS_BENCH_SLITHER_CACHE", "/tmp/nexus-slither-cache"))


def cached_run(path: Path, root: Path | None = None, cache: Path | None = CACHE) -> SlitherResult:
    """`run`, memoised on disk by (file path under its root, pinned solc, source text): Slither takes ~5 s a
    file, so re-running a benchmark for the scanner's side does not re-run Slither. `cache=None` disables."""
    import hashlib

    source = path.read_bytes()
    rel = str(path.relative_to(root)) if root else path.name
    key = hashlib.sha256(f"{rel}\0{solc_version(source.decode('utf-8', 'replace'))}\0".encode() + source)
    # (the key names the first compiler tried; a result may come from a fallback, see `fallbacks`)
    entry = cache / f"{key.hexdigest()}.json" if cache else None
    text = source.decode("utf-8", "replace")
    d = json.loads(entry.read_text()) if entry is not None and entry.exists() else None
    stale = (
        d is not None
        and d["error"]
        and (
            not d.get("retried")
            and fallbacks(text)
            or not d.get("via_ir")
            and needs_via_ir(d["error"], solc_version(text))
        )
    )
    if d is not None and not stale:  # old failures retry
        found = [(c, ln, tuple(ls)) for c, ln, ls in d["findings"]]
        return SlitherResult(found, d["impacts"], [tuple(x) for x in d["checks"]], d["error"], d["seconds"])
    out = run(path, root=root)
    for other in fallbacks(text) if out.error else []:
        retry = run(path, root=root, version=other)
        retry.seconds += out.seconds
        out = retry
        if not out.error:
            break
    if needs_via_ir(out.error, solc_version(text)):  # what a user does next: the IR code generator
        retry = run(path, root=root, via_ir=True)
        retry.seconds += out.seconds
        out = retry if not retry.error else out
    if entry is not None and out.error != "timeout":
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_suffix(".tmp")
        tmp.write_text(
            json.dumps(
                {
                    "findings": out.findings,
                    "impacts": out.impacts,
                    "checks": out.checks,
                    "error": out.error,
                    "seconds": out.seconds,
                    "retried": True,
                    "via_ir": True,
                }
            )
        )
        tmp.replace(entry)
    return out
