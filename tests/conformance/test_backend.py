"""One behaviour suite for every ChainBackend: the embedded EVM and an RPC node (anvil)."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import vyper
from anvil import AnvilNode, dev_key

from nexus.chain import ChainBackend, Contract, TxRequest
from nexus.chain.accounts import load_signer
from nexus.exceptions import BlockRangeError, ChainError, ContractReverted

COUNTER = """
# pragma version 0.4.3
event Bumped:
    who: indexed(address)
    value: uint256

event Reset:
    by: indexed(address)

count: public(uint256)

@external
def bump() -> uint256:
    self.count += 1
    log Bumped(who=msg.sender, value=self.count)
    return self.count

@external
def reset():
    self.count = 0
    log Reset(by=msg.sender)

@external
def bump_below(limit: uint256) -> uint256:
    assert self.count < limit, "counter: limit reached"
    self.count += 1
    return self.count

@view
@external
def check_below(limit: uint256) -> uint256:
    assert self.count < limit, "counter: limit reached"
    return self.count
"""

CLOCK = """
# pragma version 0.4.3
event Seen:
    number: uint256
    stamp: uint256

@external
def see():
    log Seen(number=block.number, stamp=block.timestamp)
"""

CALLER = """
# pragma version 0.4.3
interface Counter:
    def bump() -> uint256: nonpayable

target: public(address)

@deploy
def __init__(target: address):
    self.target = target

@external
def bump_twice() -> uint256:
    extcall Counter(self.target).bump()
    return extcall Counter(self.target).bump()
