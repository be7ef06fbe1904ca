"""Owner-only data directory: every directory 0700 and every file 0600 under NEXUS_HOME, during
and after a node run (SQLite's -wal/-shm included), and looser modes left by older versions are
tightened on open, with one log line."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nexus import _fs
from nexus.api import create_app
from nexus.ledger import open_ledger
from nexus.services import build_node
from nexus.settings import load_settings

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


def loose(home: Path) -> list[str]:
    """Paths under `home` (itself included) that group or others may use."""
    bad = []
    for root, _dirs, files in os.walk(home):
        for p in [Path(root), *(Path(root, f) for f in files)]:
            mode = stat.S_IMODE(os.lstat(p).st_mode)
            if mode & 0o077:
                bad.append(f"{oct(mode)} {p.relative_to(home)}")
    return bad


@pytest.fixture
def open_umask() -> object:
    """The most permissive umask a user may have: modes must not depend on it."""
    old = os.umask(0o000)
    yield old
    os.umask(old)


def test_a_node_run_leaves_nothing_readable_by_others(tmp_path: Path, open_umask: object) -> None:
    home = tmp_path / "home"
    settings = load_settings(home=home, ledger_batch_ms=20, oracle_interval=0.2)
    with build_node(settings) as node:
        client = TestClient(create_app(node))
        token = client.app.state.tokens.get()  # type: ignore[attr-defined]
        r = client.post(
            "/ledger/records",
            json={"kind": "note", "payload": {"secret": 1}},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert r.status_code == 201
        names = {p.name for p in home.rglob("*")}
        assert {"ledger.db-wal", "ledger.db-shm", "api-token", "state.db"} <= names  # live files
        assert loose(home) == []
    assert loose(home) == []
    for sub in ("ledger", "chain", "deployments", "cache", "guard"):
        assert (home / sub).is_dir(), sub


def test_loose_files_from_before_are_tightened_on_open(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    home = tmp_path / "old-home"
    with open_ledger(load_settings(home=home)) as ledger:
        ledger.append("note", {"n": 1})
    (home / "ledger" / "ledger.db-shm").write_bytes(b"")  # a stale side file, as a crash leaves
    for p in [home, *home.rglob("*")]:
        p.chmod(0o777 if p.is_dir() else 0o644)
    (home / "config.toml").write_text("log_level = 'INFO'\n")
    (home / "config.toml").chmod(0o666)
    assert len(loose(home)) >= 5
    _fs._secured.clear()  # a new process
    caplog.set_level(logging.WARNING, logger="nexus._fs")
    with open_ledger(load_settings(home=home)) as ledger:
        assert ledger.record(0).payload == {"n": 1}
    assert loose(home) == []
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    said = [r.getMessage() for r in caplog.records if "owner-only" in r.getMessage()]
    assert len(said) == 1 and "under" in said[0]  # one line for the whole tree


def test_a_stale_side_file_is_tightened_by_the_store_itself(tmp_path: Path) -> None:
    db = tmp_path / "elsewhere" / "ledger.db"
    with open_ledger(path=db) as ledger:
        ledger.append("note", {})
    shm = db.with_name("ledger.db-shm")
    shm.write_bytes(b"")
    shm.chmod(0o644)
    db.chmod(0o644)
    with open_ledger(path=db):
        assert stat.S_IMODE(db.stat().st_mode) == 0o600
        assert stat.S_IMODE(shm.stat().st_mode) == 0o600


def test_the_users_own_home_is_never_rewritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "user"
    (user / "Documents").mkdir(parents=True)
    (user / "Documents" / "shared.txt").write_text("hi")
    (user / "Documents" / "shared.txt").chmod(0o644)
    user.chmod(0o755)
    monkeypatch.setenv("HOME", str(user))
    _fs.secure_home(user)
    assert stat.S_IMODE(user.stat().st_mode) == 0o755
    assert stat.S_IMODE((user / "Documents" / "shared.txt").stat().st_mode) == 0o644


def test_private_dir_and_file_ignore_the_umask(tmp_path: Path, open_umask: object) -> None:
    d = _fs.private_dir(tmp_path / "a" / "b" / "c")
    f = _fs.private_file(tmp_path / "x" / "y" / "f.txt")
    assert all(
        stat.S_IMODE(p.stat().st_mode) == 0o700 for p in (d, d.parent, d.parent.parent, f.parent, f.parent.parent)
    )
    assert stat.S_IMODE(f.stat().st_mode) == 0o600 and f.read_bytes() == b""
