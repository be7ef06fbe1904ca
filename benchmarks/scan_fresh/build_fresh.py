"""Write the fresh recall set (*.sol|*.vy and manifest.json) into a folder, from the case modules in _cases/.

Each case is one vulnerable contract with its bug line(s) marked by a trailing `//@` (`#@` in Vyper), which
is stripped from the written file, and the replacements that turn it into its fixed twin. The set was written
blind to the scanner's rules (issue #15). bench_scan_fresh.py builds it for each run; to look at the files:
python benchmarks/scan_fresh/build_fresh.py DIR [1|2|3|4|5|6|7]  (sets 2-7: _cases2/ .. _cases7/, later blind sets)
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARKS = ("  //@", " //@", "  #@", " #@")


def _strip(src: str) -> tuple[str, list[int]]:
    out, marked = [], []
    for i, line in enumerate(src.strip("\n").splitlines(), 1):
        for m in MARKS:
            if line.endswith(m):
                line, _ = line[: -len(m)], marked.append(i)
                break
        out.append(line.rstrip())
    return "\n".join(out) + "\n", marked


# each set was written blind after the one before became tuning material
SETS = {1: "_cases", 2: "_cases2", 3: "_cases3", 4: "_cases4", 5: "_cases5", 6: "_cases6", 7: "_cases7"}


def build(out: Path, which: int = 1) -> dict[str, dict]:
    """Write every case's two files and manifest.json under `out`; return the manifest (file name -> entry)."""
    sys.path.insert(0, str(HERE))
    manifest: dict[str, dict] = {}
    folder = SETS[which]
    for mod in sorted(m.name for m in pkgutil.iter_modules([str(HERE / folder)])):
        for c in importlib.import_module(f"{folder}.{mod}").CASES:
            text, lines = _strip(c["src"])
            if not lines:
                raise SystemExit(f"{c['name']}: no marked line")
            fixed = c["src"]
            for old, new in c["fix"]:
                if fixed.count(old) != 1:
                    raise SystemExit(f"{c['name']}: fix target found {fixed.count(old)} times: {old!r}")
                fixed = fixed.replace(old, new)
            fixed_text, _ = _strip(fixed)
            if fixed_text == text:
                raise SystemExit(f"{c['name']}: fixed twin identical")
            stem, ext = c["name"].rsplit(".", 1)
            twin = f"{stem}_fixed.{ext}"
            (out / c["name"]).write_text(text)
            (out / twin).write_text(fixed_text)
            manifest[c["name"]] = {
                "class": c["cls"],
                "detectors": c["det"],
                "lines": [min(lines), max(lines)],
                "function": c["fn"],
                "version": c["ver"],
                "fixed": twin,
                "shape": c.get("shape", ""),
            }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return manifest


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3) or len(sys.argv) == 3 and sys.argv[2] not in ("1", "2", "3", "4", "5", "6", "7"):
        raise SystemExit("usage: build_fresh.py DIR [1|2|3|4|5|6|7]")
    Path(sys.argv[1]).mkdir(parents=True, exist_ok=True)
    m = build(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) == 3 else 1)
    print(f"{len(m)} vulnerable files, {len(m)} fixed twins")
