"""The held-out victim implementations (tests/guard_eval/third.py): each attack caught by the rules
(dev seed only; the bench runs all seeds), and their ordinary use — borrowers keeping loans open
against collateral in another asset, bridge deposits, stakers, batched payouts — silent, with the
shipped anomaly model on."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from guard_eval.attacks import DEV_SEEDS  # noqa: E402
from guard_eval.runner import run_attack, run_benign  # noqa: E402
from guard_eval.third import ATTACKS, deploy_third, third_benign  # noqa: E402
from guard_eval.world import World, build_world  # noqa: E402

from nexus.guard.detectors.anomaly import load_default_anomaly  # noqa: E402


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    w = build_world(tmp_path_factory.mktemp("eval3") / "chain", seed=DEV_SEEDS[0], users=12)
    deploy_third(w)
    yield w  # type: ignore[misc]
    w.chain.close()


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: f"{a.cls}-{a.impl}")
def test_each_held_out_implementation_is_caught_by_rules(world: World, attack) -> None:  # type: ignore[no-untyped-def]
    r = run_attack(world, attack, DEV_SEEDS[0], guarded=False)
    assert r["detected_rules"], r
    assert r["latency_blocks"] is not None and r["latency_blocks"] <= 3, r


def test_ordinary_use_of_the_held_out_protocols_is_silent(world: World) -> None:
    r = run_benign(world, "held_out_protocols", 200, seed=5, anomaly=load_default_anomaly(), traffic=third_benign)
    assert r["txs"] >= 150
    assert r["false_alarms"] == [] and r["pauses"] == [], r["explain"]
