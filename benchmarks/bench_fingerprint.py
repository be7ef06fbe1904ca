"""Fingerprint throughput against `sha256sum` on a 2 GB file set (generated in a temp dir).

The set is a directory of files of mixed sizes (default: 12 x 128 MiB, 256 x 1 MiB and
2,048 x 64 KiB = 1.75 GiB + 256 MiB + 128 MiB ≈ 2.1 GB). Every file is read once first, so every
contender hashes from the page cache; each contender runs `--rounds` times and the best and median
are reported. Contenders:
- `sha256sum` over all files in one process (the usual baseline), and `sha256sum` fanned out with
  `xargs -P <cpus>` (the fair parallel baseline); `openssl dgst -sha256` when installed (OpenSSL
  is what Python's hashlib calls, so it separates the hash code from the fan-out);
- `nexus.fingerprint(dir)` with one worker thread and with one per CPU (the default); its per-file
  digests are checked against sha256sum's.
A CSV table (all rows, in row chunks) is timed too, as rows/s. Results: benchmarks/results/
fingerprint.json.

    python benchmarks/bench_fingerprint.py [--scale 1.0] [--rounds 3] [--csv-rows 1000000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _report import report

from nexus.ledger.fingerprint import fingerprint

MiB = 1 << 20


def make_files(root: Path, scale: float) -> int:
    """Write the file set (pseudo-random bytes, so nothing compresses); returns total bytes."""
    plan = [(int(12 * scale) or 1, 128 * MiB), (int(256 * scale) or 1, MiB), (int(2048 * scale) or 1, 64 << 10)]
    block = os.urandom(8 * MiB)
    total = 0
    for group, (count, size) in enumerate(plan):
        folder = root / f"g{group}"
        folder.mkdir()
        for i in range(count):
            with open(folder / f"f{i:05d}.bin", "wb") as f:
                left = size
                salt = f"{group}/{i}".encode()  # every file differs
                f.write(salt)
                left -= len(salt)
                while left > 0:
                    chunk = block[(i * 4099) % MiB :][:left]
                    f.write(chunk)
                    left -= len(chunk)
            total += size
    return total


def timed(fn, rounds: int) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    times, out = [], None
    for _ in range(rounds):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times), out


def sha256sum(files: list[str], procs: int) -> dict[str, str]:
    if procs <= 1:
        out = subprocess.run(["sha256sum", "--", *files], capture_output=True, check=True).stdout
    else:
        per = max(1, len(files) // (procs * 4))
        out = subprocess.run(
            ["xargs", "-0", "-P", str(procs), "-n", str(per), "sha256sum", "--"],
            input="\0".join(files).encode(),
            capture_output=True,
            check=True,
        ).stdout
    digests = {}
    for line in out.decode().splitlines():
        digest, name = line.split(maxsplit=1)
        digests[name.lstrip("*")] = digest
    return digests


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the 2 GB set")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--csv-rows", type=int, default=1_000_000)
    args = ap.parse_args()
    if shutil.which("sha256sum") is None:
        sys.exit("sha256sum is not installed")
    cpus = os.cpu_count() or 1
    tmp = Path(tempfile.mkdtemp(prefix="nexus-bench-fp-"))
    try:
        data = tmp / "set"
        data.mkdir()
        total = make_files(data, args.scale)
        files = sorted(str(p) for p in data.rglob("*.bin"))
        sha256sum(files, cpus)  # warm the page cache
        rows = []

        def add(name: str, best: float, median: float) -> None:
            rows.append(
                {
                    "contender": name,
                    "files": len(files),
                    "GB": round(total / 1e9, 3),
                    "best_s": round(best, 3),
                    "median_s": round(median, 3),
                    "MB_per_s": round(total / best / 1e6, 1),
                }
            )

        b, m, ref = timed(lambda: sha256sum(files, 1), args.rounds)
        add("sha256sum (1 process)", b, m)
        b, m, _ = timed(lambda: sha256sum(files, cpus), args.rounds)
        add(f"sha256sum (xargs -P {cpus})", b, m)
        if shutil.which("openssl"):  # the library hashlib itself calls
            b, m, _ = timed(
                lambda: subprocess.run(["openssl", "dgst", "-sha256", *files], capture_output=True, check=True),
                args.rounds,
            )
            add("openssl dgst -sha256 (1 process)", b, m)
        for workers in sorted({1, cpus}):
            b, m, man = timed(lambda w=workers: fingerprint(data, workers=w), args.rounds)
            add(f"nexus fingerprint ({workers} thread{'s' if workers > 1 else ''})", b, m)
        got = {str(data / e.name): e.digest for e in man.entries}  # type: ignore[attr-defined]
        assert got == ref, "per-file digests differ from sha256sum"

        csv_path = tmp / "table.csv"
        with open(csv_path, "w") as f:
            f.write("id,account,amount,flag\n")
            f.writelines(
                f"{i},0x{i * 2654435761 % 2**64:016x},{i * 0.37:.2f},{i % 7 == 0:d}\n" for i in range(args.csv_rows)
            )
        size = csv_path.stat().st_size
        b, m, _ = timed(lambda: fingerprint(csv_path, workers=cpus), args.rounds)
        rows.append(
            {
                "contender": f"nexus fingerprint CSV ({args.csv_rows:,} rows, all hashed)",
                "files": 1,
                "GB": round(size / 1e9, 3),
                "best_s": round(b, 3),
                "median_s": round(m, 3),
                "MB_per_s": round(size / b / 1e6, 1),
            }
        )
        b2, _, _ = timed(lambda: sha256sum([str(csv_path)], 1), args.rounds)
        rows.append(
            {
                "contender": "sha256sum of that CSV (bytes only)",
                "files": 1,
                "GB": round(size / 1e9, 3),
                "best_s": round(b2, 3),
                "median_s": round(b2, 3),
                "MB_per_s": round(size / b2 / 1e6, 1),
            }
        )
        report(
            "fingerprint",
            rows,
            {
                "cpus": cpus,
                "scale": args.scale,
                "rounds": args.rounds,
                "csv_rows_per_s": round(args.csv_rows / b),
                "digests_match_sha256sum": True,
                "note": "page cache warm; load from other processes not controlled",
            },
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
