"""Shared set-up for the avatar tests: one compile per process, a chain with the Avatar contract."""

from __future__ import annotations

import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import nexus
from nexus._client import Nexus
from nexus.contracts.compiler import compile_contract


@lru_cache(maxsize=1)
def build_cache() -> Path:
    root = Path(tempfile.mkdtemp(prefix="nexus-avatar-build-"))
    for name in ("Registry", "Anchor", "Avatar"):
        compile_contract(name, root / "contracts")
    return root


def open_chain(home: Path) -> Nexus:
    """A Nexus on an embedded chain under `home`, with the compile cache copied in."""
    shutil.copytree(build_cache() / "contracts", home / "cache" / "contracts", dirs_exist_ok=True)
    return nexus.connect(home=home)
