"""GET /markets/{ref}/history: prices over time replayed from the market's on-chain trades."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import nexus
from nexus.api import create_app
from nexus.contracts.compiler import compile_contract
from nexus.markets.history import market_history
from nexus.node import Node
from nexus.services import build_node
from nexus.settings import load_settings

CONTRACTS = ["Registry", "MarketFactory", "DevCollateral", "LMSRMarket"]


@pytest.fixture
def home(nexus_home: Path, pytestconfig: pytest.Config) -> Path:
    """A fresh home whose compile cache is pre-filled (compiling LMSRMarket takes a while)."""
    cache = getattr(pytestconfig, "cache", None)  # absent under -p no:cacheprovider
    shared = cache.mkdir("nexus-build") / "contracts" if cache else None
    if shared is not None:
        for name in CONTRACTS:
            compile_contract(name, shared)
        shutil.copytree(shared, nexus_home / "cache" / "contracts", dirs_exist_ok=True)
    return nexus_home


@pytest.fixture
def started(home: Path) -> Iterator[tuple[Node, TestClient]]:
    with nexus.connect() as nx:  # the SDK: create a market before the node takes the chain
        markets = nexus.open_markets(nx)
        markets.faucet(nx.chain.default_account, 1000 * 10**18)
        markets.create("History?", ["Up", "Down", "Flat"], 100 * 10**18, dispute_window=0)
    with build_node(load_settings(ledger_anchor=False)) as node:
        api = create_app(node)
        yield node, TestClient(api, headers={"Authorization": f"Bearer {api.state.tokens.get()}"})


def trade(client: TestClient, side: str, outcome: str, shares: str) -> dict:  # type: ignore[type-arg]
    r = client.post(
        "/markets/0/trade",
        json={"side": side, "outcome": outcome, "shares": shares, **({"limit": "0"} if side == "sell" else {})},
    )
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def test_history_follows_every_trade_with_the_contracts_prices(started: tuple[Node, TestClient]) -> None:
    node, client = started
    assert node.nexus is not None
    first = client.get("/markets/0/history").json()
    assert first["outcomes"] == ["Up", "Down", "Flat"] and first["count"] == 1
    opened = first["points"][0]
    assert opened["kind"] == "open" and opened["prices"] == pytest.approx([1 / 3] * 3, abs=1e-15)

    bought = trade(client, "buy", "Up", "20")
    down = trade(client, "buy", "Down", "7.5")
    hist = client.get("/markets/0/history").json()  # extends the kept replay
    assert [p["kind"] for p in hist["points"]] == ["open", "buy", "buy"]
    b1, b2 = hist["points"][1:]
    assert (b1["outcome"], b1["shares"], b1["amount"], b1["tx"]) == ("Up", "20", bought["amount"], bought["tx"])
    assert b1["prices"] == bought["prices"] and b2["prices"] == down["prices"]  # exact contract maths
    assert b1["prices"][0] > opened["prices"][0] and b1["block"] < b2["block"]
    assert b1["time"] >= opened["time"] and b1["trader"] == node.nexus.chain.default_account
    assert client.get("/markets/0").json()["prices"] == b2["prices"]

    trade(client, "sell", "Up", "20")
    trade(client, "sell", "Down", "7.5")
    last = client.get("/markets/0/history").json()["points"][-1]
    assert last["kind"] == "sell" and last["prices"] == opened["prices"]  # back to where it started

    tail = client.get("/markets/0/history", params={"limit": 2}).json()
    assert tail["count"] == 5 and [p["kind"] for p in tail["points"]] == ["sell", "sell"]
    assert client.get(f"/markets/{first['market']}/history").json()["count"] == 5


def test_history_ends_at_the_settled_payouts(started: tuple[Node, TestClient]) -> None:
    node, client = started
    trade(client, "buy", "Flat", "3")
    assert node.nexus is not None
    assert nexus.open_markets(node.nexus).get(0).resolve("Flat") == "final"
    hist = client.get("/markets/0/history").json()
    assert hist["status"] == "final"
    assert [p["kind"] for p in hist["points"]] == ["open", "buy", "resolved"]
    assert hist["points"][-1]["prices"] == [0.0, 0.0, 1.0] and hist["points"][-1]["outcome"] == "Flat"


def test_history_notices_a_rewound_chain(started: tuple[Node, TestClient]) -> None:
    node, client = started
    assert node.nexus is not None
    chain, market = node.nexus.chain, nexus.open_markets(node.nexus).get(0)
    snap = chain.snapshot()
    trade(client, "buy", "Up", "4")
    assert market_history(market)["count"] == 2
    chain.revert(snap)
    replayed = market_history(market)
    assert replayed["count"] == 1 and replayed["points"][-1]["kind"] == "open"


def test_history_bad_input_is_a_clear_4xx(started: tuple[Node, TestClient]) -> None:
    _, client = started
    r = client.get("/markets/0/history", params={"limit": 0})
    assert r.status_code == 422 and "limit" in r.json()["error"]
    r = client.get("/markets/7/history")
    assert r.status_code == 404 and "no market #7" in r.json()["error"]
    r = client.get("/markets/0x" + "12" * 20 + "/history")
    assert r.status_code == 404 and "no market at" in r.json()["error"]
