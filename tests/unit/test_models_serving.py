"""Serving obeys the DAO (issue 17, items 3-4): `nexus.models.load` serves only the registry's active,
fingerprint-checked version; the fairness gate refuses a biased model at execution even after it
won its vote; the bound changes only by vote; a running node follows activations block by block;
`@nexus.audited` records the version; `nexus model register --fairness-report` attaches the audit."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from apicontract import check_answer
from gov_env import ADDR, build_cache
from typer.testing import CliRunner

import nexus
from nexus.cli import app
from nexus.exceptions import ContractReverted, GovernanceStateError, ModelNotServable
from nexus.governance import GovConfig
from nexus.governance import service as gov
from nexus.models import ModelService
from nexus.models import register as register_version
from nexus.node import BlockStream, Node
from nexus.settings import load_settings

pytest.importorskip("fairlearn")
pytest.importorskip("skops")
GERMAN = Path(__file__).resolve().parents[3] / "shared" / "data" / "credit-fairness" / "german.data"
if not GERMAN.exists():
    GERMAN = Path("/work/shared/data/credit-fairness/german.data")
PROTECTED = ["sex", "age_group"]


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A German-credit logistic model using age and personal status (biased) and one without them
    (fairer), each saved as .skops with its fairlearn audit report."""
    from nexus.fairness import load_german, save_model
    from nexus.fairness.baseline import baseline_model
    from nexus.fairness.report import FairnessReport
    from nexus.fairness.service import run

    root = tmp_path_factory.mktemp("models")
    ds = load_german(GERMAN)
    out: dict[str, Any] = {}
    for name, drop in (("biased", PROTECTED), ("fair", [*PROTECTED, "age", "personal_status", "foreign_worker"])):
        model = baseline_model(ds.X, drop=drop).fit(ds.X, ds.y)
        path = save_model(model, root / f"{name}.skops")
        report = run(model, ds, PROTECTED)
        (root / f"{name}.json").write_text(
            FairnessReport({k: v for k, v in report["report"].items() if k != "fingerprint"}).dumps()
        )
        out[name] = {
            "path": path,
            "report": root / f"{name}.json",
            "metric": report["metric_1e6"],
            "fingerprint": report["fingerprint"],
        }
    assert out["biased"]["metric"] > out["fair"]["metric"]  # the premise of the story
    out["bound"] = (out["biased"]["metric"] + out["fair"]["metric"]) // 2
    return out


@pytest.fixture
def home(nexus_home: Path) -> Path:
    shutil.copytree(build_cache() / "contracts", nexus_home / "cache" / "contracts", dirs_exist_ok=True)
    return nexus_home


def _setup(nx: Any) -> Any:
    g = gov.open_governance(nx).setup(GovConfig(min_delay=60, voting_period=5, max_fairness_gap=1_000_000))
    g.token.transfer(ADDR[1], 100_000 * 10**18)
    g.token.delegate(ADDR[1], sender=ADDR[1])
    return g


def _pass(nx: Any, g: Any, *proposals: Any) -> None:
    """Vote for, close, queue and wait out the timelock of every proposal given."""
    nx.chain.mine(2)
    for p in proposals:
        g.vote(p.id, "for")
    nx.chain.mine(6)
    for p in proposals:
        g.queue(p)
    nx.chain.mine(1, seconds=61)


