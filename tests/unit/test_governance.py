"""Model governance on the embedded chain: the whole lifecycle (delegate, propose an activation,
signed and direct votes, queue, timelock, execute), votes read at the snapshot (no recycling),
quorum, every refused input, the fairness gate and the guardian's pause."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from gov_env import ADDR, KEYS, WAD, WEIGHTS, Env, build_cache, make_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nexus.chain.abi import ABI
from nexus.chain.contract import Contract
from nexus.contracts.compiler import compile_contract
from nexus.exceptions import (
    ContractReverted,
    GovernanceInputError,
    GovernanceStateError,
    ModelVersionNotFound,
    ProposalNotFound,
)
from nexus.governance import GovConfig, Proposal
from nexus.governance.registry import name_bytes

FP1, FP2, FP3 = ("sha256:" + c * 64 for c in "abc")
DELAY = 3600
PERIOD = 20


@pytest.fixture(scope="module")
def module_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    env = make_env(
        tmp_path_factory.mktemp("gov"),
        GovConfig(
            voting_delay=1, voting_period=PERIOD, quorum_bps=2000, min_delay=DELAY, max_fairness_gap=100_000, supply=0
        ),
    )
    reg = env.gov.registry
    reg.register("fraud", FP1, fairness_gap=20_000)
    reg.register("fraud", FP2, fairness_gap=50_000)
    reg.register("fraud", FP3, fairness_gap=300_000)  # above the 0.1 maximum
    env.chain.transact(env.gov.timelock.address, b"", value=WAD, sender=env.owner)  # gas to impersonate it
    yield env
    env.chain.close()


@pytest.fixture
def env(module_env: Env) -> Iterator[Env]:
    snap = module_env.chain.snapshot()
    yield module_env
    module_env.chain.revert(snap)


def _active(env: Env, version: int = 2) -> Proposal:
    p = env.gov.propose_activation("fraud", version, sender=ADDR[1])
    env.chain.mine(2)
    assert env.gov.state(p.id) == "active"
    return p


def _close(env: Env, p: Proposal) -> None:
    env.chain.mine(p.deadline - env.chain.block_number() + 1)


def test_lifecycle_signed_batch_and_direct_votes_activate_the_version(env: Env) -> None:
    gov, chain = env.gov, env.chain
    assert gov.registry.model("fraud")["active"] is None
    p = gov.propose_activation("fraud", FP2, sender=ADDR[1])
    assert gov.state(p.id) == "pending" and gov.get(p.id) == p and gov.get(0) == p
    with pytest.raises(GovernanceStateError, match="pending"):
        gov.vote(p.id, "for", sender=ADDR[1])
    chain.mine(2)
    ballots = [gov.sign(p.id, s, KEYS[i]) for i, s in [(1, "for"), (3, "for"), (5, "abstain")]]
    out = gov.submit(p.id, ballots, sender=ADDR[8])  # anyone relays
    assert out["counted"] == 3 and out["rejected"] == []
    assert gov.vote(p.id, "against", sender=ADDR[2]) == WEIGHTS[1] * WAD
    assert gov.tally(p.id) == {
        "for": (WEIGHTS[0] + WEIGHTS[2]) * WAD,
        "against": WEIGHTS[1] * WAD,
        "abstain": WEIGHTS[4] * WAD,
    }
    assert all(gov.governor.hasVoted(p.id, ADDR[i]) for i in (1, 2, 3, 5))
    assert not gov.governor.hasVoted(p.id, ADDR[4])
    _close(env, p)
    assert gov.state(p.id) == "succeeded"
    eta = gov.queue(p)
    assert gov.state(p.id) == "queued" and eta >= chain.timestamp() + DELAY - 1
    with pytest.raises(GovernanceStateError, match="timelocked"):
        gov.execute(p)
    head = chain.block_number()
    with pytest.raises(ContractReverted, match="timelock: not ready"):
        gov.governor.execute(*p.actions())
    assert gov.state(p.id) == "queued" and gov.registry.active_version("fraud") == 0
    assert chain.block_number() == head + 1  # the reverted transaction changed nothing else
    chain.mine(1, seconds=DELAY)
    gov.execute(p)
    assert gov.state(p.id) == "executed"
    model = gov.registry.model("fraud")
    assert model["active_version"] == 2 and model["serving"] == FP2 and not model["paused"]
    ev = gov.registry.contract.events("Activated")[-1]
    assert ev.args["version"] == 2 and ev.args["previous"] == 0
    with pytest.raises(GovernanceStateError, match="executed"):
        gov.execute(p)


def test_votes_count_at_the_snapshot_so_moved_tokens_do_not_vote_twice(env: Env) -> None:
    gov, token = env.gov, env.gov.token
    p = _active(env)
    snap = p.snapshot
    gov.vote(p.id, "for", sender=ADDR[1])
    token.transfer(ADDR[7], WEIGHTS[0] * WAD, sender=ADDR[1])  # after the snapshot
    token.delegate(ADDR[7], sender=ADDR[7])
    assert int(token.getVotes(ADDR[7])) == WEIGHTS[0] * WAD and int(token.getPastVotes(ADDR[7], snap)) == 0
    with pytest.raises(GovernanceStateError, match="no voting power"):
        gov.vote(p.id, "for", sender=ADDR[7])
    with pytest.raises(ContractReverted, match="gov: no voting power"):
        gov.governor.castVote(p.id, 1, sender=ADDR[7])
    out = gov.submit(p.id, [gov.sign(p.id, "for", KEYS[7])], strict=False)
    assert out["counted"] == 0 and out["rejected"] == [{"voter": ADDR[7], "reason": "no voting power"}]
    # delegating moved power also does not count twice
    token.delegate(ADDR[8], sender=ADDR[2])
    with pytest.raises(ContractReverted, match="gov: no voting power"):
        gov.governor.castVote(p.id, 1, sender=ADDR[8])
    assert gov.tally(p.id)["for"] == WEIGHTS[0] * WAD
    assert int(gov.governor.quorum(snap)) == sum(WEIGHTS) * WAD * 2000 // 10000


def test_past_votes_follow_every_checkpoint(env: Env) -> None:
    token, chain = env.gov.token, env.chain
    seen: list[tuple[int, dict[str, int], int]] = []
    moves = [(1, 2, 10), (2, 3, 5), (3, 1, 1), (1, 4, 7), (4, 4, 0), (2, 1, 30)]
    for src, dst, amount in moves:
        token.transfer(ADDR[dst], amount * WAD, sender=ADDR[src])
        seen.append((chain.block_number(), {a: int(token.getVotes(a)) for a in ADDR[1:5]}, int(token.totalSupply())))
    chain.mine(1)
    for block, votes, supply in seen:
        assert {a: int(token.getPastVotes(a, block)) for a in ADDR[1:5]} == votes
        assert int(token.getPastTotalSupply(block)) == supply
    assert int(token.numCheckpoints(ADDR[1])) >= 4
    with pytest.raises(ContractReverted, match="gov: future lookup"):
        token.getPastVotes(ADDR[1], chain.block_number())


def test_quorum_not_met_is_defeated_and_cannot_queue(env: Env) -> None:
    gov = env.gov
    p = _active(env)
    gov.vote(p.id, "for", sender=ADDR[6])  # 40 of 1000: below the 20% quorum
    _close(env, p)
    assert gov.state(p.id) == "defeated"
    with pytest.raises(GovernanceStateError, match="defeated"):
        gov.queue(p)
    with pytest.raises(ContractReverted, match="gov: proposal not successful"):
        gov.governor.queue(*p.actions())


def test_more_against_than_for_is_defeated(env: Env) -> None:
    gov = env.gov
    p = _active(env)
    gov.vote(p.id, "for", sender=ADDR[2])
    gov.vote(p.id, "against", sender=ADDR[1])
    _close(env, p)
    assert gov.state(p.id) == "defeated"


def test_bad_input_is_refused_and_changes_nothing(env: Env) -> None:
    gov, chain = env.gov, env.chain
    with pytest.raises(ProposalNotFound):
        gov.get(12345678901234567890)
    with pytest.raises(ProposalNotFound):
        gov.vote(42, "for")
    with pytest.raises(ContractReverted, match="gov: unknown proposal"):
        gov.governor.state(42)
    with pytest.raises(GovernanceInputError, match="for, against or abstain"):
        gov.vote(1, "maybe")
    p = _active(env)
    gov.vote(p.id, "for", sender=ADDR[1])
    with pytest.raises(GovernanceStateError, match="already voted"):
        gov.vote(p.id, "against", sender=ADDR[1])
    with pytest.raises(ContractReverted, match="gov: vote already cast"):
        gov.governor.castVote(p.id, 0, sender=ADDR[1])
    with pytest.raises(ContractReverted, match="gov: invalid vote type"):
        gov.governor.castVote(p.id, 3, sender=ADDR[2])
    # a signed ballot after a direct vote is a double vote too
    with pytest.raises(GovernanceInputError, match="already voted"):
        gov.submit(p.id, [gov.sign(p.id, "against", KEYS[1])])
    tally = gov.tally(p.id)
    _close(env, p)
    with pytest.raises(GovernanceStateError, match="needs active"):
        gov.vote(p.id, "for", sender=ADDR[3])
    with pytest.raises(ContractReverted, match="gov: vote not currently active"):
        gov.governor.castVote(p.id, 1, sender=ADDR[3])
    with pytest.raises(GovernanceStateError):
        gov.submit(p.id, [gov.sign(p.id, "for", KEYS[3])])
    assert gov.tally(p.id) == tally
    with pytest.raises(GovernanceInputError, match="already exists"):
        gov.propose(*p.actions()[:3], p.description)
    with pytest.raises(ModelVersionNotFound):
        gov.propose_activation("fraud", 9)
    with pytest.raises(ModelVersionNotFound):
        gov.propose_activation("nope", 1)
    head = chain.block_number()
    with pytest.raises(GovernanceInputError, match="fairness gap"):
        gov.propose_activation("fraud", 3)
    assert chain.block_number() == head


def test_only_the_governor_schedules_and_only_the_timelock_activates(env: Env) -> None:
    gov = env.gov
    reg, tl = gov.registry.contract, gov.timelock
    assert tl.proposer() == gov.governor.address and reg.admin() == tl.address
    data = reg.abi.encode_call("activate", (name_bytes("fraud"), 1))
    with pytest.raises(ContractReverted, match="timelock: not proposer"):
        tl.schedule([reg.address], [0], [data], b"\0" * 32, DELAY, sender=env.owner)
    with pytest.raises(ContractReverted, match="registry: not admin"):
        reg.activate(name_bytes("fraud"), 1, sender=env.owner)
    with pytest.raises(ContractReverted, match="registry: not admin"):
        reg.setMaxFairnessGap(10**6, sender=env.guardian)
    # the fairness gate holds even for the timelock itself
    with pytest.raises(ContractReverted, match="registry: fairness gap above the maximum"):
        reg.activate(name_bytes("fraud"), 3, sender=tl.address)
    reg.activate(name_bytes("fraud"), 1, sender=tl.address)
    assert gov.registry.serving_fingerprint("fraud") == FP1


def test_guardian_pauses_serving_but_cannot_activate(env: Env) -> None:
    gov = env.gov
    reg = gov.registry
    reg.contract.activate(name_bytes("fraud"), 1, sender=gov.timelock.address)
    with pytest.raises(ContractReverted, match="registry: not guardian"):
        reg.contract.pause(name_bytes("fraud"), sender=ADDR[1])
    rc = reg.contract.pause(name_bytes("fraud"), sender=env.guardian)
    assert [e.name for e in reg.contract.decode(rc)] == ["Paused"]
    assert reg.model("fraud")["paused"] and reg.model("fraud")["serving"] is None
    with pytest.raises(ModelVersionNotFound, match="registry: model paused"):
        reg.serving_fingerprint("fraud")
    with pytest.raises(ContractReverted, match="registry: not admin"):
        reg.contract.activate(name_bytes("fraud"), 2, sender=env.guardian)
    with pytest.raises(ContractReverted, match="registry: not admin"):
        reg.contract.unpause(name_bytes("fraud"), sender=env.guardian)
    # governance resumes serving by activating a version
    p = _active(env, 2)
    gov.vote(p.id, "for", sender=ADDR[1])
    _close(env, p)
    gov.queue(p)
    env.chain.mine(1, seconds=DELAY)
    gov.execute(p)
    assert reg.serving_fingerprint("fraud") == FP2 and not reg.model("fraud")["paused"]


def test_registry_refuses_duplicates_and_lists_versions(env: Env) -> None:
    reg = env.gov.registry
    with pytest.raises(GovernanceInputError, match="already has this fingerprint"):
        reg.register("fraud", FP1)
    with pytest.raises(ContractReverted, match="registry: fingerprint already registered"):
        reg.contract.register(name_bytes("fraud"), bytes.fromhex("aa" * 32), b"\0" * 32, b"\0" * 32, 0)
    assert reg.register("credit", "cd" * 32, fairness_gap=1) == 1
    assert reg.names() == ["fraud", "credit"]
    vs = reg.versions("fraud")
    assert [v["version"] for v in vs] == [1, 2, 3] and [v["fairness_gap"] for v in vs] == [0.02, 0.05, 0.3]
    with pytest.raises(GovernanceInputError):
        reg.register("x" * 33, FP1)


def test_only_the_proposer_cancels_and_only_before_voting(env: Env) -> None:
    gov, chain = env.gov, env.chain
    p = gov.propose_activation("fraud", 1, sender=ADDR[2])
    assert gov.governor.proposalProposer(p.id) == ADDR[2]
    with pytest.raises(ContractReverted, match="gov: not the proposer"):  # a call: mines no block
        gov.governor.call("cancel", *p.actions(), sender=ADDR[1])
    gov.governor.cancel(*p.actions(), sender=ADDR[2])
    assert gov.state(p.id) == "canceled"
    chain.mine(3)
    with pytest.raises(ContractReverted, match="gov: vote not currently active"):
        gov.governor.castVote(p.id, 1, sender=ADDR[1])
    late = _active(env, 2)
    with pytest.raises(ContractReverted, match="gov: too late to cancel"):
        gov.governor.cancel(*late.actions(), sender=ADDR[1])


def test_signed_ballots_weigh_the_snapshot_power_after_later_moves(env: Env) -> None:
    gov, token = env.gov, env.gov.token
    p = _active(env)
    token.transfer(ADDR[3], 50 * WAD, sender=ADDR[4])  # both now have a checkpoint after the snapshot
    token.transfer(ADDR[3], 10 * WAD, sender=ADDR[4])
    assert int(token.getVotes(ADDR[3])) == (WEIGHTS[2] + 60) * WAD
    out = gov.submit(p.id, [gov.sign(p.id, "for", KEYS[3]), gov.sign(p.id, "against", KEYS[4])])
    assert out["counted"] == 2
    assert gov.tally(p.id) == {"for": WEIGHTS[2] * WAD, "against": WEIGHTS[3] * WAD, "abstain": 0}


def test_timelock_runs_all_calls_or_none_and_guards_its_delay(env: Env) -> None:
    gov, chain = env.gov, env.chain
    reg, tl = gov.registry.contract, gov.timelock
    good = reg.abi.encode_call("activate", (name_bytes("fraud"), 1))
    bad = reg.abi.encode_call("activate", (name_bytes("fraud"), 3))  # refused by the fairness gate
    p = gov.propose([reg.address, reg.address], [0, 0], [good, bad], "activate 1 then 3", sender=ADDR[1])
    chain.mine(2)
    gov.vote(p.id, "for", sender=ADDR[1])
    _close(env, p)
    gov.queue(p)
    assert bool(tl.isOperationReady(p.id.to_bytes(32, "big"))) is False
    chain.mine(1, seconds=DELAY)
    with pytest.raises(ContractReverted, match="registry: fairness gap above the maximum"):
        gov.governor.execute(*p.actions())
    assert gov.state(p.id) == "queued" and gov.registry.active_version("fraud") == 0  # nothing ran
    with pytest.raises(ContractReverted, match="timelock: not self"):
        tl.updateDelay(0, sender=env.owner)
    with pytest.raises(ContractReverted, match="timelock: not proposer"):
        tl.execute(*p.actions(), sender=env.owner)
    assert int(tl.minDelay()) == DELAY


def test_token_transfers_allowances_minting_and_nonces(env: Env) -> None:
    token = env.gov.token
    with pytest.raises(ContractReverted, match="gov: not owner"):
        token.mint(ADDR[1], 1, sender=ADDR[1])
    with pytest.raises(ContractReverted, match="gov: balance too low"):
        token.transfer(ADDR[2], (WEIGHTS[0] + 1) * WAD, sender=ADDR[1])
    with pytest.raises(ContractReverted, match="gov: allowance exceeded"):
        token.transferFrom(ADDR[1], ADDR[2], 1, sender=ADDR[3])
    token.approve(ADDR[3], 5 * WAD, sender=ADDR[1])
    token.transferFrom(ADDR[1], ADDR[7], 5 * WAD, sender=ADDR[3])
    assert int(token.balanceOf(ADDR[7])) == 5 * WAD and int(token.allowance(ADDR[1], ADDR[3])) == 0
    assert int(token.getVotes(ADDR[7])) == 0  # undelegated tokens carry no votes
    assert int(token.getVotes(ADDR[1])) == (WEIGHTS[0] - 5) * WAD
    with pytest.raises(ContractReverted, match="gov: supply cap"):
        token.mint(ADDR[1], 2**112, sender=env.owner)
    assert int(token.nonces(ADDR[1])) == 0
    token.useNonce(sender=ADDR[1])
    assert int(token.nonces(ADDR[1])) == 1 and int(token.voterIndex(ADDR[1])) == 1
    assert int(token.voterIndex(ADDR[7])) == 0 and int(token.voterCount()) == len(WEIGHTS)


def test_parameters_change_only_through_the_timelock_and_gate_proposers(env: Env) -> None:
    gov = env.gov
    tl = gov.timelock.address
    with pytest.raises(ContractReverted, match="gov: only the timelock"):
        gov.governor.setParams(1, PERIOD, 2000, 100 * WAD, sender=env.owner)
    with pytest.raises(ContractReverted, match="gov: quorum above 100%"):
        gov.governor.setParams(1, PERIOD, 10_001, 0, sender=tl)
    gov.governor.setParams(1, PERIOD, 2000, 100 * WAD, sender=tl)
    with pytest.raises(ContractReverted, match="gov: proposer votes below threshold"):
        gov.propose_activation("fraud", 1, sender=ADDR[6])  # 40 votes < 100
    assert gov.state(gov.propose_activation("fraud", 1, sender=ADDR[4]).id) == "pending"  # exactly 100


def test_timelock_schedules_cancels_and_refuses_early_or_unknown_operations(env: Env) -> None:
    chain, owner = env.chain, env.owner
    compiled = compile_contract("Timelock", build_cache() / "contracts")
    abi = ABI(compiled.abi)
    rc = chain.deploy(compiled.bytecode + abi.encode_constructor([DELAY, owner]))
    tl = Contract(chain, str(rc.contract_address), abi, "Timelock")  # its proposer: a plain account
    target = env.gov.token
    op = ([target.address], [0], [target.abi.encode_call("approve", (ADDR[1], 1))], b"\1" * 32)
    with pytest.raises(ContractReverted, match="timelock: delay below minimum"):
        tl.schedule(*op, DELAY - 1, sender=owner)
    with pytest.raises(ContractReverted, match="timelock: not proposer"):
        tl.schedule(*op, DELAY, sender=ADDR[1])
    tl.schedule(*op, DELAY, sender=owner)
    op_id = bytes.fromhex(str(tl.hashOperation(*op))[2:])
    with pytest.raises(ContractReverted, match="timelock: already scheduled"):
        tl.schedule(*op, DELAY, sender=owner)
    with pytest.raises(ContractReverted, match="timelock: not ready"):
        tl.execute(*op, sender=owner)
    tl.cancel(op_id, sender=owner)
    chain.mine(1, seconds=DELAY)
    with pytest.raises(ContractReverted, match="timelock: not scheduled"):
        tl.execute(*op, sender=owner)
    tl.schedule(*op, DELAY, sender=owner)
    chain.mine(1, seconds=DELAY)
    assert bool(tl.isOperationReady(op_id))
    tl.execute(*op, sender=owner)
    assert bool(tl.isOperationDone(op_id)) and int(target.allowance(tl.address, ADDR[1])) == 1
    with pytest.raises(ContractReverted, match="timelock: not scheduled"):
        tl.execute(*op, sender=owner)


ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["transfer", "delegate", "mint", "mine"]),
        st.integers(1, 8),
        st.integers(0, 8),
        st.integers(0, 60),
    ),
    min_size=1,
    max_size=10,
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ACTIONS)
def test_past_votes_equal_an_independent_model_of_balances_and_delegates(env: Env, actions: list) -> None:  # type: ignore[type-arg]
    """Random transfers, delegations (also to nobody) and mints; every block's getPastVotes and
    getPastTotalSupply equal what a plain Python model of balances and delegates gives."""
    token, chain = env.gov.token, env.chain
    snap = chain.snapshot()
    try:
        bal = {a: int(token.balanceOf(a)) for a in ADDR}
        dele = {a: str(token.delegates(a)) for a in ADDR}
        history: list[tuple[int, dict[str, int], int]] = []
        for kind, i, j, amount in actions:
            src, dst, value = ADDR[i], ADDR[j], amount * WAD
            if kind == "transfer" and value <= bal[src]:
                token.transfer(dst, value, sender=src)
                bal[src] -= value
                bal[dst] += value
            elif kind == "delegate":
                to = dst if j else "0x" + "00" * 20
                token.delegate(to, sender=src)
                dele[src] = to
            elif kind == "mint":
                token.mint(dst, value, sender=env.owner)
                bal[dst] += value
            else:
                chain.mine(1 + amount % 3)
            votes = {a: sum(b for h, b in bal.items() if dele[h].lower() == a.lower()) for a in ADDR}
            history.append((chain.block_number(), votes, sum(bal.values())))
        chain.mine(1)
        for block, votes, supply in history:
            assert {a: int(token.getPastVotes(a, block)) for a in ADDR} == votes
            assert int(token.getPastTotalSupply(block)) == supply
    finally:
        chain.revert(snap)
