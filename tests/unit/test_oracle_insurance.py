"""Parametric insurance products: create, buy, automatic claims paid once, bad input refused
(service, CLI and the refusal of a policy bought after the trigger)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import nexus
from nexus.cli import app
from nexus.exceptions import ContractReverted, InsuranceError, UnknownProduct
from nexus.oracle import insurance as ins
from nexus.oracle._crypto import dev_node_key
from nexus.oracle._insurance_terms import product_contract
from nexus.oracle.feeds import register_feed
from nexus.oracle.network import NodeLike, OracleNetwork
from nexus.oracle.node import OracleNode
from nexus.oracle.onchain import deploy_feed
from nexus.oracle.simulated import Storm, WeatherStation, WeatherWorld

HOUR = 3600
ETH = 10**18


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, OracleNetwork, Path]]:
    home = tmp_path_factory.mktemp("insurance-home")
    with nexus.connect(home=home) as nx:
        nx.deploy()
        t0 = nx.chain.timestamp()
        world = WeatherWorld((Storm("A", peak=t0 + 4 * HOUR, rain_mm_h=95, wind_m_s=40),))
        keys = [dev_node_key(i, "insurance test") for i in range(4)]
        feed = deploy_feed(
            nx.chain,
            "severity A",
            [k.address for k in keys],
            1,
            decimals=2,
            history=16,
            cache_dir=nx.settings.cache_dir / "contracts",
        )
        register_feed(nx, "severity:A", feed)
        nodes: list[NodeLike] = [
            OracleNode(i, k, [WeatherStation(f"s{j}", world, "A", seed=j) for j in range(4)])
            for i, k in enumerate(keys)
        ]
        yield nx, OracleNetwork(feed, nodes), home


def test_claims_are_paid_automatically_and_once(env: tuple[Any, OracleNetwork, Path]) -> None:
    nx, net, _ = env
    chain = nx.chain
    out = ins.create_product(
        nx, "storm", feed="severity:A", tiers=[(80, "2"), (60, "1")], premium_bps=500, pool="10", max_staleness=2 * HOUR
    )
    assert [t["threshold"] for t in out["tiers"]] == [60.0, 80.0] and out["pool"] == "10"
    low, high = chain.accounts[1], chain.accounts[2]
    b_low = ins.buy_policy(nx, "storm", tier=0, duration=86_400, sender=low)
    b_high = ins.buy_policy(nx, "storm", tier=1, duration=86_400, sender=high)
    assert (b_low["premium"], b_high["premium"]) == ("0.05", "0.1")
    start = {a: chain.balance(a) for a in (low, high)}
    pool0 = chain.balance(out["address"])
    for _ in range(6):  # the storm builds, peaks at 100 and stays: every later trigger finds nothing due
        chain.mine(1, seconds=HOUR)
        net.run_round(force=True)
        ins.claims(nx, trigger=True)
    paid = ins.claims(nx)["claims"]
    assert sorted(c["policy_id"] for c in paid) == [1, 2]
    assert all(c["severity"] >= 80 for c in paid)
    assert chain.balance(low) - start[low] == ETH and chain.balance(high) - start[high] == 2 * ETH
    assert pool0 - chain.balance(out["address"]) == 3 * ETH
    again = ins.claims(nx, trigger=True)
    assert again["triggered"] == [{"product": "storm", "paid": 0, "skipped": None}]
    assert all(p["paid"] for p in ins.list_policies(nx, "storm"))
    assert ins.get_product(nx, "storm")["reserved"] == "0"


def test_bad_input_is_one_clear_error_and_changes_nothing(env: tuple[Any, OracleNetwork, Path]) -> None:
    nx, _, _ = env
    if not any(p["name"] == "storm" for p in ins.list_products(nx)):
        test_claims_are_paid_automatically_and_once(env)
    chain = nx.chain
    buyer = chain.accounts[3]
    before, count = chain.balance(buyer), ins.get_product(nx, "storm")["policies"]
    with pytest.raises(InsuranceError, match="trigger already crossed"):  # severity is 100 now
        ins.buy_policy(nx, "storm", tier=0, sender=buyer)
    assert chain.balance(buyer) == before and ins.get_product(nx, "storm")["policies"] == count
    contract, terms = product_contract(nx, "storm")  # the pool itself refuses too, whoever calls it
    with pytest.raises(ContractReverted, match="trigger already crossed"):
        contract.buy(b"severity:A".ljust(32, b"\0"), 6000, ETH, 86_400, value=ETH, sender=buyer)
    with pytest.raises(UnknownProduct):
        ins.buy_policy(nx, "nope", tier=0)
    with pytest.raises(InsuranceError, match="tiers 0..1"):
        ins.buy_policy(nx, "storm", tier=5)
    with pytest.raises(InsuranceError, match="already exists"):
        ins.create_product(nx, "storm", feed="severity:A", tiers=[(1, "1")], premium_bps=1, pool="1")
    with pytest.raises(InsuranceError, match="share a threshold"):
        ins.create_product(nx, "dup", feed="severity:A", tiers=[(1, "1"), (1.0, "2")], premium_bps=1, pool="1")
    assert [p["name"] for p in ins.list_products(nx)] == ["storm"]


def test_the_oracle_service_hook_pays_products_of_its_feed(env: tuple[Any, OracleNetwork, Path]) -> None:
    nx, _, _ = env
    keys = [dev_node_key(i, "insurance hook") for i in range(4)]
    feed = deploy_feed(
        nx.chain,
        "severity B",
        [k.address for k in keys],
        1,
        decimals=2,
        history=16,
        cache_dir=nx.settings.cache_dir / "contracts",
    )
    register_feed(nx, "severity:B", feed)
    calm = WeatherWorld()
    net = OracleNetwork(
        feed,
        [OracleNode(i, k, [WeatherStation(f"b{j}", calm, "B", seed=j) for j in range(4)]) for i, k in enumerate(keys)],
    )
    ins.create_product(nx, "calm", feed="severity:B", tiers=[(1, "0.25")], premium_bps=100, pool="1")
    pol = ins.buy_policy(nx, "calm", sender=nx.chain.accounts[5])  # no round yet: cover can be bought
    assert ins.trigger_feed(nx, "severity:B") == []  # nothing reported yet
    nx.chain.mine(1, seconds=60)
    assert net.run_round(force=True).accepted
    paid = ins.trigger_feed(nx, "severity:B")
    assert [(c["product"], c["policy_id"]) for c in paid] == [("calm", pol["policy_id"])]
    assert ins.trigger_feed(nx, "severity:B") == []  # paid once
    assert ins.trigger_feed(nx, "no-such-feed") == []


def test_cli_create_buy_policies_claims(env: tuple[Any, OracleNetwork, Path]) -> None:
    nx, _, home = env
    nx.chain.flush()
    runner = CliRunner()

    def run(*args: str) -> Any:
        return runner.invoke(app, ["--home", str(home), "insurance", *args])

    nx.chain.close()  # the CLI opens the embedded chain itself
    r = run("create", "cli-cover", "--feed", "severity:A", "--tiers", "1000:0.5", "--pool", "2", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["tiers"] == [{"payout": "0.5", "threshold": 1000.0}]
    r = run("buy", "cli-cover", "--from", "4", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["payout"] == "0.5"
    r = run("policies", "cli-cover", "--json")
    assert [p["policy_id"] for p in json.loads(r.output)["policies"]] == [1]
    r = run("claims", "cli-cover", "--trigger", "--json")
    assert json.loads(r.output)["triggered"] == [{"product": "cli-cover", "paid": 0, "skipped": None}]
    r = run("buy", "missing")
    assert r.exit_code == 121 and r.stderr.count("\n") == 1 and "no insurance product named 'missing'" in r.stderr
    r = run("create", "bad", "--feed", "severity:A", "--tiers", "60", "--pool", "1")
    assert r.exit_code == 120 and "THRESHOLD:PAYOUT" in r.stderr


def test_parse_tiers() -> None:
    from nexus.cli.insurance import parse_tiers

    assert parse_tiers("60:1, 80:2.5") == [(60.0, "1"), (80.0, "2.5")]
    for bad in ("x:1", "60:", "60"):
        with pytest.raises(InsuranceError):
            parse_tiers(bad)