def test_a_biased_model_wins_its_vote_but_the_gate_refuses_it_and_a_fairer_one_serves(
    home: Path, models: dict[str, Any]
) -> None:
    with nexus.connect() as nx:
        with pytest.raises(ModelNotServable, match="no model registry"):
            nexus.models.load("credit", nexus=nx)
        g = _setup(nx)
        biased = register_version(nx, "credit", models["biased"]["path"], fairness_report=models["biased"]["report"])
        fair = register_version(nx, "credit", models["fair"]["path"], fairness_report=models["fair"]["report"])
        assert biased["fairness_gap_raw"] == models["biased"]["metric"]
        assert biased["fairness_report"] == "0x" + models["biased"]["fingerprint"].removeprefix("sha256:")
        assert biased["fairness_record"] is not None and Path(biased["stored"]).is_file()
        with pytest.raises(ModelNotServable, match="no active version"):
            nexus.models.load("credit", nexus=nx)
        # the bound changes only by vote: the owner of the token cannot set it directly
        with pytest.raises(ContractReverted, match="registry: not admin"):
            g.registry.contract.setMaxFairnessGap(0, sender=nx.chain.default_account)
        a = g.propose_activation("credit", biased["version"])  # allowed under today's permissive bound
        assert "fairness report sha256:" in a.description
        b = g.propose_max_fairness_gap(models["bound"])
        _pass(nx, g, a, b)
        gov.execute(nx, str(b.id))
        assert int(g.registry.contract.maxFairnessGap()) == models["bound"]
        head = nx.chain.block_number()
        with pytest.raises(GovernanceStateError) as err:
            gov.execute(nx, str(a.id))
        assert "registry: fairness gap above the maximum" in str(err.value) and "\n" not in str(err.value)
        assert g.state(a.id) == "queued" and g.registry.active_version("credit") == 0
        assert nx.chain.block_number() == head  # nothing sent
        c = g.propose_activation("credit", fair["fingerprint"], description="the fairer one")
        _pass(nx, g, c)
        gov.execute(nx, str(c.id))
        m = nexus.models.load("credit", nexus=nx)
        assert m.governed_version == {"name": "credit", "version": fair["version"], "fingerprint": fair["fingerprint"]}
        from nexus.fairness import load_german

        ds = load_german(GERMAN)
        assert set(m.predict(ds.X[:20]).tolist()) <= {0, 1}


def test_load_refuses_paused_unstored_and_tampered_models(home: Path, models: dict[str, Any]) -> None:
    with nexus.connect() as nx:
        g = _setup(nx)
        v = register_version(nx, "credit", models["fair"]["path"], fairness_report=models["fair"]["report"])
        p = g.propose_activation("credit", 1)
        _pass(nx, g, p)
        g.execute(p)
        stored = Path(v["stored"])
        assert nexus.models.load("credit", nexus=nx).version == 1
        g.registry.contract.pause(b"credit".ljust(32, b"\0"), sender=g.registry.contract.guardian())
        with pytest.raises(ModelNotServable, match="model paused"):
            nexus.models.load("credit", nexus=nx)
        # resume through the DAO again
        p2 = g.propose(
            [g.registry.address],
            [0],
            [g.registry.contract.abi.encode_call("unpause", (b"credit".ljust(32, b"\0"),))],
            "resume credit",
        )
        _pass(nx, g, p2)
        g.execute(p2)
        assert nexus.models.load("credit", nexus=nx).version == 1
        original = stored.read_bytes()
        stored.write_bytes(original + b"\0")  # the stored copy no longer is what the DAO voted on
        with pytest.raises(ModelNotServable, match="refused") as err:
            nexus.models.load("credit", nexus=nx)
        assert "\n" not in str(err.value)
        shutil.rmtree(stored.parent)
        with pytest.raises(ModelNotServable, match="not in the local model store"):
            nexus.models.load("credit", nexus=nx)
        with pytest.raises(ModelNotServable, match="no active version"):
            nexus.models.load("other", nexus=nx)


def test_audited_records_the_active_version(home: Path, models: dict[str, Any], tmp_path: Path) -> None:
    from nexus.ledger import open_ledger

    with nexus.connect() as nx:
        g = _setup(nx)
        v = register_version(nx, "credit", models["fair"]["path"], fairness_report=models["fair"]["report"])
        p = g.propose_activation("credit", 1)
        _pass(nx, g, p)
        g.execute(p)
        m = nexus.models.load("credit", nexus=nx)
    from nexus.fairness import load_german

    row = load_german(GERMAN).X[:1]
    with open_ledger(load_settings()) as led:
        decide = nexus.audited(model=m, ledger=led)(lambda x: int(m.predict(x)[0]))
        handle = decide.audit(row)
        payload = led.record(handle.id).payload
    assert payload["model"] == "credit"
    assert payload["model_version"] == {"name": "credit", "version": 1, "fingerprint": v["fingerprint"]}


