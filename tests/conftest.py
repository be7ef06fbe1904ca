"""Shared fixtures: an isolated NEXUS_HOME (and HOME) per test; anvil and PostgreSQL servers."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:  # tests/anvil.py and tests/nodeproc.py are shared helpers
    sys.path.insert(0, _TESTS)

from anvil import AnvilNode, anvil_binary  # noqa: E402
from postgres import PostgresServer, postgres_bin  # noqa: E402

# --- Vyper builds: each contract compiled once per test session -------------------------------


@pytest.fixture(scope="session", autouse=True)
def _compile_each_contract_once(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Vyper's output is a function of the sources the compiler's cache key hashes (contract, its
    directory's modules, the interfaces, the compiler version), so one build per source path and
    hash serves the whole session. Every cache directory a test passes still gets its file, as
    after a real compile; compile errors are never remembered. The builds are also kept, under
    the compiler's own cache file names, in a session folder (NEXUS_TEST_BUILDS) that
    `nodeproc.node_process` copies into a `nexus up` child's cache and collects back from it.
    Tests of the compiler itself take `real_vyper_compiler`."""
    from nexus.contracts import compiler

    real = compiler._compile
    shared = tmp_path_factory.mktemp("vyper-builds")
    builds: dict[tuple[str, str], Any] = {}

    def compile_once(path: Path, root: Path, digest: str, cached: Path | None) -> Any:
        key, kept = (str(path.resolve()), digest), shared / f"{path.stem}-{digest[:24]}.json"
        if key not in builds and kept.is_file():  # built by a `nexus up` child of this session
            builds[key] = compiler.CompiledContract.from_json(json.loads(kept.read_text()))
        if key not in builds:
            builds[key] = real(path, root, digest, cached)
            compiler._write_atomic(kept, json.dumps(builds[key].to_json()))
        elif cached is not None:
            compiler._write_atomic(cached, json.dumps(builds[key].to_json()))
        return builds[key]

    compile_once.__wrapped__ = real  # type: ignore[attr-defined]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(compiler, "_compile", compile_once)
        mp.setenv("NEXUS_TEST_BUILDS", str(shared))
        yield


@pytest.fixture
def real_vyper_compiler(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every compile in this test runs Vyper (for tests of the compiler and its cache)."""
    from nexus.contracts import compiler

    monkeypatch.setattr(compiler, "_compile", compiler._compile.__wrapped__)


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
