"""Concurrent eth_sendRawTransaction on /rpc: senders racing on several accounts all land, with
balances and nonces recomputed independently; two transactions racing for one nonce: exactly one
is mined, the other refused."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account
from fastapi.testclient import TestClient
from tests.rpc_box import dev_key, signed

from nexus.api import create_app
from nexus.chain._rpc_writes import EthMethods
from nexus.chain.embedded import EmbeddedChain
from nexus.exceptions import ChainError
from nexus.node import Node
from nexus.settings import load_settings

GWEI = 10**9
SINK = "0x" + "11" * 20


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with Node(load_settings(home=tmp_path_factory.mktemp("rpc-race"), ledger_anchor=False), services=[]) as n:
        yield create_app(n)


def _client(app: Any) -> TestClient:
    return TestClient(app, headers={"Authorization": f"Bearer {app.state.tokens.get()}"})


def _rpc(c: TestClient, method: str, *params: Any) -> Any:
    return c.post("/rpc", json={"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)}).json()


def test_concurrent_senders_all_land(app: Any) -> None:
    keys = [dev_key(i) for i in (5, 6, 7)]
    addrs = [Account.from_key(k).address for k in keys]
    c = _client(app)
    before = {a: int(_rpc(c, "eth_getBalance", a)["result"], 16) for a in [*addrs, SINK]}
    nonces = {a: int(_rpc(c, "eth_getTransactionCount", a)["result"], 16) for a in addrs}
    per, hashes, errors = 8, [], []
    lock = threading.Lock()

    def sender(key: bytes, addr: str) -> None:
        mine = _client(app)
        for j in range(per):
            tx = signed(key, 1337, nonces[addr] + j, SINK, value=1000 + j, gas=21_000)
            r = _rpc(mine, "eth_sendRawTransaction", "0x" + bytes(tx.raw_transaction).hex())
            with lock:
                (hashes if "result" in r else errors).append(r)

    threads = [threading.Thread(target=sender, args=ka) for ka in zip(keys, addrs, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(hashes) == per * len(keys)
    blocks = [int(_rpc(c, "eth_getTransactionReceipt", h["result"])["result"]["blockNumber"], 16) for h in hashes]
    assert len(set(blocks)) == len(blocks)  # one block each
    sent = sum(1000 + j for j in range(per))
    for a in addrs:
        assert int(_rpc(c, "eth_getTransactionCount", a)["result"], 16) == nonces[a] + per
        assert int(_rpc(c, "eth_getBalance", a)["result"], 16) == before[a] - sent - per * 21_000 * GWEI
    assert int(_rpc(c, "eth_getBalance", SINK)["result"], 16) == before[SINK] + sent * len(keys)


@pytest.mark.parametrize("same", [False, True], ids=["different", "same bytes twice"])
def test_two_transactions_racing_for_one_nonce(app: Any, same: bool) -> None:
    key = dev_key(8)
    addr = Account.from_key(key).address
    c = _client(app)
    n = int(_rpc(c, "eth_getTransactionCount", addr)["result"], 16)
    txs = [signed(key, 1337, n, SINK, value=1 if same else v, gas=21_000) for v in (1, 2)]
    out: list[Any] = [None, None]
    go = threading.Barrier(2)

    def send(i: int) -> None:
        mine = _client(app)
        go.wait()
        out[i] = _rpc(mine, "eth_sendRawTransaction", "0x" + bytes(txs[i].raw_transaction).hex())

    threads = [threading.Thread(target=send, args=(i,)) for i in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    won = [r for r in out if "result" in r]
    lost = [r for r in out if "error" in r]
    assert len(won) == 1 and len(lost) == 1
    assert any(s in lost[0]["error"]["message"] for s in ("nonce too low", "already known"))
    assert int(_rpc(c, "eth_getTransactionCount", addr)["result"], 16) == n + 1
    winner = next(t for t in txs if "0x" + bytes(t.hash).hex() == won[0]["result"])
    mined = _rpc(c, "eth_getTransactionByHash", won[0]["result"])["result"]
    assert (int(mined["r"], 16), int(mined["s"], 16)) == (winner.r, winner.s)  # its signature kept
    if same:
        return
    loser = next(t for t in txs if t is not winner)
    assert _rpc(c, "eth_getTransactionReceipt", "0x" + bytes(loser.hash).hex())["result"] is None
    assert _rpc(c, "eth_getTransactionByHash", "0x" + bytes(loser.hash).hex())["result"] is None


def test_the_same_bytes_sent_twice_at_once_keep_their_signature(tmp_path: Path) -> None:
    # both sends pass the "already known" check before either mines (forced by a barrier):
    # the loser's clean-up must not drop the winner's signature record
    chain = EmbeddedChain(tmp_path / "chain")
    try:
        methods = EthMethods(chain)
        key = dev_key(9)
        tx = signed(key, chain.chain_id, 0, SINK, value=1, gas=21_000)
        raw = "0x" + bytes(tx.raw_transaction).hex()
        both_checked = threading.Barrier(2)
        real = chain.send_signed

        def after_both(*args: Any) -> Any:
            both_checked.wait(timeout=10)
            return real(*args)

        chain.send_signed = after_both  # type: ignore[method-assign]
        out: list[Any] = []

        def send() -> None:
            try:
                out.append(methods.eth_sendRawTransaction(raw))
            except ChainError as exc:
                out.append(exc)

        threads = [threading.Thread(target=send) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(type(o).__name__ for o in out) == ["ChainError", "str"]
        got = methods.eth_getTransactionByHash("0x" + bytes(tx.hash).hex())
        assert got is not None and (int(got["r"], 16), int(got["s"], 16), got["type"]) == (tx.r, tx.s, "0x2")
    finally:
        chain.close()
