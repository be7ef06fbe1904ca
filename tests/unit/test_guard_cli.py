"""CLI: `nexus sandbox up/attack/scenarios/traffic` and `nexus guard watch/findings` on a home."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from nexus.cli import app


def _run(*args: str) -> tuple[int, str]:
    r = CliRunner().invoke(app, list(args))
    return r.exit_code, r.output


def test_sandbox_attack_guard_watch_findings(nexus_home: Path) -> None:
    code, out = _run("sandbox", "up", "--json")
    assert code == 0, out
    manifest = json.loads(out)
    assert {"amm", "lending", "vault", "guardian"} <= set(manifest["contracts"])
    code, again = _run("sandbox", "up", "--json")  # re-attaches, does not redeploy
    assert code == 0 and json.loads(again)["contracts"] == manifest["contracts"]

    code, out = _run("sandbox", "traffic", "--txs", "20", "--accounts", "5", "--seed", "2")
    assert code == 0 and "sent 20 transactions" in out, out

    code, out = _run("sandbox", "attack", "unprotected-admin", "--json")
    assert code == 0, out
    free = json.loads(out)
    assert free["extracted"] > 0 and free["blocked_steps"] == 0

    code, out = _run("guard", "watch", "--once", "--no-anomaly")
    assert code == 0, out
    assert "Ownership taken by a non-owner" in out and "breaker" in out and "victim" in out
    code, out = _run("guard", "watch", "--once")  # resumes: only the breaker's own pause block is new
    assert code == 0 and "processed 1 block(s), 1 tx(s): 0 finding(s)" in out, out
    code, out = _run("guard", "watch", "--once")
    assert code == 0 and "processed 0 block(s)" in out, out

    code, out = _run("guard", "findings", "--json")
    assert code == 0
    rows = json.loads(out)
    assert any(r["alertId"] == "NEXUS-UNAUTHORIZED-OWNER-CHANGE" and r["severity"] == "Critical" for r in rows)
    assert (nexus_home / "guard" / "findings.jsonl").read_text().count("NEXUS-UNAUTHORIZED-OWNER-CHANGE") == 1

    code, out = _run("sandbox", "attack", "unprotected-admin", "--guard", "--json", "--seed", "1")
    assert code == 0, out
    # the breaker already paused the rewards contract: the sweep is blocked
    assert json.loads(out)["blocked_steps"] >= 1


def test_unknown_scenario_and_missing_sandbox_are_one_line_errors(nexus_home: Path) -> None:
    code, out = _run("sandbox", "attack", "nope")
    assert code == 2 and out.strip().startswith("error: no attack scenario 'nope'")
    code, out = _run("sandbox", "traffic")
    assert code != 0 and "nexus sandbox up" in out and len(out.strip().splitlines()) == 1
    code, out = _run("guard", "findings")
    assert code != 0 and out.startswith("error:")


def test_scenarios_listing() -> None:
    code, out = _run("sandbox", "scenarios")
    assert code == 0 and "flash-oracle" in out and "rounding-split" in out


def test_fit_anomaly_fits_on_every_source_given_and_refuses_nothing(nexus_home: Path, tmp_path: Path) -> None:
    from nexus.guard.detectors.anomaly import EnvelopeModel
    from nexus.guard.training import fit_sources, save_vectors

    n = 15
    sources = {
        "swaps": [[float(i % 3)] * n for i in range(40)],
        "payouts": [[0.0] * (n - 1) + [float(i)] for i in range(30)],
    }
    vec = tmp_path / "vectors.json"
    save_vectors(vec, sources)
    out = tmp_path / "model.json"
    code, text = _run("guard", "fit-anomaly", "--txs", "0", "--vectors", str(vec), "--out", str(out))
    assert code == 0, text
    model = EnvelopeModel.load(out)
    assert model.n_fit_ == 70 and "swaps" in model.baseline and "payouts" in model.baseline
    want = fit_sources(sources, ["swaps", "payouts"])  # the same fit as the library's (the bench's path)
    assert model.upper_ == want.upper_ and model.threshold_ == want.threshold_
    code, text = _run("guard", "fit-anomaly", "--txs", "0", "--out", str(out))
    assert code != 0 and text.startswith("error:") and len(text.strip().splitlines()) == 1
    vec.write_text('{"features": ["x"], "sources": {}}')
    code, text = _run("guard", "fit-anomaly", "--txs", "0", "--vectors", str(vec), "--out", str(out))
    assert code != 0 and "another feature set" in text
