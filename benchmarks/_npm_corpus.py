"""Audited npm packages beyond the repo's devDependencies, fetched as pinned tarballs for the scanner benchmarks.

Some of these packages cannot be installed with `npm ci` on this machine (Chainlink depends on a GitHub
tarball), and none is needed by the tests, so they are not devDependencies: `fetch` runs `npm pack NAME@VERSION`
(the tarball alone, no dependencies) into `benchmarks/.corpus/`, checks it against the registry integrity pinned
for it, and unpacks it once. Each package names the folder of its own sources: vendored libraries (`lib/`), build
artefacts, mocks and tests are not scanned. The packages themselves are a table, one line each, by tier, in
`_npm_packages.toml` beside this file.

The tiers. `round12` are the packages issue #15's round 12 looked at while fixing false alarms (in-sample from
then on). `heldout` are packages nobody looked at before the round-12 merge scored them (round 13's material
afterwards), `round13` packages nobody looked at before the round-13 merge scored them (round 14's material
afterwards), `round14` packages nobody looked at before the round-14 merge scored them (round 16's material
afterwards), `round16` packages nobody looked at before the round-16 merge scored them, and two tiers of
audited code from before Solidity 0.8 (0.4-0.7, the era of SmartBugs), split by package: `round17` is round 17's
tuning material, `round17h` is held out from it (round 18's tuning material afterwards), and `round18h`, more pre-0.8
packages nobody looked at before round 18. `round19h` are packages nobody looked at before they were first scored,
after round 18b (five pre-0.8, five 0.8.x, ten teams). `round20h` were chosen during round 19, scored before and after
it, and read by nobody before the second score (five pre-0.8, six 0.8.x, eleven teams). `round21h` were chosen
before round 20, scored before and after it, and read by nobody before the second score (five pre-0.8, six 0.8.x,
eleven teams new to the corpus). `round22h` were chosen during round 21 and scored before it, unread (five
pre-0.8, six 0.8.x, eleven more teams new to the corpus). `round23h` were chosen during round 22 and scored before
it, unread (twelve more teams new to the corpus, chosen by name and file count only). Each tier's first score
after its round is the honest figure for code the scanner was not written against.
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import tarfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".corpus"
SKIP = (
    "/mocks/",
    "/mock/",
    "/test/",
    "/tests/",
    "/testhelpers/",
    "/forge-std/",
    "/lib/",
    "/artifacts/",
    "/build/",
    "/dist/",
    "/external-deps/",
    "/ForTestingOnly/",
)
TEST_SUFFIXES = (".t.sol", ".s.sol")  # Foundry's test and script files, wherever a package keeps them


@dataclass(frozen=True)
class Package:
    """One pinned npm tarball and the folder of its own sources."""

    label: str
    spec: str  # NAME@VERSION
    integrity: str  # the registry's dist.integrity (sha512)
    source: str  # folder inside the tarball's package/ that is scanned ("" = all of it)
    tier: str


TABLE = Path(__file__).resolve().parent / "_npm_packages.toml"
with TABLE.open("rb") as _f:
    PACKAGES = tuple(Package(tier=tier, **row) for tier, rows in tomllib.load(_f).items() for row in rows)
TIERS = tuple(dict.fromkeys(p.tier for p in PACKAGES))  # in the order they were added


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch(pkg: Package, cache: Path = CACHE) -> Path:
    """The unpacked `package/` folder of `pkg`, packed from the registry and integrity-checked on first use."""
    folder = cache / pkg.spec.replace("/", "__").replace("@", "_")
    if (folder / "package").is_dir():
        return folder / "package"
    folder.mkdir(parents=True, exist_ok=True)
    out = subprocess.run(
        ["npm", "pack", "--silent", "--pack-destination", str(folder), pkg.spec],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    tgz = folder / out.stdout.strip().splitlines()[-1] if out.returncode == 0 and out.stdout.strip() else None
    if tgz is None or not tgz.is_file():
        raise RuntimeError(f"npm pack {pkg.spec} failed: {out.stderr.strip()[-300:]}")
    if _integrity(tgz.read_bytes()) != pkg.integrity:
        tgz.unlink()
        raise RuntimeError(f"{pkg.spec}: tarball does not match the pinned integrity")
    with tarfile.open(tgz) as tar:
        tar.extractall(folder, filter="data")
    tgz.unlink()
    return folder / "package"


def sources(pkg: Package, root: Path) -> list[Path]:
    """The package's own .sol files under its source folder (vendored libraries, mocks and tests left out)."""
    base = root / pkg.source if pkg.source else root
    own = (f for f in base.rglob("*.sol") if f.is_file() and not f.name.endswith(TEST_SUFFIXES))
    return sorted(f for f in own if not any(s in "/" + f.relative_to(root).as_posix() for s in SKIP))
