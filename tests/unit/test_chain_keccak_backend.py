"""Importing the chain backends leaves eth-hash's backend choice to eth-hash: its own automatic
choice by default, or the one named in its documented `ETH_HASH_BACKEND` variable."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

_PROBE = """
import eth_hash.utils
import nexus.chain.embedded, nexus.chain.rpc, nexus
from eth_hash.auto import keccak
assert keccak(b"") == bytes.fromhex("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
print(keccak.hasher.__module__, type(eth_hash.utils.auto_choose_backend()).__module__)
"""


def _probe(backend: str | None) -> tuple[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "ETH_HASH_BACKEND"}
    if backend is not None:
        env["ETH_HASH_BACKEND"] = backend
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, timeout=120, check=True
    ).stdout.split()
    return out[0], out[1]


def test_importing_the_chain_keeps_eth_hashs_own_choice() -> None:
    used, chosen = _probe(None)
    assert used.split(".")[-1] == chosen.split(".")[-1]  # same backend module as eth-hash picks itself


def test_the_documented_variable_selects_the_c_backend() -> None:
    pytest.importorskip("sha3", reason="safe-pysha3 is not installed")
    used, _ = _probe("pysha3")
    assert used.endswith("pysha3")
