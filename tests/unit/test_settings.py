"""The one settings object: environment over config file, with one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from nexus.exceptions import ConfigError
from nexus.settings import load_settings


def test_defaults_follow_nexus_home(nexus_home: Path) -> None:
    s = load_settings()
    assert s.home == nexus_home and s.rpc_url is None
    assert s.chain_dir == nexus_home / "chain"


def test_config_file_then_environment(nexus_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nexus_home.mkdir(parents=True)
    (nexus_home / "config.toml").write_text('port = 9100\nrpc_url = "http://127.0.0.1:8545"\n')
    assert load_settings().port == 9100
    monkeypatch.setenv("NEXUS_PORT", "9200")
    s = load_settings()
    assert s.port == 9200 and s.rpc_url == "http://127.0.0.1:8545"
    assert load_settings(port=9300).port == 9300


@pytest.mark.parametrize(
    ("var", "value", "match"),
    [
        ("NEXUS_PORT", "abc", "port"),
        ("NEXUS_PORT", "70000", "port"),
        ("NEXUS_RPC_URL", "ftp://x", "rpc_url"),
        ("NEXUS_RPC_TIMEOUT", "-1", "rpc_timeout"),
    ],
)
def test_bad_values_are_config_errors(
    nexus_home: Path, monkeypatch: pytest.MonkeyPatch, var: str, value: str, match: str
) -> None:
    monkeypatch.setenv(var, value)
    with pytest.raises(ConfigError, match=match) as err:
        load_settings()
    assert "\n" not in str(err.value)


def test_missing_explicit_config_file(nexus_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEXUS_CONFIG", str(nexus_home / "nope.toml"))
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings()


def test_malformed_config_file(nexus_home: Path) -> None:
    nexus_home.mkdir(parents=True)
    (nexus_home / "config.toml").write_text("port = [")
    with pytest.raises(ConfigError, match="config"):
        load_settings()


def test_secrets_do_not_show_in_repr(nexus_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = "0x" + "ab" * 32
    monkeypatch.setenv("NEXUS_PRIVATE_KEY", key)
    s = load_settings()
    assert key not in repr(s) and key not in str(s.model_dump())


def test_home_override_finds_its_own_config(nexus_home: Path, tmp_path: Path) -> None:
    other = tmp_path / "other-home"
    other.mkdir()
    (other / "config.toml").write_text("port = 9400\n")
    assert load_settings(home=other).port == 9400
    assert load_settings().port == 8700
