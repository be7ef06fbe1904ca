"""The SmartBugs-curated data set: annotations, the ICSE-2020 subset, comment-blanked copies, scoring."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from nexus.scan._strip import strip_comments

REPO = Path(__file__).resolve().parents[2]
DATA = next(
    (
        p / "shared" / "data" / "smartbugs-curated"
        for p in REPO.parents[:3]
        if (p / "shared" / "data" / "smartbugs-curated").is_dir()
    ),
    REPO.parent / "shared" / "data" / "smartbugs-curated",
)  # a git worktree sits one level deeper
# The 2020 paper's published recall on its 69 contracts / 115 vulnerabilities (Durieux et al., ICSE 2020).
PUBLISHED_ICSE = {
    "Mythril": 0.27,
    "Slither": 0.17,
    "Osiris": 0.21,
    "Oyente": 0.12,
    "Smartcheck": 0.20,
    "Manticore": 0.04,
    "Securify": 0.15,
    "HoneyBadger": 0.01,
    "Maian": 0.01,
    "all nine": 0.42,
}


@dataclass(frozen=True)
class Vuln:
    path: str  # relative to the data set root, e.g. dataset/reentrancy/simple_dao.sol
    category: str
    lines: tuple[int, ...]


def load_vulns(root: Path = DATA) -> list[Vuln]:
    """Every annotated vulnerability of vulnerabilities.json (one per category entry; its lines)."""
    out = []
    for entry in json.loads((root / "vulnerabilities.json").read_text()):
        for v in entry["vulnerabilities"]:
            out.append(Vuln(entry["path"], v["category"], tuple(v["lines"])))
    return out


def icse_files(root: Path = DATA) -> list[str]:
    """The 69 contracts of the ICSE-2020 study, as data-set paths (following 'MOVED TO' notes)."""
    out = []
    for line in (root / "ICSE2020_curated_69.txt").read_text().splitlines():
        line = line.strip()
        if not line.startswith("./dataset/"):
            continue
        if "[MOVED TO:" in line:
            line = "./dataset/" + line.split("[MOVED TO:")[1].strip(" ]").lstrip("./")
        out.append(line[2:].split()[0])
    return out


def blank_copy(root: Path, dest: Path) -> list[Path]:
    """Copy every .sol of the data set to `dest` with all comments blanked (line numbers kept)."""
    files = []
    for src in sorted((root / "dataset").rglob("*.sol")):
        rel = src.relative_to(root)
        out = dest / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(strip_comments(src.read_text(encoding="utf-8", errors="replace")), encoding="utf-8")
        files.append(out)
    return files


def score(vulns: Iterable[Vuln], findings: Iterable[tuple[str, int, str]]) -> dict:
    """Match findings (path, line, category) to vulnerabilities: found when a finding of the same
    category is on one of its lines. Line-level: each annotated (path, category, line) counts once."""
    have = {(p, c, ln) for p, ln, c in findings}
    cat_total: Counter = Counter()
    cat_found: Counter = Counter()
    found_keys = set()
    for v in vulns:
        for ln in v.lines:
            cat_total[v.category] += 1
            if (v.path, v.category, ln) in have:
                cat_found[v.category] += 1
                found_keys.add((v.path, v.category, ln))
    return {
        "total": sum(cat_total.values()),
        "found": sum(cat_found.values()),
        "by_category": {c: (cat_found[c], cat_total[c]) for c in sorted(cat_total)},
        "found_keys": found_keys,
    }


def false_alarms(vulns: Iterable[Vuln], findings: Iterable[tuple[str, int, str]]) -> tuple[int, int]:
    """(findings on no annotated line at all, findings not matching an annotation's line and category)."""
    lines = defaultdict(set)
    exact = set()
    for v in vulns:
        for ln in v.lines:
            lines[v.path].add(ln)
            exact.add((v.path, ln, v.category))
    uniq = set(findings)
    off_line = sum(1 for p, ln, _ in uniq if ln not in lines[p])
    off_exact = sum(1 for f in uniq if f not in exact)
    return off_line, off_exact