def test_a_running_node_serves_a_new_activation_from_the_block_that_carried_it(
    home: Path, models: dict[str, Any]
) -> None:
    with nexus.connect() as nx:
        g = _setup(nx)
        for name in ("biased", "fair"):
            register_version(nx, "credit", models[name]["path"], fairness_report=models[name]["report"])
        p = g.propose_activation("credit", 1)
        _pass(nx, g, p)
        g.execute(p)
        q = g.propose_activation("credit", 2)
        _pass(nx, g, q)
    settings = load_settings(ledger_anchor=False)
    svc = ModelService(settings)
    with Node(settings, [BlockStream(0.05), svc]) as node:
        assert svc.get("credit").version == 1 and svc.health()["models"]["credit"]["version"] == 1
        nx = node.require()
        g = gov.open_governance(nx)
        g.execute(g.get(str(q.id)))
        block = nx.chain.block_number()
        deadline = time.monotonic() + 30
        while svc.next_block <= block and time.monotonic() < deadline:
            time.sleep(0.02)
        assert svc.next_block > block  # the stream handed the block over ...
        assert svc.get("credit").version == 2  # ... and the new version serves, no restart
        g.registry.contract.pause(b"credit".ljust(32, b"\0"), sender=g.registry.contract.guardian())
        block = nx.chain.block_number()
        while svc.next_block <= block and time.monotonic() < deadline:
            time.sleep(0.02)
        with pytest.raises(ModelNotServable, match="paused"):
            svc.get("credit")
        assert "refused" in svc.health()["models"]["credit"]


def test_without_a_registry_the_guard_falls_back_to_the_bundled_fraud_model(home: Path) -> None:
    from nexus.guard.fraud.model import FraudModel, served_model
    from nexus.models import serving_loader

    with nexus.connect() as nx:
        m, source = served_model(serving_loader(nx))
        assert isinstance(m, FraudModel) and source.startswith("bundled")
        _setup(nx)  # a registry now exists: no fallback, the DAO must have activated a fraud model
        with pytest.raises(ModelNotServable, match="fraud"):
            served_model(serving_loader(nx))


runner = CliRunner()


