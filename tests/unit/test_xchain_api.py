"""Several chains over HTTP and the CLI: a node started with a second (embedded) chain relays a
message sent through POST /xchain/send, mirrors the ledger's anchors, and POST /xchain/verify
checks a receipt on both; every answer validates against its model; `nexus verify --all-chains`
exits 0 on a good receipt and 164 on one another chain contradicts."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from apicontract import check_answer
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from nexus.api.app import create_app
from nexus.cli import app as cli
from nexus.node import Node
from nexus.services import build_node
from nexus.settings import load_settings
from nexus.xchain.service import XChainService

SECOND = 1338


def _wait(what: str, ok: Callable[[], Any], timeout: float = 30.0, why: Callable[[], Any] = lambda: "") -> None:
    deadline = time.monotonic() + timeout
    while not ok():
        assert time.monotonic() < deadline, f"timed out waiting for {what}: {why()}"
        time.sleep(0.05)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("xchain-home")


@pytest.fixture(scope="module")
def env(home: Path) -> Iterator[tuple[Node, TestClient]]:
    settings = load_settings(
        home=home,
        chains=[f"embedded chain_id={SECOND}"],
        xchain_finality=1,
        guard=False,
        oracle=False,
        models=False,
        ledger_batch_ms=20,
        poll_interval=0.05,
    )
    with build_node(settings) as node:
        app = create_app(node)
        yield node, TestClient(app, headers={"Authorization": f"Bearer {app.state.tokens.get()}"})


def test_chains_send_relay_and_messages(env: tuple[Node, TestClient]) -> None:
    node, c = env
    st = c.get("/xchain/chains").json()
    check_answer(c.app, "GET", "/xchain/chains", st)
    assert st["enabled"] and [m["chain_id"] for m in st["chains"]] == [1337, SECOND]
    assert st["quorum"] == 3 and len(st["signers"]) == 4 and all(m["inbox"] for m in st["chains"])
    to = node.require().chain.accounts[3]
    r = c.post("/xchain/send", json={"src_chain": 1337, "dst_chain": SECOND, "recipient": to, "payload": "hello"})
    assert r.status_code == 200, r.text
    sent = check_answer(c.app, "POST", "/xchain/send", r.json())
    assert sent.nonce >= 1
    node.require().chain.mine(1)  # bury it one block deep: the relayer delivers it
    _wait(
        "the delivery",
        lambda: c.get("/xchain/messages?status=delivered").json()["messages"],
        why=lambda: (c.get("/xchain/chains").json(), c.get("/xchain/messages").json()),
    )
    got = c.get("/xchain/messages").json()
    check_answer(c.app, "GET", "/xchain/messages", got)
    [msg] = got["messages"]
    assert (msg["payload"], msg["recipient"], msg["status"]) == ("0x" + b"hello".hex(), to, "delivered")
    svc = node.service(XChainService)
    assert svc.relayer is not None and int(svc.require().endpoint(SECOND).inbox.call("count")) == 1
    # bad input is one 4xx line, and changes nothing
    bad = c.post("/xchain/send", json={"src_chain": 1337, "dst_chain": SECOND, "recipient": "0xnope", "payload": ""})
    assert bad.status_code == 400 and "not an address" in bad.json()["error"]
    assert (
        c.post("/xchain/send", json={"src_chain": 1337, "dst_chain": 5, "recipient": to, "payload": ""}).status_code
        == 502
    )
    assert c.get("/xchain/messages?status=lost").status_code == 400
    anon = TestClient(c.app)
    assert (
        anon.post(
            "/xchain/send", json={"src_chain": 1337, "dst_chain": SECOND, "recipient": to, "payload": "x"}
        ).status_code
        == 401
    )


def test_receipts_verify_on_every_chain(env: tuple[Node, TestClient], home: Path) -> None:
    node, c = env
    rec = c.post("/ledger/records", json={"kind": "note", "payload": {"x": 1}}).json()
    _wait("a receipt", lambda: c.get(f"/ledger/records/{rec['id']}/receipt").status_code == 200)
    receipt = c.get(f"/ledger/records/{rec['id']}/receipt").json()
    mirror = node.service(XChainService).mirror
    assert mirror is not None
    _wait("the mirrored anchor", lambda: mirror.mirrored >= 1)
    again = c.get(f"/ledger/records/{rec['id']}/receipt").json()  # the node serves its own chain's
    assert again["anchor"]["chain_id"] == 1337 and c.post("/ledger/verify", json=again).json()["valid"]
    out = c.post("/xchain/verify", json=receipt).json()
    check_answer(c.app, "POST", "/xchain/verify", out)
    assert out["agree"] and out["valid_on"] == [1337, SECOND], out
    one = c.post(f"/xchain/verify?chain_id={SECOND}", json=receipt).json()
    check_answer(c.app, "POST", "/xchain/verify", one)
    assert one["valid_on"] == [SECOND] and len(one["chains"]) == 1
    assert c.post("/xchain/verify?chain_id=7", json=receipt).status_code == 400
    (home / "receipt.json").write_text(json.dumps(receipt))


def test_a_node_on_one_chain_answers_empty(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path, guard=False, oracle=False, models=False, ledger_anchor=False)
    with build_node(settings) as node:
        c = TestClient(create_app(node))
        st = c.get("/xchain/chains").json()
        check_answer(c.app, "GET", "/xchain/chains", st)
        assert st == {"enabled": False, "quorum": None, "signers": [], "finality": None, "chains": [], "relayer": None}
        assert c.get("/xchain/messages").json() == {"counts": {}, "messages": []}
        token = c.app.state.tokens.get()
        for path, body in (("/xchain/verify", {}), ("/xchain/send", {"src_chain": 1, "dst_chain": 2})):
            r = c.post(path, json=body, headers={"Authorization": f"Bearer {token}"})
            assert r.status_code in (409, 422), (path, r.text)  # a conflict with the node's set-up, never a 5xx
        r = c.post("/xchain/verify", json={"receipt": {}}, headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 409 and "one chain" in r.json()["error"], r.text


def test_cli_after_the_node_stopped(env: tuple[Node, TestClient], home: Path) -> None:
    node, _ = env
    node.stop()
    runner = CliRunner()
    base = ["--home", str(home)]
    more = ["--chain", f"embedded chain_id={SECOND}"]
    r = runner.invoke(cli, [*base, "verify", str(home / "receipt.json"), "--all-chains", *more])
    assert r.exit_code == 0, r.output
    assert f"chain {SECOND}" in r.output and f"receipt valid on every chain checked: 1337, {SECOND}" in r.output
    r = runner.invoke(cli, [*base, "verify", str(home / "receipt.json"), "--on-chain", str(SECOND), *more])
    assert r.exit_code == 0 and f"valid on every chain checked: {SECOND}\n" in r.output, r.output
    r = runner.invoke(cli, [*base, "xchain", "chains", "--json", *more])
    assert r.exit_code == 0 and len(json.loads(r.output)["chains"]) == 2, r.output
    r = runner.invoke(cli, [*base, "xchain", "messages", "--json"])
    assert [m["status"] for m in json.loads(r.output)] == ["delivered"]
    r = runner.invoke(
        cli, [*base, "xchain", "send", "0x0102", "--from-chain", str(SECOND), "--to-chain", "1337", *more]
    )
    assert r.exit_code == 0 and "sent nonce 1 from chain 1338" in r.output, r.output
    r = runner.invoke(cli, [*base, "xchain", "send", "0x03", "--from-chain", str(SECOND), "--to-chain", "1337", *more])
    assert r.exit_code == 0 and "sent nonce 2" in r.output, r.output
    sig = [*base, "xchain", "signatures", "--from-chain", str(SECOND), "--to-chain", "1337", *more]
    r = runner.invoke(cli, [*sig, "1"], env={"NEXUS_XCHAIN_FINALITY": "1"})  # one block on top of it
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["message"]["payload"] == "0x0102" and len(out["signatures"]) == 3
    r = runner.invoke(cli, [*sig, "2"], env={"NEXUS_XCHAIN_FINALITY": "1"})  # the head: not final
    assert r.exit_code == 162 and "0 of the 3 signatures" in r.output, r.output
    r = runner.invoke(cli, [*base, "xchain", "send", "x", "--from-chain", "1337", "--to-chain", "9", *more])
    assert r.exit_code == 160 and "not one of this node's chains" in r.output
    r = runner.invoke(cli, [*base, "xchain", "chains", "--chain", "ftp://x"])
    assert r.exit_code == 161 and "http(s)" in r.output
    # a chain that holds another root for the receipt's checkpoint: exit 164
    from nexus.chain.embedded import EmbeddedChain
    from nexus.contracts.deploy import Deployer

    receipt = json.loads((home / "receipt.json").read_text())
    chain = EmbeddedChain(home / "third", chain_id=1339, flush_interval=3600)
    anchor = Deployer(chain, home / "deployments", home / "cache").deploy(["Registry", "Anchor"])["Anchor"]
    size = int(receipt["checkpoint"].split("\n")[1])
    anchor.transact("anchor", bytes.fromhex(receipt["checkpoint"].split("/")[1][:64]), size, b"\x01" * 32)
    chain.close()
    (home / "chains" / "1339").parent.mkdir(exist_ok=True)
    (home / "third").rename(home / "chains" / "1339")
    r = runner.invoke(
        cli, [*base, "verify", str(home / "receipt.json"), "--all-chains", *more, "--chain", "embedded chain_id=1339"]
    )
    assert r.exit_code == 164 and "1339 (disagrees)" in r.output, r.output
