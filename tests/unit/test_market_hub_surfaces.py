"""Issue 16: hub markets on every surface. `nexus market create --hub`, trading `hub:<id>` from the
CLI, `nexus market migrate` (per-market contracts copied onto the hub, idempotent), and the
API listing, state, quote, trade and history of hub markets next to per-market contracts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from nexus.api import create_app
from nexus.cli import app
from nexus.contracts import compile_contract
from nexus.services import build_node
from nexus.settings import load_settings

runner = CliRunner()
CONTRACTS = ["Registry", "MarketFactory", "DevCollateral", "LMSRMarket", "MarketHub", "OracleResolver"]


@pytest.fixture
def home(nexus_home: Path, pytestconfig: pytest.Config) -> Path:
    shared = pytestconfig.cache.mkdir("nexus-build") / "contracts" if getattr(pytestconfig, "cache", None) else None
    if shared is not None:
        for name in CONTRACTS:
            compile_contract(name, shared)
        shutil.copytree(shared, nexus_home / "cache" / "contracts", dirs_exist_ok=True)
    return nexus_home


def ok(*args: str) -> object:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_hub_markets_from_the_cli_migrate_and_the_api(home: Path) -> None:
    ok("market", "faucet", "--amount", "5000")
    ok("market", "faucet", "--amount", "500", "--to", "1")
    old = ok("market", "create", "--question", "Old?", "--outcomes", "Yes,No", "--funding", "100", "--fee-bps", "30")
    ok("market", "create", "--question", "LS?", "--outcomes", "A,B", "--funding", "50", "--alpha", "0.05")
    made = ok("market", "create", "--hub", "--question", "Hub?", "--outcomes", "Up,Down,Flat", "--funding", "60")
    assert isinstance(made, dict) and made["kind"] == "hub" and made["ref"] == "hub:0"
    bought = ok("market", "buy", "hub:0", "--outcome", "Up", "--shares", "10", "--from", "1")
    assert isinstance(bought, dict) and bought["prices"][0] > 1 / 3
    # a hub market has no dispute window: one-line error, nothing changed
    res = runner.invoke(app, ["market", "dispute", "hub:0"])
    assert res.exit_code == 50 and "no dispute window" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    res = runner.invoke(app, ["market", "show", "hub:7"])
    assert res.exit_code == 51

    dry = ok("market", "migrate", "--dry-run")
    assert isinstance(dry, list) and [r["status"] for r in dry] == ["would migrate", "skipped"]
    moved = ok("market", "migrate")
    assert isinstance(moved, list) and moved[0]["status"] == "migrated" and moved[0]["to"] == "hub:1"
    assert "LS-LMSR" in moved[1]["reason"]
    again = ok("market", "migrate")  # idempotent: nothing new on the hub
    assert isinstance(again, list) and again[0] == {**moved[0], "status": "already"}
    listed = ok("market", "list")
    assert isinstance(listed, list) and [(m["kind"], m["ref"]) for m in listed] == [
        ("contract", old["address"]),  # type: ignore[index]
        ("contract", listed[1]["address"]),
        ("hub", "hub:0"),
        ("hub", "hub:1"),
    ]
    copy = listed[3]
    assert (copy["question"], copy["outcomes"], copy["funding"], copy["fee_bps"]) == (
        "Old?",
        ["Yes", "No"],
        old["funding"],
        30,
    )  # type: ignore[index]
    assert copy["close_time"] == old["close_time"]  # type: ignore[index]

    with build_node(load_settings(ledger_anchor=False)) as node:
        api = create_app(node)
        client = TestClient(api, headers={"Authorization": f"Bearer {api.state.tokens.get()}"})
        rows = client.get("/markets").json()
        assert [r["ref"] for r in rows][2:] == ["hub:0", "hub:1"]
        q = client.get("/markets/hub:1/quote", params={"outcome": "No", "shares": "4"}).json()
        r = client.post("/markets/hub:1/trade", json={"side": "buy", "outcome": "No", "shares": "4"})
        assert r.status_code == 200, r.text
        assert r.json()["amount"] == q["total"]
        state = client.get("/markets/hub:1").json()
        assert state["quantities"] == ["0", str(4 * 10**18)] and state["prices"][1] > 0.5
        hist = client.get("/markets/hub:1/history").json()
        assert hist["market"] == "hub:1" and [p["kind"] for p in hist["points"]] == ["open", "buy"]
        # the other hub market's trade is not in this one's history
        assert [p["kind"] for p in client.get("/markets/hub:0/history").json()["points"]] == ["open", "buy"]
        assert client.get("/markets/hub:9").status_code == 404


def test_hub_bounds_are_one_line_cli_errors_and_api_4xx(home: Path) -> None:
    """Past a hub market's bounds (quantities < 2**96, funding <= 2**95), the CLI answers one line
    with the market exit code (50) and the API a 400 naming the bound: the SDK's MarketError,
    raised before anything is sent, never a raw revert (exit code 5). The funding cap is named
    even though the account could not pay that much."""
    ok("market", "faucet", "--amount", "5000")
    ok("market", "create", "--hub", "--question", "Bound?", "--outcomes", "Yes,No", "--funding", "60")
    too_many = str(2**96 // 10**18 + 1)  # whole shares: just past the 96-bit quantity field
    res = runner.invoke(app, ["market", "buy", "hub:0", "--outcome", "Yes", "--shares", too_many])
    assert res.exit_code == 50 and "too many shares" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    big = str(2**95 // 10**18 + 1)  # whole collateral units: past the hub's funding cap
    res = runner.invoke(app, ["market", "create", "--hub", "--question", "Big?", "--outcomes", "a,b", "--funding", big])
    assert res.exit_code == 50 and "at most" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    with build_node(load_settings(ledger_anchor=False)) as node:
        api = create_app(node)
        client = TestClient(api, headers={"Authorization": f"Bearer {api.state.tokens.get()}"})
        r = client.get("/markets/hub:0/quote", params={"outcome": "Yes", "shares": too_many})
        assert r.status_code == 400 and "too many shares" in r.json()["error"], r.text
        r = client.post("/markets/hub:0/trade", json={"side": "buy", "outcome": "Yes", "shares": too_many})
        assert r.status_code == 400 and "too many shares" in r.json()["error"], r.text
        state = client.get("/markets/hub:0").json()
        assert state["quantities"] == ["0", "0"] and [m["ref"] for m in client.get("/markets").json()] == ["hub:0"]