def test_cli_register_attaches_the_report_and_refuses_bad_input(
    home: Path, models: dict[str, Any], tmp_path: Path
) -> None:
    def run(*args: str) -> Any:
        result = runner.invoke(app, list(args))
        assert "Traceback" not in result.stdout + result.stderr
        return result

    edited = tmp_path / "edited.json"
    data = json.loads(models["biased"]["report"].read_text())
    data["gate"]["value_1e6"] = 1  # claims to be fair
    edited.write_text(json.dumps(data))
    r = run("model", "register", "credit", str(models["biased"]["path"]), "--fairness-report", str(edited))
    assert r.exit_code == 81 and len(r.stderr.strip().splitlines()) == 1 and "edited" in r.stderr
    # the fair model's report does not describe the biased model's file
    r = run(
        "model", "register", "credit", str(models["biased"]["path"]), "--fairness-report", str(models["fair"]["report"])
    )
    assert r.exit_code == 81 and "not biased.skops" in r.stderr
    assert not (home / "deployments").exists()  # refused before anything was deployed
    r = run(
        "model",
        "register",
        "credit",
        str(models["fair"]["path"]),
        "--fairness-report",
        str(models["fair"]["report"]),
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["fairness_gap_raw"] == models["fair"]["metric"]
    assert out["fairness_report_fingerprint"] == models["fair"]["fingerprint"]
    r = run("gov", "propose")
    assert r.exit_code == 71 and "one of --activate" in r.stderr
    r = run("gov", "propose", "--max-fairness-gap", "2")
    assert r.exit_code == 71 and "between 0 and 1" in r.stderr
    r = run("gov", "propose", "--activate", "credit@bounty:x")
    assert r.exit_code == 86 and len(r.stderr.strip().splitlines()) == 1
    r = run("gov", "propose", "--max-fairness-gap", "0.1", "--json")
    assert r.exit_code == 0 and "maximum fairness gap to 0.1" in json.loads(r.stdout)["description"]


def test_guard_score_serves_the_daos_fraud_model_and_refuses_an_unactivated_one(home: Path, tmp_path: Path) -> None:
    from nexus.guard.fraud import FEATURE_COLUMNS, default_model_path

    data = tmp_path / "accounts.csv"
    data.write_text(",".join(FEATURE_COLUMNS) + "\n" + ",".join("1" for _ in FEATURE_COLUMNS) + "\n")
    r = runner.invoke(app, ["guard", "score", str(data), "--out", str(tmp_path / "o0.csv")])
    assert r.exit_code == 0 and "fraud model: bundled (no model registry deployed)" in r.stderr
    with nexus.connect() as nx:
        g = _setup(nx)
        register_version(nx, "fraud", default_model_path())
    r = runner.invoke(app, ["guard", "score", str(data), "--out", str(tmp_path / "o1.csv")])
    assert r.exit_code == 75 and r.stderr.strip().splitlines() == [r.stderr.strip()]
    assert "no active version" in r.stderr and not (tmp_path / "o1.csv").exists()
    with nexus.connect() as nx:
        g = gov.open_governance(nx)
        p = g.propose_activation("fraud", 1)
        _pass(nx, g, p)
        g.execute(p)
    r = runner.invoke(app, ["guard", "score", str(data), "--out", str(tmp_path / "o2.csv")])
    assert r.exit_code == 0 and "fraud model: registry: fraud v1 sha256:" in r.stderr
    assert (tmp_path / "o2.csv").read_text() == (tmp_path / "o0.csv").read_text()  # the same model, governed


def test_simulated_markets_use_a_forecaster_the_dao_governs_without_refitting_it() -> None:
    from nexus.markets.agents import Forecaster, LogisticModel, SimConfig, default_agents, run_simulation

    class Governed(LogisticModel):
        governed_version = {"name": "forecaster-logistic", "version": 3, "fingerprint": "sha256:" + "0" * 64}

        def fit(self, X: Any, y: Any) -> Any:
            raise AssertionError("a governed model is served as voted, never refit")

        def predict_proba(self, x: Any) -> list[float]:
            return [0.5, 0.5]

    served = Governed()
    asked: list[str] = []

    def loader(name: str) -> Any:
        asked.append(name)
        return served if name == "forecaster-logistic" else None

    agents = default_agents(SimConfig(), lambda: 0.1, loader)
    assert [a.model is served for a in agents if isinstance(a, Forecaster)] == [True, False, False]
    assert asked == ["forecaster-logistic", "forecaster-bayes", "forecaster-ensemble"]
    report = run_simulation(SimConfig(events=3, rounds=2, train=40), model_loader=loader)
    assert set(report.scores) >= {"logistic", "bayes", "ensemble"}


def test_api_serves_the_active_versions_fairness_report_and_health(home: Path, models: dict[str, Any]) -> None:
    from fastapi.testclient import TestClient

    from nexus.api import create_app
    from nexus.ledger.service import LedgerService

    with nexus.connect() as nx:
        g = _setup(nx)
        v = register_version(nx, "credit", models["fair"]["path"], fairness_report=models["fair"]["report"])
        register_version(nx, "plain", models["biased"]["path"])  # no report attached
        for name in ("credit", "plain"):
            p = g.propose_activation(name, 1)
            _pass(nx, g, p)
            g.execute(p)
    settings = load_settings(ledger_anchor=False)
    with Node(settings, [LedgerService(settings), BlockStream(0.05), ModelService(settings)]) as node:
        client = TestClient(create_app(node))
        f = client.get("/models/credit/fairness").json()
        check_answer(client.app, "GET", "/models/{name}/fairness", f)
        assert f["version"] == 1 and f["fingerprint"] == v["fingerprint"] and f["max_fairness_gap"] == 1.0
        assert f["report_fingerprint"] == models["fair"]["fingerprint"] and f["record"] == v["fairness_record"]
        assert f["report"]["gate"]["value_1e6"] == models["fair"]["metric"]
        assert set(f["report"]["attributes"]) == set(PROTECTED)
        plain = client.get("/models/plain/fairness").json()
        assert plain["report_fingerprint"] is None and plain["report"] is None
        assert client.get("/models/nope/fairness").status_code == 404
        health = client.get("/health").json()
        assert "credit" in json.dumps(health) and v["fingerprint"] in json.dumps(health)


def test_the_node_hands_the_guard_the_model_services_loader(nexus_home: Path) -> None:
    from nexus.guard.service import GuardService
    from nexus.services import default_services

    settings = load_settings(oracle=False)
    services = default_services(settings)
    models_svc = next(s for s in services if isinstance(s, ModelService))
    guard = next(s for s in services if isinstance(s, GuardService))
    assert guard.model_loader == models_svc.loader
    assert guard._fraud_source() == "bundled (no model registry deployed)"  # not started: no registry

    def refused(name: str) -> Any:
        raise ModelNotServable(f"models: {name!r} is not servable: registry: model paused")

    guard.model_loader = refused
    assert guard._fraud_source().startswith("refused: models: 'fraud'")
    with pytest.raises(ModelNotServable):
        guard.fraud_model()
    assert not any(isinstance(s, ModelService) for s in default_services(load_settings(oracle=False, models=False)))
