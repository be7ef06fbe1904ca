"""`nexus bounty` end to end on the embedded chain (create, commit, reveal, judge, claim across
invocations, one-line errors) and the `/bounties` API (open reads, token-guarded writes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apicontract import check_answer
from fastapi.testclient import TestClient
from typer.testing import CliRunner

pytest.importorskip("skops")

import nexus  # noqa: E402
from nexus.api import create_app  # noqa: E402
from nexus.cli import app  # noqa: E402
from nexus.fairness import load_data, save_model  # noqa: E402
from nexus.fairness.baseline import baseline_model  # noqa: E402
from nexus.services import build_node  # noqa: E402
from nexus.settings import load_settings  # noqa: E402

GERMAN = next(
    (
        p / "shared/data/credit-fairness/german.data"
        for p in Path(__file__).resolve().parents
        if (p / "shared/data/credit-fairness/german.data").is_file()
    ),
    Path("/work/shared/data/credit-fairness/german.data"),
)
pytestmark = pytest.mark.skipif(not GERMAN.is_file(), reason="shared UCI data not present")
runner = CliRunner()


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


def _travel(seconds: int) -> None:
    with nexus.connect() as nx:
        nx.chain.time_travel(seconds=seconds)


def test_bounty_lifecycle_through_the_cli_and_the_api(nexus_home: Path, tmp_path: Path) -> None:
    from sklearn.dummy import DummyClassifier

    ds = load_data(GERMAN)
    train, y = ds.X.iloc[:700], ds.y.iloc[:700]
    models = nexus_home / "bounty" / "models"
    models.mkdir(parents=True)
    save_model(baseline_model(train, drop=["age_group"]).fit(train, y), models / "good.skops")
    save_model(DummyClassifier().fit(train, y), models / "prior.skops")
    test = nexus_home / "bounty" / "test.csv"
    ds.X.iloc[700:].assign(label=ds.y.iloc[700:]).to_csv(test, index=False)

    one_line_error(run("bounty", "create", "--test", str(tmp_path / "none.csv")), 86, "no such test-set file")
    one_line_error(run("bounty", "create", "--test", str(test), "--reward", "abc"), 86, "not a number")
    made = ok(
        "bounty",
        "create",
        "--test",
        str(test),
        "--reward",
        "2",
        "--commit",
        "100",
        "--reveal",
        "100",
        "--dispute",
        "100",
    )
    assert made["id"] == 0 and made["test_set"].startswith("0x")
    ok("bounty", "commit", "0", str(models / "prior.skops"), "--from", "1")
    good = ok("bounty", "commit", "0", str(models / "good.skops"), "--from", "2")
    one_line_error(run("bounty", "reveal", "0", "--from", "2"), 5, "commit phase still open")
    one_line_error(run("bounty", "reveal", "0", "--from", "3"), 86, "no saved salt")
    _travel(101)
    one_line_error(
        run("bounty", "commit", "0", str(models / "prior.skops"), "--from", "2"), 5, "commit deadline passed"
    )  # a failed re-commit keeps the salt of the commitment on chain
    ok("bounty", "reveal", "0", "--from", "1")
    ok("bounty", "reveal", "0", "--from", "2")
    ok("bounty", "reveal", "0", "--test", "--uri", "file://test.csv")
    one_line_error(
        run("bounty", "judge", "0", "--models", str(models), "--test", str(test)), 5, "reveal phase still open"
    )
    _travel(101)
    judged = ok("bounty", "judge", "0", "--models", str(models), "--test", str(test))
    assert len(judged["scores"]) == 2 and judged["scores"][1] > judged["scores"][0] > 0
    one_line_error(run("bounty", "claim", "0", "--from", "2"), 5, "scores not final")
    _travel(101)
    one_line_error(run("bounty", "claim", "0", "--from", "1"), 5, "not the winner")
    one_line_error(run("bounty", "show", "7"), 87, "no bounty 7")

    # the winning model can be proposed for activation by the bounty's id
    one_line_error(run("gov", "propose", "--activate", "credit@bounty:0"), 70, "nexus gov setup")
    ok("gov", "setup", "--min-delay", "60")
    reg = ok("model", "register", "credit", str(models / "good.skops"))
    assert reg["fingerprint"].removeprefix("sha256:") == good["fingerprint"].removeprefix("0x")
    proposed = ok("gov", "propose", "--activate", "credit@bounty:0")
    assert reg["fingerprint"] in proposed["description"] and proposed["state"] == "pending"
    one_line_error(run("gov", "propose", "--activate", "credit@bounty:5"), 87, "no bounty 5")

    with build_node(load_settings(home=nexus_home, ledger_anchor=False)) as node:
        api = create_app(node)
        client = TestClient(api)
        listed = client.get("/bounties").json()
        assert listed[0]["scores"] == judged["scores"]
        check_answer(api, "GET", "/bounties", listed)
        one = client.get("/bounties/0").json()
        assert one["winner"] == good["solver"] and not one["paid"]
        check_answer(api, "GET", "/bounties/{bid}", one)
        assert client.get("/bounties/9").status_code == 404
        assert client.post("/bounties/0/claim", json={}).status_code == 401
        client.headers["Authorization"] = f"Bearer {api.state.tokens.get()}"
        r = client.post("/bounties/0/claim", json={"sender": good["solver"]})
        assert r.status_code == 200 and r.json()["amount"] == str(2 * 10**18), r.text
        check_answer(api, "POST", "/bounties/{bid}/claim", r.json())
        r = client.post("/bounties/0/claim", json={"sender": good["solver"]})
        assert r.status_code == 422 and "already paid" in r.json()["error"]  # never paid twice
        r = client.post("/bounties/0/judge", json={"test": "../../etc/passwd", "post": False})
        assert r.status_code == 400 and "relative" in r.json()["error"]
        r = client.post("/bounties/0/judge", json={"test": "test.csv", "post": False})
        assert r.status_code == 200 and r.json()["scores"] == judged["scores"]  # anyone can re-run the scoring
        check_answer(api, "POST", "/bounties/{bid}/judge", r.json())
    one_line_error(run("bounty", "claim", "0", "--from", "2"), 5, "already paid")
    listed = ok("bounty", "list")
    assert listed[0]["paid"] and listed[0]["winner"] == good["solver"]
    assert good["fingerprint"] in listed[0]["fingerprints"]
