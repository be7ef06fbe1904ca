"""`nexus lend model ...` across separate invocations: register the scorer, hand the pool to governance,
propose, vote, queue, execute; the pool then takes only the promoted scorer and the ledger has the
switch; one-line errors with the lending exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from gov_env import build_cache
from typer.testing import CliRunner

from nexus.cli import app

GERMAN = Path("/work/shared/data/credit-fairness/german.data")
runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def ok(*args: str) -> dict:  # type: ignore[type-arg]
    r = run(*args, "--json")
    assert r.exit_code == 0, (args, r.output)
    return json.loads(r.stdout)  # type: ignore[no-any-return]


def test_governance_promotes_the_pools_scorer_from_the_cli(nexus_home: Path) -> None:
    if not GERMAN.exists():
        pytest.skip("needs the German credit data")
    shutil.copytree(build_cache() / "contracts", nexus_home / "cache" / "contracts", dirs_exist_ok=True)
    ok("lend", "deposit", "500", "--faucet", "--from", "1")
    st = ok("lend", "model", "status")
    assert st["governance"] is None and not st["governed"]
    ok("gov", "setup", "--min-delay", "60", "--voting-period", "12")
    v1 = ok("lend", "model", "register")
    assert v1["version"] == 1 and v1["fingerprint"] == st["model"]  # the scorer the pool runs today
    v2 = ok("lend", "model", "register", "--data", str(GERMAN), "--fairness-gap", "0.04")
    assert v2["version"] == 2 and v2["fingerprint"] != v1["fingerprint"]
    early = run("lend", "model", "propose", "2")
    assert early.exit_code == 110 and "hand it over" in early.output and early.output.count("\n") == 1
    owner = ok("lend", "model", "handover")["owner"]
    assert ok("lend", "model", "status")["governed"] and ok("lend", "model", "status")["governance"] == owner
    p = ok("lend", "model", "propose", "2")["proposal"]
    run("gov", "advance", "--blocks", "2")
    ok("gov", "vote", p, "for")
    run("gov", "advance", "--blocks", "12")
    ok("gov", "queue", p)
    run("gov", "advance", "--seconds", "61")
    out = ok("lend", "model", "execute", p)
    assert out["version"] == 2 and out["fingerprint"] == v2["fingerprint"] and out["record"] is not None
    st = ok("lend", "model", "status")
    assert st["in_agreement"] and st["promoted_version"] == 2 and st["model"] == v2["fingerprint"]
    # the on-chain-only scorer is no longer the promoted one: refused before the oracle nodes sign
    refused = run("lend", "score", "2")
    assert refused.exit_code == 180 and "governance promoted" in refused.output
    rec = ok("ledger", "show", str(out["record"]))
    assert rec["kind"] == "lending.model" and rec["payload"]["fingerprint"] == v2["fingerprint"]
