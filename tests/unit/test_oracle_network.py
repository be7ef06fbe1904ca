"""Network safety: with <= f Byzantine nodes and <= t faulty sources every accepted answer lies
in the honest range; with more than f faulty nodes no out-of-range report is ever accepted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nexus.chain.embedded import EmbeddedChain
from nexus.oracle.adversary import BEHAVIOURS
from nexus.oracle.simulate import build_simulation, run_simulation

_HC = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedChain]:
    c = EmbeddedChain(tmp_path_factory.mktemp("net") / "chain", flush_interval=3600)
    yield c
    c.close()


@settings(max_examples=10, deadline=None, suppress_health_check=_HC)
@given(n=st.sampled_from([4, 7]), seed=st.integers(0, 10_000), data=st.data())
def test_property_at_most_f_byzantine_nodes_keep_answers_in_the_honest_range(
    chain: EmbeddedChain, cache: Path, n: int, seed: int, data: st.DataObject
) -> None:
    f = (n - 1) // 3
    k = data.draw(st.integers(0, f), label="byzantine")
    behaviours = data.draw(st.lists(st.sampled_from(BEHAVIOURS), min_size=1, max_size=3), label="behaviours")
    m = data.draw(st.integers(0, 2), label="faulty sources of 7")  # the stated tolerance: floor((7-1)/3)
    sim = build_simulation(chain, n, k, m, seed=seed, behaviours=behaviours, cache_dir=cache)
    rows = sim.run(3)
    for r in rows:
        assert r["accepted"], r["attempts"]  # liveness: some leader gets a report through
        lo, hi = r["honest_range"]
        assert lo <= r["answer"] <= hi
        assert lo <= r["band"][0] <= r["answer"] <= r["band"][1] <= hi


def test_faulty_sources_within_tolerance_do_not_move_honest_nodes(chain: EmbeddedChain, cache: Path) -> None:
    sim = build_simulation(chain, 4, 0, 2, seed=3, cache_dir=cache)
    rows = sim.run(3)
    for r in rows:
        truth = sim.world.price(r["observed_at"])
        assert abs(r["answer"] - truth) / truth < 0.01


def test_more_than_f_offline_nodes_stop_reports(chain: EmbeddedChain, cache: Path) -> None:
    sim = build_simulation(chain, 4, 2, 0, seed=1, behaviours=["offline"], cache_dir=cache)
    assert all(not r["accepted"] for r in sim.run(3))


def test_more_than_f_replaying_nodes_lose_liveness_and_keep_safety(chain: EmbeddedChain, cache: Path) -> None:
    """Old-round observations and signatures are refused, so the round where replay starts stalls, and
    stays stalled: a retried round is observed afresh, so the replayers' observations from the earlier
    attempt (same round, older time) are refused too and no report is ever built from them."""
    sim = build_simulation(chain, 4, 2, 0, seed=1, behaviours=["replay"], cache_dir=cache)
    rows = sim.run(5)
    # round 1: the replayers have nothing to replay yet and send their own fresh readings, so a report
    # built from four genuine readings may go through (its median need not lie between the two nodes
    # the simulation calls honest: that is no replay); from the first replay on, nothing is accepted
    assert not any(r["accepted"] for r in rows[1:]), rows
    assert all(r["safe"] for r in rows[1:])
    stalled = rows[-1]
    assert stalled["round_id"] == rows[1]["round_id"] and stalled["observations"] == 4


@settings(max_examples=4, deadline=None, suppress_health_check=_HC)
@given(seed=st.integers(0, 10_000), k=st.integers(3, 4))
def test_property_quorum_2f_plus_1_keeps_safety_against_up_to_2f_colluders(
    chain: EmbeddedChain, cache: Path, seed: int, k: int
) -> None:
    """Every accepted report carries an honest signature, and honest nodes sign only answers within
    their tolerance (5 %) of what they observed themselves."""
    sim = build_simulation(chain, 7, k, 0, seed=seed, behaviours=["collude", "lie"], quorum=5, cache_dir=cache)
    for r in sim.run(2):
        if r["accepted"]:
            lo, hi = r["honest_range"]
            assert lo * 0.95 <= r["answer"] <= hi * 1.05, r


def test_f_plus_1_colluders_can_forge_with_the_cheap_quorum(chain: EmbeddedChain, cache: Path) -> None:
    """The documented trade-off of quorum f+1: f+1 colluding signers get a forged report in."""
    sim = build_simulation(chain, 4, 2, 0, seed=0, behaviours=["collude"], cache_dir=cache)
    rows = sim.run(4)
    assert any(r["accepted"] and not r["in_range"] for r in rows)


def test_leader_rotation_skips_an_offline_leader(chain: EmbeddedChain, cache: Path) -> None:
    sim = build_simulation(chain, 4, 1, 0, seed=5, behaviours=["offline"], cache_dir=cache)
    bad = next(m.index for m in sim.network.nodes if m.address not in sim.honest)
    rows = sim.run(4)
    assert all(r["accepted"] for r in rows)
    led_by_bad = [r for r in rows if r["attempts"][0]["leader"] == bad]
    assert led_by_bad and all(len(r["attempts"]) == 2 and r["leader"] != bad for r in led_by_bad)


def test_run_simulation_reports_per_round(cache: Path) -> None:
    out = run_simulation(4, 1, 1, 2, cache_dir=cache)
    assert out["f"] == 1 and out["quorum"] == 2 and len(out["rounds"]) == 2 and out["safe"]
    assert {"honest_range", "answer", "in_range", "attempts"} <= set(out["rounds"][0])


def test_honest_nodes_refuse_a_proposal_from_an_earlier_attempt_of_the_same_round(
    chain: EmbeddedChain, cache: Path
) -> None:
    """A stalled round retried later must not be completed from the first attempt's observations."""
    from dataclasses import replace

    from nexus.oracle.node import verify_proposal

    sim = build_simulation(chain, 4, 0, 0, seed=2, cache_dir=cache)
    net = sim.network
    first = net.context()
    obs = [nd.observe(first) for nd in net.nodes]  # type: ignore[attr-defined]
    proposal = net.nodes[0].lead([o for o in obs if o is not None], first)
    assert proposal is not None and verify_proposal(proposal, first) is None
    later = replace(first, now=first.now + 60)  # same round id, a later attempt
    assert verify_proposal(proposal, later) == "report is from another attempt"
    assert net.nodes[1].sign(proposal, later) is None
    relabelled = replace(proposal, report=replace(proposal.report, observed_at=later.now))
    assert "another attempt" in str(verify_proposal(relabelled, later))
    assert net.nodes[0].lead(proposal.observations, later) is None  # stale observations are not valid
    fresh = [nd.observe(later) for nd in net.nodes]  # type: ignore[attr-defined]
    assert all(o is not None and o.observation.observed_at == later.now for o in fresh)
