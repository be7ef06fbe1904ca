"""The API's contract: every route declares its response model in /openapi.json, every answer of a
running node (all services, a market, ledger records, oracle rounds, guard findings) validates
against the model its route declares with no undeclared field, and every endpoint the dashboard's
JavaScript calls exists there with that method."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from apicontract import api_routes, check_route, has_model
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

import nexus
from nexus.api import create_app
from nexus.api.schemas import ErrorBody
from nexus.api.web import WEB_DIR
from nexus.contracts.compiler import compile_contract
from nexus.node import Node
from nexus.oracle._crypto import dev_node_key
from nexus.oracle.forecast import Forecaster
from nexus.oracle.forecast_net import deploy_forecast, publish_forecast
from nexus.services import build_node
from nexus.settings import load_settings

JS = WEB_DIR / "js"
CONTRACTS = ["Registry", "MarketFactory", "DevCollateral", "LMSRMarket", "MarketHub"]
STREAMS = {"/events"}  # Server-Sent Events: documented, never JSON
PROTOCOLS = {"/rpc"}  # Ethereum JSON-RPC: its own envelope (tests/unit/test_rpc_endpoint.py), documented by description
# Routes whose answers need contracts and state this node does not set up: each is checked with
# `check_answer` in the named test module (test_elsewhere_checks_exist makes sure it is).
ELSEWHERE: dict[str, str] = {
    "GET /xchain/chains": "test_xchain_api.py",
    "GET /xchain/messages": "test_xchain_api.py",
    "POST /xchain/send": "test_xchain_api.py",
    "POST /xchain/verify": "test_xchain_api.py",
    "GET /governance/proposals": "test_governance_cli.py",
    "GET /governance/proposals/{ref}": "test_governance_cli.py",
    "POST /governance/proposals/{ref}/ballots": "test_governance_cli.py",
    "POST /governance/proposals/{ref}/queue": "test_governance_cli.py",
    "POST /governance/proposals/{ref}/execute": "test_governance_cli.py",
    "GET /models": "test_governance_cli.py",
    "GET /models/{name}": "test_governance_cli.py",
    "GET /models/{name}/active": "test_governance_cli.py",
    "GET /models/{name}/fairness": "test_models_serving.py",
    "GET /bounties": "test_bounty_cli.py",
    "GET /bounties/{bid}": "test_bounty_cli.py",
    "POST /bounties/{bid}/judge": "test_bounty_cli.py",
    "POST /bounties/{bid}/claim": "test_bounty_cli.py",
    "POST /fairness/audit": "test_fairness_cli.py",
    "GET /lending/loans/{address}": "test_api_defi.py",
    "GET /lending/score/{address}": "test_api_defi.py",
    "GET /avatar/{token_id}": "test_avatar_api.py",
    "POST /avatar": "test_avatar_api.py",
    "POST /avatar/challenge": "test_avatar_api.py",
    "POST /avatar/verify": "test_avatar_api.py",
    "POST /lending/deposit": "test_api_defi.py",
    "POST /lending/borrow": "test_api_defi.py",
    "POST /lending/repay": "test_api_defi.py",
    "POST /lending/liquidate": "test_api_defi.py",
    "POST /lending/score/{address}": "test_api_defi.py",
    "POST /game/episodes": "test_game_cli.py",
    "GET /fl/federations/{ref}": "test_fl_api.py",
    "GET /fl/federations/{ref}/rewards": "test_fl_api.py",
    "POST /fl/simulate": "test_fl_api.py",
    "GET /nft": "test_nft_api.py",
    "GET /nft/{token}": "test_nft_api.py",
    "GET /nft/{token}/metadata": "test_nft_api.py",
    "GET /nft/{token}/verify": "test_nft_api.py",
    "POST /nft/mint": "test_nft_api.py",
    "POST /nft/{token}/evolve": "test_nft_api.py",
}
# one concrete URL (or more) per GET path template; a new GET route must be added here
READS: dict[str, list[str]] = {
    "/health": ["/health"],
    "/status": ["/status"],
    "/blocks/{number}": ["/blocks/0", "/blocks/1"],
    "/events/recent": ["/events/recent", "/events/recent?kinds=finding"],
    "/guard/status": ["/guard/status"],
    "/guard/findings": ["/guard/findings", "/guard/findings?format=forta"],
    "/guard/targets": ["/guard/targets"],
    "/guard/decisions": ["/guard/decisions"],
    "/ledger/records/{index}": ["/ledger/records/0"],
    "/ledger/records/{index}/receipt": ["/ledger/records/0/receipt"],
    "/ledger/lineage/{ref}": ["/ledger/lineage/0"],
    "/markets": ["/markets"],
    "/markets/{ref}": ["/markets/0", "/markets/hub:0"],
    "/markets/{ref}/history": ["/markets/0/history", "/markets/hub:0/history"],
    "/markets/{ref}/quote": [
        "/markets/0/quote?outcome=Yes&shares=1",
        "/markets/0/quote?outcome=Yes&shares=2&side=sell",
        "/markets/hub:0/quote?outcome=Yes&shares=1",
    ],
    "/oracle/feeds": ["/oracle/feeds"],
    "/oracle/feeds/{name}/rounds": ["/oracle/feeds/SIM/USD/rounds?limit=3"],
    "/oracle/feeds/{name}/sources": ["/oracle/feeds/SIM/USD/sources"],
    "/oracle/feeds/{name}/history": ["/oracle/feeds/SIM/USD/history?limit=3"],
    "/identity": ["/identity"],
    "/identity/dids/{did}": ["/identity/dids/did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"],
    "/consent": ["/consent"],
    "/data/datasets": ["/data/datasets"],
    "/data/orders": ["/data/orders"],
    "/data/jobs": ["/data/jobs"],
    "/lending/pool": ["/lending/pool"],
    "/fees/advice": ["/fees/advice?within=3&probability=0.9"],
    "/validators/leaderboard": ["/validators/leaderboard?top=3"],
    "/validators/allocation": ["/validators/allocation?k=4"],
    "/portfolio/backtest": ["/portfolio/backtest?series=GOOG"],
    "/insurance/products": ["/insurance/products"],
    "/insurance/products/{name}": ["/insurance/products/sim-cover"],
    "/insurance/policies": ["/insurance/policies", "/insurance/policies?product=sim-cover"],
    "/insurance/claims": ["/insurance/claims"],
    "/disputes": ["/disputes"],
    "/oracle/feeds/{name}/forecast": ["/oracle/feeds/SIM/USD/forecast"],
    "/services": ["/services"],
    "/services/channels": ["/services/channels"],
    "/services/disputes": ["/services/disputes"],
    "/services/{sid}": ["/services/0"],
    "/jobs": ["/jobs"],
    "/jobs/{jid}": ["/jobs/0"],
    "/zk": ["/zk"],
    "/avatar": ["/avatar"],
    "/game": ["/game"],
    "/game/curve": ["/game/curve"],
    "/game/npcs/{name}": ["/game/npcs/merchant"],
    "/fl/federations": ["/fl/federations"],
}
# init code that sends the deployment's value straight back to the deployer: CALL(gas, caller, selfbalance)
BOUNCE_ETH = "600080808047335af100"
# reads that need state the contract fixture does not make (a deployed pool): checked in test_api_defi.py
SKIP_READS: set[str] = set()


# --- a node with every service, a market with a trade, a ledger record, oracle rounds ---------


def _ai_services(nx: Any) -> None:
    """An AI service with a channel, and a compute job (real rows for /services and /jobs)."""
    from nexus.aiaas.jobs import JobSpec
    from nexus.aiaas.service import job_board, service_registry

    a = nx.chain.accounts
    reg = service_registry(nx)
    sid = reg.register(b"\x01" * 32, price=10**12, stake=10**18, name="contract", sender=a[1])
    reg.open_channel(sid, 10**16, expiry=nx.chain.timestamp() + 3600, sender=a[2])
    job_board(nx).submit(
        JobSpec("def f():\n    return 1\n", "f", []),
        price=10**15,
        k=1,
        n=1,
        deadline=nx.chain.timestamp() + 3600,
        bond=10**14,
        window=60,
        arbiter=a[9],
        sender=a[1],
    )


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Iterator[tuple[Node, TestClient]]:
    home = tmp_path_factory.mktemp("contract-home")
    cache = getattr(pytestconfig, "cache", None)  # absent under -p no:cacheprovider
    if cache is not None:  # compiling LMSRMarket takes a while: share the build between runs
        shared = cache.mkdir("nexus-build") / "contracts"
        for name in CONTRACTS:
            compile_contract(name, shared)
        shutil.copytree(shared, home / "cache" / "contracts", dirs_exist_ok=True)
    with nexus.connect(home=home) as nx:
        markets = nexus.open_markets(nx)
        markets.faucet(nx.chain.default_account, 1000 * 10**18)
        markets.create("Contract?", ["Yes", "No"], 100 * 10**18, dispute_window=0)
        markets.create_on_hub("Hub?", ["Yes", "No"], 100 * 10**18, fee_bps=30)
        _ai_services(nx)
    settings = load_settings(home=home, ledger_batch_ms=20, oracle_interval=0.2, poll_interval=0.05)
    with build_node(settings) as node:
        app = create_app(node)
        yield node, TestClient(app, headers={"Authorization": f"Bearer {app.state.tokens.get()}"})


def _wait(what: str, ready: Any, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit  # a guard against a hung service, not a timing assertion
    while not ready():
        assert time.monotonic() < deadline, f"never ready: {what}"
        time.sleep(0.05)


def _routes(client: TestClient) -> dict[tuple[str, str], APIRoute]:
    """Every APIRoute by (method, path as /openapi.json writes it)."""
    out = {
        (m, r.path.replace(":path}", "}")): r
        for r in api_routes(client.app.routes)  # type: ignore[attr-defined]
        for m in r.methods or ()
    }
    documented = sum(len(ops) for ops in client.get("/openapi.json").json()["paths"].values())
    assert len([r for r in out.values() if r.include_in_schema]) == documented, "a route this test misses"
    return out


@pytest.fixture(scope="module")
def writes(env: tuple[Node, TestClient]) -> dict[str, Any]:
    """The answers of the writes, made once the services have something to show."""
    node, client = env
    out = {
        "POST /ledger/records": client.post("/ledger/records", json={"kind": "note", "payload": {"n": 1}}),
        "POST /markets/{ref}/trade": client.post(
            "/markets/0/trade", json={"side": "buy", "outcome": "Yes", "shares": "3"}
        ),
        "POST /events": client.post("/events", json={"kind": "test.note", "data": {"n": 1}}),
        "POST /scan": client.post(
            "/scan",
            json={
                "filename": "A.sol",
                "source": (
                    "pragma solidity ^0.8.0;\ncontract A {\n  function f() public {\n"
                    '    payable(msg.sender).call{value: 1}("");\n  }\n}\n'
                ),
            },
        ),
        "POST /guard/targets": client.post(
            "/guard/targets", json={"address": "0x" + "ab" * 20, "kind": "erc4626", "protocol": "vault"}
        ),
    }
    _wait("a receipt", lambda: client.get("/ledger/records/0/receipt").status_code == 200)
    out["POST /ledger/anchor"] = client.post("/ledger/anchor")
    out["POST /ledger/verify"] = client.post("/ledger/verify", json=client.get("/ledger/records/0/receipt").json())
    out.update(_identity_writes(node, client))
    guard: Any = next(s for s in node.services if s.name == "guard")
    oracle: Any = next(s for s in node.services if s.name == "oracle")
    # a real anomaly for the guard's model: a new contract that passes 5,000 ETH on from its constructor
    # (internal ETH far past the benign envelope; ordinary deployments, like the oracle's, raise none)
    assert node.nexus is not None
    node.nexus.chain.deploy(bytes.fromhex(BOUNCE_ETH), sender=node.nexus.chain.accounts[7], value=5_000 * 10**18)
    _wait(
        "a guard anomaly finding",
        lambda: any(f["alertId"] == "NEXUS-TX-ANOMALY" for f in guard.monitor.store.findings(limit=50)),
    )
    _wait("two oracle rounds", lambda: oracle.stats["rounds"] >= 2)
    out["POST /insurance/products"] = client.post(
        "/insurance/products",
        json={"name": "sim-cover", "feed": "SIM/USD", "tiers": [[10**6, "1"]], "pool": "5", "max_staleness": 10**6},
    )
    out["POST /insurance/products/{name}/buy"] = client.post("/insurance/products/sim-cover/buy", json={})
    out["POST /insurance/claims/trigger"] = client.post("/insurance/claims/trigger", json={})
    assert node.nexus is not None
    accounts = node.nexus.chain.accounts
    series = [2000.0 + (i % 7) for i in range(80)]
    nets = deploy_forecast(
        node.nexus,
        "SIM/USD",
        [dev_node_key(i, "contract forecast") for i in range(4)],
        [Forecaster().fit(series, list(range(1, 81)))] * 4,
        [lambda now: (series, 81)] * 4,
    )
    publish_forecast(nets)
    out["POST /disputes"] = client.post("/disputes", json={"feed": "SIM/USD", "value": 10**6, "sender": accounts[1]})
    out["POST /disputes/{assertion_id}/dispute"] = client.post("/disputes/1/dispute", json={"sender": accounts[2]})
    out["POST /disputes/{assertion_id}/assess"] = client.post("/disputes/1/assess")
    out["POST /disputes/{assertion_id}/settle"] = client.post(
        "/disputes/1/settle", json={"vote": False, "sender": accounts[6]}
    )
    return out


def _identity_writes(node: Node, client: TestClient) -> dict[str, Any]:
    """/identity, /consent and /data writes, with a credential and a listed dataset to act on."""
    from nexus.datamarket.service import data_market
    from nexus.identity import KeyPair, credential, issue_jwt

    key = KeyPair.generate()
    jwt = issue_jwt(credential(issuer=key.did, subject=None, claims={"age": 30}), key)
    market = data_market(node.require())
    assert market is not None
    ds = market.list_dataset("sha256:" + "ab" * 32, None, 10**15, sender=node.require().chain.default_account)
    grant = client.post("/consent", json={"grantee": key.did, "fields": ["age"], "purpose": "training"})
    return {
        "POST /identity/verify": client.post("/identity/verify", json={"credential": jwt}),
        "POST /consent": grant,
        "POST /consent/{grant_id}/revoke": client.post(f"/consent/{grant.json()['id']}/revoke", json={}),
        "POST /data/datasets/{dataset}/buy": client.post(f"/data/datasets/{ds}/buy", json={}),
    }


# --- (c) every route is documented -----------------------------------------------------------


def _documented(schema: dict[str, Any]) -> bool:
    if "$ref" in schema:
        return True
    if schema.get("type") == "array":
        return _documented(schema.get("items", {}))
    return bool(schema.get("anyOf")) and all(_documented(s) for s in schema["anyOf"])


def test_every_route_declares_its_answer_in_openapi(env: tuple[Node, TestClient]) -> None:
    _, client = env
    doc = client.get("/openapi.json").json()
    assert doc["paths"], doc
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            ok = {c: r for c, r in op["responses"].items() if c.startswith("2")}
            if path in PROTOCOLS:  # its own envelope: documented in words, checked in its own tests
                assert ok and all(r["description"] for r in ok.values()), path
                continue
            assert len(ok) == 1, (method, path)
            content = next(iter(ok.values())).get("content", {})
            if method == "get" and path in STREAMS:
                assert list(content) == ["text/event-stream"] and next(iter(ok.values()))["description"], path
                continue
            assert list(content) == ["application/json"], (method, path)
            assert _documented(content["application/json"]["schema"]), f"{method} {path} has no model"
    routes = _routes(client)
    assert all(
        has_model(r.response_model)
        for (m, p), r in routes.items()
        if r.include_in_schema and (m, p) not in {("GET", s) for s in STREAMS} and p not in PROTOCOLS
    ), "a route without a model"


def test_elsewhere_checks_exist(env: tuple[Node, TestClient]) -> None:
    """Each route in ELSEWHERE exists and its test module checks answers with `check_answer` for it."""
    _, client = env
    routes = _routes(client)
    here = Path(__file__).parent
    for name, module in ELSEWHERE.items():
        method, template = name.split(" ", 1)
        assert (method, template) in routes, name
        text = (here / module).read_text()
        assert "check_answer(" in text and re.search(rf'"{method}",\s*"{re.escape(template)}"', text), (name, module)


def test_findings_are_snake_case_and_forta_only_when_asked(
    env: tuple[Node, TestClient], writes: dict[str, Any]
) -> None:
    _, client = env
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert {"alert_id", "block_number", "tx_hash", "dedup_scope"} <= set(schemas["Finding"]["properties"])
    assert {"alertId", "blockNumber", "txHash", "dedupScope"} <= set(schemas["FortaFinding"]["properties"])
    snake = client.get("/guard/findings").json()
    forta = client.get("/guard/findings?format=forta").json()
    assert snake and len(snake) == len(forta)
    for s, f in zip(snake, forta, strict=True):
        assert "alertId" not in s and "blockNumber" not in s and "entityType" not in str(s)
        assert (s["alert_id"], s["block_number"], s["tx_hash"]) == (f["alertId"], f["blockNumber"], f["txHash"])
        assert s["labels"][0]["entity_type"] == f["labels"][0]["entityType"] == "Address"
    events = client.get("/events/recent?kinds=finding").json()["events"]
    assert events and all("alert_id" in e["data"] and "alertId" not in e["data"] for e in events)
    assert client.get("/guard/findings?format=camel").status_code == 422


# --- (b) every answer matches its model ----------------------------------------------------


def test_every_read_answers_what_its_model_declares(env: tuple[Node, TestClient], writes: dict[str, Any]) -> None:
    _, client = env
    routes = _routes(client)
    gets = {p for (m, p), r in routes.items() if m == "GET" and r.include_in_schema} - STREAMS
    gets -= {k.split(" ", 1)[1] for k in ELSEWHERE if k.startswith("GET ")}
    assert gets - SKIP_READS == set(READS), "add the new GET route to READS (or to ELSEWHERE, checked in its own test)"
    for template, urls in READS.items():
        for url in urls:
            first = client.get(url)
            assert first.status_code == 200, (url, first.text)
            check_route(routes[("GET", template)], first.json(), url)
            again = client.get(url)  # from the read cache unless the node moved on: valid either way
            assert again.status_code == 200, url
            check_route(routes[("GET", template)], again.json(), url)
    record = client.get(f"/ledger/records/{writes['POST /ledger/records'].json()['id']}").json()
    assert record["payload"] == {"n": 1} and record["idempotency_key"] is None  # nulls stay
    history = client.get("/markets/0/history").json()["points"]
    assert "side" not in history[0] and history[-1]["side"] == "buy"  # absent stays absent


def test_every_write_answers_what_its_model_declares(env: tuple[Node, TestClient], writes: dict[str, Any]) -> None:
    _, client = env
    routes = _routes(client)
    posts = {f"POST {p}" for (m, p), r in routes.items() if m == "POST" and p not in PROTOCOLS} - set(ELSEWHERE)
    assert posts == set(writes), "add the new write to the `writes` fixture (or to ELSEWHERE)"
    for name, resp in writes.items():
        assert resp.status_code in (200, 201), (name, resp.text)
        check_route(routes[tuple(name.split(" ", 1))], resp.json(), name)  # type: ignore[index]
    assert writes["POST /ledger/verify"].json()["valid"] is True
    assert writes["POST /scan"].json()["findings"], "the scan found nothing to check the model with"


def test_an_unwell_node_still_answers_with_its_model(env: tuple[Node, TestClient]) -> None:
    node, client = env
    svc = next(s for s in node.services if s.name == "blocks")
    real = svc.health
    svc.health = lambda: {"ok": False, "error": "stuck"}  # type: ignore[method-assign]
    try:
        r = client.get("/health")
    finally:
        svc.health = real  # type: ignore[method-assign]
    assert r.status_code == 503
    body = check_route(_routes(client)[("GET", "/health")], r.json(), "/health")
    assert body.ok is False and body.services["blocks"].error == "stuck"


# --- (a) the dashboard calls only endpoints that exist --------------------------------------


def _js() -> dict[str, str]:
    return {str(p.relative_to(JS)): p.read_text("utf-8") for p in sorted(JS.rglob("*.js"))}


def _routes_table() -> dict[str, tuple[str, str]]:
    text = (JS / "api.js").read_text("utf-8")
    block = re.search(r"export const ROUTES = Object\.freeze\(\{(.*?)\}\);", text, re.S)
    assert block, "api.js has no ROUTES table"
    entries = re.findall(r'^\s*(\w+):\s*"(GET|POST|PUT|PATCH|DELETE) (/[^"\s]*)",\s*$', block.group(1), re.M)
    assert len(entries) == block.group(1).count(":"), "a ROUTES entry this test cannot read"
    return {name: (method, path) for name, method, path in entries}


def test_every_path_the_dashboard_calls_exists_with_its_method(env: tuple[Node, TestClient]) -> None:
    _, client = env
    paths = client.get("/openapi.json").json()["paths"]
    table = _routes_table()
    assert len(table) >= 15
    for name, (method, path) in table.items():
        assert method.lower() in paths.get(path, {}), f"ROUTES.{name}: {method} {path} is not in /openapi.json"
    for file, text in _js().items():
        # no path is written anywhere but the table: calls go through route("name")
        literal = re.findall(r"""\b(?:get|post|fetch|connect|EventSource)\(\s*[`"'](/[^`"']*)""", text)
        assert literal == [], f"{file} calls {literal} outside ROUTES"
        assert not re.search(r"""[`"']/openapi\.json""", text), f"{file} reads the OpenAPI document"
        used = re.findall(r'\broute\("(\w+)"', text)
        checked = re.findall(r'\b(get|post|del|connect)\(\s*(?:`\$\{)?route\("(\w+)"', text)
        assert len(used) == len(checked), f"{file}: a route() outside get/post/del/connect"
        for call, name in checked:
            assert name in table, f"{file}: route({name!r}) is not in ROUTES"
            want = {"post": "POST", "del": "DELETE"}.get(call, "GET")
            assert table[name][0] == want, f"{file}: {call}(route({name!r})) but it is {table[name][0]}"


def test_the_alert_feed_reads_snake_case_only() -> None:
    text = (JS / "views" / "alerts.js").read_text("utf-8")
    camel = re.findall(r"\.(alertId|blockNumber|txHash|dedupScope|entityType)\b", text)
    assert camel == [], camel
    assert all(f in text for f in ("f.alert_id", "f.block_number", "f.tx_hash"))


def test_errors_are_documented_as_the_shape_they_have(env: tuple[Node, TestClient]) -> None:
    _, client = env
    doc = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in str(doc) and "ErrorBody" in doc["components"]["schemas"]
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    for ops in doc["paths"].values():
        for op in ops.values():
            assert op["responses"]["default"]["content"] == error
            assert all(r["content"] == error for c, r in op["responses"].items() if c in ("401", "403", "422"))
    answers = [
        client.get("/guard/findings?format=camel"),
        client.get("/ledger/records/999999"),
        client.post("/ledger/anchor", headers={"Authorization": "Bearer nxs_wrong-wrong-wrong"}),
        client.get("/no/such/path"),
    ]
    assert [r.status_code for r in answers] == [422, 404, 403, 404]
    for r in answers:
        assert list(ErrorBody.model_validate(r.json()).model_dump()) == ["error"] == list(r.json())
