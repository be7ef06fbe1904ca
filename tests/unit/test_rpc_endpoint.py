"""The node's Ethereum JSON-RPC endpoint (POST /rpc): every method against values recomputed
independently (eth_account signs, keccak hashes, balances re-derived), batches, error codes, and
a fuzz of request bodies that must always get a JSON-RPC answer, never a 500."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import rlp
from eth_abi import encode
from eth_account import Account
from eth_utils import keccak, to_checksum_address
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.rpc_box import (
    STORED_TOPIC,
    VALUE_SELECTOR,
    compile_box,
    deploy_data,
    dev_key,
    signed,
    store_data,
)

from nexus.api import create_app
from nexus.chain._rpc_methods import METHODS, WRITE_METHODS
from nexus.node import Node
from nexus.settings import load_settings

KEY = dev_key(0)
ME = Account.from_key(KEY).address
OTHER = Account.from_key(dev_key(1)).address
GWEI = 10**9
JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    home = tmp_path_factory.mktemp("rpc-home")
    with Node(load_settings(home=home, ledger_anchor=False), services=[]) as n:
        yield n


@pytest.fixture(scope="module")
def client(node: Node) -> TestClient:
    app = create_app(node)
    return TestClient(app, headers={"Authorization": f"Bearer {app.state.tokens.get()}"})


@pytest.fixture(scope="module")
def box(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return compile_box(tmp_path_factory.mktemp("box"))


def rpc(client: TestClient, method: str, *params: Any) -> Any:
    r = client.post("/rpc", json={"jsonrpc": "2.0", "id": 7, "method": method, "params": list(params)})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["jsonrpc"] == "2.0" and body["id"] == 7
    return body


def ok(client: TestClient, method: str, *params: Any) -> Any:
    body = rpc(client, method, *params)
    assert "error" not in body, body
    return body["result"]


def err(client: TestClient, method: str, *params: Any) -> dict[str, Any]:
    body = rpc(client, method, *params)
    assert "result" not in body, body
    return dict(body["error"])


def send(client: TestClient, tx: Any) -> dict[str, Any]:
    h = ok(client, "eth_sendRawTransaction", "0x" + bytes(tx.raw_transaction).hex())
    assert h == "0x" + bytes(tx.hash).hex() == "0x" + keccak(bytes(tx.raw_transaction)).hex()
    receipt = ok(client, "eth_getTransactionReceipt", h)
    assert receipt["transactionHash"] == h
    return dict(receipt)


def nonce(client: TestClient, who: str = ME) -> int:
    return int(ok(client, "eth_getTransactionCount", who, "latest"), 16)


def test_identity(client: TestClient, node: Node) -> None:
    assert int(ok(client, "eth_chainId"), 16) == node.require().chain.chain_id == 1337
    assert ok(client, "net_version") == "1337"
    assert ok(client, "web3_clientVersion").startswith("nexus/")
    assert ok(client, "web3_sha3", "0x68656c6c6f") == "0x" + keccak(b"hello").hex()
    assert int(ok(client, "eth_blockNumber"), 16) == node.require().chain.block_number()
    assert ok(client, "eth_accounts")[0] == ME and ok(client, "eth_syncing") is False
    assert int(ok(client, "eth_gasPrice"), 16) == GWEI
    assert ok(client, "eth_maxPriorityFeePerGas") == "0x0"


@pytest.mark.parametrize("kind", [0, 1, 2])
def test_signed_transactions_of_each_type_are_mined_under_their_own_hash(client: TestClient, kind: int) -> None:
    before_me = int(ok(client, "eth_getBalance", ME, "latest"), 16)
    before_other = int(ok(client, "eth_getBalance", OTHER, "latest"), 16)
    n = nonce(client)
    tx = signed(KEY, 1337, n, OTHER, value=12345, gas=21_000, kind=kind)
    receipt = send(client, tx)
    assert receipt["status"] == "0x1" and int(receipt["gasUsed"], 16) == 21_000
    assert receipt["type"] == hex(kind) and receipt["from"] == ME and receipt["to"] == OTHER
    assert int(ok(client, "eth_getBalance", ME, "latest"), 16) == before_me - 12345 - 21_000 * GWEI
    assert int(ok(client, "eth_getBalance", OTHER, "latest"), 16) == before_other + 12345
    assert nonce(client) == n + 1
    got = ok(client, "eth_getTransactionByHash", receipt["transactionHash"])
    assert (got["from"], got["to"], int(got["nonce"], 16), int(got["value"], 16)) == (ME, OTHER, n, 12345)
    assert got["type"] == hex(kind) and int(got["r"], 16) == tx.r and int(got["s"], 16) == tx.s
    assert got["blockHash"] == receipt["blockHash"] and got["blockNumber"] == receipt["blockNumber"]


def test_bad_transactions_are_refused_and_mine_nothing(client: TestClient) -> None:
    head, n = ok(client, "eth_blockNumber"), nonce(client)
    for tx in (
        signed(KEY, 1, n, OTHER, gas=21_000),  # another chain
        signed(KEY, 1337, n + 1, OTHER, gas=21_000),  # nonce too high
        signed(KEY, 1337, n - 1, OTHER, gas=21_000),
    ):  # nonce too low (already used)
        e = err(client, "eth_sendRawTransaction", "0x" + bytes(tx.raw_transaction).hex())
        assert e["code"] == -32000, e
    cheap = Account.sign_transaction(
        {"chainId": 1337, "nonce": n, "gas": 21_000, "to": OTHER, "value": 0, "gasPrice": GWEI // 2}, KEY
    )
    assert "base fee" in err(client, "eth_sendRawTransaction", "0x" + bytes(cheap.raw_transaction).hex())["message"]
    raw = bytearray(signed(KEY, 1337, n, OTHER, gas=21_000).raw_transaction)
    raw[-40] ^= 1  # a flipped bit in s: another signer (or none) — never our account's nonce
    assert err(client, "eth_sendRawTransaction", "0x" + raw.hex())["code"] in (-32000, -32602)
    for junk in ("0x", "0x05", "0xc0", "0x02c0", "12", 5):
        assert err(client, "eth_sendRawTransaction", junk)["code"] == -32602
    assert ok(client, "eth_blockNumber") == head and nonce(client) == n


def test_contract_deploy_call_storage_logs_and_revert(client: TestClient, box: Any) -> None:
    n = nonce(client)
    deployed = send(client, signed(KEY, 1337, n, None, deploy_data(box, 41), gas=500_000))
    addr = deployed["contractAddress"]
    expected = keccak(rlp.encode([bytes.fromhex(ME[2:]), n]))[12:]  # CREATE: keccak(rlp(sender, nonce))
    assert addr == to_checksum_address(expected)
    assert ok(client, "eth_getCode", addr, "latest") == "0x" + box.runtime.hex()
    assert int(ok(client, "eth_getStorageAt", addr, "0x0", "latest"), 16) == 41
    assert int(ok(client, "eth_call", {"to": addr, "data": "0x" + VALUE_SELECTOR.hex()}, "latest"), 16) == 41
    est = int(ok(client, "eth_estimateGas", {"from": ME, "to": addr, "data": "0x" + store_data(7).hex()}), 16)
    stored = send(client, signed(KEY, 1337, n + 1, addr, store_data(7), gas=est))
    assert stored["status"] == "0x1" and int(stored["gasUsed"], 16) <= est
    (lg,) = stored["logs"]
    sender_topic = "0x" + bytes(12).hex() + ME[2:].lower()
    assert lg["address"] == addr and lg["topics"] == [STORED_TOPIC, sender_topic]
    assert int(lg["data"], 16) == 7 and lg["blockHash"] == stored["blockHash"]
    block = stored["blockNumber"]
    assert ok(client, "eth_getLogs", {"fromBlock": block, "toBlock": block, "address": addr}) == [lg]
    assert ok(client, "eth_getLogs", {"fromBlock": "earliest", "topics": [STORED_TOPIC, sender_topic]})[-1] == lg
    assert ok(client, "eth_getLogs", {"blockHash": stored["blockHash"], "topics": [None, [sender_topic]]}) == [lg]
    assert ok(client, "eth_getLogs", {"fromBlock": block, "topics": [None, STORED_TOPIC]}) == []
    assert ok(client, "eth_getLogs", {"fromBlock": block, "topics": [None, None, None]}) == []  # 2 topics
    assert ok(client, "eth_getLogs", {"fromBlock": block, "address": OTHER}) == []
    # a revert: code 3 with the ABI-encoded Error(string) as data, like geth and anvil
    reason = "0x08c379a0" + encode(["string"], ["unlucky"]).hex()
    call = {"from": ME, "to": addr, "data": "0x" + store_data(13).hex()}
    for method in ("eth_call", "eth_estimateGas"):
        assert err(client, method, call) == {"code": 3, "message": "execution reverted: unlucky", "data": reason}
    # other failures are -32000, named as geth names them
    poor = "0x" + "22" * 20
    e = err(client, "eth_call", {"from": poor, "to": OTHER, "value": "0x1"})
    assert e["code"] == -32000 and "insufficient funds" in e["message"]
    e = err(client, "eth_estimateGas", {"from": ME, "to": addr, "data": "0x" + store_data(9).hex(), "gas": "0x5400"})
    assert e["code"] == -32000 and "gas required exceeds allowance" in e["message"]
    failed = send(client, signed(KEY, 1337, n + 2, addr, store_data(13), gas=100_000))
    assert failed["status"] == "0x0" and failed["logs"] == []
    assert int(ok(client, "eth_call", {"to": addr, "data": "0x" + VALUE_SELECTOR.hex()}), 16) == 7


def test_blocks_and_lookups(client: TestClient) -> None:
    receipt = send(client, signed(KEY, 1337, nonce(client), OTHER, gas=21_000))
    num = receipt["blockNumber"]
    by_num = ok(client, "eth_getBlockByNumber", num, False)
    assert by_num["hash"] == receipt["blockHash"] and by_num["transactions"] == [receipt["transactionHash"]]
    assert ok(client, "eth_getBlockByHash", receipt["blockHash"], False) == by_num
    full = ok(client, "eth_getBlockByNumber", num, True)
    assert full["transactions"][0] == ok(client, "eth_getTransactionByHash", receipt["transactionHash"])
    parent = ok(client, "eth_getBlockByNumber", hex(int(num, 16) - 1), False)
    assert by_num["parentHash"] == parent["hash"]
    assert ok(client, "eth_getBlockByNumber", "latest", False)["number"] == ok(client, "eth_blockNumber")
    assert ok(client, "eth_getBlockByNumber", "earliest", False)["number"] == "0x0"
    pending = ok(client, "eth_getBlockByNumber", "pending", False)
    assert pending["hash"] is None and int(pending["number"], 16) == int(ok(client, "eth_blockNumber"), 16) + 1
    assert ok(client, "eth_getBlockByNumber", "0xffffff", False) is None
    assert ok(client, "eth_getBlockByHash", "0x" + "ab" * 32, False) is None
    assert ok(client, "eth_getTransactionByHash", "0x" + "ab" * 32) is None
    assert ok(client, "eth_getTransactionReceipt", "0x" + "ab" * 32) is None
    assert ok(client, "eth_getBlockTransactionCountByNumber", num) == "0x1"
    assert ok(client, "eth_getBlockTransactionCountByHash", receipt["blockHash"]) == "0x1"
    assert ok(client, "eth_getTransactionByBlockNumberAndIndex", num, "0x0")["hash"] == receipt["transactionHash"]
    assert ok(client, "eth_getTransactionByBlockHashAndIndex", receipt["blockHash"], "0x1") is None
    hist = ok(client, "eth_feeHistory", "0x3", "latest", [25, 75])
    assert len(hist["baseFeePerGas"]) == 4 and len(hist["reward"]) == 3 == len(hist["gasUsedRatio"])
    assert int(hist["oldestBlock"], 16) == int(ok(client, "eth_blockNumber"), 16) - 2
    # state is answered at the head only: an older block is an error, not a wrong answer
    assert err(client, "eth_getBalance", ME, "0x0")["code"] == -32000


def test_dev_methods(client: TestClient) -> None:
    head = int(ok(client, "eth_blockNumber"), 16)
    snap = ok(client, "evm_snapshot")
    t0 = int(ok(client, "eth_getBlockByNumber", "latest", False)["timestamp"], 16)
    ok(client, "evm_increaseTime", "0xe10")
    ok(client, "evm_mine")
    assert int(ok(client, "eth_getBlockByNumber", "latest", False)["timestamp"], 16) >= t0 + 3600
    ok(client, "anvil_mine", "0x3")
    assert int(ok(client, "eth_blockNumber"), 16) == head + 4
    assert ok(client, "evm_revert", snap) is True
    assert int(ok(client, "eth_blockNumber"), 16) == head
    assert ok(client, "evm_revert", snap) is False  # already reverted


def test_batches_and_request_errors(client: TestClient, node: Node) -> None:
    batch = [
        {"jsonrpc": "2.0", "id": 1, "method": "eth_chainId"},
        {"jsonrpc": "2.0", "method": "eth_chainId"},  # a notification: no answer
        {"jsonrpc": "2.0", "id": "b", "method": "eth_nope"},
        5,
        {"jsonrpc": "1.0", "id": 3, "method": "eth_chainId"},
        {"jsonrpc": "2.0", "id": 4, "method": "eth_getBalance", "params": {"a": 1}},
    ]
    out = client.post("/rpc", json=batch).json()
    assert out[0] == {"jsonrpc": "2.0", "id": 1, "result": "0x539"}
    assert [(r["id"], r["error"]["code"]) for r in out[1:]] == [("b", -32601), (None, -32600), (3, -32600), (4, -32602)]
    assert client.post("/rpc", json=[]).json()["error"]["code"] == -32600
    too_many = [{"jsonrpc": "2.0", "id": i, "method": "eth_chainId"} for i in range(node.settings.rpc_max_batch + 1)]
    assert client.post("/rpc", json=too_many).json()["error"]["code"] == -32600
    assert len(client.post("/rpc", json=too_many[:-1]).json()) == node.settings.rpc_max_batch
    assert client.post("/rpc", json=[{"jsonrpc": "2.0", "method": "eth_chainId"}]).status_code == 204
    r = client.post("/rpc", content=b'{"jsonrpc": "2.0", "id": 1,', headers=JSON)
    assert r.status_code == 200 and r.json()["error"]["code"] == -32700 and r.json()["id"] is None
    deep = client.post("/rpc", content=b"[" * 100_000, headers=JSON)  # refused as it streams in, before parsing
    assert deep.status_code == 400 and deep.json()["error"]["code"] == -32700 and deep.json()["id"] is None
    assert err(client, "eth_chainId", 1)["code"] == -32602  # too many params
    assert err(client, "eth_getBalance")["code"] == -32602  # too few
    assert err(client, "eth_getBalance", ME, "0xzz")["code"] == -32602
    assert err(client, "eth_getBalance", ME, 5)["code"] == -32602  # a JSON number is not a QUANTITY
    assert err(client, "eth_call", {"to": ME, "bogus": 1})["code"] == -32602


_leaf = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=20)
    | st.sampled_from(["0x", "0x0", "0x1", "latest", "pending", ME, "0x" + "ab" * 32])
)
_leaf = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=20)
    | st.sampled_from(["0x", "0x0", "0x1", "latest", "pending", ME, "0x" + "ab" * 32])
)
_json = st.recursive(
    _leaf,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_qty = st.integers(0, 2**256 + 5).map(hex) | st.sampled_from(["0x0", "0x5208", "0x1c9c380", "0x"])
_addr = st.sampled_from([ME, OTHER, "0x" + "22" * 20, "0x" + "00" * 20, "0x01"])
_txobj = st.fixed_dictionaries(
    {},
    optional={
        "from": _addr,
        "to": _addr,
        "value": _qty,
        "gas": _qty,
        "gasPrice": _qty,
        "nonce": _qty,
        "data": st.binary(max_size=40).map(lambda b: "0x" + b.hex()),
    },
)
_request = st.fixed_dictionaries(
    {"jsonrpc": st.just("2.0"), "id": st.integers(0, 9), "method": st.sampled_from(sorted(METHODS))},
    optional={"params": st.lists(_txobj | _json, max_size=4) | _json},
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(_request, st.lists(_request, min_size=1, max_size=3), _json, st.binary(max_size=40)))
def test_fuzzed_bodies_always_get_a_json_rpc_answer(node: Node, body: Any) -> None:
    client = TestClient(create_app(node))  # no token: writes are refused, as JSON-RPC errors too
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    r = client.post("/rpc", content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code in (200, 204, 401), r.text
    if r.status_code == 204:
        return
    answers = r.json() if isinstance(r.json(), list) else [r.json()]
    for a in answers:
        assert a["jsonrpc"] == "2.0" and "id" in a and ("result" in a) != ("error" in a), a
        if "error" in a:
            assert isinstance(a["error"]["code"], int) and a["error"]["code"] != -32603, a
    if r.status_code == 401:
        assert any(
            isinstance(q, dict) and q.get("method") in WRITE_METHODS
            for q in (body if isinstance(body, list) else [body])
        )


def test_the_endpoint_serves_only_an_embedded_chain(tmp_path: Path) -> None:
    # the router's guard: an RPC-backed node answers a JSON-RPC error, not a 500
    from nexus.api.routers import rpc as rpc_router

    class Fake:
        state = type("S", (), {})()

    Fake.state.node = type(
        "N",
        (),
        {"require": lambda self: type("X", (), {"chain": object()})(), "settings": load_settings(home=tmp_path)},
    )()
    with pytest.raises(Exception) as info:
        rpc_router._server(Fake)
    assert getattr(info.value, "code", None) == -32000
