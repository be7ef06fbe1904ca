"""RPCChain and signer error paths: unreachable nodes, wrong chains, bad keys and keystores."""

from __future__ import annotations

import traceback
from pathlib import Path

import pytest
from anvil import AnvilNode, dev_key, free_port

from nexus.chain import TxRequest
from nexus.chain._rpc_codec import redact_url
from nexus.chain.accounts import create_keystore, load_signer
from nexus.chain.rpc import RPCChain
from nexus.exceptions import (
    AccountError,
    ChainError,
    ChainIdMismatch,
    KeystoreError,
    NotSupported,
    RPCUnreachable,
)

# a throwaway key, made up for these tests (never funded anywhere)
KEY = "0x" + "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
KEY_BODY = KEY[2:]


def _assert_no_key(text: str, key: str = KEY_BODY) -> None:
    assert key.lower() not in text.lower()
    assert key[:16].lower() not in text.lower()


def test_unreachable_url_raises_rpc_unreachable() -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    with pytest.raises(RPCUnreachable) as err:
        RPCChain(url, timeout=2.0)
    msg = str(err.value)
    assert "\n" not in msg and "127.0.0.1" in msg
    assert isinstance(err.value, ChainError) and isinstance(err.value, ConnectionError)


def test_unreachable_message_hides_url_secrets() -> None:
    url = f"http://user:hunter2@127.0.0.1:{free_port()}/v3/abcdef0123456789abcdef0123?apikey=s3cret"
    with pytest.raises(RPCUnreachable) as err:
        RPCChain(url, timeout=2.0)
    text = str(err.value) + "".join(traceback.format_exception(err.value))
    for secret in ("hunter2", "user:", "s3cret", "abcdef0123456789abcdef0123"):
        assert secret not in text


def test_redact_url() -> None:
    assert redact_url("https://u:p@node.example:8545/path?key=1#x") == "https://node.example:8545/path"
    assert redact_url("https://mainnet.example/v3/0123456789abcdef0123456789abcdef") == (
        "https://mainnet.example/v3/***"
    )
    assert redact_url("http://127.0.0.1:8545") == "http://127.0.0.1:8545"


@pytest.mark.node
def test_wrong_expected_chain_id(anvil: AnvilNode) -> None:
    with pytest.raises(ChainIdMismatch) as err:
        RPCChain(anvil.url, expected_chain_id=1)
    assert "31337" in str(err.value) and "\n" not in str(err.value)
    with RPCChain(anvil.url, expected_chain_id=31337) as chain:
        assert chain.chain_id == 31337


@pytest.mark.node
def test_without_a_signer_the_backend_is_read_only(anvil: AnvilNode) -> None:
    chain = RPCChain(anvil.url)
    assert chain.accounts  # the node's own dev accounts
    assert chain.block_number() >= 0
    with pytest.raises(AccountError, match="no signing key"):
        chain.send(TxRequest(chain.accounts[0], b""))
    with pytest.raises(AccountError):
        chain.send_many([TxRequest(chain.accounts[0], b"")])


@pytest.mark.node
def test_sending_from_another_address_is_refused(anvil: AnvilNode) -> None:
    chain = RPCChain(anvil.url, signer=load_signer(dev_key(0)))
    with pytest.raises(AccountError):
        chain.send(TxRequest(chain.default_account, b"", sender="0x" + "11" * 20))


@pytest.mark.node
def test_json_rpc_errors_become_one_line_chain_errors(anvil: AnvilNode) -> None:
    chain = RPCChain(anvil.url, signer=load_signer(dev_key(0)))
    with pytest.raises(ChainError) as err:
        chain._plain("eth_getBalance", "not-an-address", "latest")
    assert "\n" not in str(err.value)
    with pytest.raises(NotSupported):
        chain._optional("nexus_noSuchMethod")
    with pytest.raises(ChainError):
        chain.revert(987654)  # unknown snapshot


def test_malformed_private_key_is_not_echoed() -> None:
    bad = KEY[:-3] + "xyz"
    with pytest.raises(AccountError) as err:
        load_signer(bad)
    text = str(err.value) + repr(err.value) + "".join(traceback.format_exception(err.value))
    _assert_no_key(text, bad[2:])


def test_signer_and_chain_reprs_hide_the_key(anvil_or_none: AnvilNode | None) -> None:
    signer = load_signer(KEY)
    assert signer is not None
    for text in (repr(signer), str(signer), f"{signer!r}"):
        _assert_no_key(text)
        assert signer.address in text
    if anvil_or_none is not None:
        chain = RPCChain(anvil_or_none.url, signer=signer)
        for text in (repr(chain), str(chain), chain.describe(), repr(chain.__dict__)):
            _assert_no_key(text)


@pytest.fixture
def anvil_or_none(request: pytest.FixtureRequest) -> AnvilNode | None:
    try:
        return request.getfixturevalue("anvil")
    except pytest.skip.Exception:
        return None


@pytest.fixture(scope="module")
def keystore(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("keys") / "key.json"
    create_keystore(path, "correct horse", KEY)  # one scrypt keystore for the module
    return path


def test_keystore_roundtrip(keystore: Path) -> None:
    signer = load_signer(keystore=keystore, password="correct horse")
    assert signer is not None and signer.address == load_signer(KEY).address  # type: ignore[union-attr]


def test_keystore_needs_a_password(keystore: Path) -> None:
    with pytest.raises(KeystoreError, match="password"):
        load_signer(keystore=keystore)


def test_keystore_wrong_password(keystore: Path) -> None:
    with pytest.raises(KeystoreError, match="wrong password") as err:
        load_signer(keystore=keystore, password="wrong")
    _assert_no_key(str(err.value))


def test_keystore_missing_or_malformed(tmp_path: Path) -> None:
    with pytest.raises(KeystoreError):
        load_signer(keystore=tmp_path / "absent.json", password="x")
    bad = tmp_path / "bad.json"
    bad.write_text("not json")
    with pytest.raises(KeystoreError):
        load_signer(keystore=bad, password="x")
    assert isinstance(KeystoreError("x"), AccountError)
