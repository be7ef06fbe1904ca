"""The DeFi reads over HTTP on a node with a deployed credit pool: every answer validates against its
response model (nothing undeclared, nothing altered); a posted score and a loan show up; bad input is a
clear 4xx."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from apicontract import check_answer
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

import nexus
from nexus.api.app import create_app
from nexus.chain.contract import Contract
from nexus.cli.lend import QUORUM, oracle_signers
from nexus.lending import service as lending
from nexus.lending.pool import CreditPool
from nexus.services import build_node
from nexus.settings import load_settings


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    home = tmp_path_factory.mktemp("defi-home")
    with nexus.connect(home=home) as nx:
        nodes, signers = oracle_signers()
        pool = lending.ensure_pool(nx, nodes=nodes, quorum=QUORUM, model=lending.scorer_fingerprint())
        lender, borrower = nx.chain.accounts[1], nx.chain.accounts[2]
        pool.token.mint(lender, 10**21, sender=lender)
        lending.deposit(pool, "500", sender=lender)
        lending.score(pool, borrower, signers=signers[:QUORUM])
        lending.borrow(pool, "100", "1", sender=borrower)
    settings = load_settings(home=home, ledger_batch_ms=20, poll_interval=0.05)
    with build_node(settings) as node:
        app = create_app(node)
        yield TestClient(app, headers={"Authorization": f"Bearer {app.state.tokens.get()}"}), borrower


def _all(routes: list[Any]) -> Iterator[APIRoute]:
    for r in routes:
        if isinstance(r, APIRoute):
            yield r
        elif (inner := getattr(r, "original_router", None)) is not None:  # FastAPI keeps includes nested
            yield from _all(inner.routes)


def _route(c: TestClient, path: str) -> APIRoute:
    return next(r for r in _all(c.app.routes) if r.path == path)  # type: ignore[attr-defined]


def _valid(c: TestClient, template: str, url: str) -> Any:
    r = c.get(url)
    assert r.status_code == 200, (url, r.text)
    check_answer(c.app, "GET", template, r.json())
    return r.json()


def test_lending_reads(client: tuple[TestClient, str]) -> None:
    c, borrower = client
    pool = _valid(c, "/lending/pool", "/lending/pool")
    assert pool["deployed"] and pool["borrowed"] == "100" and pool["quorum"] == 3
    loan = c.get(f"/lending/loans/{borrower}").json()
    check_answer(c.app, "GET", "/lending/loans/{address}", loan)
    assert loan["principal"] == "100" and loan["score"] > 0
    sc = c.get(f"/lending/score/{borrower}?fraud=0.5").json()
    check_answer(c.app, "GET", "/lending/score/{address}", sc)
    assert not sc["posted"] and sc["reasons"][0]["feature"] == "fraud_probability"
    assert c.get("/lending/loans/0xnope").status_code == 400
    assert c.get(f"/lending/score/{borrower}?fraud=2").status_code == 422


def test_other_reads(client: tuple[TestClient, str]) -> None:
    c, _ = client
    fees = _valid(c, "/fees/advice", "/fees/advice?within=2&probability=0.8")
    assert fees["within"] == 2 and fees["recent"]
    rows = _valid(c, "/validators/leaderboard", "/validators/leaderboard?top=3")
    assert len(rows) == 3
    _valid(c, "/validators/allocation", "/validators/allocation?k=4")
    import importlib.util

    if importlib.util.find_spec("backtesting") is not None:
        bt = _valid(c, "/portfolio/backtest", "/portfolio/backtest?series=GOOG")
        assert set(bt["curves"]) == {"agent", "buy_and_hold", "calendar"}
    assert c.get("/portfolio/backtest?series=nope").status_code == 400


FEED_ABI = [
    {"type": "function", "name": n, "inputs": i, "outputs": o, "stateMutability": m}
    for n, i, o, m in [
        ("latest_price", [], [{"name": "", "type": "uint256"}], "view"),
        ("set_price", [{"name": "p", "type": "uint256"}], [], "nonpayable"),
    ]
]


def _feed(nx: Any) -> str:
    return str(CreditPool.attach(nx.chain, nx.deployer).contract.feed())


def test_lending_writes_over_http(client: tuple[TestClient, str]) -> None:
    c, _ = client
    lender, borrower = "1", "3"  # dev account indexes, as the CLI takes them
    anon = TestClient(c.app)
    assert anon.post("/lending/deposit", json={"amount": "10", "sender": lender}).status_code == 401  # token-guarded
    dep = c.post("/lending/deposit", json={"amount": "2000", "sender": lender, "faucet": True})
    assert dep.status_code == 200, dep.text
    check_answer(c.app, "POST", "/lending/deposit", dep.json())
    assert dep.json()["deposited"] == "2000"
    no_score = c.post("/lending/borrow", json={"amount": "10", "collateral": "1", "sender": borrower})
    assert no_score.status_code == 422 and "no posted score" in no_score.json()["error"]
    sc = c.post(f"/lending/score/{borrower}", json={"fraud": 0.0})
    assert sc.status_code == 200, sc.text
    check_answer(c.app, "POST", "/lending/score/{address}", sc.json())
    assert sc.json()["posted"] and sc.json()["signers"] == 3
    loan = c.post("/lending/borrow", json={"amount": "1000", "collateral": "1", "sender": borrower})
    assert loan.status_code == 200, loan.text
    check_answer(c.app, "POST", "/lending/borrow", loan.json())
    assert loan.json()["principal"] == "1000"
    healthy = c.post("/lending/liquidate", json={"borrower": borrower, "sender": lender})
    assert healthy.status_code == 409 and "healthy" in healthy.json()["error"]
    # ETH halves on the dev feed: the loan is under water and a keeper liquidates it over HTTP
    nx = c.app.state.node.require()  # type: ignore[attr-defined]
    feed = Contract(nx.chain, _feed(nx), FEED_ABI, "feed")
    feed.set_price(1000 * 10**18, sender=nx.chain.accounts[0])
    keeper = nx.chain.accounts[int(lender)]
    CreditPool.attach(nx.chain, nx.deployer).token.mint(keeper, 2000 * 10**18, sender=keeper)  # dev NXD to repay with
    liq = c.post("/lending/liquidate", json={"borrower": borrower, "sender": lender})
    assert liq.status_code == 200, liq.text
    check_answer(c.app, "POST", "/lending/liquidate", liq.json())
    assert liq.json()["loan"]["liquidations"] == 1 and liq.json()["loan"]["principal"] == "0"
    feed.set_price(2000 * 10**18, sender=nx.chain.accounts[0])
    # a second loan is repaid over HTTP
    assert c.post(f"/lending/score/{borrower}", json={}).status_code == 200
    assert c.post("/lending/borrow", json={"amount": "20", "collateral": "1", "sender": borrower}).status_code == 200
    rep = c.post("/lending/repay", json={"sender": borrower, "faucet": True})
    assert rep.status_code == 200, rep.text
    check_answer(c.app, "POST", "/lending/repay", rep.json())
    assert rep.json()["repaid_loans"] == 1 and rep.json()["debt"] == "0"
    # bad input: one clear 4xx, nothing changed
    before = c.get("/lending/pool").json()
    assert c.post("/lending/deposit", json={"amount": "abc", "sender": lender}).status_code == 400
    assert c.post("/lending/deposit", json={"amount": "1", "extra": 1}).status_code == 422
    assert c.post("/lending/borrow", json={"amount": "1", "collateral": "1", "sender": "0xnope"}).status_code == 400
    assert c.get("/lending/pool").json()["cash"] == before["cash"]
