"""/fl over HTTP and `nexus fl` on the command line: a federation run, read back, fuzzed bodies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("flwr")

from apicontract import check_answer  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from nexus.api.app import create_app  # noqa: E402
from nexus.cli import app as cli  # noqa: E402
from nexus.services import build_node  # noqa: E402
from nexus.settings import load_settings  # noqa: E402


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    home = tmp_path_factory.mktemp("fl-home")
    settings = load_settings(home=home, ledger_batch_ms=20, poll_interval=0.05)
    with build_node(settings) as node:
        app = create_app(node)
        yield TestClient(app, headers={"Authorization": f"Bearer {app.state.tokens.get()}"})


def test_a_federation_posted_is_listed_and_its_rewards_read_from_the_contract(client: TestClient) -> None:
    assert client.get("/fl/federations").json() == []
    assert client.get("/fl/federations/latest").status_code == 404
    body = {"clients": 5, "rounds": 2, "strategy": "multikrum", "poison": 0.2, "attack": "scaled", "name": "api"}
    r = client.post("/fl/simulate", json=body)
    assert r.status_code == 200, r.text
    rep = check_answer(client.app, "POST", "/fl/simulate", r.json())
    contract = r.json()["contract"]
    got = client.get(f"/fl/federations/{contract}").json()
    check_answer(client.app, "GET", "/fl/federations/{ref}", got)
    assert got["rounds"] == r.json()["rounds"] and rep is not None
    rows = client.get("/fl/federations/latest/rewards").json()
    check_answer(client.app, "GET", "/fl/federations/{ref}/rewards", rows)
    poisoner = next(c for c in rows if c["role"] == "scaled")
    assert poisoner["earned_wei"] == "0" and poisoner["rejected_rounds"] == [1, 2]
    assert sum(int(c["earned_wei"]) for c in rows) == int(r.json()["paid_wei"]) > 0
    # every client is named by a secp256k1 did:key that the contract binds to its address
    assert all(c["did"].startswith("did:key:zQ3s") and c["did_bound"] is True for c in rows)
    cost = got["cost"]  # gas next to the CPU/energy/CO2 estimates, as recorded in the lineage run
    assert cost["gas"] == sum(got["gas"].values()) > 0 and cost["estimate"] is True and cost["cpu_s"] > 0
    (brief,) = client.get("/fl/federations").json()
    assert brief["contract"] == contract and brief["rejected_updates"] >= 2 and brief["cost"] == cost
    assert client.get("/fl/federations/0xnope").status_code == 400
    assert client.get("/fl/federations/0x" + "ab" * 20).status_code == 404
    assert TestClient(client.app).post("/fl/simulate", json=body).status_code == 401  # a write needs the token


_value = st.one_of(st.none(), st.booleans(), st.integers(-5, 100), st.floats(-1, 2), st.text(max_size=8))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        st.sampled_from(["clients", "rounds", "strategy", "poison", "attack", "alpha", "data", "name", "x"]),
        _value,
        max_size=4,
    )
)
def test_fuzzed_simulate_bodies_are_refused_cleanly_and_change_nothing(
    client: TestClient, body: dict[str, Any]
) -> None:
    body = {**body, "rounds": 0} if "rounds" not in body else body  # never a real run: keep each example cheap
    before = client.get("/fl/federations").json()
    r = client.post("/fl/simulate", json=body)
    if r.status_code == 200:  # a valid body slipped through with rounds >= 1: it must be a real report
        check_answer(client.app, "POST", "/fl/simulate", r.json())
        return
    assert r.status_code in (400, 422), r.text
    assert "error" in r.json() or "detail" in r.json()
    assert client.get("/fl/federations").json() == before


def test_cli_simulate_json_and_a_bad_strategy_exit_code(tmp_path: Any) -> None:
    runner = CliRunner()
    home = str(tmp_path / "home")
    r = runner.invoke(cli, ["--home", home, "fl", "simulate", "--clients", "4", "--rounds", "1", "--json"])
    assert r.exit_code == 0, r.output
    rep = json.loads(r.stdout)
    assert len(rep["rounds"]) == 1 and len(rep["clients"]) == 4
    r = runner.invoke(cli, ["--home", home, "fl", "rewards", "--json"])
    assert r.exit_code == 0 and len(json.loads(r.stdout)) == 4
    r = runner.invoke(cli, ["--home", home, "fl", "status", "--json"])
    latest = json.loads(r.stdout)["latest"]
    assert latest["contract"] == rep["contract"] and latest["cost"]["gas"] == sum(rep["gas"].values()) > 0
    assert {"cpu_s", "energy_kwh", "co2_kg", "estimate", "gas_by"} <= set(latest["cost"])
    r = runner.invoke(cli, ["--home", home, "fl", "status"])
    assert "estimates" in r.output and "gas" in r.output and "did:key:" in r.output
    r = runner.invoke(cli, ["--home", home, "fl", "simulate", "--strategy", "nope"])
    assert r.exit_code == 141 and "unknown strategy" in r.output
    r = runner.invoke(cli, ["--home", home, "fl", "simulate", "--poison", "0.7"])
    assert r.exit_code == 141
