"""Embedded-chain behaviour beyond the shared conformance suite: persistence, locking, bad files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import vyper

from nexus.chain.abi import ABI
from nexus.chain.accounts import DEV_BALANCE, dev_addresses
from nexus.chain.contract import Contract
from nexus.chain.embedded import GAS_PRICE, EmbeddedChain
from nexus.exceptions import ChainError, ChainIdMismatch, ContractReverted, StateError, StateLocked

SRC = """
value: public(uint256)

event Stored:
    who: indexed(address)
    value: uint256

@external
def store(v: uint256):
    assert v != 13, "unlucky"
    self.value = v
    log Stored(who=msg.sender, value=v)
"""


@pytest.fixture(scope="module")
def compiled() -> tuple[list, bytes]:
    out = vyper.compile_code(SRC, output_formats=["abi", "bytecode"])
    return out["abi"], bytes.fromhex(out["bytecode"][2:])


def _deploy(chain: EmbeddedChain, compiled: tuple[list, bytes]) -> Contract:
    abi, code = compiled
    rc = chain.deploy(code)
    assert rc.contract_address
    return Contract(chain, rc.contract_address, abi)


def test_state_blocks_logs_and_traces_survive_reopen(tmp_path: Path, compiled) -> None:
    chain = EmbeddedChain(tmp_path)
    c = _deploy(chain, compiled)
    rc = c.transact("store", 42)
    head, genesis = chain.block_number(), chain.genesis_hash
    chain.close()

    again = EmbeddedChain(tmp_path)
    c2 = Contract(again, c.address, c.abi)
    assert again.block_number() == head
    assert again.genesis_hash == genesis
    assert c2.call("value") == 42
    assert [e.args["value"] for e in c2.events("Stored")] == [42]
    assert again.receipt(rc.tx_hash) == rc
    assert again.get_block(rc.block_number).transactions[0].hash == rc.tx_hash
    assert again.trace(rc.tx_hash).to == c.address
    c2.transact("store", 7)  # the reopened chain keeps working and mining on top
    assert again.block_number() == head + 1
    again.close()


def test_second_writer_is_refused_and_reader_sees_flushed_state(tmp_path: Path, compiled) -> None:
    chain = EmbeddedChain(tmp_path)
    c = _deploy(chain, compiled)
    c.transact("store", 5)
    chain.flush()
    with pytest.raises(StateLocked, match="in use by process"):
        EmbeddedChain(tmp_path)
    reader = EmbeddedChain(tmp_path, readonly=True)
    assert Contract(reader, c.address, c.abi).call("value") == 5
    with pytest.raises(StateLocked):
        reader.transact(c.address, b"")
    reader.close()
    chain.close()
    EmbeddedChain(tmp_path).close()  # the lock is released on close


@pytest.mark.parametrize("payload", [b"not a database at all" * 100, b""])
def test_garbage_state_file_is_refused_and_left_untouched(tmp_path: Path, payload: bytes) -> None:
    state = tmp_path / "state.db"
    state.write_bytes(payload or b"SQLite format 3\0" + b"\xff" * 200)
    before = state.read_bytes()
    with pytest.raises(StateError, match="left untouched|corrupt"):
        EmbeddedChain(tmp_path)
    assert state.read_bytes() == before


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "state.db")
    db.execute("CREATE TABLE songs (title TEXT)")
    db.commit()
    db.close()
    before = (tmp_path / "state.db").read_bytes()
    with pytest.raises(StateError, match="not an embedded-chain state"):
        EmbeddedChain(tmp_path)
    assert (tmp_path / "state.db").read_bytes() == before


def test_newer_format_version_is_refused(tmp_path: Path) -> None:
    EmbeddedChain(tmp_path).close()
    db = sqlite3.connect(tmp_path / "state.db")
    db.execute("UPDATE meta SET value='99' WHERE key='version'")
    db.commit()
    db.close()
    with pytest.raises(StateError, match="version 99"):
        EmbeddedChain(tmp_path)


def test_expected_chain_id_is_enforced(tmp_path: Path) -> None:
    EmbeddedChain(tmp_path, chain_id=777).close()
    with pytest.raises(ChainIdMismatch, match="777"):
        EmbeddedChain(tmp_path, expected_chain_id=1)
    chain = EmbeddedChain(tmp_path, chain_id=5, expected_chain_id=777)  # stored id wins
    assert chain.chain_id == 777
    chain.close()


def test_fees_and_nonces_follow_transaction_rules(tmp_path: Path, compiled) -> None:
    chain = EmbeddedChain(tmp_path)
    sender = dev_addresses()[1]
    assert chain.balance(sender) == DEV_BALANCE
    c = _deploy(chain, compiled)
    ok = c.transact("store", 1, sender=sender)
    bad = c.transact("store", 13, sender=sender, check=False)
    assert ok.status and not bad.status and bad.revert_reason == "unlucky"
    assert ok.gas_used > 21_000 and bad.gas_used > 21_000
    assert chain.nonce(sender) == 2  # a failed transaction still uses its nonce
    assert chain.balance(sender) == DEV_BALANCE - (ok.gas_used + bad.gas_used) * GAS_PRICE
    chain.close()


def test_invalid_transactions_are_rejected_before_mining(tmp_path: Path, compiled) -> None:
    chain = EmbeddedChain(tmp_path)
    c = _deploy(chain, compiled)
    head = chain.block_number()
    with pytest.raises(ChainError, match="intrinsic gas too low"):
        c.transact("store", 1, gas=1000)
    poor = "0x000000000000000000000000000000000000dEaD"
    with pytest.raises(ChainError, match="insufficient funds"):
        c.transact("store", 1, sender=poor)
    assert chain.block_number() == head
    chain.close()


def test_snapshot_defers_flush_and_revert_restores_history(tmp_path: Path, compiled) -> None:
    chain = EmbeddedChain(tmp_path, flush_interval=0)
    c = _deploy(chain, compiled)
    c.transact("store", 1)
    sid = chain.snapshot()
    rc = c.transact("store", 2)
    chain.mine(3, seconds=100)
    chain.revert(sid)
    assert c.call("value") == 1
    assert chain.receipt(rc.tx_hash) is None
    with pytest.raises(ChainError, match="unknown or already reverted"):
        chain.revert(sid)
    c.transact("store", 3)
    chain.close()
    again = EmbeddedChain(tmp_path)
    assert Contract(again, c.address, c.abi).call("value") == 3
    again.close()


def test_call_reverts_carry_reason(tmp_path: Path, compiled) -> None:
    chain = EmbeddedChain(tmp_path)
    c = _deploy(chain, compiled)
    data = ABI(compiled[0]).encode_call("store", [13])
    with pytest.raises(ContractReverted) as err:
        chain.call(c.address, data)
    assert err.value.reason == "unlucky"
    chain.close()
