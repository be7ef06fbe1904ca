"""`nexus model` and `nexus gov` across separate invocations (register, propose, signed and direct
votes, queue, timelock, execute; one-line errors that change nothing), and the /governance and
/models API routers."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from apicontract import check_answer
from fastapi.testclient import TestClient
from gov_env import ADDR, KEYS, build_cache
from typer.testing import CliRunner

import nexus
from nexus.api import create_app
from nexus.cli import app
from nexus.governance import GovConfig, sign_ballot
from nexus.governance import service as gov_service
from nexus.node import Node
from nexus.services import build_node
from nexus.settings import load_settings

runner = CliRunner()


@pytest.fixture
def home(nexus_home: Path) -> Path:
    shutil.copytree(build_cache() / "contracts", nexus_home / "cache" / "contracts", dirs_exist_ok=True)
    return nexus_home


def run(*args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    return result


def ok(*args: str) -> dict:  # type: ignore[type-arg]
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def fails(code: int, fragment: str, *args: str) -> None:
    result = run(*args)
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], lines


def test_cli_activates_a_model_through_a_signed_and_a_direct_vote(home: Path, tmp_path: Path) -> None:
    model = tmp_path / "model.bin"
    model.write_bytes(b"weights v1" * 100)
    assert ok("model", "list") == [] and ok("gov", "list") == []  # nothing deployed yet: empty, not an error
    fails(70, "nexus gov setup", "gov", "status", "#0")
    ok("gov", "setup", "--min-delay", "60", "--voting-period", "12")
    assert run("gov", "transfer", "1", "100000").exit_code == 0
    assert run("gov", "delegate", "1", "--from", "1").exit_code == 0
    reg = ok("model", "register", "fraud", str(model), "--fairness-gap", "0.05")
    assert reg["version"] == 1 and reg["fairness_gap"] == 0.05 and reg["ledger_record"] is not None
    assert reg["fingerprint"] == nexus.fingerprint(model).digest and reg["lineage"] != "0x" + "00" * 32
    fails(71, "already has this fingerprint", "model", "register", "fraud", str(model))
    assert ok("model", "active", "fraud")["active"] is None
    p = ok("gov", "propose", "--activate", f"fraud@{reg['fingerprint']}")
    assert p["state"] == "pending" and p["index"] == 0
    fails(73, "is pending", "gov", "vote", "#0", "for")
    run("gov", "advance", "--blocks", "2")
    ballot = tmp_path / "b1.json"
    assert run("gov", "vote", "#0", "for", "--sign", "--from", "1", "--out", str(ballot)).exit_code == 0
    assert json.loads(ballot.read_text())["voter"] == ADDR[1]
    head = ok("gov", "status", "#0")["block_number"]
    out = ok("gov", "submit-votes", "#0", str(ballot))
    assert out["counted"] == 1 and out["status"]["votes"]["for"] == str(100_000 * 10**18)
    fails(71, "already voted", "gov", "submit-votes", "#0", str(ballot))  # replay: refused before sending
    assert ok("gov", "status", "#0")["block_number"] == head + 1
    assert ok("gov", "vote", "#0", "against")["weight"] == str(900_000 * 10**18)
    fails(73, "already voted", "gov", "vote", "#0", "for")
    fails(73, "needs succeeded", "gov", "queue", "#0")
    fails(71, "for, against or abstain", "gov", "vote", "#0", "maybe")
    fails(72, "no proposal", "gov", "status", "123456789012345")
    run("gov", "advance", "--blocks", "12")
    assert ok("gov", "status", "#0")["state"] == "defeated"  # 900k against 100k

    # a second proposal passes, waits for the timelock, then activates the version
    p2 = ok("gov", "propose", "--activate", "fraud@1", "--description", "activate again")
    run("gov", "advance", "--blocks", "2")
    ok("gov", "vote", str(p2["id"]), "for")
    run("gov", "advance", "--blocks", "12")
    assert ok("gov", "queue", "#1")["state"] == "queued"
    fails(73, "timelocked", "gov", "execute", "#1")
    run("gov", "advance", "--seconds", "61")
    assert ok("gov", "execute", "#1")["state"] == "executed"
    active = ok("model", "active", "fraud")
    assert active["active_version"] == 1 and active["serving"] == reg["fingerprint"]
    assert [r["state"] for r in ok("gov", "list")] == ["defeated", "executed"]
    assert ok("model", "list")[0]["active_version"] == 1


@pytest.fixture
def started(home: Path) -> Iterator[tuple[Node, TestClient, dict]]:  # type: ignore[type-arg]
    with nexus.connect() as nx:  # the SDK: set up before the node takes the chain
        gov = gov_service.open_governance(nx).setup(GovConfig(min_delay=60, voting_period=20))
        gov.token.transfer(ADDR[1], 50_000 * 10**18)
        gov.token.delegate(ADDR[1], sender=ADDR[1])
        gov.registry.register("fraud", "sha256:" + "ab" * 32, fairness_gap=10_000)
        p = gov.propose_activation("fraud", 1)
        nx.chain.mine(2)
        info = {"id": p.id, "governor": gov.governor.address, "chain_id": nx.chain.chain_id}
    with build_node(load_settings(ledger_anchor=False)) as node:
        api = create_app(node)
        yield node, TestClient(api, headers={"Authorization": f"Bearer {api.state.tokens.get()}"}), info


def test_api_lists_proposals_counts_ballots_and_serves_models(started) -> None:  # type: ignore[no-untyped-def]
    node, client, info = started
    app = client.app
    rows = client.get("/governance/proposals").json()
    assert [r["state"] for r in rows] == ["active"] and rows[0]["id"] == str(info["id"])
    assert rows[0]["votes"] == {"for": "0", "against": "0", "abstain": "0"}
    check_answer(app, "GET", "/governance/proposals", rows)
    ballots = [
        sign_ballot(KEYS[i], info["chain_id"], info["governor"], info["id"], s, 0).to_json()
        for i, s in [(0, "for"), (1, "against")]
    ]
    anon = TestClient(client.app)
    assert anon.post("/governance/proposals/0/ballots", json={"ballots": ballots}).status_code == 401
    r = client.post("/governance/proposals/0/ballots", json={"ballots": ballots})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["counted"] == 2 and body["status"]["votes"] == {
        "for": str(950_000 * 10**18),
        "against": str(50_000 * 10**18),
        "abstain": "0",
    }
    check_answer(app, "POST", "/governance/proposals/{ref}/ballots", body)
    again = client.post("/governance/proposals/0/ballots", json={"ballots": ballots[:1]})
    assert again.status_code == 400 and "already voted" in again.json()["error"]
    assert client.post("/governance/proposals/0/queue").status_code == 409  # still active
    assert client.get("/governance/proposals/99999999999").status_code == 404
    detail = client.get(f"/governance/proposals/{info['id']}").json()
    assert detail["votes"]["for"] == str(950_000 * 10**18)
    check_answer(app, "GET", "/governance/proposals/{ref}", detail)
    models = client.get("/models").json()
    assert models[0]["name"] == "fraud"
    check_answer(app, "GET", "/models", models)
    m = client.get("/models/fraud").json()
    assert m["active"] is None and [v["fairness_gap"] for v in m["version_list"]] == [0.01]
    check_answer(app, "GET", "/models/{name}", m)
    assert client.get("/models/fraud/active").json()["serving"] is None
    chain = node.require().chain
    chain.mine(21)  # past the voting period: passed
    queued = client.post("/governance/proposals/0/queue")
    assert queued.status_code == 200 and queued.json()["state"] == "queued", queued.text
    check_answer(app, "POST", "/governance/proposals/{ref}/queue", queued.json())
    assert client.post("/governance/proposals/0/execute").status_code == 409  # the timelock still runs
    chain.mine(1, seconds=61)
    done = client.post("/governance/proposals/0/execute")
    assert done.status_code == 200, done.text
    check_answer(app, "POST", "/governance/proposals/{ref}/execute", done.json())
    active = client.get("/models/fraud/active").json()
    assert active["serving"] == "sha256:" + "ab" * 32
    check_answer(app, "GET", "/models/{name}/active", active)
    assert client.get("/models/nope").status_code == 404
