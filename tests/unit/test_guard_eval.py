"""The guard against attacks and ordinary traffic written apart from the sandbox (tests/guard_eval):
every attack class caught by rules on both victim implementations (dev seeds only; the held-out
seeds are for benchmarks/bench_guard.py), and no rule alarm or pause on any benign shape."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from guard_eval.runner import run_attack, run_benign  # noqa: E402
from guard_eval.suite import ATTACKS, BENIGN, DEV_SEEDS  # noqa: E402
from guard_eval.world import World, build_world  # noqa: E402

from nexus.guard.detectors.anomaly import load_default_anomaly  # noqa: E402


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    w = build_world(tmp_path_factory.mktemp("eval") / "chain", seed=DEV_SEEDS[0], users=12)
    yield w  # type: ignore[misc]
    w.chain.close()


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: f"{a.cls}-{a.impl}")
def test_each_attack_class_is_caught_by_rules_in_time(world: World, attack) -> None:  # type: ignore[no-untyped-def]
    r = run_attack(world, attack, DEV_SEEDS[0], guarded=False)
    assert r["detected_rules"], r
    assert r["loss"] > 0  # the attack really took something when nobody guarded
    limit = 3 if attack.cls == "slow-drain" else 0  # slow drains: within 3 blocks of the first loss
    assert r["latency_blocks"] is not None and r["latency_blocks"] <= limit, r


@pytest.mark.parametrize("impl", ["bridge", "vault"])
def test_the_breaker_stops_a_slow_drain_of_a_pausable_protocol(world: World, impl: str) -> None:
    attack = next(a for a in ATTACKS if a.cls == "slow-drain" and a.impl == impl)
    free = run_attack(world, attack, DEV_SEEDS[0], guarded=False)
    guarded = run_attack(world, attack, DEV_SEEDS[0], guarded=True)
    assert guarded["pauses"] and "loss to the protected contract" in guarded["decisions"][0]
    assert guarded["loss"] < 0.5 * free["loss"]


@pytest.mark.parametrize("kind", sorted(BENIGN))
def test_ordinary_traffic_raises_no_rule_alarm_and_no_pause(world: World, kind: str) -> None:
    r = run_benign(world, kind, 16, seed=7)
    assert r["txs"] >= 8
    assert r["rule_false_alarms"] == [] and r["pauses"] == [], r["explain"]


NEW_CLASSES = {
    "oracle-manipulation (multi-block TWAP)": "NEXUS-TWAP-MANIPULATION",
    "forged bridge withdrawal": "NEXUS-BRIDGE-UNBACKED",
}


@pytest.mark.parametrize("attack", [a for a in ATTACKS if a.cls in NEW_CLASSES], ids=lambda a: a.impl)
def test_twap_pumps_and_forged_withdrawals_are_caught_by_their_own_rule_and_stopped(world: World, attack) -> None:  # type: ignore[no-untyped-def]
    free = run_attack(world, attack, DEV_SEEDS[0], guarded=False)
    guarded = run_attack(world, attack, DEV_SEEDS[0], guarded=True)
    assert NEW_CLASSES[attack.cls] in free["alerts"], free
    assert guarded["pauses"] and "loss to the protected contract" in guarded["decisions"][0]
    assert guarded["loss"] < 0.7 * free["loss"]


@pytest.mark.parametrize(
    "kind", ["router_swaps", "vault_use", "batch_payouts", "whale_exit", "deployments", "governance_budget"]
)
def test_the_shipped_anomaly_model_is_silent_on_ordinary_defi_use(world: World, kind: str) -> None:
    model = load_default_anomaly()
    assert model is not None and "independent benign suite" in model.baseline
    r = run_benign(world, kind, 16, seed=11, anomaly=model)
    assert r["txs"] >= 8
    assert r["false_alarms"] == [], r["explain"]
