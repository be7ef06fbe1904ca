"""Shared fixtures: an isolated NEXUS_HOME (and HOME) per test; anvil and PostgreSQL servers."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:  # tests/anvil.py and tests/nodeproc.py are shared helpers
    sys.path.insert(0, _TESTS)

from anvil import AnvilNode, anvil_binary  # noqa: E402
from postgres import PostgresServer, postgres_bin  # noqa: E402


@pytest.fixture
def nexus_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data directory; HOME points into the temp folder so no tool writes to the real one."""
    home = tmp_path / "nexus-home"
    monkeypatch.setenv("NEXUS_HOME", str(home))
    monkeypatch.setenv("HOME", str(tmp_path / "user-home"))
    for var in (
        "NEXUS_RPC_URL",
        "NEXUS_PRIVATE_KEY",
        "NEXUS_KEYSTORE",
        "NEXUS_KEYSTORE_PASSWORD",
        "NEXUS_CONFIG",
        "NEXUS_CHAIN_ID",
        "NEXUS_EXPECTED_CHAIN_ID",
    ):
        monkeypatch.delenv(var, raising=False)
    return home


# --- anvil: a real JSON-RPC node for the `node`-marked tests ----------------------------------


@pytest.fixture(scope="session")
def anvil() -> Iterator[AnvilNode]:
    """One anvil node for the session (skipped without the binary, except under CI)."""
    if anvil_binary() is None:
        msg = "anvil is not installed (run `npm install` in the repo root)"
        if os.environ.get("CI"):
            pytest.fail(f"{msg}; CI must have it")
        pytest.skip(msg)
    node = AnvilNode().start()
    try:
        yield node
    finally:
        node.stop()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the session (skipped without it, except under CI)."""
    msg = None
    if postgres_bin() is None:
        msg = "PostgreSQL is not installed (apt-get install postgresql, or `make postgres`)"
    else:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            msg = "psycopg is not installed (pip install 'symbiotic-nexus[pg]')"
    if msg is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{msg}; CI must have it")
        pytest.skip(msg)
    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.stop()
