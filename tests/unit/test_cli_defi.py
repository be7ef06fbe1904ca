"""`nexus fees advise` and `nexus validators score|allocate|simulate`: real answers, one-line errors with
their exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from nexus.cli._app import app

runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def test_fees_advise_on_the_embedded_chain(nexus_home: Path) -> None:
    r = run("fees", "advise", "--within", "3", "--probability", "0.9", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    # the embedded chain has no base fee and no tips: the node's fallback tip, max fee = tip
    assert out["tip_source"] == "fallback" and out["max_fee_per_gas"] == out["max_priority_fee_per_gas"]
    bad = run("fees", "advise", "--within", "0", "--probability", "0.9")
    assert bad.exit_code == 113 and bad.output.count("\n") == 1
    assert run("fees", "advise", "--within", "3", "--probability", "1.5").exit_code == 113


def test_validators_commands() -> None:
    r = run("validators", "score", "--top", "3", "--json")
    assert r.exit_code == 0
    rows = json.loads(r.output)
    assert len(rows) == 3 and rows[0]["effectiveness"] >= rows[-1]["effectiveness"]
    a = json.loads(run("validators", "allocate", "--k", "5", "--json").output)
    assert abs(sum(a["weights"].values()) - 1) < 1e-6 and len(a["weights"]) == 5
    s = json.loads(run("validators", "simulate", "--pow-blocks", "3000", "--json").output)
    assert {r["rule"].split()[0] for r in s["pow"]} == {"bitcoin", "ethereum", "ours"}
    bad = run("validators", "score", "--validators", "2")
    assert bad.exit_code == 114 and bad.output.count("\n") == 1


def test_portfolio_commands() -> None:
    import importlib.util

    bad = run("portfolio", "backtest", "--series", "nope")
    assert bad.exit_code == 115 and bad.output.count("\n") == 1
    if importlib.util.find_spec("backtesting") is None:
        return
    out = json.loads(run("portfolio", "backtest", "--series", "GOOG", "--json").output)
    assert [s["strategy"] for s in out["strategies"]] == ["agent", "buy_and_hold", "calendar"]
    held = json.loads(run("portfolio", "run", "--series", "GOOG", "--flagged", "GOOG", "--offline", "--json").output)
    assert held["swaps"] == 0 and held["flagged"] == ["GOOG"]
