"""`nexus market` commands across separate invocations, the markets API router, and the SDK."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import nexus
from nexus.api import create_app
from nexus.cli import app
from nexus.contracts import compile_contract, contract_names
from nexus.services import build_node
from nexus.settings import load_settings

runner = CliRunner()
CONTRACTS = contract_names()  # the demo chapter also deploys the sandbox and the optimistic oracle


@pytest.fixture
def home(nexus_home: Path, pytestconfig: pytest.Config) -> Path:
    """A fresh home whose compile cache is pre-filled (compiling LMSRMarket and the sandbox takes a while)."""
    shared = pytestconfig.cache.mkdir("nexus-build") / "contracts" if getattr(pytestconfig, "cache", None) else None
    if shared is not None:
        for name in CONTRACTS:
            compile_contract(name, shared)
        shutil.copytree(shared, nexus_home / "cache" / "contracts", dirs_exist_ok=True)
    return nexus_home


def run(*args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    return result


def ok(*args: str) -> dict:  # type: ignore[type-arg]
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def one_line_error(result, code: int, fragment: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, (result.exit_code, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], result.stderr


def test_create_trade_resolve_redeem_across_invocations(home: Path) -> None:
    assert ok("market", "list") == []
    ok("market", "faucet", "--amount", "1000")
    ok("market", "faucet", "--amount", "500", "--to", "1")
    made = ok(
        "market",
        "create",
        "--question",
        "Will the pool be exploited?",
        "--outcomes",
        "Yes,No",
        "--funding",
        "100",
        "--fee-bps",
        "50",
        "--dispute-window",
        "0",
    )
    assert made["index"] == 0 and made["prices"] == [0.5, 0.5]
    listed = ok("market", "list")
    assert [m["address"] for m in listed] == [made["address"]] and listed[0]["status"] == "open"
    quote = ok("market", "quote", "0", "--outcome", "yes", "--shares", "10")
    bought = ok("market", "buy", made["address"], "--outcome", "Yes", "--shares", "10")
    assert bought["amount"] == quote["total"] and bought["prices"][0] > 0.5
    spent = ok("market", "buy", "0", "--outcome", "No", "--spend", "20", "--from", "1")
    assert float(spent["amount"]) <= 20 and spent["outcome"] == "No"
    sold = ok("market", "sell", "0", "--outcome", "0", "--shares", "4")
    assert sold["side"] == "sell" and float(sold["amount"]) > 0
    assert ok("market", "resolve", "0", "--outcome", "No")["status"] == "final"
    assert float(ok("market", "redeem", "0", "--from", "1")["payout"]) == float(spent["shares"])
    one_line_error(run("market", "redeem", "0"), 50, "no redeemable shares")
    shown = ok("market", "show", "0")
    assert shown["outcome"] == "No" and shown["status"] == "final"
    text = run("market", "list")
    assert text.exit_code == 0 and "Will the pool" in text.stdout


@pytest.mark.parametrize(
    "args, code, fragment",
    [
        (["market", "create", "--question", "q", "--outcomes", "A", "--funding", "10"], 50, "2-16 outcome"),
        (["market", "create", "--question", "q", "--outcomes", "A,B", "--funding", "x"], 50, "not a number"),
        (
            ["market", "create", "--question", "q", "--outcomes", "A,B", "--funding", "10", "--closes-in", "3x"],
            50,
            "duration",
        ),
        (["market", "quote", "3", "--outcome", "A", "--shares", "1"], 51, "no market factory"),
        (["market", "buy", "0", "--outcome", "A"], 50, "exactly one of --shares or --spend"),
        (["market", "simulate", "--outcomes", "1"], 50, "outcomes must be 2-16"),
        (["market", "simulate", "--backend", "gpu"], 50, "unknown backend"),
        (["market", "simulate", "--info", "secret"], 50, "unknown info"),
        (["market", "simulate", "--pool", "vote"], 50, "unknown pool"),
        (["market", "faucet", "--amount", "-5"], 50, "positive"),
    ],
)
def test_bad_input_is_one_line_and_nonzero(home: Path, args: list[str], code: int, fragment: str) -> None:
    one_line_error(run(*args), code, fragment)


def test_trade_errors_on_a_real_market(home: Path) -> None:
    ok("market", "faucet", "--amount", "100")
    ok("market", "create", "--question", "Q?", "--outcomes", "A,B,C", "--funding", "50")
    one_line_error(run("market", "buy", "0", "--outcome", "D", "--shares", "1"), 50, "no outcome 'D'")
    one_line_error(run("market", "sell", "0", "--outcome", "A", "--shares", "1"), 50, "cannot sell")
    one_line_error(
        run("market", "buy", "0", "--outcome", "A", "--shares", "10", "--max-cost", "0.01"),
        5,
        "market: cost above max_cost",
    )
    one_line_error(run("market", "quote", "7", "--outcome", "A", "--shares", "1"), 51, "no market #7")
    one_line_error(run("market", "buy", "0", "--outcome", "A", "--shares", "1", "--from", "9"), 50, "faucet")
    one_line_error(run("market", "resolve", "0", "--outcome", "A", "--from", "2"), 5, "market: not resolver")


def test_oracle_resolved_market_from_the_cli(home: Path) -> None:
    from nexus.oracle import deploy_contract

    with nexus.connect() as nx:  # an optimistic oracle (arbiter: account 8), liveness 1 h
        oo = deploy_contract(
            nx.chain,
            "OptimisticOracle",
            nx.chain.accounts[8],
            nx.chain.accounts[9],
            3600,
            10**17,
            cache_dir=home / "cache" / "contracts",
        )
    ok("market", "faucet", "--amount", "1000")
    create = [
        "market",
        "create",
        "--question",
        "Exploited this week?",
        "--outcomes",
        "Yes,No",
        "--funding",
        "100",
        "--closes-in",
        "1d",
        "--dispute-window",
        "0",
    ]
    one_line_error(run(*create, "--resolver", "oracle:0x12"), 50, "expected oracle:<0x address")
    one_line_error(
        run(*create, "--resolver", f"oracle:{oo.address}", "--oracle-threshold", "3"), 50, "applies to feeds"
    )
    made = ok(*create, "--resolver", f"oracle:{oo.address}")
    assert made["oracle"] == {"oracle": oo.address, "kind": "optimistic", "threshold": None, "resolved": False}
    ok("market", "buy", "0", "--outcome", "Yes", "--shares", "10")
    one_line_error(run("market", "resolve", "0"), 50, "not closed yet")
    one_line_error(run("market", "resolve", "0", "--outcome", "Yes"), 50, "resolved by its oracle")
    one_line_error(run("market", "claim", "0", "--outcome", "Yes", "--bond", "0.1"), 50, "once the market has closed")
    with nexus.connect() as nx:
        nx.chain.time_travel(seconds=86_400)
    one_line_error(run("market", "resolve", "0"), 50, "no assertion about this market")
    assert ok("market", "claim", "0", "--outcome", "Yes", "--bond", "0.1", "--from", "3")["assertion"] == 1
    one_line_error(run("market", "resolve", "0"), 50, "no assertion has settled true yet (#1 Yes: pending)")
    with nexus.connect() as nx:
        nx.chain.time_travel(seconds=3600)
    out = ok("market", "resolve", "0")
    assert (out["outcome"], out["status"], out["evidence"]) == ("Yes", "final", 1)
    one_line_error(run("market", "resolve", "0"), 50, "already resolved")
    assert ok("market", "redeem", "0")["payout"] == "10"


def test_simulate_reports_calibration(home: Path) -> None:
    report = ok("market", "simulate", "--events", "4", "--rounds", "2", "--seed", "3")
    assert {"market", "naive", "truth", "logistic", "bayes", "ensemble"} <= set(report["scores"])
    assert [r["round"] for r in report["market_by_round"]] == [0, 1]
    assert report["funding_loss"] <= report["extra"]["funding"]
    assert ok("market", "simulate", "--events", "4", "--rounds", "2", "--seed", "3") == report
    assert report["config"]["pool"] == "infer"  # the default: forecasters infer from the others
    stacked = ok("market", "simulate", "--events", "4", "--rounds", "2", "--seed", "3", "--pool", "stack")
    assert stacked["config"]["pool"] == "stack" and stacked["scores"]["truth"] == report["scores"]["truth"]
    text = run("market", "simulate", "--events", "3", "--rounds", "2")
    assert text.exit_code == 0 and "reliability" in text.stdout


def test_simulate_history_length_and_expected_gap(home: Path) -> None:
    short = ok("market", "simulate", "--events", "4", "--rounds", "2", "--seed", "3", "--train", "40")
    assert short["config"]["train"] == 40
    gaps = short["extra"]["expected_excess"]
    assert gaps["truth"] == 0.0 and set(gaps) == set(short["scores"])
    longer = ok("market", "simulate", "--events", "4", "--rounds", "2", "--seed", "3", "--train", "400")
    assert longer["extra"]["expected_excess"]["logistic"] != gaps["logistic"]  # another history, another fit
    one_line_error(run("market", "simulate", "--events", "2", "--train", "5"), 50, "train >= 10")
    text = run("market", "simulate", "--events", "3", "--rounds", "2", "--train", "40")
    assert text.exit_code == 0 and "expected gap to truth" in " ".join(text.stdout.split())


@pytest.fixture
def client(home: Path) -> Iterator[TestClient]:
    with nexus.connect() as nx:  # the SDK: create a market before the node takes the chain
        markets = nexus.open_markets(nx)
        markets.faucet(nx.chain.default_account, 1000 * 10**18)
        markets.create("API?", ["Up", "Down"], 100 * 10**18, dispute_window=0)
    with build_node(load_settings()) as node:
        api = create_app(node)
        yield TestClient(api, headers={"Authorization": f"Bearer {api.state.tokens.get()}"})


def test_api_lists_quotes_and_trades(client: TestClient) -> None:
    listed = client.get("/markets").json()
    assert len(listed) == 1 and listed[0]["question"] == "API?"
    quote = client.get("/markets/0/quote", params={"outcome": "Up", "shares": "5"}).json()
    assert float(quote["total"]) > 2.5
    r = client.post("/markets/0/trade", json={"side": "buy", "outcome": "Up", "shares": "5"})
    assert r.status_code == 200 and r.json()["amount"] == quote["total"]
    r = client.post("/markets/0/trade", json={"side": "sell", "outcome": "Up", "shares": "5", "limit": "0"})
    assert r.status_code == 200 and r.json()["side"] == "sell"
    assert client.get(f"/markets/{listed[0]['address']}").json()["index"] == 0
    assert client.get("/markets/4").status_code == 404
    assert client.get("/markets/0/quote", params={"outcome": "Sideways", "shares": "1"}).status_code == 400
    assert client.post("/markets/0/trade", json={"side": "buy", "outcome": "Up"}).status_code == 400
    assert client.post("/markets/0/trade", json={"side": "hold", "outcome": "Up"}).status_code in (400, 422)
    unauth = TestClient(client.app)
    assert unauth.post("/markets/0/trade", json={"side": "buy", "outcome": "Up", "shares": "1"}).status_code == 401


def test_demo_chapter_runs_and_is_repeatable(home: Path) -> None:
    first = run("demo", "--chapter", "6")
    assert first.exit_code == 0, first.stderr
    assert "Prediction markets" in first.stdout and "bound -200" in first.stdout
    assert "real guard" in first.stdout and "Critical" in first.stdout  # the live monitor's findings
    assert "OracleResolver.resolve: proposed Yes" in first.stdout  # settled by the oracle, not an account
    flat = " ".join(first.stdout.split())
    assert "its best forecaster" in flat and "same 40 events" in flat  # scored against its best forecaster
    again = run("demo", "--chapter", "6")  # a second tour on the same home: same story, new market
    assert again.exit_code == 0 and again.stdout.split("P&L")[1] == first.stdout.split("P&L")[1]
    assert "hub market hub:0" in " ".join(first.stdout.split()) and "hub:1" in again.stdout  # the hub part
    assert [m["kind"] for m in ok("market", "list")] == ["contract", "contract", "hub", "hub"]
