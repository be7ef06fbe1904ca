"""The scanner benchmark's pinned npm tarballs (benchmarks/_npm_corpus.py, its table _npm_packages.toml), without
the registry: a stand-in `npm` on PATH answers `npm pack`. A tarball whose hash differs from the pinned integrity is
refused and nothing is unpacked; a good one is unpacked once and reused; only a package's own sources are scanned."""

from __future__ import annotations

import io
import os
import re
import stat
import sys
import tarfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
import _npm_corpus as nc  # noqa: E402


def _tarball(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


@pytest.fixture
def fake_npm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """An `npm` that copies `served.tgz` into --pack-destination and counts its calls in `calls`."""
    bin_dir, served, calls = tmp_path / "bin", tmp_path / "served.tgz", tmp_path / "calls"
    bin_dir.mkdir()
    script = bin_dir / "npm"
    script.write_text(
        "#!/bin/sh\n"
        f'echo x >> "{calls}"\n'
        'while [ "$#" -gt 0 ]; do if [ "$1" = "--pack-destination" ]; then dest="$2"; fi; shift; done\n'
        f'cp "{served}" "$dest/pkg-1.0.0.tgz" && echo pkg-1.0.0.tgz\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return served, calls


def test_a_tarball_that_does_not_match_its_pin_is_refused_and_not_unpacked(tmp_path: Path, fake_npm) -> None:
    served, _ = fake_npm
    served.write_bytes(_tarball({"src/A.sol": "contract A {}"}))
    pinned = nc.Package("p", "pkg@1.0.0", nc._integrity(b"some other bytes"), "src", "t")
    with pytest.raises(RuntimeError, match="integrity"):
        nc.fetch(pinned, cache=tmp_path / "cache")
    assert not list((tmp_path / "cache").rglob("*.sol"))
    assert not list((tmp_path / "cache").rglob("*.tgz"))


def test_a_matching_tarball_is_unpacked_once_and_reused(tmp_path: Path, fake_npm) -> None:
    served, calls = fake_npm
    data = _tarball({"src/A.sol": "contract A {}"})
    served.write_bytes(data)
    pkg = nc.Package("p", "@scope/pkg@1.0.0", nc._integrity(data), "src", "t")
    first = nc.fetch(pkg, cache=tmp_path / "cache")
    assert (first / "src" / "A.sol").read_text() == "contract A {}"
    served.write_bytes(b"not a tarball")  # a second fetch must not ask npm again
    assert nc.fetch(pkg, cache=tmp_path / "cache") == first
    assert calls.read_text().count("x") == 1


def test_only_the_packages_own_sources_are_scanned(tmp_path: Path) -> None:
    root = tmp_path / "package"
    own = ["src/A.sol", "src/sub/B.sol"]
    left_out = ["src/mocks/M.sol", "src/test/T.sol", "src/lib/L.sol", "other/O.sol", "src/external-deps/E.sol"]
    left_out += ["src/utils/Deployer.t.sol", "src/Deploy.s.sol"]  # Foundry test and script files
    for name in own + left_out:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("contract X {}")
    (root / "src" / "Art.sol").mkdir()  # build tools name folders after sources
    pkg = nc.Package("p", "pkg@1.0.0", "", "src", "t")
    assert [f.relative_to(root).as_posix() for f in nc.sources(pkg, root)] == own


def test_every_pinned_package_names_an_integrity_and_a_known_tier() -> None:
    assert len({p.spec for p in nc.PACKAGES}) == len(nc.PACKAGES)
    assert len({p.label for p in nc.PACKAGES}) == len(nc.PACKAGES)  # reports key packages by label
    # a tier name is a round (`h`: held out when first scored) or `heldout`; a typo makes a tier of its own
    assert all(re.fullmatch(r"round\d+h?|heldout", t) for t in nc.TIERS), nc.TIERS
    for p in nc.PACKAGES:
        assert p.integrity.startswith("sha512-") and len(p.integrity) == 95, p.spec
