"""Oracle disputes: the learned first pass (calibrated, abstaining, trained apart from its evaluation
set) and the dispute desk (recommendation hash on chain before the outcome, bad input refused)."""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from eth_utils import keccak
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import nexus
from nexus.cli import app
from nexus.exceptions import DisputeError
from nexus.oracle import dispute_service as ds
from nexus.oracle.firstpass import Claim, FirstPass, evidence_features, simulated_claims
from nexus.oracle.runner import NetworkRunner
from nexus.settings import load_settings

pytest.importorskip("sklearn")


@pytest.fixture(scope="module")
def trained() -> tuple[FirstPass, list[Claim], list[Claim]]:
    history = [c for s in range(3) for c in simulated_claims(250, seed=s)]
    held_out = [c for s in (50, 51) for c in simulated_claims(250, seed=s)]
    return FirstPass().fit(history), history, held_out


def test_history_and_evaluation_are_apart(trained: tuple[FirstPass, list[Claim], list[Claim]]) -> None:
    _, history, held_out = trained
    assert {c.group for c in history}.isdisjoint({c.group for c in held_out})
    kinds = {c.kind for c in history}
    assert {"honest", "exaggerated", "edge", "copies_faulty"} <= kinds
    assert 0.3 < statistics.mean(c.truthful for c in history) < 0.7  # adversarial claims are not rare


def test_first_pass_is_accurate_calibrated_and_abstains(trained: tuple[FirstPass, list[Claim], list[Claim]]) -> None:
    fp, _, held_out = trained
    p = fp.proba(held_out)
    y = [bool(c.truthful) for c in held_out]
    assert statistics.mean((q >= 0.5) == t for q, t in zip(p, y)) > 0.93
    bins: dict[int, list[tuple[float, bool]]] = {}
    for q, t in zip(p, y):
        bins.setdefault(min(9, int(q * 10)), []).append((q, t))
    ece = sum(
        len(b) / len(p) * abs(statistics.mean(q for q, _ in b) - statistics.mean(t for _, t in b))
        for b in bins.values()
    )
    assert ece < 0.05
    conf = [max(q, 1 - q) for q in p]
    decided = [((q >= 0.5) == t) for q, cf, t in zip(p, conf, y) if cf >= fp.tau_]
    assert 0 < len(decided) < len(p)  # it decides most and abstains on some
    assert sum(decided) / len(decided) >= 0.97
    abstained = [c for c, cf in zip(held_out, conf) if cf < fp.tau_]
    assert fp.recommend(abstained[0]).abstains  # `recommend` decides as the vector above does
    sure = next(i for i, cf in enumerate(conf) if cf >= fp.tau_)
    assert fp.recommend(held_out[sure]).supports_claim == (p[sure] >= 0.5)
    gaps = [abs(c.claimed - c.evidence["answer"]) / max(abs(c.evidence["answer"]), 1) for c in abstained]
    assert statistics.mean(gaps) < 0.2  # it is unsure near the tolerance edge, not on clear-cut claims


def test_recommendation_digest_commits_to_the_document(trained: tuple[FirstPass, list[Claim], list[Claim]]) -> None:
    fp, _, held_out = trained
    r = fp.recommend(held_out[0])
    doc = json.dumps(r.document(), sort_keys=True, separators=(",", ":")).encode()
    assert r.digest == keccak(doc)
    assert fp.recommend(held_out[1]).digest != r.digest


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    home = tmp_path_factory.mktemp("disputes-home")
    with NetworkRunner(load_settings(home=home), nodes=4, feed="SIM/USD") as runner:
        for _ in range(3):
            runner.round()
    with nexus.connect(home=home) as nx:
        yield nx, home


