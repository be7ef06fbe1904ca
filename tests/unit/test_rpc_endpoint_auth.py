"""Who may call what on /rpc (the API token per JSON-RPC method, the loopback-only opening of
writes) and the WebSocket transport with eth_subscribe for newHeads and logs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.websockets import WebSocketDisconnect
from tests.rpc_box import STORED_TOPIC, compile_box, deploy_data, dev_key, signed, store_data

from nexus.api import create_app
from nexus.node import Node
from nexus.settings import load_settings

KEY = dev_key(2)
ME = Account.from_key(KEY).address
MINE = {"jsonrpc": "2.0", "id": 1, "method": "evm_mine"}
READ = {"jsonrpc": "2.0", "id": 2, "method": "eth_blockNumber"}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("rpc-auth")


def _node(home: Path, **kw: Any) -> Iterator[Node]:
    with Node(load_settings(home=home, ledger_anchor=False, **kw), services=[]) as n:
        yield n


@pytest.fixture(scope="module")
def node(home: Path) -> Iterator[Node]:
    yield from _node(home)


@pytest.fixture(scope="module")
def app(node: Node) -> Any:
    return create_app(node)


def bearer(app: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {app.state.tokens.get()}"}


def head(client: TestClient, headers: dict[str, str] | None = None) -> int:
    return int(client.post("/rpc", json=READ, headers=headers or {}).json()["result"], 16)


def test_writes_need_the_token_reads_do_not_on_loopback(app: Any) -> None:
    c = TestClient(app)
    before = head(c)
    r = c.post("/rpc", json=MINE)
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    assert r.json()["error"]["code"] == -32000 and "Authorization: Bearer" in r.json()["error"]["message"]
    assert c.post("/rpc", json=MINE, headers={"Authorization": "Bearer nxs_wrong-token-00000000000"}).status_code == 403
    # a batch with one write is refused whole: its reads do not run either, nothing is mined
    assert c.post("/rpc", json=[READ, MINE]).status_code == 401
    tx = signed(KEY, 1337, 0, ME, gas=21_000)
    raw = {
        "jsonrpc": "2.0",
        "id": 3,
        "method": "eth_sendRawTransaction",
        "params": ["0x" + bytes(tx.raw_transaction).hex()],
    }
    assert c.post("/rpc", json=raw).status_code == 401
    assert head(c) == before
    assert c.post("/rpc", json=[READ, MINE], headers=bearer(app)).json()[1]["result"] == "0x0"
    assert head(c) == before + 1
    # the open POST /rpc does not open other writes of the API
    assert c.post("/ledger/records", json={"kind": "note", "payload": {}}).status_code == 401


def test_open_writes_on_loopback_only_when_asked(tmp_path: Path) -> None:
    for n in _node(tmp_path / "open", rpc_open_writes_on_loopback=True):
        app = create_app(n)
        c = TestClient(app)
        before = head(c)
        assert c.post("/rpc", json=MINE).json()["result"] == "0x0" and head(c) == before + 1
        wrong = {"Authorization": "Bearer nxs_wrong-token-00000000000"}
        assert c.post("/rpc", json=MINE, headers=wrong).status_code == 403  # a wrong token is still wrong
        n.url = "http://192.0.2.10:8700"  # the same setting on a node bound off loopback: closed
        assert c.post("/rpc", json=MINE).status_code == 401


def test_reads_need_the_token_off_loopback(tmp_path: Path) -> None:
    for n in _node(tmp_path / "lan", host="192.0.2.10", api_allowed_hosts=["*"], rpc_open_writes_on_loopback=True):
        app = create_app(n)
        c = TestClient(app)
        assert c.post("/rpc", json=READ).status_code == 401
        assert c.post("/rpc", json=MINE).status_code == 401
        assert head(c, bearer(app)) >= 0
        with pytest.raises(WebSocketDisconnect), c.websocket_connect("/rpc") as ws:
            ws.send_json(READ)
            ws.receive_json()
        with c.websocket_connect("/rpc", headers=bearer(app)) as ws:
            ws.send_json(MINE)
            assert ws.receive_json()["result"] == "0x0"


def test_websocket_calls_and_write_rule(app: Any) -> None:
    c = TestClient(app)
    with c.websocket_connect("/rpc") as ws:  # loopback: reads open, writes refused
        ws.send_json(READ)
        assert int(ws.receive_json()["result"], 16) == head(c)
        ws.send_json(MINE)
        assert "API token" in ws.receive_json()["error"]["message"]
        ws.send_text("{not json")
        assert ws.receive_json()["error"]["code"] == -32700
        ws.send_json([READ, {"jsonrpc": "2.0", "id": 9, "method": "eth_chainId"}])
        assert [r["id"] for r in ws.receive_json()] == [2, 9]
        ws.send_json({"jsonrpc": "2.0", "id": 4, "method": "eth_subscribe", "params": ["pendingStuff"]})
        assert ws.receive_json()["error"]["code"] == -32602


def test_subscriptions_push_new_heads_and_matching_logs(app: Any, home: Path) -> None:
    box = compile_box(home / "box")
    c = TestClient(app)
    n0 = int(
        c.post(
            "/rpc", json={"jsonrpc": "2.0", "id": 1, "method": "eth_getTransactionCount", "params": [ME, "latest"]}
        ).json()["result"],
        16,
    )

    notes: list[dict[str, Any]] = []

    def call(ws: Any, i: int, method: str, *params: Any) -> Any:
        ws.send_json({"jsonrpc": "2.0", "id": i, "method": method, "params": list(params)})
        while True:  # notifications may come first: kept in order
            msg = ws.receive_json()
            if msg.get("id") == i:
                return msg["result"]
            notes.append(msg)

    with c.websocket_connect("/rpc", headers=bearer(app)) as ws:
        deploy = signed(KEY, 1337, n0, None, deploy_data(box, 1), gas=500_000)
        h = call(ws, 1, "eth_sendRawTransaction", "0x" + bytes(deploy.raw_transaction).hex())
        addr = call(ws, 2, "eth_getTransactionReceipt", h)["contractAddress"]
        heads = call(ws, 3, "eth_subscribe", "newHeads")
        logs = call(ws, 4, "eth_subscribe", "logs", {"address": addr, "topics": [STORED_TOPIC]})
        start = head(c)
        transfer = signed(KEY, 1337, n0 + 1, ME, gas=21_000)
        call(ws, 5, "eth_sendRawTransaction", "0x" + bytes(transfer.raw_transaction).hex())
        stored = call(
            ws,
            6,
            "eth_sendRawTransaction",
            "0x" + bytes(signed(KEY, 1337, n0 + 2, addr, store_data(5)).raw_transaction).hex(),
        )
        got_heads: list[dict[str, Any]] = []
        got_logs: list[dict[str, Any]] = []
        while len(got_heads) < 2 or not got_logs:
            msg = notes.pop(0) if notes else ws.receive_json()
            sid, item = msg["params"]["subscription"], msg["params"]["result"]
            (got_heads if sid == heads else got_logs).append(item)
            assert sid in (heads, logs)
        assert [int(b["number"], 16) for b in got_heads[:2]] == [start + 1, start + 2]
        assert got_heads[1]["parentHash"] == got_heads[0]["hash"] and "transactions" not in got_heads[0]
        (lg,) = got_logs  # the plain transfer before it logged nothing
        assert lg["transactionHash"] == stored and lg["address"] == addr and int(lg["data"], 16) == 5
        assert call(ws, 7, "eth_unsubscribe", heads) is True
        assert call(ws, 8, "eth_unsubscribe", heads) is False


def test_cross_site_requests_from_a_browser_are_refused(tmp_path: Path) -> None:
    # even with writes open on loopback, a page of another site can neither POST a "simple"
    # (text/plain, no preflight) request nor open a WebSocket; a listed origin, the node's own
    # pages and a wallet extension may
    for n in _node(tmp_path / "csrf", rpc_open_writes_on_loopback=True, api_cors_origins=["http://ok.test"]):
        c = TestClient(create_app(n))
        before = head(c)
        body = b'{"jsonrpc":"2.0","id":1,"method":"evm_mine"}'
        evil = {"Origin": "http://evil.test"}
        r = c.post("/rpc", content=body, headers={"Content-Type": "text/plain", **evil})
        assert r.status_code == 403 and r.json()["error"]["code"] == -32000
        with pytest.raises(WebSocketDisconnect), c.websocket_connect("/rpc", headers=evil) as ws:
            ws.send_json(MINE)
            ws.receive_json()
        assert head(c) == before
        for origin in ("http://ok.test", "chrome-extension://abcdef", "http://testserver"):
            assert c.post("/rpc", content=body, headers={"Origin": origin}).json()["result"] == "0x0"
        with c.websocket_connect("/rpc", headers={"Origin": "http://ok.test"}) as ws:
            ws.send_json(MINE)
            assert ws.receive_json()["result"] == "0x0"
        assert head(c) == before + 4


_leaf = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=12)
    | st.sampled_from(["0x", "0x1", "latest", "newHeads", "logs", ME, "0x" + "ab" * 32])
)
_json = st.recursive(
    _leaf,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
_ws_request = st.fixed_dictionaries(
    {
        "jsonrpc": st.just("2.0"),
        "id": st.integers(0, 9),
        "method": st.sampled_from(
            ["eth_subscribe", "eth_unsubscribe", "eth_getLogs", "eth_call", "eth_blockNumber", "evm_mine", "nope"]
        ),
    },
    optional={"params": st.lists(_json, max_size=3) | _json},
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    messages=st.lists(
        st.one_of(_ws_request, _json.map(json.dumps).map(str), st.text(max_size=20)), min_size=1, max_size=4
    )
)
def test_fuzzed_websocket_messages_each_get_a_json_rpc_answer(app: Any, messages: list[Any]) -> None:
    with TestClient(app).websocket_connect("/rpc") as ws:  # no token: writes are refused
        for k, m in enumerate(messages):
            ws.send_text(m if isinstance(m, str) else json.dumps(m))
            ws.send_json({"jsonrpc": "2.0", "id": f"sentinel-{k}", "method": "eth_chainId"})
            answers = []
            while (a := ws.receive_json()) != {"jsonrpc": "2.0", "id": f"sentinel-{k}", "result": "0x539"}:
                answers += a if isinstance(a, list) else [a]
            for a in answers:  # whatever came before the sentinel is a well-formed answer
                assert a["jsonrpc"] == "2.0" and ("result" in a) != ("error" in a) and "id" in a, a
                assert "error" not in a or a["error"]["code"] != -32603, a
            if isinstance(m, dict):  # a request with an id: exactly one answer, for it
                assert [a["id"] for a in answers] == [m["id"]]