"""


@cache
def compiled(source: str) -> tuple[list[dict[str, Any]], bytes]:
    out = vyper.compile_code(source, output_formats=["abi", "bytecode"])
    return out["abi"], bytes.fromhex(out["bytecode"].removeprefix("0x"))


def deploy(chain: ChainBackend, source: str, *args: Any) -> Contract:
    abi, code = compiled(source)
    c = Contract(chain, "0x" + "00" * 20, abi)
    receipt = chain.deploy(code + c.abi.encode_constructor(args))
    assert receipt.status and receipt.contract_address
    return Contract(chain, receipt.contract_address, abi)


@pytest.fixture(params=["embedded", pytest.param("anvil", marks=pytest.mark.node)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ChainBackend]:
    if request.param == "embedded":
        from nexus.chain.embedded import EmbeddedChain

        chain: ChainBackend = EmbeddedChain(tmp_path / "chain")
    else:
        from nexus.chain.rpc import RPCChain

        node: AnvilNode = request.getfixturevalue("anvil")
        chain = RPCChain(node.url, signer=load_signer(dev_key(0)))
    try:
        yield chain
    finally:
        chain.close()


@pytest.fixture
def counter(backend: ChainBackend) -> Contract:
    return deploy(backend, COUNTER)


# --- identity and plain reads --------------------------------------------------------------


def test_identity(backend: ChainBackend) -> None:
    assert backend.chain_id > 0
    assert backend.accounts and backend.default_account == backend.accounts[0]
    assert backend.genesis_hash == backend.get_block(0).hash
    assert backend.balance(backend.default_account) > 10**18
    assert backend.describe()


def test_deploy_call_transact(backend: ChainBackend, counter: Contract) -> None:
    me = backend.default_account
    assert backend.code(counter.address)
    assert counter.count() == 0
    nonce = backend.nonce(me)
    receipt = counter.bump()
    assert receipt.status is True
    assert receipt.gas_used > 21_000
    assert receipt.sender == me and receipt.to == counter.address
    assert receipt.block_number == backend.block_number()
    assert backend.receipt(receipt.tx_hash) == receipt
    assert backend.nonce(me) == nonce + 1
    assert counter.count() == 1
    assert backend.receipt("0x" + "ab" * 32) is None


# --- events and logs -----------------------------------------------------------------------


def test_events_and_log_filters(backend: ChainBackend) -> None:
    a, b = deploy(backend, COUNTER), deploy(backend, COUNTER)
    start = backend.block_number() + 1
    a.bump()
    b.bump()
    a.bump()
    a.reset()
    end = backend.block_number()

    bumped = a.events("Bumped", from_block=start)
    assert [e.args["value"] for e in bumped] == [1, 2]
    assert all(e.args["who"] == backend.default_account and e.address == a.address for e in bumped)
    assert [e.name for e in a.events(from_block=start)] == ["Bumped", "Bumped", "Reset"]
    assert [e.args["value"] for e in b.events("Bumped", from_block=start)] == [1]

    everything = backend.logs(start, end)
    assert len(everything) == 4
    assert [lg.block_number for lg in everything] == sorted(lg.block_number for lg in everything)
    assert len(backend.logs(start, end, address=b.address)) == 1
    assert len(backend.logs(start, end, address=[a.address, b.address])) == 4
    reset_topic = a.abi.event_topic("Reset")
    only_reset = backend.logs(start, end, topic0=reset_topic)
    assert len(only_reset) == 1 and only_reset[0].address == a.address
    assert len(backend.logs(start, end, topic0=[reset_topic, a.abi.event_topic("Bumped")])) == 4
    assert backend.logs(start, start, address=b.address) == []  # a's first bump only
    receipt = a.bump()
    assert [e.args["value"] for e in a.decode(receipt)] == [1]  # after the reset


def test_block_range_errors(backend: ChainBackend, counter: Contract) -> None:
    counter.bump()
    counter.bump()
    head = backend.block_number()
    with pytest.raises(BlockRangeError):
        backend.logs(head, head - 1)  # reversed
    with pytest.raises(BlockRangeError):
        backend.logs(0, head + 10)  # past the head
    with pytest.raises(BlockRangeError):
        backend.logs(-1, head)
    with pytest.raises(BlockRangeError):
        backend.get_block(head + 100)
    backend.max_log_range = 2
    with pytest.raises(BlockRangeError):
        backend.logs(head - 2, head)  # three blocks
    assert len(backend.logs(head - 1, head, address=counter.address)) == 2


# --- blocks --------------------------------------------------------------------------------


def test_get_block_has_txs_receipts_and_logs(backend: ChainBackend, counter: Contract) -> None:
    receipt = counter.bump()
    block = backend.get_block(receipt.block_number)
    assert block.number == receipt.block_number
    assert block.parent_hash == backend.get_block(block.number - 1).hash
    assert [t.hash for t in block.transactions] == [receipt.tx_hash]
    tx = block.transactions[0]
    assert tx.sender == backend.default_account and tx.to == counter.address
    assert tx.data == counter.abi.encode_call("bump", ())
    assert tx.block_number == block.number
    assert block.receipts[0].tx_hash == receipt.tx_hash and block.receipts[0].status
    assert len(block.logs) == 1 and block.logs[0].address == counter.address
    assert block.timestamp >= backend.get_block(block.number - 1).timestamp


def test_iter_blocks_without_follow(backend: ChainBackend, counter: Contract) -> None:
    start = backend.block_number()
    for _ in range(3):
        counter.bump()
    blocks = list(backend.iter_blocks(start, follow=False))
    assert [b.number for b in blocks] == list(range(start, backend.block_number() + 1))
    assert all(b.parent_hash == a.hash for a, b in itertools.pairwise(blocks))


def test_iter_blocks_follow_sees_a_block_from_another_thread(backend: ChainBackend) -> None:
    stop = threading.Event()
    watchdog = threading.Timer(60, stop.set)  # a guard against hanging, not a timing assertion
    watchdog.start()
    head = backend.block_number()
    miner = threading.Timer(0.2, backend.mine, args=(1,))
    miner.start()
    seen = []
    try:
        for block in backend.iter_blocks(head + 1, poll_interval=0.02, stop=stop):
            seen.append(block.number)
            stop.set()
    finally:
        watchdog.cancel()
        miner.join()
    assert seen == [head + 1]


# --- traces, snapshots, time ---------------------------------------------------------------


def test_trace_shows_nested_calls(backend: ChainBackend, counter: Contract) -> None:
    caller = deploy(backend, CALLER, counter.address)
    receipt = caller.bump_twice()
    frame = backend.trace(receipt.tx_hash)
    assert frame.type == "CALL"
    assert frame.sender == backend.default_account and frame.to == caller.address
    assert frame.input == caller.abi.encode_call("bump_twice", ())
    assert [(c.type, c.to) for c in frame.calls] == [("CALL", counter.address)] * 2
    assert frame.calls[0].input == counter.abi.encode_call("bump", ())
    assert frame.gas_used > 0 and frame.error is None
    assert counter.count() == 2


def test_snapshot_and_revert(backend: ChainBackend, counter: Contract) -> None:
    counter.bump()
    number = backend.block_number()
    sid = backend.snapshot()
    counter.bump()
    backend.mine(2)
    assert counter.count() == 2
    backend.revert(sid)
    assert counter.count() == 1
    assert backend.block_number() == number
    counter.bump()  # sending still works after a revert (the nonce is resynced)
    assert counter.count() == 2
    assert backend.block_number() == number + 1


def test_transactions_see_the_block_they_are_mined_in(backend: ChainBackend) -> None:
    clock = deploy(backend, CLOCK)
    backend.mine(seconds=100)
    rc = clock.transact("see")
    [ev] = clock.decode(rc)
    assert ev.args["number"] == rc.block_number
    assert ev.args["stamp"] == backend.get_block(rc.block_number).timestamp


def test_mine_moves_time_forward(backend: ChainBackend) -> None:
    number, ts = backend.block_number(), backend.timestamp()
    backend.mine(seconds=3600)
    assert backend.block_number() == number + 1
    assert backend.timestamp() >= ts + 3600
    backend.mine(3)
    assert backend.block_number() == number + 4
    with pytest.raises(ChainError):
        backend.mine(-1)


# --- reverts -------------------------------------------------------------------------------


def test_reverted_call_carries_the_reason(backend: ChainBackend, counter: Contract) -> None:
    assert counter.check_below(1) == 0
    counter.bump()
    with pytest.raises(ContractReverted) as err:
        counter.check_below(1)
    assert err.value.reason == "counter: limit reached"
    assert "counter: limit reached" in str(err.value)


def test_reverted_transaction_carries_the_reason(backend: ChainBackend, counter: Contract) -> None:
    counter.bump_below(1)
    number = backend.block_number()
    with pytest.raises(ContractReverted) as err:
        counter.bump_below(1)
    assert err.value.reason == "counter: limit reached"

    receipt = counter.bump_below(1, check=False)
    assert receipt.status is False
    assert receipt.revert_reason == "counter: limit reached"
    assert receipt.logs == ()
    assert receipt.block_number > number
    assert backend.receipt(receipt.tx_hash).status is False  # type: ignore[union-attr]
    assert counter.count() == 1


# --- batches -------------------------------------------------------------------------------


def test_send_many_keeps_order(backend: ChainBackend, counter: Contract) -> None:
    data = counter.abi.encode_call("bump", ())
    receipts = backend.send_many([TxRequest(counter.address, data) for _ in range(8)])
    assert len(receipts) == 8 and all(r.status for r in receipts)
    assert [counter.decode(r)[0].args["value"] for r in receipts] == list(range(1, 9))
    assert [r.block_number for r in receipts] == sorted(r.block_number for r in receipts)
    assert len({r.tx_hash for r in receipts}) == 8
    assert counter.count() == 8
    assert backend.send_many([]) == []


def test_send_many_with_a_failure(backend: ChainBackend, counter: Contract) -> None:
    ok = TxRequest(counter.address, counter.abi.encode_call("bump_below", (2,)))
    receipts = backend.send_many([ok, ok, ok], check=False)
    assert [r.status for r in receipts] == [True, True, False]
    assert receipts[2].revert_reason == "counter: limit reached"
    with pytest.raises(ContractReverted) as err:
        backend.send_many([TxRequest(counter.address, counter.abi.encode_call("bump", ())), ok])
    assert err.value.reason == "counter: limit reached"
    assert counter.count() == 3  # the bump went through before the failing one


# --- durability ------------------------------------------------------------------------------------
def test_make_durable_reaches_the_block_asked_for(backend: ChainBackend, counter: Contract) -> None:
    rc = counter.transact("bump")
    assert backend.durable_head() <= backend.block_number()
    assert backend.make_durable(rc.block_number) >= rc.block_number
    assert backend.durable_head() >= rc.block_number
    assert backend.make_durable() == backend.durable_head() == backend.block_number()
    assert backend.make_durable(0) >= rc.block_number  # an old block: already durable, no error