def test_dispute_lifecycle_hash_before_outcome(desk: tuple[Any, Path]) -> None:
    nx, _ = desk
    acc = nx.chain.accounts
    answer = ds._evidence(nx, "SIM/USD")["answer"]
    lie = ds.assert_claim(nx, "SIM/USD", answer * 1.5, bond="1", sender=acc[1])
    assert lie["state"] == "liveness" and lie["live_seconds_left"] > 0
    ds.dispute(nx, lie["id"], sender=acc[2])
    out = ds.assess(nx, lie["id"])
    assert out["state"] == "disputed" and out["outcome"] is None  # the hash is on chain before any vote
    assert out["recommendation"]["supports_claim"] is False and out["hash_matches"] is True
    oo = ds._desk(nx)
    assert "0x" + bytes(oo.assessments(lie["id"])[2]).hex() == out["recommendation_hash"]
    with pytest.raises(DisputeError, match="already assessed"):
        ds.assess(nx, lie["id"])
    before = nx.chain.balance(acc[2])
    ds.settle(nx, lie["id"], vote=False, sender=acc[6])
    done = ds.settle(nx, lie["id"], vote=False, sender=acc[7])
    assert done["outcome"] == "false" and nx.chain.balance(acc[2]) - before == 2 * 10**18
    with pytest.raises(DisputeError, match="already settled"):
        ds.settle(nx, lie["id"], vote=True, sender=acc[8])
    assert nx.chain.balance(acc[2]) - before == 2 * 10**18  # nothing paid twice


def test_dispute_after_liveness_is_refused(desk: tuple[Any, Path]) -> None:
    nx, _ = desk
    acc = nx.chain.accounts
    a = ds.assert_claim(nx, "SIM/USD", 1.0, bond="0.5", sender=acc[3])
    with pytest.raises(DisputeError, match="not disputed"):
        ds.assess(nx, a["id"])
    with pytest.raises(DisputeError, match="still in liveness"):
        ds.settle(nx, a["id"])
    nx.chain.mine(1, seconds=7201)
    before = nx.chain.balance(acc[4])
    with pytest.raises(DisputeError, match="liveness is over"):
        ds.dispute(nx, a["id"], sender=acc[4])
    assert nx.chain.balance(acc[4]) == before  # refused before sending: no bond, no gas
    with pytest.raises(DisputeError, match="no assertion 99"):
        ds.dispute(nx, 99)
    assert ds.settle(nx, a["id"])["outcome"] == "true"
    with pytest.raises(DisputeError, match="already settled"):
        ds.settle(nx, a["id"])


def test_cli_list_and_errors(desk: tuple[Any, Path]) -> None:
    nx, home = desk
    nx.chain.close()
    runner = CliRunner()
    r = runner.invoke(app, ["--home", str(home), "dispute", "list", "--json"])
    assert r.exit_code == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [x["state"] for x in rows][:2] == ["false", "true"]
    r = runner.invoke(app, ["--home", str(home), "dispute", "dispute", "2"])
    assert r.exit_code == 122 and r.stderr.count("\n") == 1 and "not in liveness" in r.stderr
    r = runner.invoke(app, ["--home", str(home), "dispute", "settle", "1", "--vote", "maybe"])
    assert r.exit_code == 122


_source = st.fixed_dictionaries(
    {
        "value": st.one_of(st.none(), st.floats(-1e6, 1e6)),
        "kept_by": st.integers(0, 4),
        "flags": st.lists(st.sampled_from(["outlier", "stuck", "stale"]), max_size=2),
    }
)


@settings(max_examples=40, deadline=None)
@given(
    claimed=st.floats(-1e6, 1e6),
    answer=st.floats(-1e6, 1e6),
    sources=st.lists(_source, max_size=6),
    band=st.one_of(st.none(), st.tuples(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6))),
)
def test_any_evidence_gives_finite_features_and_a_valid_recommendation(
    trained: tuple[FirstPass, list[Claim], list[Claim]],
    claimed: float,
    answer: float,
    sources: list[dict[str, Any]],
    band: tuple[float, float] | None,
) -> None:
    fp, _, _ = trained
    ev = {"answer": answer, "band": list(band) if band else None, "sources": sources}
    assert all(math.isfinite(f) for f in evidence_features(claimed, ev))
    r = fp.recommend(Claim(claimed, ev))
    assert 0.0 <= r.p_true <= 1.0 and 0.5 <= r.confidence <= 1.0
    assert r.abstains == (r.confidence < fp.tau_)
    assert len(r.digest) == 32
